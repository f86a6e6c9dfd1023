// Starts a local Redis for `npm start` and the tests when REDIS_URL is not set:
// loopback only, data in the project's data folder, AOF on (jobs must survive a
// restart), and noeviction (BullMQ must never lose keys to memory pressure).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { Redis } from "ioredis";

export type LocalRedis = {
  url: string;
  stop: () => Promise<void>;
  startedHere: boolean;
  /** The server process, when started here (`npm start` supervises it). */
  pid?: number;
  child?: ChildProcess;
};

/** Does a Redis server answer PING at `url` (within about a second)? */
export async function answersPing(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
  client.on("error", () => {});
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/** Spawns redis-server for the embedded defaults; `npm start` spawns it again this way when it dies. */
export function spawnRedisServer({ port, dir }: { port: number; dir: string }): ChildProcess {
  fs.mkdirSync(dir, { recursive: true });
  return spawn(
    "redis-server",
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--protected-mode",
      "yes",
      "--dir",
      dir,
      "--appendonly",
      "yes",
      "--maxmemory-policy",
      "noeviction",
      "--save",
      "",
      "--daemonize",
      "no",
      "--logfile",
      "",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
}

export async function startLocalRedis({ port, dir }: { port: number; dir: string }): Promise<LocalRedis> {
  const url = `redis://127.0.0.1:${port}`;
  if (await answersPing(url)) {
    // Already running (an earlier start that did not stop, or the user's own): reuse, do not stop it.
    return { url, stop: async () => {}, startedHere: false };
  }
  let child: ChildProcess;
  try {
    child = spawnRedisServer({ port, dir });
  } catch (error) {
    throw new Error(`无法启动 redis-server / could not start redis-server: ${(error as Error).message}`);
  }
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const spawnError = new Promise<Error>((resolve) => child.once("error", resolve));
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const outcome = await Promise.race([
      answersPing(url).then((ok) => (ok ? "up" : "down")),
      exited.then(() => "exited" as const),
      spawnError.then((error) => error),
    ]);
    if (outcome === "up") break;
    if (outcome === "exited") throw new Error(`redis-server 启动后立即退出 / redis-server exited at start (port ${port} in use?)`);
    if (outcome instanceof Error) {
      throw new Error(`找不到 redis-server，请先运行 npm run setup / redis-server not found, run npm run setup first (${outcome.message})`);
    }
    if (attempt === 99) {
      child.kill("SIGKILL");
      throw new Error(`redis-server 没有响应 / redis-server did not answer on ${url}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    startedHere: true,
    pid: child.pid,
    child,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      await exited;
    },
  };
}

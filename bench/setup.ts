// What every benchmark starts from: a fresh data folder with the migrated
// database, the sample content and the sample accounts, as `npm run setup` makes them.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export function run(command: string, args: string[], env: NodeJS.ProcessEnv) {
  const result = spawnSync(command, args, { stdio: ["ignore", "ignore", "inherit"], env });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed`);
}

/** Prepares `dataDir` and points this process's environment at it; returns that environment. */
export function benchEnvironment(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, SIHUAN_DATA_DIR: dataDir, NODE_ENV: "production", LOG_LEVEL: "warn" };
  delete env.DATABASE_URL;
  fs.rmSync(dataDir, { recursive: true, force: true });
  run("npx", ["tsx", "prisma/migrate.ts", "deploy"], env);
  run("npx", ["tsx", "content/import.ts"], env);
  run("npx", ["tsx", "prisma/seed.ts"], env);
  Object.assign(process.env, env);
  delete process.env.DATABASE_URL;
  return env;
}

/** Resolves once `done` says so, looking every `everyMs`; throws after `timeoutMs` (a benchmark that hangs says so). */
export async function waitUntil(done: () => boolean | Promise<boolean>, { timeoutMs = 600_000, everyMs = 20 } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error("benchmark timed out");
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/**
 * A benchmark of the workers: its own Redis on `redisPort` and a fresh data
 * folder, this process pointed at both; `stop` takes them down again.
 */
export async function workerBenchEnvironment(dataDir: string, redisPort: number) {
  const { startLocalRedis } = await import("../scripts/redis.ts");
  const redisDir = fs.mkdtempSync(path.join(os.tmpdir(), "sihuan-bench-redis-"));
  const redis = await startLocalRedis({ port: redisPort, dir: redisDir });
  benchEnvironment(dataDir);
  process.env.REDIS_URL = redis.url;
  process.env.QUEUE_PREFIX = "bench";
  return {
    stop: async () => {
      await redis.stop();
      fs.rmSync(redisDir, { recursive: true, force: true });
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

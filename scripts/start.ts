// `npm start`: the production site and the workers on the embedded defaults.
// Starts a local Redis when REDIS_URL is not set, applies pending migrations,
// runs the site and the worker, prints where to go, and supervises: a process
// that exits unexpectedly is started again after a growing wait, and Ctrl-C or
// SIGTERM stops everything within 10 s (docs/decisions/015).
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { SAMPLE_ACCOUNTS, SAMPLE_PASSWORD } from "../prisma/sample-data.ts";
import { dataDir } from "../app/utils/database-url.ts";
import { DEFAULT_LOCAL_REDIS_PORT } from "../app/utils/redis.server.ts";
import { answersPing, spawnRedisServer, startLocalRedis, type LocalRedis } from "./redis.ts";
import { Supervisor } from "./supervisor.ts";

const SERVICE_NAMES: Record<string, { zh: string; en: string }> = {
  redis: { zh: "内置 Redis", en: "the embedded Redis" },
  site: { zh: "网站", en: "the site" },
  worker: { zh: "后台任务", en: "the worker" },
};

const say = (zh: string, en: string) => console.log(`[四环] ${zh} / ${en}`);

function fail(zh: string, en: string): never {
  console.error(`[四环] 错误：${zh}\n[Sihuan] error: ${en}`);
  process.exit(1);
}

async function main() {
  process.env.NODE_ENV = "production";
  const port = process.env.PORT ?? "3000";
  process.env.PORT = port;

  if (!fs.existsSync("build/index.js")) {
    say("没有找到生产构建，正在构建", "no production build found, building");
    if (spawnSync("npm", ["run", "build"], { stdio: "inherit" }).status !== 0) fail("构建失败", "the build failed");
  }

  // The supervisor's own structured lines say service "supervisor" (the logger reads it once, on import).
  process.env.SIHUAN_SERVICE = "supervisor";
  const { log } = await import("../app/utils/log.server.ts");
  const supervisor = new Supervisor({
    log,
    say: (service, event, { delayMs, code, signal }) => {
      const name = SERVICE_NAMES[service] ?? { zh: service, en: service };
      const why = signal ? `signal ${signal}` : `code ${code}`;
      if (event === "restarting")
        say(
          `${name.zh}意外退出（${why}），${(delayMs ?? 0) / 1000} 秒后重启`,
          `${name.en} exited unexpectedly (${why}), restarting in ${(delayMs ?? 0) / 1000} s`,
        );
      else if (event === "restarted") say(`${name.zh}已重启`, `${name.en} restarted`);
      else say(`${name.zh}没有及时停止，已强制结束`, `${name.en} did not stop in time and was killed`);
    },
  });
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say("正在停止网站和后台任务", "stopping the site and the workers");
    await supervisor.stop();
    say("已停止", "stopped");
    process.exit(code);
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void stopAll(0));

  let redis: LocalRedis | null = null;
  if (process.env.REDIS_URL) {
    if (!(await answersPing(process.env.REDIS_URL))) {
      fail(
        `无法连接 Redis（${process.env.REDIS_URL}），请检查 REDIS_URL 或去掉它以使用内置 Redis`,
        `Redis at ${process.env.REDIS_URL} is unreachable: check REDIS_URL, or unset it to use the embedded Redis`,
      );
    }
    say(`使用已有的 Redis：${process.env.REDIS_URL}`, "using the given Redis");
  } else {
    const redisPort = Number(process.env.REDIS_PORT ?? DEFAULT_LOCAL_REDIS_PORT);
    const redisDir = path.join(dataDir(), "redis");
    try {
      redis = await startLocalRedis({ port: redisPort, dir: redisDir });
    } catch (error) {
      fail(`无法启动内置 Redis：${(error as Error).message}`, "could not start the embedded Redis; run npm run setup, or set REDIS_URL");
    }
    process.env.REDIS_URL = redis.url;
    // One started here is supervised; one found running (the user's own, or left over) is not ours to restart.
    if (redis.child)
      supervisor.add({ name: "redis", spawn: () => spawnRedisServer({ port: redisPort, dir: redisDir }), stopLast: true }, redis.child);
    say(
      `内置 Redis 已${redis.startedHere ? "启动" : "在运行"}：${redis.url}`,
      `embedded Redis ${redis.startedHere ? "started" : "already running"}`,
    );
  }

  say("检查数据库迁移", "applying pending database migrations");
  if (spawnSync("npx", ["tsx", "prisma/migrate.ts", "deploy"], { stdio: "inherit" }).status !== 0) {
    await supervisor.stop();
    fail("数据库迁移失败", "database migration failed");
  }

  const run = (name: "site" | "worker", script: string) =>
    supervisor.add({
      name,
      spawn: () =>
        spawn(process.execPath, ["--import", "tsx", script], { stdio: "inherit", env: { ...process.env, SIHUAN_SERVICE: name } }),
    });
  run("site", "server.ts");
  run("worker", "jobs/worker.ts");
  log.info({ pids: supervisor.pids() }, "supervising");

  const url = `http://localhost:${port}`;
  console.log(`\n[四环] 网站地址 / site: ${url}`);
  console.log(`[四环] 示例账号（密码均为 ${SAMPLE_PASSWORD}）/ sample accounts (password ${SAMPLE_PASSWORD}):`);
  for (const account of SAMPLE_ACCOUNTS) console.log(`    ${account.username.padEnd(10)} ${account.phone}  ${account.purpose}`);
  console.log("[四环] 按 Ctrl-C 停止 / press Ctrl-C to stop\n");
}

main().catch((error: unknown) => fail(String(error), String(error)));

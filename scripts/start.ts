// `npm start`: the production site and the workers on the embedded defaults.
// Starts a local Redis when REDIS_URL is not set, applies pending migrations,
// runs both processes, prints where to go, and stops everything on Ctrl-C.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { SAMPLE_ACCOUNTS, SAMPLE_PASSWORD } from "../prisma/sample-data.ts";
import { dataDir } from "../app/utils/database-url.ts";
import { DEFAULT_LOCAL_REDIS_PORT } from "../app/utils/redis.server.ts";
import { answersPing, startLocalRedis, type LocalRedis } from "./redis.ts";

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

  let redis: LocalRedis | null = null;
  if (process.env.REDIS_URL) {
    if (!(await answersPing(process.env.REDIS_URL))) {
      fail(`无法连接 Redis（${process.env.REDIS_URL}），请检查 REDIS_URL 或去掉它以使用内置 Redis`, `Redis at ${process.env.REDIS_URL} is unreachable: check REDIS_URL, or unset it to use the embedded Redis`);
    }
    say(`使用已有的 Redis：${process.env.REDIS_URL}`, "using the given Redis");
  } else {
    const redisPort = Number(process.env.REDIS_PORT ?? DEFAULT_LOCAL_REDIS_PORT);
    try {
      redis = await startLocalRedis({ port: redisPort, dir: path.join(dataDir(), "redis") });
    } catch (error) {
      fail(`无法启动内置 Redis：${(error as Error).message}`, "could not start the embedded Redis; run npm run setup, or set REDIS_URL");
    }
    process.env.REDIS_URL = redis.url;
    say(`内置 Redis 已${redis.startedHere ? "启动" : "在运行"}：${redis.url}`, `embedded Redis ${redis.startedHere ? "started" : "already running"}`);
  }

  say("检查数据库迁移", "applying pending database migrations");
  if (spawnSync("npx", ["tsx", "prisma/migrate.ts", "deploy"], { stdio: "inherit" }).status !== 0) {
    await redis?.stop();
    fail("数据库迁移失败", "database migration failed");
  }

  const children: ChildProcess[] = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say("正在停止网站和后台任务", "stopping the site and the workers");
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once("exit", () => resolve());
            child.kill("SIGTERM");
          }),
      ),
    );
    await redis?.stop();
    say("已停止", "stopped");
    process.exit(code);
  };
  const run = (name: "site" | "worker", script: string) => {
    const child = spawn(process.execPath, ["--import", "tsx", script], { stdio: "inherit", env: { ...process.env, SIHUAN_SERVICE: name } });
    child.on("exit", (code, signal) => {
      if (!stopping) {
        console.error(`[四环] ${name} 意外退出 / ${name} exited unexpectedly (code ${code}, signal ${signal})`);
        void stopAll(1);
      }
    });
    children.push(child);
  };
  run("site", "server.ts");
  run("worker", "jobs/worker.ts");
  process.on("SIGINT", () => void stopAll(0));
  process.on("SIGTERM", () => void stopAll(0));

  const url = `http://localhost:${port}`;
  console.log(`\n[四环] 网站地址 / site: ${url}`);
  console.log(`[四环] 示例账号（密码均为 ${SAMPLE_PASSWORD}）/ sample accounts (password ${SAMPLE_PASSWORD}):`);
  for (const account of SAMPLE_ACCOUNTS) console.log(`    ${account.username.padEnd(10)} ${account.phone}  ${account.purpose}`);
  console.log("[四环] 按 Ctrl-C 停止 / press Ctrl-C to stop\n");
}

main().catch((error: unknown) => fail(String(error), String(error)));

// What every benchmark starts from: a fresh data folder with the migrated
// database, the sample content and the sample accounts, as `npm run setup` makes them.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { DatabaseTarget } from "~/utils/database-url.ts";

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

export type BenchDatabase = "sqlite" | "postgresql";

/**
 * A benchmark on either database: a fresh data folder and database (migrated, the
 * sample content and accounts, PostgreSQL's named after the run's Redis port so
 * two runs side by side keep apart) and its own Redis, this process pointed at
 * them. `bareDatabase` gives the baseline's empty copy of the schema; `stop`
 * takes everything down again.
 */
export async function databaseBenchEnvironment(options: { database: BenchDatabase; name: string; redisPort: number; poolSize: number }) {
  const { startLocalRedis } = await import("../scripts/redis.ts");
  const { localPostgresUrl, postgresUrlFor, dropPostgresDatabase } = await import("../prisma/local-postgres.ts");
  const dataDir = path.resolve(process.env.BENCH_DATA_DIR ?? `.bench-data-${options.name}`);
  const names = {
    main: `sihuan_bench_${options.name}_${options.redisPort}`,
    insert: `sihuan_bench_${options.name}_${options.redisPort}_insert`,
  };
  const redisDir = fs.mkdtempSync(path.join(os.tmpdir(), "sihuan-bench-redis-"));
  const redis = await startLocalRedis({ port: options.redisPort, dir: redisDir });
  if (options.database === "sqlite") benchEnvironment(dataDir);
  else {
    const url = postgresUrlFor(localPostgresUrl(), names.main, { connection_limit: String(options.poolSize) });
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      SIHUAN_DATA_DIR: dataDir,
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      DATABASE_URL: url,
    };
    fs.rmSync(dataDir, { recursive: true, force: true });
    // reset creates the database when it is missing, empties it, then applies every migration.
    run("npx", ["tsx", "prisma/migrate.ts", "reset", "--force"], env);
    run("npx", ["tsx", "content/import.ts"], env);
    run("npx", ["tsx", "prisma/seed.ts"], env);
    Object.assign(process.env, env);
  }
  process.env.REDIS_URL = redis.url;
  process.env.QUEUE_PREFIX = `bench-${options.name}`;
  return {
    /** Another database of the same provider and schema, empty, the foreign keys of `tables` dropped: where a bare insert goes. */
    bareDatabase: async (tables: readonly string[]) => {
      const { applyMigrations } = await import("../prisma/migrate-engine.ts");
      const { createPrismaClient, preparePrisma } = await import("~/utils/db.server.ts");
      const { Prisma } = await import("~/generated/prisma/client.ts");
      let target: DatabaseTarget;
      if (options.database === "sqlite") {
        const filePath = path.join(dataDir, "bare-insert.db");
        target = { provider: "sqlite", url: `file:${filePath}`, filePath };
      } else {
        await dropPostgresDatabase(localPostgresUrl(), names.insert);
        const url = postgresUrlFor(localPostgresUrl(), names.insert, { connection_limit: String(options.poolSize) });
        target = { provider: "postgresql", url };
      }
      await applyMigrations(target);
      const client = createPrismaClient(target);
      await preparePrisma(client, target);
      if (options.database === "sqlite") {
        // One connection per client (better-sqlite3): the pragma holds for every insert after it.
        await client.$executeRawUnsafe("PRAGMA foreign_keys = OFF");
      } else {
        const keys = await client.$queryRaw<{ table: string; name: string }[]>`
          SELECT conrelid::regclass::text AS "table", conname AS "name" FROM pg_constraint
          WHERE contype = 'f' AND conrelid::regclass::text IN (${Prisma.join(tables.map((table) => `"${table}"`))})`;
        for (const key of keys) await client.$executeRawUnsafe(`ALTER TABLE ${key.table} DROP CONSTRAINT "${key.name}"`);
      }
      return client;
    },
    stop: async () => {
      await redis.stop();
      fs.rmSync(redisDir, { recursive: true, force: true });
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (options.database === "postgresql") {
        for (const name of Object.values(names)) await dropPostgresDatabase(localPostgresUrl(), name);
      }
    },
  };
}

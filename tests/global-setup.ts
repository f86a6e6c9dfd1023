// Vitest global setup: one real Redis server for the integration tests, on its
// own port and a throw-away data folder (or the REDIS_URL the caller gives).
// With TEST_DATABASE=postgresql, also one migrated template database on the
// test PostgreSQL server: every test file copies it (tests/helpers/test-database.ts)
// and the teardown drops it with any copy a crashed file left behind.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { applyMigrations, migrationLayout } from "../prisma/migrate-engine.ts";
import { startLocalRedis } from "../scripts/redis.ts";
import { dropPostgresDatabase, postgresUrlFor, testPostgresUrl, testProvider, withPostgresAdmin } from "./helpers/postgres.ts";

declare module "vitest" {
  export interface ProvidedContext {
    redisUrl: string;
    /** Set when TEST_DATABASE=postgresql: the migrated database every test file copies, and the prefix of the copies. */
    postgres: { url: string; template: string; prefix: string } | null;
  }
}

async function setUpPostgres(project: TestProject) {
  if (testProvider() !== "postgresql") {
    project.provide("postgres", null);
    return async () => {};
  }
  const url = testPostgresUrl();
  const prefix = `sihuan_t${process.pid}_`;
  const template = `${prefix}template`;
  await dropPostgresDatabase(url, template);
  const target = { provider: "postgresql" as const, url: postgresUrlFor(url, template) };
  await applyMigrations(target, { layout: migrationLayout(target, path.resolve(import.meta.dirname, "..")) });
  project.provide("postgres", { url, template, prefix });
  return async () => {
    await withPostgresAdmin(url, async (client) => {
      const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE starts_with(datname, $1)", [prefix]);
      for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(datname)} WITH (FORCE)`);
    });
  };
}

export default async function setup(project: TestProject) {
  const stopPostgres = await setUpPostgres(project);
  if (process.env.TEST_REDIS_URL) {
    project.provide("redisUrl", process.env.TEST_REDIS_URL);
    return stopPostgres;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sihuan-test-redis-"));
  const redis = await startLocalRedis({ port: Number(process.env.TEST_REDIS_PORT ?? 6391), dir });
  project.provide("redisUrl", redis.url);
  return async () => {
    await redis.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    await stopPostgres();
  };
}

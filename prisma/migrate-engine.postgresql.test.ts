// The PostgreSQL half of the migration tests. It needs a server, so it runs in
// the PostgreSQL run of the suite only (`npm run test:postgresql`, part of
// `npm test`): the server `npm run setup` makes, or TEST_POSTGRES_URL (a role
// with CREATEDB). An unreachable server fails the run, never skips it.
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { DatabaseTarget } from "../app/utils/database-url.ts";
import { testPostgresUrl } from "../tests/helpers/postgres.ts";
import {
  applyMigrations,
  checkDrift,
  migrationLayout,
  postgresConnectionFromUrl,
  readMigrationsList,
  reset,
  status,
} from "./migrate-engine.ts";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));

const postgresUrl = testPostgresUrl();

describe("PostgreSQL", () => {
  const databaseName = `sihuan_migrate_test_${process.pid}_${Date.now()}`;
  const pgTarget: DatabaseTarget = { provider: "postgresql", url: "" };
  const pgLayout = migrationLayout({ provider: "postgresql", url: "postgresql://unused" }, repoRoot);

  beforeEach(() => {
    const url = new URL(postgresUrl!);
    url.pathname = `/${databaseName}`;
    pgTarget.url = url.toString();
  });

  afterAll(async () => {
    const { config } = postgresConnectionFromUrl(postgresUrl!);
    const client = new pg.Client({ ...config, database: "postgres" });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${databaseName}"`);
    await client.end();
  });

  it("the committed PostgreSQL migrations agree with the generated schema", async () => {
    expect(await checkDrift(pgTarget, { layout: pgLayout })).toBe("");
  });

  it("creates the database, applies every migration, reports up to date, resets", async () => {
    const names = readMigrationsList(pgLayout.migrationsDir).migrationDirectories.map((directory) => directory.path);
    expect(await applyMigrations(pgTarget, { layout: pgLayout })).toEqual(names);
    expect(await status(pgTarget, { layout: pgLayout })).toMatchObject({ applied: names, drift: { state: "none" }, upToDate: true });

    await reset(pgTarget);
    expect(await status(pgTarget, { layout: pgLayout })).toMatchObject({ hasMigrationsTable: false, pending: names, upToDate: false });
  });
});

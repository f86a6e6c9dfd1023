// A real, migrated database per test file (or per test): a SQLite file in its
// own temp folder, or with TEST_DATABASE=postgresql a PostgreSQL database
// copied from the suite's migrated template (tests/global-setup.ts). Both are
// migrated by applyMigrations, the code `npm run db:migrate -- deploy` runs, so
// tests see exactly the schema production gets.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { inject } from "vitest";
import type { PrismaClient } from "~/generated/prisma/client.ts";
import type { DatabaseTarget } from "~/utils/database-url.ts";
import { createPrismaClient, preparePrisma } from "~/utils/db.server.ts";
import { applyMigrations, migrationLayout } from "../../prisma/migrate-engine.ts";
import { dropPostgresDatabase, postgresUrlFor, withPostgresAdmin } from "./postgres.ts";

export type SqliteTarget = Extract<DatabaseTarget, { provider: "sqlite" }>;

/**
 * Connections per client in tests. Vitest runs files side by side, each with
 * its own database and a client or two: PostgreSQL's default of 100 connections
 * must hold them all.
 */
export const TEST_POOL_SIZE = 3;

export interface MigratedDatabase {
  target: DatabaseTarget;
  /** A temp folder of this database's own (the SQLite file lives in it); deleted by drop. */
  dir: string;
  /** Deletes the database and the folder. */
  drop: () => Promise<void>;
}

export interface TestDatabase {
  target: DatabaseTarget;
  prisma: PrismaClient;
  /** Disconnects and deletes the database; safe to call more than once. */
  cleanup: () => Promise<void>;
}

// Resolved from this file, not the working directory, so any runner finds the migrations.
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** A new database with every migration applied, but no client: SQLite or PostgreSQL as the suite runs. */
export async function createMigratedDatabase(): Promise<MigratedDatabase> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "sihuan-test-db-"));
  const removeDir = () => fs.promises.rm(dir, { recursive: true, force: true });
  const postgres = inject("postgres");
  if (postgres) {
    const name = `${postgres.prefix}${randomBytes(6).toString("hex")}`;
    try {
      await withPostgresAdmin(postgres.url, (client) =>
        client.query(`CREATE DATABASE ${client.escapeIdentifier(name)} TEMPLATE ${client.escapeIdentifier(postgres.template)}`),
      );
    } catch (error) {
      await removeDir();
      throw error;
    }
    const target: DatabaseTarget = {
      provider: "postgresql",
      url: postgresUrlFor(postgres.url, name, { connection_limit: String(TEST_POOL_SIZE) }),
    };
    return { target, dir, drop: async () => (await dropPostgresDatabase(postgres.url, name), await removeDir()) };
  }
  const filePath = path.join(dir, "test.db");
  const target: SqliteTarget = { provider: "sqlite", url: `file:${filePath}`, filePath };
  try {
    await applyMigrations(target, { layout: migrationLayout(target, REPO_ROOT) });
  } catch (error) {
    await removeDir();
    throw error;
  }
  return { target, dir, drop: removeDir };
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const database = await createMigratedDatabase();
  const prisma = createPrismaClient(database.target);
  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    (cleaning ??= (async () => {
      await prisma.$disconnect().catch(() => {});
      await database.drop();
    })());
  try {
    await preparePrisma(prisma, database.target);
  } catch (error) {
    await cleanup();
    throw error;
  }
  return { target: database.target, prisma, cleanup };
}

// A real, migrated SQLite database per test file (or per test), in its own temp
// folder. It is migrated by applyMigrations, the code `npm run db:migrate --
// deploy` runs, so tests see exactly the schema production gets.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { PrismaClient } from "~/generated/prisma/client.ts";
import type { DatabaseTarget } from "~/utils/database-url.ts";
import { createPrismaClient, preparePrisma } from "~/utils/db.server.ts";
import { applyMigrations, migrationLayout } from "../../prisma/migrate-engine.ts";

export type SqliteTarget = Extract<DatabaseTarget, { provider: "sqlite" }>;

export interface TestDatabase {
  target: SqliteTarget;
  prisma: PrismaClient;
  /** Disconnects and deletes the folder; safe to call more than once. */
  cleanup: () => Promise<void>;
}

// Resolved from this file, not the working directory, so any runner finds the migrations.
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** A new SQLite file in a temp folder with every migration applied, but no client. */
export async function createMigratedSqliteFile(): Promise<{ target: SqliteTarget; dir: string }> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "sihuan-test-db-"));
  const filePath = path.join(dir, "test.db");
  const target: SqliteTarget = { provider: "sqlite", url: `file:${filePath}`, filePath };
  try {
    await applyMigrations(target, { layout: migrationLayout(target, REPO_ROOT) });
  } catch (error) {
    await fs.promises.rm(dir, { recursive: true, force: true });
    throw error;
  }
  return { target, dir };
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const { target, dir } = await createMigratedSqliteFile();
  const prisma = createPrismaClient(target);
  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    (cleaning ??= (async () => {
      await prisma.$disconnect().catch(() => {});
      await fs.promises.rm(dir, { recursive: true, force: true });
    })());
  try {
    await preparePrisma(prisma, target);
  } catch (error) {
    await cleanup();
    throw error;
  }
  return { target, prisma, cleanup };
}

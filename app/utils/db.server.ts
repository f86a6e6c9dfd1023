// One Prisma client per process, on a driver adapter chosen by DATABASE_URL.
//
// A generated client only works with its own provider, so both are generated
// (prisma/generate.ts) and the provider picks one here. Application code
// imports types and the Prisma namespace from ~/generated/prisma (SQLite) only:
// the PostgreSQL client has the same models, and its runtime (errors, Prisma.sql)
// is the same package (docs/decisions/017-postgresql-in-ci.md).
import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "~/generated/prisma/client.ts";
import { PrismaClient as PostgresqlPrismaClient } from "~/generated/prisma-postgresql/client.ts";
import { postgresqlPoolConfig, resolveDatabase, type DatabaseTarget } from "./database-url.ts";

/** Busy timeout: a writer waits this long for another process's lock (WAL with a 5 s timeout: two processes' concurrent single-statement writes all succeeded). */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

export function createPrismaClient(target: DatabaseTarget = resolveDatabase()): PrismaClient {
  if (target.provider === "postgresql") {
    const client = new PostgresqlPrismaClient({ adapter: new PrismaPg(postgresqlPoolConfig(target.url)) });
    return client as unknown as PrismaClient;
  }
  fs.mkdirSync(path.dirname(target.filePath), { recursive: true });
  const adapter = new PrismaBetterSqlite3({ url: target.url, timeout: SQLITE_BUSY_TIMEOUT_MS });
  return new PrismaClient({ adapter });
}

/**
 * SQLite pragmas run once per connection before the first query: WAL lets the
 * site and the workers read while one writes, foreign keys are off by default.
 */
export async function preparePrisma(client: PrismaClient, target: DatabaseTarget = resolveDatabase()) {
  if (target.provider !== "sqlite") return;
  await client.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await client.$executeRawUnsafe("PRAGMA foreign_keys = ON");
  await client.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
}

declare global {
  var __sihuanPrisma: { client: PrismaClient; ready: Promise<void> } | undefined;
}

function singleton() {
  if (!globalThis.__sihuanPrisma) {
    const client = createPrismaClient();
    globalThis.__sihuanPrisma = { client, ready: preparePrisma(client) };
  }
  return globalThis.__sihuanPrisma;
}

/** The process's client, with its pragmas applied. */
export async function getPrisma(): Promise<PrismaClient> {
  const { client, ready } = singleton();
  await ready;
  return client;
}

// Generates both Prisma clients, without Prisma's native engine download:
// app/generated/prisma (SQLite, the one application code imports) and
// app/generated/prisma-postgresql (PostgreSQL). A generated client only works
// with its own provider; app/utils/db.server.ts picks one by DATABASE_URL, so
// switching databases never needs a regeneration (docs/decisions/017).
import { execFileSync } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { POSTGRESQL_SCHEMA_FILE, SQLITE_SCHEMA_FILE, writePostgresqlSchema } from "./postgresql-schema.ts";

export function generatePrismaClient(env: NodeJS.ProcessEnv = process.env) {
  // Refreshed first, so a SQLite-only developer still commits a current copy.
  const copy = writePostgresqlSchema();
  if (copy.changed) console.log(`已更新 / updated ${path.relative(process.cwd(), copy.file)}`);

  for (const [provider, schema] of [
    ["sqlite", SQLITE_SCHEMA_FILE],
    ["postgresql", POSTGRESQL_SCHEMA_FILE],
  ] as const) {
    console.log(`生成 Prisma 客户端 / generating the Prisma client for ${provider}`);
    execFileSync(path.resolve("node_modules/.bin/prisma"), ["generate", "--schema", schema, "--no-hints"], {
      stdio: "inherit",
      env: {
        ...env,
        // The CLI only checks that this file exists; the stub is never run by generate.
        PRISMA_SCHEMA_ENGINE_BINARY: path.resolve("prisma/engine-stub.sh"),
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
        CHECKPOINT_DISABLE: "1",
      },
    });
  }
}

if (import.meta.url === pathToFileURL(path.resolve(process.argv[1] ?? "")).href) {
  generatePrismaClient();
}

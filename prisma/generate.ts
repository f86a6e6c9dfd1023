// Generates the Prisma client (app/generated/prisma) for the provider that
// DATABASE_URL selects, without Prisma's native engine download.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { resolveDatabase } from "../app/utils/database-url.ts";
import { writePostgresqlSchema } from "./postgresql-schema.ts";

export function generatePrismaClient(env: NodeJS.ProcessEnv = process.env) {
  // Refreshed for either provider, so a SQLite-only developer still commits a current copy.
  const copy = writePostgresqlSchema();
  if (copy.changed) console.log(`已更新 / updated ${path.relative(process.cwd(), copy.file)}`);

  const target = resolveDatabase(env);
  console.log(`生成 Prisma 客户端 / generating the Prisma client for ${target.provider}`);
  execFileSync(path.resolve("node_modules/.bin/prisma"), ["generate"], {
    stdio: "inherit",
    env: {
      ...env,
      // The CLI only checks that this file exists (STACK.md); the stub is never run by generate.
      PRISMA_SCHEMA_ENGINE_BINARY: path.resolve("prisma/engine-stub.sh"),
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
      CHECKPOINT_DISABLE: "1",
    },
  });
}

if (import.meta.url === pathToFileURL(path.resolve(process.argv[1] ?? "")).href) {
  generatePrismaClient();
}

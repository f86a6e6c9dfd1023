// Prisma CLI configuration (prisma generate). The provider follows DATABASE_URL:
// SQLite by default, PostgreSQL for a postgres URL, each with its own schema
// copy and migrations folder (docs/decisions/001-migrations-on-the-wasm-engine.md).
import { defineConfig } from "prisma/config";
import { resolveDatabase } from "./app/utils/database-url.ts";

const target = resolveDatabase(process.env);
const folder = target.provider === "postgresql" ? "prisma/postgresql" : "prisma";

export default defineConfig({
  schema: `${folder}/schema.prisma`,
  migrations: { path: `${folder}/migrations` },
  datasource: { url: target.url },
});

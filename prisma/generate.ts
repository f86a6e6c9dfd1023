// Generates the Prisma client (app/generated/prisma) for the provider that
// DATABASE_URL selects, without Prisma's native engine download.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { resolveDatabase } from "../app/utils/database-url.ts";

const target = resolveDatabase();
console.log(`生成 Prisma 客户端 / generating the Prisma client for ${target.provider}`);
execFileSync(path.resolve("node_modules/.bin/prisma"), ["generate"], {
  stdio: "inherit",
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: path.resolve("prisma/engine-stub.sh"),
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
  },
});

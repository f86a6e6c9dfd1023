import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": path.resolve("app") } },
  test: {
    // The PostgreSQL suite needs a server: `npm run test:postgresql` (README).
    include: process.env.VITEST_SUITE === "postgresql" ? ["**/*.postgresql.test.ts"] : ["{app,jobs,prisma,content,scripts}/**/*.test.ts"],
    exclude: ["node_modules", "e2e", "build", ...(process.env.VITEST_SUITE === "postgresql" ? [] : ["**/*.postgresql.test.ts"])],
    globalSetup: ["tests/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests share one Redis server; files still run in parallel.
    pool: "forks",
  },
});

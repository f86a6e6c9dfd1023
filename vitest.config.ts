import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": path.resolve("app") } },
  test: {
    // TEST_DATABASE=postgresql (`npm run test:postgresql`) runs the whole suite on
    // PostgreSQL (the server `npm run setup` makes, or TEST_POSTGRES_URL), plus
    // the *.postgresql.test.ts files that only make sense there.
    include: ["{app,jobs,prisma,content,scripts}/**/*.test.ts"],
    exclude: ["node_modules", "e2e", "build", ...(process.env.TEST_DATABASE === "postgresql" ? [] : ["**/*.postgresql.test.ts"])],
    globalSetup: ["tests/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests share one Redis server; files still run in parallel.
    pool: "forks",
  },
});

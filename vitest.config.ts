import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": path.resolve("app") } },
  test: {
    include: ["{app,jobs,prisma,content,scripts}/**/*.test.ts"],
    exclude: ["node_modules", "e2e", "build"],
    globalSetup: ["tests/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests share one Redis server; files still run in parallel.
    pool: "forks",
  },
});

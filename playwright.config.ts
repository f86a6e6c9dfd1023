import { defineConfig, devices } from "@playwright/test";
import { localPostgresUrl, postgresUrlFor } from "./prisma/local-postgres.ts";

const PORT = Number(process.env.E2E_PORT ?? 3210);
const DATA_DIR = process.env.E2E_DATA_DIR ?? ".e2e-data";
// E2E_DATABASE=postgresql: the same site on a PostgreSQL database of its own on the
// local server (npm run setup's, or TEST_POSTGRES_URL), named after the port so two
// runs side by side never share one. The test command runs the four-ring and the
// development specs this way, next to the full run on SQLite.
const POSTGRESQL = process.env.E2E_DATABASE === "postgresql";
const DATABASE_URL = POSTGRESQL ? postgresUrlFor(localPostgresUrl(), `sihuan_e2e_${PORT}`) : "";

export default defineConfig({
  testDir: "e2e",
  timeout: 120_000,
  // A run that hangs fails with the tests it did not reach named, instead of using up CI's time.
  globalTimeout: process.env.CI ? 25 * 60_000 : 0,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI
    ? [["list"]]
    : [["list"], ["html", { open: "never", outputFolder: POSTGRESQL ? "playwright-report-postgresql" : "playwright-report" }]],
  outputDir: POSTGRESQL ? "test-results-postgresql" : "test-results",
  use: {
    baseURL: `http://localhost:${PORT}`,
    locale: "zh-CN",
    // A click that something covers fails within this, naming what covers it, instead of waiting out the test.
    actionTimeout: 30_000,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      // Debian's Chromium: Playwright's own browser download cannot run here.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--autoplay-policy=no-user-gesture-required",
      ],
    },
  },
  projects: [{ name: "mobile-chromium", use: { ...devices["Pixel 7"], browserName: "chromium" } }],
  webServer: {
    command: "bash scripts/e2e-server.sh",
    url: `http://localhost:${PORT}/healthz`,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      REDIS_PORT: String(Number(process.env.E2E_REDIS_PORT ?? 6392)),
      SIHUAN_DATA_DIR: DATA_DIR,
      LOG_LEVEL: "warn",
      ...(POSTGRESQL ? { E2E_DATABASE_URL: DATABASE_URL } : {}),
    },
  },
});

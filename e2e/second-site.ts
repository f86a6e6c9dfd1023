// A second process of the same site (same database, same Redis, same data
// folder, so the same sign-in works), on a port of its own, that a test can
// really stop and start again: the honest way to take the network away from
// a page and its service worker (Playwright's setOffline does not cut a
// service worker's own requests).
import { spawn, type ChildProcess } from "node:child_process";
import { localPostgresUrl, postgresUrlFor } from "../prisma/local-postgres.ts";

const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);

export type SecondSite = { url: string; start: () => Promise<void>; stop: () => Promise<void> };

export function secondSite(): SecondSite {
  const port = E2E_PORT + 100;
  const url = `http://localhost:${port}`;
  const postgresql = process.env.E2E_DATABASE === "postgresql";
  let child: ChildProcess | null = null;

  const answers = async () => {
    try {
      return (await fetch(`${url}/healthz`)).ok;
    } catch {
      return false;
    }
  };

  return {
    url,
    async start() {
      if (child) return;
      child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
        // Warnings and errors only (LOG_LEVEL): a failure on this side shows in the test output.
        stdio: ["ignore", "inherit", "inherit"],
        env: {
          ...process.env,
          NODE_ENV: "production",
          PORT: String(port),
          SIHUAN_DATA_DIR: process.env.E2E_DATA_DIR ?? ".e2e-data",
          REDIS_URL: `redis://127.0.0.1:${Number(process.env.E2E_REDIS_PORT ?? 6392)}`,
          LOG_LEVEL: "warn",
          ...(postgresql ? { DATABASE_URL: postgresUrlFor(localPostgresUrl(), `sihuan_e2e_${E2E_PORT}`) } : { DATABASE_URL: "" }),
        },
      });
      for (let tries = 0; tries < 150; tries += 1) {
        if (await answers()) return;
        if (child.exitCode !== null) throw new Error(`the second site exited with ${child.exitCode}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      throw new Error(`the second site did not answer on ${url}`);
    },
    async stop() {
      const running = child;
      child = null;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once("exit", resolve));
      running.kill("SIGKILL");
      await exited;
      // Nothing answers there any more.
      for (let tries = 0; tries < 50 && (await answers()); tries += 1) await new Promise((resolve) => setTimeout(resolve, 100));
    },
  };
}

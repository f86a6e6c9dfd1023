// Vitest global setup: one real Redis server for the integration tests, on its
// own port and a throw-away data folder (or the REDIS_URL the caller gives).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startLocalRedis } from "../scripts/redis.ts";

declare module "vitest" {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

export default async function setup(project: TestProject) {
  if (process.env.TEST_REDIS_URL) {
    project.provide("redisUrl", process.env.TEST_REDIS_URL);
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sihuan-test-redis-"));
  const redis = await startLocalRedis({ port: Number(process.env.TEST_REDIS_PORT ?? 6391), dir });
  project.provide("redisUrl", redis.url);
  return async () => {
    await redis.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
}

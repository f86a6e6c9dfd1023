// `npm run build`: the production build, as `remix build` makes it, but the
// compiler's esbuild contexts are disposed before the process ends.
//
// `remix build` (classic compiler, @remix-run/dev 2.17.5) never disposes them
// and ends with process.exit(0). If esbuild's keep-alive ping is on its way at
// that moment, the orphaned esbuild service finds no parent to answer it and
// dies with "fatal error: all goroutines are asleep - deadlock!" and a goroutine
// dump, printed after whatever ran next (setup's last line). See
// docs/decisions/017-postgresql-in-ci.md. With the contexts disposed the
// process ends on its own, with no esbuild work left.
import fs from "node:fs";
import { createRequire } from "node:module";
import type { create as CreateCompiler } from "@remix-run/dev/dist/compiler/compiler.js";
import type { createFileWatchCache as CreateFileWatchCache } from "@remix-run/dev/dist/compiler/fileWatchCache.js";
import type { logThrown as LogThrown } from "@remix-run/dev/dist/compiler/utils/log.js";
import type { readConfig as ReadConfig } from "@remix-run/dev/dist/config.js";
import type { logger as Logger } from "@remix-run/dev/dist/tux/logger.js";
import { buildServiceWorker } from "./build-service-worker.ts";

// CommonJS internals of the classic compiler (the same modules `remix build` runs).
const require = createRequire(import.meta.url);
const { create } = require("@remix-run/dev/dist/compiler/compiler.js") as { create: typeof CreateCompiler };
const { createFileWatchCache } = require("@remix-run/dev/dist/compiler/fileWatchCache.js") as {
  createFileWatchCache: typeof CreateFileWatchCache;
};
const { logThrown } = require("@remix-run/dev/dist/compiler/utils/log.js") as { logThrown: typeof LogThrown };
const { readConfig } = require("@remix-run/dev/dist/config.js") as { readConfig: typeof ReadConfig };
const { logger } = require("@remix-run/dev/dist/tux/logger.js") as { logger: typeof Logger };

const mode = "production";
process.env.NODE_ENV = mode;
const started = Date.now();
logger.info(`building... (NODE_ENV=${mode})`);
const config = await readConfig(process.cwd());
fs.rmSync(config.assetsBuildDirectory, { recursive: true, force: true });
fs.mkdirSync(config.assetsBuildDirectory, { recursive: true });
const compiler = await create({ config, options: { mode, sourcemap: false }, fileWatchCache: createFileWatchCache(), logger });
try {
  await compiler.compile();
  const worker = await buildServiceWorker(mode);
  logger.info(`station app: ${worker.count} files kept offline (${Math.round(worker.size / 1024)} KiB)`);
  logger.info(`built (${((Date.now() - started) / 1000).toFixed(1)}s)`);
} catch (thrown) {
  logThrown(thrown);
  process.exitCode = 1;
} finally {
  await compiler.dispose();
}

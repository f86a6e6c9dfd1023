// The station app's service worker, built after the site (decision 026): the
// classic Remix compiler has no PWA plugin, so esbuild bundles the Workbox
// modules of app/service-worker/station-sw.ts and workbox-build writes this
// version's list of built scripts and styles into it (injectManifest).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { build } from "esbuild";
import { injectManifest } from "workbox-build";

const SOURCE = "app/service-worker/station-sw.ts";
const OUTPUT = "public/station-sw.js";

export async function buildServiceWorker(mode: "production" | "development") {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "sihuan-sw-"));
  try {
    const bundled = path.join(scratch, "station-sw.js");
    await build({
      entryPoints: [SOURCE],
      outfile: bundled,
      bundle: true,
      format: "iife",
      target: "es2020",
      minify: mode === "production",
      // Workbox logs to the console in development builds only.
      define: { "process.env.NODE_ENV": JSON.stringify(mode) },
      logLevel: "warning",
    });
    const { count, size, warnings } = await injectManifest({
      swSrc: bundled,
      swDest: OUTPUT,
      globDirectory: "public",
      globPatterns: ["build/**/*.{js,css}", "favicon.svg", "icons/*.png"],
      // Remix names every built file by its content: a changed file has a new name.
      dontCacheBustURLsMatching: /^build\//,
      maximumFileSizeToCacheInBytes: 5 * 1024 * 1024,
    });
    for (const warning of warnings) console.warn(`service worker: ${warning}`);
    return { count, size };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

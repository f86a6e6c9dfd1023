// The production server: the Remix handler, the built assets, the lesson media
// (with range requests, so a phone can seek and resume), security headers.
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import helmet from "helmet";
import { WatchStore } from "~/models/watch-store.server.ts";
import { getPrisma } from "~/utils/db.server.ts";
import { contentDir, env } from "~/utils/env.server.ts";
import { createHeartbeatHandler, isHeartbeatRequest } from "~/endpoints/heartbeat.server.ts";
import { log } from "~/utils/log.server.ts";

/** Only media leave the content folder: lesson files hold the quiz answers. */
const MEDIA_FILE = /\.(mp4|webm|m4a|mp3|vtt|jpg|jpeg|png|webp)$/i;

export async function createApp() {
  const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
  const app = express();
  app.disable("x-powered-by");
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          "default-src": ["'self'"],
          // Remix inlines its hydration data as scripts.
          "script-src": ["'self'", "'unsafe-inline'"],
          "style-src": ["'self'", "'unsafe-inline'"],
          "img-src": ["'self'", "data:", "blob:", "https://image.mux.com"],
          "media-src": ["'self'", "blob:", "https://stream.mux.com"],
          "connect-src": ["'self'", "https://*.mux.com", "https://*.litix.io"],
          "worker-src": ["'self'", "blob:"],
          "upgrade-insecure-requests": null,
        },
      },
      crossOriginEmbedderPolicy: false,
      // "no-referrer" (helmet's default) makes browsers send `Origin: null` on form
      // posts, which Remix's CSRF check refuses: forms without JavaScript would fail.
      referrerPolicy: { policy: "same-origin" },
      // Plain-HTTP village installations must keep working: no forced HTTPS here.
      strictTransportSecurity: env.COOKIE_SECURE === "true",
    }),
  );
  app.use(compression({ filter: (req, res) => !MEDIA_FILE.test(req.path) && compression.filter(req, res) }));
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  app.use(
    "/media",
    (req, res, next) => (MEDIA_FILE.test(req.path) ? next() : res.status(404).type("text/plain").send("Not found")),
    express.static(contentDir(), { index: false, dotfiles: "deny", maxAge: "1d", acceptRanges: true }),
  );
  app.use(
    express.static("public", {
      maxAge: "1h",
      // The station app's service worker: looked at again on each visit, so a new version is found at once.
      setHeaders: (res, file) => {
        if (file.endsWith("station-sw.js")) res.setHeader("Cache-Control", "no-cache");
      },
    }),
  );
  app.all(
    "*",
    // The client's address, which sign-in counts wrong passwords by. Express's own: behind a reverse proxy set Express's "trust proxy" for it.
    createRequestHandler({
      build,
      mode: env.NODE_ENV,
      getLoadContext: (req) => ({ clientAddress: req.ip ?? req.socket.remoteAddress ?? "unknown" }),
    }),
  );
  return app;
}

async function main() {
  const watchStore = new WatchStore(await getPrisma());
  watchStore.start();
  const app = await createApp();
  // Heartbeats skip Express entirely: the hot path does as little as it can.
  const heartbeat = createHeartbeatHandler(watchStore);
  const server = http.createServer((req, res) => (isHeartbeatRequest(req) ? heartbeat(req, res) : app(req, res)));
  server.listen(env.PORT, env.HOST, () => log.info({ port: env.PORT, host: env.HOST }, "site listening"));
  const stop = (signal: string) => {
    log.info({ signal }, "site stopping");
    server.close(() => void watchStore.stop().finally(() => process.exit(0)));
    // Keep-alive connections (heartbeats) would hold close() open.
    server.closeIdleConnections();
    setTimeout(() => void watchStore.stop().finally(() => process.exit(0)), 5000).unref();
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  log.fatal({ err: error instanceof Error ? error.message : String(error) }, "site failed to start");
  process.exit(1);
});

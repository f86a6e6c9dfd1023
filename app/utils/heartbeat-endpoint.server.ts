// POST /api/heartbeat, served by Express ahead of Remix: the hottest path of the
// site (docs/decisions/007). Checks the session, validates, hands the ranges to
// the watch store and answers from memory.
import express, { type ErrorRequestHandler, type Router } from "express";
import { z } from "zod";
import type { WatchStore } from "~/models/watch-store.server.ts";
import { sessionUserId } from "./auth.server.ts";
import { log } from "./log.server.ts";

const HeartbeatSchema = z.object({
  lessonId: z.string().min(1).max(64),
  intervals: z
    .array(z.tuple([z.number().finite().min(0), z.number().finite().min(0)]))
    .max(200, "too many intervals in one heartbeat"),
  position: z.number().finite().min(0),
});

const MALFORMED = "心跳数据格式不对 (malformed heartbeat)";

export function heartbeatRouter(store: WatchStore): Router {
  const router = express.Router();
  router.post("/api/heartbeat", express.json({ limit: "16kb" }), async (req, res, next) => {
    try {
      const userId = await sessionUserId(req.headers.cookie);
      if (!userId) {
        res.status(401).json({ error: "请先登录 (sign in first)" });
        return;
      }
      const parsed = HeartbeatSchema.safeParse(req.body);
      if (!parsed.success) {
        res.status(400).json({ error: MALFORMED, issues: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`) });
        return;
      }
      const lesson = await store.lessonTiming(parsed.data.lessonId);
      if (!lesson) {
        res.status(404).json({ error: "没有这一课 (no such lesson)" });
        return;
      }
      res.json(await store.record({ userId, lesson, claimed: parsed.data.intervals, position: parsed.data.position }));
    } catch (error) {
      next(error);
    }
  });
  router.all("/api/heartbeat", (_req, res) => {
    res.status(405).json({ error: "POST only" });
  });
  const onError: ErrorRequestHandler = (error: { type?: string; status?: number; message?: string }, _req, res, _next) => {
    if (error.type === "entity.parse.failed" || error.type === "entity.too.large") {
      res.status(error.status ?? 400).json({ error: MALFORMED });
      return;
    }
    log.error({ err: error.message }, "heartbeat failed");
    res.status(500).json({ error: "服务器出错，观看记录会在下次心跳时补上 (server error; the next heartbeat resends it)" });
  };
  router.use("/api/heartbeat", onError);
  return router;
}

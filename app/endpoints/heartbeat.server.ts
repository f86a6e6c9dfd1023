// POST /api/heartbeat: the hottest path of the site, served by a plain Node
// handler ahead of Express and Remix (docs/decisions/007). An entry point like a
// route, outside app/routes so the route convention leaves it alone. It checks
// the session, validates, hands the ranges to the watch store and answers from
// memory; the store refuses a lesson whose preparation is not confirmed
// (docs/decisions/016).
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { HeartbeatRefusal } from "~/domain/heartbeat.ts";
import type { WatchStore } from "~/models/watch-store.server.ts";
import { sessionUserId } from "~/utils/auth.server.ts";
import { log } from "~/utils/log.server.ts";

export const HEARTBEAT_PATH = "/api/heartbeat";
const MAX_BODY_BYTES = 16 * 1024;

const HeartbeatSchema = z.object({
  lessonId: z.string().min(1).max(64),
  intervals: z
    .array(
      z
        .tuple([z.number().finite().min(0), z.number().finite().min(0)])
        // Named like the other problems: intervals.<index>.1 is the end.
        .refine(([start, end]) => end >= start, { message: "the end of an interval must not be before its start", path: [1] }),
    )
    .max(200, "too many intervals in one heartbeat"),
  position: z.number().finite().min(0),
  /** Whether the page was visible when it sent this (lessons that pause in hidden tabs stop the clock otherwise). */
  visible: z.boolean().default(true),
  /** The attention-check position the learner has just answered (docs/decisions/012). */
  attentionAnswer: z.number().finite().min(0).optional(),
});

const MALFORMED = "心跳数据格式不对 (malformed heartbeat)";
/** Each refusal: its status and message; the player shows its own words for the reason (app/locales: viewing.notPrepared). */
const REFUSALS: Record<HeartbeatRefusal, { status: number; error: string }> = {
  "not-prepared": { status: 409, error: "请先阅读学习指导和思考题，并确认完成备课；确认之后的观看才计入 (confirm the preparation first)" },
};

export function isHeartbeatRequest(req: IncomingMessage): boolean {
  return req.url === HEARTBEAT_PATH || req.url?.startsWith(`${HEARTBEAT_PATH}?`) === true;
}

function reply(res: ServerResponse, status: number, body: unknown) {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(payload),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
  });
  res.end(payload);
}

/** The body as text, or null when it is larger than the limit. */
function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

async function handle(store: WatchStore, req: IncomingMessage, res: ServerResponse) {
  if (req.method !== "POST") return reply(res, 405, { error: "POST only" });
  const text = await readBody(req);
  if (text === null) return reply(res, 413, { error: MALFORMED, issues: [`body larger than ${MAX_BODY_BYTES} bytes`] });
  const userId = await sessionUserId(req.headers.cookie);
  if (!userId) return reply(res, 401, { error: "请先登录 (sign in first)" });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return reply(res, 400, { error: MALFORMED, issues: ["body is not JSON"] });
  }
  const parsed = HeartbeatSchema.safeParse(json);
  if (!parsed.success) {
    return reply(res, 400, { error: MALFORMED, issues: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`) });
  }
  const lesson = await store.lessonTiming(parsed.data.lessonId);
  if (!lesson) return reply(res, 404, { error: "没有这一课 (no such lesson)" });
  const { intervals, position, visible, attentionAnswer } = parsed.data;
  const outcome = await store.record({ userId, lesson, claimed: intervals, position, visible, attentionAnswer });
  if (!outcome.accepted) {
    const refusal = REFUSALS[outcome.reason];
    return reply(res, refusal.status, { error: refusal.error, reason: outcome.reason });
  }
  return reply(res, 200, outcome.reply);
}

export function createHeartbeatHandler(store: WatchStore) {
  return (req: IncomingMessage, res: ServerResponse) => {
    handle(store, req, res).catch((error: unknown) => {
      log.error({ err: error instanceof Error ? error.message : String(error) }, "heartbeat failed");
      if (!res.headersSent)
        reply(res, 500, { error: "服务器出错，观看记录会在下次心跳时补上 (server error; the next heartbeat resends it)" });
    });
  };
}

// POST /api/heartbeat: the player's batched report of played ranges.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getLessonTiming } from "~/models/course.server.ts";
import { markStageDone } from "~/models/progress.server.ts";
import { recordHeartbeat } from "~/models/watch.server.ts";
import { requireUser } from "~/utils/auth.server.ts";

const HeartbeatSchema = z.object({
  lessonId: z.string().min(1).max(64),
  intervals: z
    .array(z.tuple([z.number().finite().min(0), z.number().finite().min(0)]))
    .max(200, "too many intervals in one heartbeat"),
  position: z.number().finite().min(0),
});

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return Response.json({ error: "POST only" }, { status: 405 });
  const user = await requireUser(request);
  const parsed = HeartbeatSchema.safeParse(await request.json().catch(() => null));
  if (!parsed.success) {
    return Response.json(
      { error: "心跳数据格式不对 (malformed heartbeat)", issues: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`) },
      { status: 400 },
    );
  }
  const lesson = await getLessonTiming(parsed.data.lessonId);
  if (!lesson) return Response.json({ error: "没有这一课 (no such lesson)" }, { status: 404 });
  const result = await recordHeartbeat({
    userId: user.id,
    lesson,
    claimed: parsed.data.intervals,
    position: parsed.data.position,
  });
  if (result.viewingComplete) await markStageDone(user.id, lesson.id, "VIEWING");
  return Response.json(result);
}

export async function loader() {
  return Response.json({ error: "POST only" }, { status: 405 });
}

// POST /api/station-events: the events of a station session, from the
// operator's screen as they happen or from its outbox after a time offline
// (decisions 022 and 026), and the answer sheets the outbox took. One batch,
// applied in order, each item once; every item is answered (applied,
// duplicate or refused with a code the screen words from app/locales:
// station.refusals), so the device may forget it. A closed session queues its
// attendees' hours. An upload that names its station refuses, item by item,
// what belongs to another station's sessions.
import { z } from "zod";
import { can } from "~/domain/access.ts";
import { heldRoles } from "~/models/user.server.ts";
import { SessionEventBodySchema, SessionEventSchema, stationPathsOf } from "~/models/station-session.server.ts";
import { stationByCode } from "~/models/station.server.ts";
import { getSessionUser } from "~/utils/auth.server.ts";
import { permittedRoots } from "~/utils/permissions.server.ts";
import { takeStationUpload } from "~/utils/station-events.server.ts";

/** An outbox sends at most this many at once; more wait for the next batch. */
export const MAX_EVENTS_PER_BATCH = 500;

const id = z.string().min(1).max(64);
/** An attendee's answers taken offline: the option values (or the written answer) per question of his paper. */
const AnswerSheetBodySchema = z.object({
  type: z.literal("answer-sheet"),
  personId: id,
  way: z.enum(["SCREEN", "PAPER", "ORAL"]),
  token: id,
  answers: z
    .record(id, z.array(z.string().max(5000)).max(50))
    .refine((answers) => Object.keys(answers).length <= 200, "at most 200 questions"),
});

const ItemSchema = SessionEventSchema.extend({
  body: z.discriminatedUnion("type", [...SessionEventBodySchema.options, AnswerSheetBodySchema]),
});

const BatchSchema = z.object({
  stationCode: z.string().min(1).max(40).optional(),
  events: z.array(ItemSchema).min(1).max(MAX_EVENTS_PER_BATCH),
});

const problem = (status: number, error: string, extra: Record<string, unknown> = {}) => Response.json({ error, ...extra }, { status });

export async function action({ request }: { request: Request }) {
  if (request.method !== "POST") return problem(405, "只接受 POST (POST only)");
  const { user } = await getSessionUser(request);
  if (!user) return problem(401, "请先登录 (sign in first)");
  let json: unknown;
  try {
    json = await request.json();
  } catch {
    return problem(400, "站点记录格式不对 (malformed station events)", { issues: ["body is not JSON"] });
  }
  const parsed = BatchSchema.safeParse(json);
  if (!parsed.success) {
    return problem(400, "站点记录格式不对 (malformed station events)", {
      issues: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`),
    });
  }
  const { events, stationCode } = parsed.data;
  const roles = heldRoles(user);
  if (permittedRoots(user, "station:operate").length === 0) return problem(403, "无权操作站点 (no station role)");
  if (stationCode !== undefined) {
    // The upload is for this one station: it must be within reach; items of any other station are refused one by one.
    const station = await stationByCode(stationCode);
    if (!station) return problem(404, "找不到这个站点 (no such station)", { issues: ["stationCode: no station has this number"] });
    if (!can(roles, "station:operate", [station.org.path])) return problem(403, "无权操作这个站点 (not your station)");
    return Response.json({ results: await takeStationUpload(events, user.id, { stationId: station.id }) });
  }
  // Every station the batch concerns must be within the user's reach, or nothing of it is taken.
  const paths = await stationPathsOf(events);
  if (paths.some((path) => path !== null && !can(roles, "station:operate", [path])))
    return problem(403, "无权操作这个站点 (not your station)");
  return Response.json({ results: await takeStationUpload(events, user.id) });
}

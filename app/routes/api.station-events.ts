// POST /api/station-events: the events of a station session, from the
// operator's screen as they happen or from its outbox after a time offline
// (decision 022). One batch, applied in order, each event once; every event is
// answered (applied, duplicate or refused with a code the screen words from
// app/locales: station.refusals), so the device may forget it. A closed session
// queues its attendees' hours.
import { z } from "zod";
import { can } from "~/domain/access.ts";
import { heldRoles } from "~/models/user.server.ts";
import { SessionEventSchema, stationPathsOf } from "~/models/station-session.server.ts";
import { getSessionUser } from "~/utils/auth.server.ts";
import { permittedRoots } from "~/utils/permissions.server.ts";
import { takeStationEvents } from "~/utils/station-events.server.ts";

/** An outbox sends at most this many at once; more wait for the next batch. */
export const MAX_EVENTS_PER_BATCH = 500;

const BatchSchema = z.object({ events: z.array(SessionEventSchema).min(1).max(MAX_EVENTS_PER_BATCH) });

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
  const { events } = parsed.data;
  // Every station the batch concerns must be within the user's reach, or nothing of it is taken.
  const roles = heldRoles(user);
  const paths = await stationPathsOf(events);
  if (paths.some((path) => path !== null && !can(roles, "station:operate", [path])))
    return problem(403, "无权操作这个站点 (not your station)");
  if (permittedRoots(user, "station:operate").length === 0) return problem(403, "无权操作站点 (no station role)");

  return Response.json({ results: await takeStationEvents(events, user.id) });
}

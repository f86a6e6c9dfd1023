// POST /api/stations/:code/kit: a station's device downloads lessons for a day
// without network (issue #11). It sends its device id and the lessons; it gets
// the kit (app/domain/station/kit.ts: the station's people, each lesson's
// pages, media files to cache and one server-drawn paper per person with an
// account, no answers), and the download is recorded for the device.
import { z } from "zod";
import { MAX_KIT_LESSONS } from "~/domain/station/kit.ts";
import { lessonsOutOfReach, stationKit } from "~/models/station-kit.server.ts";
import { getSessionUser } from "~/utils/auth.server.ts";
import { stationInReach } from "~/utils/station-access.server.ts";

/** An id made on the device or taken from the catalog; `zh` and `en` name it when it is missing. */
const id = (zh: string, en: string) =>
  z
    .string({ required_error: `缺少${zh} (${en} missing)`, invalid_type_error: `${zh}应为文字 (${en}: expected text)` })
    .min(1, `${zh}不能为空 (${en}: must not be empty)`)
    .max(64, `${zh}最多 64 个字符 (${en}: at most 64 characters)`);

const KitRequestSchema = z.object({
  deviceId: id("设备编号", "the device's id"),
  lessonIds: z
    .array(id("课的编号", "a lesson id"), {
      required_error: "缺少要下载的课 (the lessons to download missing)",
      invalid_type_error: "要下载的课应为列表 (lessonIds: expected a list)",
    })
    .min(1, "至少选一课 (at least one lesson)")
    .max(MAX_KIT_LESSONS, `一次最多 ${MAX_KIT_LESSONS} 课 (at most ${MAX_KIT_LESSONS} lessons at once)`),
});

const problem = (status: number, error: string, issues: string[] = []) => Response.json({ error, issues }, { status });

export async function action({ request, params }: { request: Request; params: { code?: string } }) {
  if (request.method !== "POST") return problem(405, "只接受 POST (POST only)");
  // An endpoint of the station's app: no session is a 401, not a redirect to the sign-in page.
  const { user } = await getSessionUser(request);
  if (!user) return problem(401, "请先登录 (sign in first)");
  const { station } = await stationInReach(request, params.code);
  let json: unknown;
  try {
    json = await request.json();
  } catch {
    return problem(400, "下载请求格式不对 (malformed download request)", ["body: 不是 JSON (not JSON)"]);
  }
  const parsed = KitRequestSchema.safeParse(json);
  if (!parsed.success) {
    return problem(
      400,
      "下载请求格式不对 (malformed download request)",
      parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`),
    );
  }
  const { deviceId, lessonIds } = parsed.data;
  // A lesson hidden from the station's organization is not found, like one that does not exist.
  const missing = new Set(await lessonsOutOfReach(station, lessonIds));
  if (missing.size > 0) {
    return problem(
      404,
      "没有这一课，或本站点不能放映 (no such lesson for this station)",
      lessonIds.flatMap((lessonId, index) => (missing.has(lessonId) ? [`lessonIds.${index}: ${lessonId}`] : [])),
    );
  }
  return Response.json(await stationKit({ station, deviceId, lessonIds }));
}

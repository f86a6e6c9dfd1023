// Every page of one station: the station named in its address, and the signed-in
// user, who must hold station:operate over the station's organization (403 otherwise).
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { beijingDate } from "~/domain/calendar.ts";
import { stationByCode } from "~/models/station.server.ts";
import { invariantResponse } from "./misc.ts";
import { requirePermissionAt } from "./permissions.server.ts";

export async function stationInReach(request: Request, code: string | undefined) {
  const station = code ? await stationByCode(code) : null;
  invariantResponse(station, "没有这个站点 (no such station)");
  const user = await requirePermissionAt(request, "station:operate", station.org.path);
  return { station, user };
}

const MonthQuery = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional(),
});

function shiftMonth(month: string, by: number): string {
  const [year, number] = month.split("-").map(Number) as [number, number];
  const index = year * 12 + (number - 1) + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** The month a station page shows (`?month=2026-12`, this month on Beijing time by default), with its neighbours; a bad month is a 400. */
export function requestedMonth(request: Request) {
  const query = parseWithZod(new URL(request.url).searchParams, { schema: MonthQuery });
  invariantResponse(query.status === "success", "month: 应写成 2026-12 这样 (expected a month like 2026-12)", 400);
  const key = query.value.month ?? beijingDate(new Date()).slice(0, 7);
  const [year, number] = key.split("-").map(Number) as [number, number];
  return { key, year, number, previous: shiftMonth(key, -1), next: shiftMonth(key, 1) };
}

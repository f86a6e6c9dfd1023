// Every page of one station: the station named in its address, and the signed-in
// user, who must hold station:operate over the station's organization (403 otherwise).
import { stationByCode } from "~/models/station.server.ts";
import { invariantResponse } from "./misc.ts";
import { requirePermissionAt } from "./permissions.server.ts";

export async function stationInReach(request: Request, code: string | undefined) {
  const station = code ? await stationByCode(code) : null;
  invariantResponse(station, "没有这个站点 (no such station)");
  const user = await requirePermissionAt(request, "station:operate", station.org.path);
  return { station, user };
}

// 导出名册: the people of the admin's subtree in the template's columns (.xlsx, or
// .csv in UTF-8 with its mark so Excel shows the Chinese), so an export imports back
// unchanged. Each export is audited: it holds whole ID-card numbers.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { rosterOf } from "~/models/people-import.server.ts";
import { isoDate } from "~/domain/people.ts";
import { manageableRoots, requirePermission } from "~/utils/permissions.server.ts";
import { rosterCsv, rosterWorkbook } from "~/utils/roster-file.server.ts";
import { spreadsheetResponse } from "~/utils/spreadsheet-response.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requirePermission(request, "org:manage");
  const rows = await rosterOf(manageableRoots(admin), admin.id);
  const name = `人员名册-${isoDate(new Date())}`;
  if (new URL(request.url).searchParams.get("format") === "csv") return spreadsheetResponse(rosterCsv(rows), "csv", name);
  return spreadsheetResponse(await rosterWorkbook([{ name: "人员", rows }]), "xlsx", name);
}

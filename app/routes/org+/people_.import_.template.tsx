// The roster template (.xlsx with a sheet saying how each column is filled in, or
// .csv): the columns an import reads and an export writes.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { rosterTemplate } from "~/domain/people-import.ts";
import { requirePermission } from "~/utils/permissions.server.ts";
import { rosterCsv, rosterWorkbook } from "~/utils/roster-file.server.ts";
import { spreadsheetResponse } from "~/utils/spreadsheet-response.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "org:manage");
  const { rows, instructions } = rosterTemplate();
  if (new URL(request.url).searchParams.get("format") === "csv") return spreadsheetResponse(rosterCsv(rows), "csv", "人员导入模板");
  const workbook = await rosterWorkbook([
    { name: "人员", rows },
    { name: "填写说明", rows: instructions },
  ]);
  return spreadsheetResponse(workbook, "xlsx", "人员导入模板");
}

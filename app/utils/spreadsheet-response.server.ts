// A spreadsheet sent as a download, named in Chinese: the file name goes in the
// RFC 5987 form, which every current browser reads.
import { XLSX_TYPE } from "./roster-file.server.ts";

export function spreadsheetResponse(body: string | Buffer, format: "csv" | "xlsx", baseName: string): Response {
  const fileName = `${baseName}.${format}`;
  return new Response(typeof body === "string" ? body : new Uint8Array(body), {
    headers: {
      "Content-Type": format === "csv" ? "text/csv; charset=utf-8" : XLSX_TYPE,
      "Content-Disposition": `attachment; filename="roster.${format}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      "Cache-Control": "no-store",
    },
  });
}

// Roster files as a secretary has them: an Excel workbook (.xlsx, read and
// written with exceljs) or a CSV, which Excel on a Chinese Windows saves in
// GB18030 and elsewhere comes in UTF-8 with or without a byte-order mark.
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { isBlankRow, type Cell } from "~/domain/people-import.ts";

export type RosterFileProblem = "file-type" | "file-unreadable" | "file-empty";

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** A CSV's text: UTF-8 when it has the mark or decodes cleanly as UTF-8, GB18030 otherwise. */
export function csvText(bytes: Uint8Array): string {
  if (UTF8_BOM.every((byte, index) => bytes[index] === byte)) return new TextDecoder("utf-8").decode(bytes.subarray(3));
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return iconv.decode(Buffer.from(bytes), "gb18030");
  }
}

/** What a workbook cell holds, as a plain value: the shown text of rich text, a formula's result, a link's text. */
function plainCell(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean" || value instanceof Date) return value;
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((part) => part.text).join("");
    if ("result" in value) return plainCell(value.result as ExcelJS.CellValue);
    if ("text" in value) return String(value.text);
    if ("error" in value) return null;
  }
  return String(value);
}

/** The rows of the file's first sheet, each at its place (row 1 first), empty rows included. */
export async function readRosterFile(fileName: string, bytes: Uint8Array): Promise<{ rows: Cell[][] } | { problem: RosterFileProblem }> {
  const name = fileName.toLowerCase();
  let rows: Cell[][];
  if (name.endsWith(".csv")) {
    try {
      // Empty lines are kept, so each record's place is the row number Excel shows for it.
      rows = parse(csvText(bytes), { relax_column_count: true }) as string[][];
    } catch {
      return { problem: "file-unreadable" };
    }
  } else if (name.endsWith(".xlsx")) {
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    } catch {
      return { problem: "file-unreadable" };
    }
    const sheet = workbook.worksheets[0];
    rows = [];
    sheet?.eachRow({ includeEmpty: false }, (row) => {
      const values = row.values as ExcelJS.CellValue[];
      // exceljs counts rows and columns from 1; column 0 is always empty. Rows skipped stay as holes, filled below.
      rows[row.number - 1] = values.slice(1).map(plainCell);
    });
    rows = Array.from(rows, (row) => row ?? []);
  } else return { problem: "file-type" };
  return rows.filter((row) => !isBlankRow(row)).length < 2 ? { problem: "file-empty" } : { rows };
}

/** A workbook of one sheet: the heading row set apart (bold, frozen) and every cell text, so a long number stays whole. */
export async function rosterWorkbook(sheets: { name: string; rows: string[][] }[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const { name, rows } of sheets) {
    const sheet = workbook.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
    for (const row of rows) sheet.addRow(row);
    sheet.getRow(1).font = { bold: true };
    sheet.columns.forEach((column) => {
      column.numFmt = "@";
      column.width = 18;
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A CSV Excel opens with its Chinese intact: UTF-8 with the byte-order mark, CRLF lines. */
export function rosterCsv(rows: string[][]): string {
  const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
  return `\ufeff${rows.map((row) => row.map(quote).join(",")).join("\r\n")}\r\n`;
}

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// Made-up people as rows of the roster template, for the import's tests, its
// end-to-end spec and its benchmark: person n of 河西村 is a man born n days
// after 1960-01-01, with a phone and a valid ID-card number of his own, so any
// 10,000 of them are distinct.
import ExcelJS from "exceljs";
import { ROSTER_COLUMNS } from "~/domain/people-import.ts";

export const HEADINGS = ROSTER_COLUMNS.map((column) => column.header);

export type RosterCell = string | number | Date;

/** A valid ID-card number for the first 17 characters (GB 11643's check character appended). */
export function idCard(seventeen: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  return seventeen + "10X98765432"[weights.reduce((sum, weight, index) => sum + weight * Number(seventeen[index]), 0) % 11];
}

/** Person `n` as a row in the template's columns; `overrides` replace cells by their heading. */
export function rosterPerson(n: number, overrides: Partial<Record<string, RosterCell>> = {}): RosterCell[] {
  const born = new Date(Date.UTC(1960, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
  const base: Record<string, RosterCell> = {
    姓名: `导入${n}号`,
    性别: "男",
    出生日期: born,
    民族: "汉族",
    学历: "高中",
    农村户籍: "是",
    职业: "种植户",
    手机号: `137${String(n).padStart(8, "0")}`,
    // 410102, the birth date, "001" (odd: a man).
    身份证号: idCard(`410102${born.replaceAll("-", "")}001`),
    所在党组织: "河西乡党委/河西村党支部",
    发展阶段: "群众",
    进入阶段日期: "",
    培养类别: "",
    ...overrides,
  };
  return HEADINGS.map((heading) => base[heading] ?? "");
}

/** A workbook of one sheet, the template's heading row and then `rows`, as Excel would save it. */
export async function rosterXlsx(rows: readonly RosterCell[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("人员");
  sheet.addRow(HEADINGS);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

// 批量导入人员: a roster sheet (the downloadable template's columns, as a
// secretary fills them in Excel or WPS) read row by row with the same rules as the
// admin's form (app/domain/people.ts). Real files are untidy: spaces, full-width
// digits, dates typed as text or kept as spreadsheet day numbers, an organization
// written as a path or by its code. What is unambiguous is accepted; what is not
// is refused with the row, the column and the reason. Pure: the file is read in
// app/utils/roster-file.server.ts and the people are written in
// app/models/people-import.server.ts.
import {
  ACTIVIST_TIERS,
  EDUCATIONS,
  ethnicityNamed,
  GENDERS,
  isoDate,
  normalizePhone,
  personProblems,
  plainText,
  readIdCard,
  STAGES,
  calendarDate,
  type PersonFields,
  type PersonProblemCode,
} from "./people.ts";

/**
 * The sheet's vocabulary: its column headings and the words its cells may hold. They
 * are the file's format (what the template shows and an export writes), so they live
 * with the rules rather than with the screens' words.
 */
export const ROSTER_COLUMNS = [
  { field: "name", header: "姓名", required: true, aliases: [] },
  { field: "gender", header: "性别", required: false, aliases: [] },
  { field: "birthDate", header: "出生日期", required: false, aliases: ["出生年月", "生日"] },
  { field: "ethnicity", header: "民族", required: false, aliases: [] },
  { field: "education", header: "学历", required: false, aliases: ["文化程度"] },
  { field: "isRural", header: "农村户籍", required: false, aliases: ["是否农村户籍"] },
  { field: "occupation", header: "职业", required: false, aliases: [] },
  { field: "phone", header: "手机号", required: false, aliases: ["手机", "手机号码", "联系电话"] },
  { field: "idCardNumber", header: "身份证号", required: false, aliases: ["身份证号码", "公民身份号码"] },
  { field: "org", header: "所在党组织", required: true, aliases: ["党组织", "所在支部", "支部"] },
  { field: "stage", header: "发展阶段", required: false, aliases: ["政治面貌"] },
  { field: "stageSince", header: "进入阶段日期", required: false, aliases: ["进入该阶段的日期"] },
  { field: "activistTier", header: "培养类别", required: false, aliases: [] },
] as const;

export type RosterField = (typeof ROSTER_COLUMNS)[number]["field"];

export const GENDER_WORDS: Record<(typeof GENDERS)[number], string> = { M: "男", F: "女" };
export const EDUCATION_WORDS: Record<(typeof EDUCATIONS)[number], string> = {
  PRIMARY: "小学",
  JUNIOR: "初中",
  HIGH_SCHOOL: "高中",
  COLLEGE: "大专",
  BACHELOR: "本科",
  POSTGRADUATE: "研究生",
};
export const STAGE_WORDS: Record<(typeof STAGES)[number], string> = {
  NONE: "群众",
  APPLICANT: "入党申请人",
  ACTIVIST: "入党积极分子",
  DEVELOPMENT_TARGET: "发展对象",
  PROBATIONARY: "预备党员",
  FULL_MEMBER: "正式党员",
};
export const TIER_WORDS: Record<(typeof ACTIVIST_TIERS)[number], string> = {
  THIS_YEAR: "当年发展",
  NEAR_TERM: "近年发展",
  LONG_TERM: "远期培养",
};
const YES = ["是", "农村", "Y", "YES", "1", "√", "TRUE"];
const NO = ["否", "城镇", "N", "NO", "0", "×", "FALSE"];

/** A cell as a sheet gives it: text, a number, a date (a date cell), a yes/no, or nothing. */
export type Cell = string | number | boolean | Date | null;

export type ImportProblemCode =
  | PersonProblemCode
  | "name-missing"
  | "org-missing"
  | "org-unknown"
  | "org-ambiguous"
  | "date-unreadable"
  | "gender-unknown"
  | "education-unknown"
  | "stage-unknown"
  | "tier-unknown"
  | "rural-unknown"
  | "id-card-as-number"
  | "duplicate-in-file"
  | "name-twice-in-file"
  | "person-ambiguous"
  | "phone-other-person"
  | "org-differs";

/** A problem of one row: its number as the spreadsheet shows it (the heading is row 1), the column's heading, why. */
export type RowProblem = { row: number; column: string; code: ImportProblemCode; params?: Record<string, string | number> };

export type SheetProblem = { code: "columns-missing" | "too-many-rows" | "saved-meanwhile"; params?: Record<string, string | number> };

export const MAX_ROWS = 10_000;

const normalHeader = (value: Cell) => plainText(String(value ?? "")).replace(/[\s*＊（）()]/g, "");

/** The fields a row's cells name as headings, each at its first column. */
function headingColumns(header: readonly Cell[]): Map<RosterField, number> {
  const columns = new Map<RosterField, number>();
  header.forEach((cell, index) => {
    const heading = normalHeader(cell);
    const column = ROSTER_COLUMNS.find(
      (candidate) => candidate.header === heading || (candidate.aliases as readonly string[]).includes(heading),
    );
    if (column && !columns.has(column.field)) columns.set(column.field, index);
  });
  return columns;
}

/** Which column holds which field, from the heading row; the required ones that are missing. */
export function readHeader(header: readonly Cell[]): { columns: Map<RosterField, number> } | SheetProblem {
  const columns = headingColumns(header);
  const missing = ROSTER_COLUMNS.filter((column) => column.required && !columns.has(column.field)).map((column) => column.header);
  return missing.length > 0 ? { code: "columns-missing", params: { columns: missing.join("、") } } : { columns };
}

/** Days from the spreadsheet's day 0 (1899-12-30, which keeps Excel's 1900 leap-year slip right for every later date). */
const SPREADSHEET_EPOCH = Date.UTC(1899, 11, 30);

/**
 * A date from a cell: a date cell, a spreadsheet day number, or text as people type it
 * (2026-03-01, 2026/3/1, 2026.3.1, 2026年3月1日, 20260301). A day that does not exist is
 * refused. Day-first or month-first text (3/1/2026) is refused: it is not clear which.
 */
export function cellDate(cell: Cell): Date | null | "unreadable" {
  if (cell === null || cell === "") return null;
  if (cell instanceof Date)
    return Number.isNaN(cell.getTime()) ? "unreadable" : new Date(Date.UTC(cell.getUTCFullYear(), cell.getUTCMonth(), cell.getUTCDate()));
  if (typeof cell === "number") {
    if (!Number.isInteger(cell) || cell < 1 || cell > 2_958_465) return "unreadable";
    return new Date(SPREADSHEET_EPOCH + cell * 86_400_000);
  }
  const text = plainText(String(cell));
  if (text === "") return null;
  const parts = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!parts) return "unreadable";
  return calendarDate(Number(parts[1]), Number(parts[2]), Number(parts[3])) ?? "unreadable";
}

const cellText = (cell: Cell) => (cell === null ? "" : plainText(cell instanceof Date ? isoDate(cell) : String(cell)));

/** A word of the sheet's vocabulary, as its key; the key itself (ACTIVIST) is let through too. */
function fromWords<Key extends string>(words: Record<Key, string>, text: string): Key | null | "unknown" {
  if (text === "") return null;
  const upper = text.toUpperCase();
  const found = (Object.keys(words) as Key[]).find((key) => words[key] === text || key === upper);
  return found ?? "unknown";
}

/** An organization the import may put people in: its code, its name, and its names from the admin's top organization down. */
export type ImportOrg = { id: string; code: string; name: string; path: readonly string[]; closed: boolean };

/**
 * The organization a cell names: by code, by the path of names (城关镇/城关社区第一党支部,
 * as long as its end is unique), or by a name only one organization has.
 */
export function orgNamed(text: string, orgs: readonly ImportOrg[]): ImportOrg | "unknown" | "ambiguous" {
  const byCode = orgs.find((org) => org.code === text);
  if (byCode) return byCode;
  const wanted = text.split(/[/／>＞\\]/).map((part) => part.trim()).filter(Boolean); // prettier-ignore
  if (wanted.length === 0) return "unknown";
  const matches = orgs.filter((org) => {
    const tail = org.path.slice(org.path.length - wanted.length);
    return tail.length === wanted.length && tail.every((name, index) => name === wanted[index]);
  });
  if (matches.length === 1) return matches[0]!;
  return matches.length === 0 ? "unknown" : "ambiguous";
}

/** `given`: the fields a cell was filled in for; an empty cell keeps what is on record when the row updates someone. */
export type ReadRow = { row: number; fields: PersonFields; given: (keyof PersonFields)[]; orgId: string; problems: RowProblem[] };

export const PERSON_FIELDS = ["name", "gender", "birthDate", "ethnicity", "education", "isRural", "occupation", "phone", "idCardNumber", "stage", "stageSince", "activistTier"] as const satisfies readonly (keyof PersonFields)[]; // prettier-ignore

const HEADER_OF = Object.fromEntries(ROSTER_COLUMNS.map((column) => [column.field, column.header])) as Record<RosterField, string>;

/** One row read: its fields in the kept forms, and what is wrong with each value on its own (the record as a whole is judged by planRows). */
export function readRow(
  row: number,
  cells: readonly Cell[],
  columns: ReadonlyMap<RosterField, number>,
  orgs: readonly ImportOrg[],
): ReadRow {
  const problems: RowProblem[] = [];
  const problem = (field: RosterField, code: ImportProblemCode, params?: Record<string, string | number>) =>
    problems.push({ row, column: HEADER_OF[field], code, ...(params ? { params } : {}) });
  const cell = (field: RosterField): Cell => {
    const index = columns.get(field);
    return index === undefined ? null : (cells[index] ?? null);
  };
  const text = (field: RosterField) => cellText(cell(field));
  const date = (field: RosterField) => {
    const value = cellDate(cell(field));
    if (value === "unreadable") problem(field, "date-unreadable", { value: text(field) });
    return value === "unreadable" ? null : value;
  };
  const word = <Key extends string>(field: RosterField, words: Record<Key, string>, code: ImportProblemCode) => {
    const value = fromWords(words, text(field));
    if (value === "unknown") problem(field, code, { value: text(field), allowed: Object.values<string>(words).join("、") });
    return value === "unknown" ? null : value;
  };

  const name = text("name");
  if (name === "") problem("name", "name-missing");
  else if (name.length > 30) problem("name", "name-long");
  const ethnicityText = text("ethnicity");
  const ethnicity = ethnicityText ? ethnicityNamed(ethnicityText) : null;
  if (ethnicityText && !ethnicity) problem("ethnicity", "ethnicity-unknown");
  const occupation = text("occupation") || null;
  if (occupation && occupation.length > 50) problem("occupation", "occupation-long");
  const ruralText = text("isRural").toUpperCase();
  const isRural = YES.includes(ruralText) ? true : NO.includes(ruralText) ? false : null;
  if (ruralText !== "" && isRural === null) problem("isRural", "rural-unknown", { value: text("isRural") });

  let phone: string | null = null;
  if (text("phone")) {
    const read = normalizePhone(typeof cell("phone") === "number" ? String(cell("phone")) : text("phone"));
    if ("problem" in read) problem("phone", read.problem);
    else phone = read.phone;
  }
  let idCardNumber: string | null = null;
  const idCell = cell("idCardNumber");
  if (typeof idCell === "number") problem("idCardNumber", "id-card-as-number");
  else if (text("idCardNumber")) {
    const read = readIdCard(text("idCardNumber"));
    if ("problem" in read) problem("idCardNumber", read.problem);
    else idCardNumber = read.idCard;
  }

  let orgId = "";
  const orgText = text("org");
  if (orgText === "") problem("org", "org-missing");
  else {
    const org = orgNamed(orgText, orgs);
    if (org === "unknown" || org === "ambiguous") problem("org", org === "unknown" ? "org-unknown" : "org-ambiguous", { value: orgText });
    else if (org.closed) problem("org", "org-closed");
    else orgId = org.id;
  }

  const fields: PersonFields = {
    name,
    gender: word("gender", GENDER_WORDS, "gender-unknown"),
    birthDate: date("birthDate"),
    ethnicity,
    education: word("education", EDUCATION_WORDS, "education-unknown"),
    isRural: isRural ?? false,
    occupation,
    phone,
    idCardNumber,
    stage: word("stage", STAGE_WORDS, "stage-unknown") ?? "NONE",
    stageSince: date("stageSince"),
    activistTier: word("activistTier", TIER_WORDS, "tier-unknown"),
  };
  const given = PERSON_FIELDS.filter((field) => text(field) !== "");
  return { row, fields, given, orgId, problems };
}

/**
 * A row as the template lays it out, each cell as text: a refused row goes back to the
 * secretary in this form, and a date kept as a day number is written as the date it is.
 */
export function alignedRow(cells: readonly Cell[], columns: ReadonlyMap<RosterField, number>): string[] {
  return ROSTER_COLUMNS.map(({ field }) => {
    const index = columns.get(field);
    const cell = index === undefined ? null : (cells[index] ?? null);
    if (field === "birthDate" || field === "stageSince") {
      const date = cellDate(cell);
      if (date instanceof Date) return isoDate(date);
    }
    return cellText(cell);
  });
}

/** Who is already on record, as far as the rows' numbers find him. */
export type KnownPerson = PersonFields & { id: string; homeOrgId: string | null };

export type RowPlan =
  | { row: number; kind: "create"; fields: PersonFields; orgId: string }
  | { row: number; kind: "update"; personId: string; changes: Partial<PersonFields> }
  | { row: number; kind: "unchanged"; personId: string }
  | { row: number; kind: "rejected"; problems: RowProblem[] };

// A sheet holds days: a date on record with a time of day is the same day, not a change.
const sameValue = (a: unknown, b: unknown) => (a instanceof Date && b instanceof Date ? isoDate(a) === isoDate(b) : a === b);

/**
 * What becomes of each row. A person is found by his ID-card number, else by his phone
 * (else, with neither, by his name in the row's organization, and refused when
 * two there share it), so the same file imported twice adds nobody. A cell left empty keeps what is on record.
 * Two rows for one number, a phone that is someone else's, and a move to another
 * organization (a transfer, recorded with its date on the person's page) are refused.
 */
export function planRows(rows: readonly ReadRow[], known: readonly KnownPerson[], today: Date): RowPlan[] {
  const byIdCard = new Map(known.flatMap((person) => (person.idCardNumber ? [[person.idCardNumber, person] as const] : [])));
  const byPhone = new Map(known.flatMap((person) => (person.phone ? [[person.phone, person] as const] : [])));
  const byName = new Map<string, KnownPerson[]>();
  for (const person of known)
    byName.set(nameKey(person.name, person.homeOrgId), [...(byName.get(nameKey(person.name, person.homeOrgId)) ?? []), person]);
  const firstRowOf = new Map<string, number>();
  return rows.map((read): RowPlan => {
    const problems = [...read.problems];
    const numbered = Boolean(read.fields.idCardNumber || read.fields.phone);
    for (const [key, column, code] of [
      [read.fields.idCardNumber, HEADER_OF.idCardNumber, "duplicate-in-file"],
      [read.fields.phone, HEADER_OF.phone, "duplicate-in-file"],
      [numbered ? null : nameKey(read.fields.name, read.orgId), HEADER_OF.name, "name-twice-in-file"],
    ] as const) {
      if (!key) continue;
      const first = firstRowOf.get(key);
      if (first !== undefined) problems.push({ row: read.row, column, code, params: { first } });
      else firstRowOf.set(key, read.row);
    }
    const fromCard = read.fields.idCardNumber ? byIdCard.get(read.fields.idCardNumber) : undefined;
    const fromPhone = read.fields.phone ? byPhone.get(read.fields.phone) : undefined;
    // With neither number, the one person of that name in that organization (a villager known only by name).
    const sameName = numbered ? [] : (byName.get(nameKey(read.fields.name, read.orgId)) ?? []);
    const person =
      fromCard ??
      (fromPhone && (!fromPhone.idCardNumber || !read.fields.idCardNumber) ? fromPhone : undefined) ??
      (sameName.length === 1 ? sameName[0] : undefined);
    // Two or more of that name there and nothing to tell them apart: updating either, or adding a third, could be wrong.
    if (!person && sameName.length > 1)
      problems.push({ row: read.row, column: HEADER_OF.name, code: "person-ambiguous", params: { count: sameName.length } });
    if (fromPhone && fromPhone !== person)
      problems.push({ row: read.row, column: HEADER_OF.phone, code: "phone-other-person", params: { name: fromPhone.name } });
    if (person && read.orgId && person.homeOrgId !== read.orgId)
      problems.push({ row: read.row, column: HEADER_OF.org, code: "org-differs" });
    if (problems.length > 0) return { row: read.row, kind: "rejected", problems };
    const changes = person
      ? (Object.fromEntries(
          read.given.filter((field) => !sameValue(read.fields[field], person[field])).map((field) => [field, read.fields[field]]),
        ) as Partial<PersonFields>)
      : {};
    if (person && Object.keys(changes).length === 0) return { row: read.row, kind: "unchanged", personId: person.id };
    // The record as a whole, as it would be saved: a new person's row, or what a changed row leaves on record with it
    // (a birth date given against the ID card kept).
    const record = person ? ({ ...pickPersonFields(person), ...changes } as PersonFields) : read.fields;
    const conflicts = personProblems(record, today).map((found) => ({
      row: read.row,
      column: HEADER_OF[found.field === "orgId" ? "org" : found.field],
      code: found.code,
      ...(found.params ? { params: found.params } : {}),
    }));
    if (conflicts.length > 0) return { row: read.row, kind: "rejected", problems: conflicts };
    return person
      ? { row: read.row, kind: "update", personId: person.id, changes }
      : { row: read.row, kind: "create", fields: read.fields, orgId: read.orgId };
  });
}

const nameKey = (name: string, orgId: string | null) => `${orgId ?? ""}\u0000${name}`;

const pickPersonFields = (person: KnownPerson): PersonFields =>
  Object.fromEntries(PERSON_FIELDS.map((field) => [field, person[field]])) as PersonFields;

/** A person's record as a roster row, in the template's columns: what an export writes and an import reads back unchanged. */
export function rosterRow(person: PersonFields & { orgPath: readonly string[] }): string[] {
  return ROSTER_COLUMNS.map(({ field }) => {
    switch (field) {
      case "gender":
        return person.gender ? GENDER_WORDS[person.gender] : "";
      case "education":
        return person.education ? EDUCATION_WORDS[person.education] : "";
      case "stage":
        return STAGE_WORDS[person.stage];
      case "activistTier":
        return person.activistTier ? TIER_WORDS[person.activistTier] : "";
      case "isRural":
        return person.isRural ? "是" : "否";
      case "birthDate":
      case "stageSince":
        return person[field] ? isoDate(person[field]) : "";
      case "org":
        return person.orgPath.join("/");
      default:
        return person[field] ?? "";
    }
  });
}

/** The template: the headings and one example row, then a second sheet saying how each column is filled in. */
export function rosterTemplate(): { rows: string[][]; instructions: string[][] } {
  const example = rosterRow({
    name: EXAMPLE_NAME,
    gender: "M",
    birthDate: new Date("1995-06-18"),
    ethnicity: "汉族",
    education: "HIGH_SCHOOL",
    isRural: true,
    occupation: "种植户",
    phone: "13900000000",
    idCardNumber: null,
    stage: "ACTIVIST",
    stageSince: new Date("2026-03-01"),
    activistTier: "NEAR_TERM",
    orgPath: EXAMPLE_ORG_PATH,
  });
  const allowed = (words: Record<string, string>) => `可填：${Object.values(words).join("、")}`;
  const how: Record<RosterField, string> = {
    name: "必填",
    gender: allowed(GENDER_WORDS),
    birthDate: DATE_HOW,
    ethnicity: "写民族全称，如“汉族”“回族”",
    education: allowed(EDUCATION_WORDS),
    isRural: "可填：是、否",
    occupation: "最多 50 个字",
    phone: "11 位手机号",
    idCardNumber: "18 位；请把这一列设成“文本”格式，否则 Excel 会改掉最后几位",
    org: "必填。写党组织名称；重名时写上级和本级，如“城关镇党委/第二党支部”，也可以写党组织代码",
    stage: allowed(STAGE_WORDS),
    stageSince: `填了发展阶段（群众以外）时必填。${DATE_HOW}`,
    activistTier: `只有入党积极分子填。${allowed(TIER_WORDS)}`,
  };
  return {
    rows: [ROSTER_COLUMNS.map((column) => column.header), example],
    instructions: [["栏目", "怎么填"], ...ROSTER_COLUMNS.map((column) => [column.header, how[column.field]])],
  };
}

const EXAMPLE_NAME = "张三（示例）";
const EXAMPLE_ORG_PATH = ["河西乡党委", "河西村党支部"];

/**
 * The roster's heading read and its rows numbered as the spreadsheet shows them (empty
 * rows and an example row left in are skipped, the numbers stay), or what makes the whole sheet unusable.
 */
export function readSheet(
  rows: readonly Cell[][],
): { columns: Map<RosterField, number>; body: { cells: Cell[]; row: number }[] } | SheetProblem {
  const numbered = rows.map((cells, index) => ({ cells, row: index + 1 })).filter(({ cells }) => !isBlankRow(cells));
  // A title or a note above the heading ("城关镇人员名单") is common: the heading is the first row that has the required columns.
  const candidates = numbered.slice(0, HEADING_WITHIN);
  const headingAt = candidates.findIndex(({ cells }) => !("code" in readHeader(cells)));
  if (headingAt < 0) {
    // Said of the row that looks most like a heading, so the columns named missing are the ones it lacks.
    const likeliest = candidates.reduce<Cell[]>(
      (best, { cells }) => (headingColumns(cells).size > headingColumns(best).size ? cells : best),
      candidates[0]?.cells ?? [],
    );
    return readHeader(likeliest) as SheetProblem;
  }
  const read = readHeader(candidates[headingAt]!.cells) as { columns: Map<RosterField, number> };
  const body = numbered.slice(headingAt + 1).filter(({ cells }) => !isExampleRow(cells, read.columns));
  if (body.length > MAX_ROWS) return { code: "too-many-rows", params: { max: MAX_ROWS, rows: body.length } };
  return { columns: read.columns, body };
}

/** How many non-empty rows from the top may come before the heading. */
const HEADING_WITHIN = 5;

/** A row with nothing in it: skipped, though the rows after it keep the numbers the spreadsheet shows. */
export const isBlankRow = (cells: readonly Cell[]) => cells.every((cell) => cell === null || cellText(cell) === "");

/** The template's example row, left in by whoever filled it in: skipped, not imported. */
export function isExampleRow(cells: readonly Cell[], columns: ReadonlyMap<RosterField, number>): boolean {
  const index = columns.get("name");
  return index !== undefined && cellText(cells[index] ?? null) === plainText(EXAMPLE_NAME);
}

const DATE_HOW = "写成 2026-03-01，也可以写 2026/3/1、2026年3月1日，或用 Excel 的日期格式";

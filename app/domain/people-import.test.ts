import { describe, expect, it } from "vitest";
import {
  cellDate,
  orgNamed,
  planRows,
  readHeader,
  readRow,
  readSheet,
  rosterRow,
  ROSTER_COLUMNS,
  type Cell,
  type ImportOrg,
  type KnownPerson,
  type RosterField,
} from "./people-import.ts";

const TODAY = new Date("2026-12-04");
const ORGS: ImportOrg[] = [
  { id: "o1", code: "chengguan-1", name: "城关社区第一党支部", path: ["县委", "城关镇党委", "城关社区第一党支部"], closed: false },
  { id: "o2", code: "hexi-cun", name: "河西村党支部", path: ["县委", "河西乡党委", "河西村党支部"], closed: false },
  { id: "o3", code: "hexi-2", name: "第二党支部", path: ["县委", "河西乡党委", "第二党支部"], closed: false },
  { id: "o4", code: "cg-2", name: "第二党支部", path: ["县委", "城关镇党委", "第二党支部"], closed: false },
  { id: "o5", code: "old", name: "老支部", path: ["县委", "老支部"], closed: true },
];

const HEADINGS = ROSTER_COLUMNS.map((column) => column.header);
const columns = (readHeader(HEADINGS) as { columns: Map<RosterField, number> }).columns;

/** A row with the template's columns, the cells named overriding the defaults. */
function row(cells: Partial<Record<RosterField, Cell>>): Cell[] {
  const base: Partial<Record<RosterField, Cell>> = { name: "赵桂兰", org: "河西村党支部", ...cells };
  return ROSTER_COLUMNS.map((column) => base[column.field] ?? null);
}

/** The problems of one new person's row: of each value (readRow), then of the record as a whole (planRows). */
const problemsOf = (cells: Partial<Record<RosterField, Cell>>) => {
  const [plan] = planRows([readRow(12, row(cells), columns, ORGS)], [], TODAY);
  return plan!.kind === "rejected" ? plan!.problems.map((problem) => `${problem.column}:${problem.code}`) : [];
};

/** A valid ID-card number for the first 17 characters. */
function idCard(seventeen: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  return seventeen + "10X98765432"[weights.reduce((sum, weight, index) => sum + weight * Number(seventeen[index]), 0) % 11];
}

describe("readHeader", () => {
  it("finds the columns by their headings, spaces, stars and common other names allowed, in any order", () => {
    const read = readHeader(["序号", " 姓名* ", "手机号码", "所在支部", "身份证号码"]);
    expect("columns" in read && Object.fromEntries(read.columns)).toEqual({ name: 1, phone: 2, org: 3, idCardNumber: 4 });
  });

  it("names the required columns that are missing", () => {
    expect(readHeader(["手机号", "性别"])).toEqual({ code: "columns-missing", params: { columns: "姓名、所在党组织" } });
  });
});

describe("readSheet", () => {
  it("finds the heading below a title, skips empty rows and the example row, and keeps the spreadsheet's row numbers", () => {
    const sheet = readSheet([
      ["城关镇人员名单"],
      [],
      HEADINGS,
      row({ name: "张三（示例）" }),
      row({ name: "孙秀梅" }),
      [null, "  "],
      row({ name: "马小芳" }),
    ]);
    expect("body" in sheet && sheet.body.map(({ row: number, cells }) => [number, cells[0]])).toEqual([
      [5, "孙秀梅"],
      [7, "马小芳"],
    ]);
  });

  it("names the missing columns of the first row when no row of the top few is a heading", () => {
    expect(readSheet([["城关镇人员名单"], ["姓名", "手机号"], row({})])).toEqual({
      code: "columns-missing",
      params: { columns: "所在党组织" },
    });
  });
});

describe("cellDate", () => {
  it.each<[Cell, string | null]>([
    [new Date("1988-03-12T00:00:00Z"), "1988-03-12"],
    [32214, "1988-03-12"], // a spreadsheet day number
    ["1988-03-12", "1988-03-12"],
    ["1988/3/12", "1988-03-12"],
    ["1988.3.12", "1988-03-12"],
    ["1988年3月12日", "1988-03-12"],
    ["１９８８－０３－１２", "1988-03-12"],
    ["19880312", "1988-03-12"],
    [" ", null],
    [null, null],
  ])("reads %j", (cell, expected) => {
    const read = cellDate(cell);
    expect(read instanceof Date ? read.toISOString().slice(0, 10) : read).toBe(expected);
  });

  it.each<Cell>(["2025-02-30", "3/12/1988", "12/3/1988", "去年", 1.5, -3])("refuses %j", (cell) => {
    expect(cellDate(cell)).toBe("unreadable");
  });
});

describe("orgNamed", () => {
  it.each([
    ["hexi-cun", "o2"],
    ["河西村党支部", "o2"],
    ["河西乡党委/第二党支部", "o3"],
    ["城关镇党委／第二党支部", "o4"],
    ["县委/城关镇党委/城关社区第一党支部", "o1"],
  ])("finds %s", (text, id) => {
    expect(orgNamed(text, ORGS)).toMatchObject({ id });
  });

  it("refuses a name two organizations have, and one nobody has", () => {
    expect(orgNamed("第二党支部", ORGS)).toBe("ambiguous");
    expect(orgNamed("东风村党支部", ORGS)).toBe("unknown");
  });
});

describe("readRow and planRows, a new person's row", () => {
  it("reads an untidy row the way the form reads its fields", () => {
    const number = idCard("41010219880312002");
    const read = readRow(
      5,
      row({
        name: " 赵桂兰 ",
        gender: "女",
        birthDate: 32214,
        ethnicity: "回",
        education: "初中",
        isRural: "是",
        phone: "１３９ ００００ ７７０１",
        idCardNumber: number.toLowerCase(),
        org: " 河西乡党委/河西村党支部 ",
        stage: "入党积极分子",
        stageSince: "2026/3/1",
        activistTier: "近年发展",
      }),
      columns,
      ORGS,
    );
    expect(read.problems).toEqual([]);
    expect(read.orgId).toBe("o2");
    expect(read.fields).toEqual({
      name: "赵桂兰",
      gender: "F",
      birthDate: new Date("1988-03-12"),
      ethnicity: "回族",
      education: "JUNIOR",
      isRural: true,
      occupation: null,
      phone: "13900007701",
      idCardNumber: number,
      stage: "ACTIVIST",
      stageSince: new Date("2026-03-01"),
      activistTier: "NEAR_TERM",
    });
  });

  it.each<[string, Partial<Record<RosterField, Cell>>, string[]]>([
    ["no name", { name: "  " }, ["姓名:name-missing"]],
    ["no organization", { org: null }, ["所在党组织:org-missing"]],
    ["an organization nobody has", { org: "东风村党支部" }, ["所在党组织:org-unknown"]],
    ["a name two organizations have", { org: "第二党支部" }, ["所在党组织:org-ambiguous"]],
    ["a closed organization", { org: "old" }, ["所在党组织:org-closed"]],
    ["a day that does not exist", { birthDate: "2025-02-30" }, ["出生日期:date-unreadable"]],
    ["a month-first date", { birthDate: "3/12/1988" }, ["出生日期:date-unreadable"]],
    ["a gender word not in the list", { gender: "男性" }, ["性别:gender-unknown"]],
    ["an education not in the list", { education: "中专" }, ["学历:education-unknown"]],
    ["a stage not in the list", { stage: "团员" }, ["发展阶段:stage-unknown"]],
    ["a tier not in the list", { stage: "入党积极分子", stageSince: "2026-01-01", activistTier: "重点" }, ["培养类别:tier-unknown"]],
    ["a rural cell neither yes nor no", { isRural: "也许" }, ["农村户籍:rural-unknown"]],
    ["an ethnic group that does not exist", { ethnicity: "火星族" }, ["民族:ethnicity-unknown"]],
    ["a phone too short", { phone: "1390000770" }, ["手机号:phone-format"]],
    ["an ID card kept as a number (its last digits lost)", { idCardNumber: 410102198803120000 }, ["身份证号:id-card-as-number"]],
    ["an ID card with a wrong check character", { idCardNumber: "410102198803120021" }, ["身份证号:id-card-check"]],
    [
      "a birth date the ID card contradicts",
      { idCardNumber: idCard("41010219880312002"), birthDate: "1988-03-13" },
      ["出生日期:birth-date-id-card"],
    ],
    ["a stage without its date", { stage: "入党申请人" }, ["进入阶段日期:stage-since-missing"]],
    [
      "an applicant at sixteen",
      { birthDate: "2010-01-01", stage: "入党申请人", stageSince: "2026-01-01" },
      ["进入阶段日期:stage-too-young"],
    ],
    ["a tier for a non-activist", { activistTier: "当年发展" }, ["培养类别:tier-not-activist"]],
  ])("refuses %s, naming the column", (_, cells, problems) => {
    expect(problemsOf(cells)).toEqual(problems);
  });

  it("reads a phone kept as a number", () => {
    expect(readRow(2, row({ phone: 13900007701 }), columns, ORGS).fields.phone).toBe("13900007701");
  });
});

describe("planRows", () => {
  const number = idCard("41010219880312002");
  const known: KnownPerson = {
    id: "p1",
    homeOrgId: "o2",
    name: "赵桂兰",
    gender: "F",
    birthDate: new Date("1988-03-12"),
    ethnicity: null,
    education: null,
    isRural: true,
    occupation: "种植户",
    phone: "13900007701",
    idCardNumber: number,
    stage: "NONE",
    stageSince: null,
    activistTier: null,
  };
  const read = (rowNumber: number, cells: Partial<Record<RosterField, Cell>>) => readRow(rowNumber, row(cells), columns, ORGS);

  it("creates a new person, leaves one on record as he is, and updates only what a row changes", () => {
    const plans = planRows(
      [
        read(2, { name: "孙秀梅", phone: "13900026619" }),
        read(3, { idCardNumber: number, phone: "13900007701", isRural: "是" }),
        read(4, { phone: "13900007701", occupation: "养殖户" }),
      ],
      [known],
      TODAY,
    );
    expect(plans.map((plan) => plan.kind)).toEqual(["create", "unchanged", "rejected"]);
    // Row 4 names the same phone as row 3: one person, one row.
    expect(plans[2]).toMatchObject({ problems: [{ row: 4, column: "手机号", code: "duplicate-in-file", params: { first: 3 } }] });
    expect(planRows([read(4, { phone: "13900007701", occupation: "养殖户" })], [known], TODAY)).toEqual([
      { row: 4, kind: "update", personId: "p1", changes: { occupation: "养殖户" } },
    ]);
  });

  it("refuses a phone that is another person's, a move to another organization, and what contradicts the record", () => {
    const plans = planRows(
      [
        read(2, { idCardNumber: idCard("44052419800101001"), phone: "13900007701" }),
        read(3, { phone: "13900007701", org: "chengguan-1" }),
        read(4, { phone: "13900007701", birthDate: "1990-01-01" }),
      ],
      [known],
      TODAY,
    );
    expect(plans.map((plan) => (plan.kind === "rejected" ? plan.problems.map((problem) => problem.code) : plan.kind))).toEqual([
      ["phone-other-person"],
      ["duplicate-in-file", "org-differs"],
      ["duplicate-in-file"],
    ]);
    expect(planRows([read(4, { phone: "13900007701", birthDate: "1990-01-01" })], [known], TODAY)).toMatchObject([
      { kind: "rejected", problems: [{ column: "出生日期", code: "birth-date-id-card" }] },
    ]);
  });

  it("finds someone with neither number by his name in the row's organization, once", () => {
    const villager: KnownPerson = { ...known, id: "p2", name: "马小芳", phone: null, idCardNumber: null, birthDate: null, stage: "NONE" };
    const plans = planRows(
      [read(2, { name: "马小芳" }), read(3, { name: "马小芳", org: "chengguan-1" }), read(4, { name: "马小芳" })],
      [villager],
      TODAY,
    );
    expect(plans.map((plan) => plan.kind)).toEqual(["unchanged", "create", "rejected"]);
    expect(plans[2]).toMatchObject({ problems: [{ column: "姓名", code: "name-twice-in-file", params: { first: 2 } }] });
  });

  it("refuses a row with neither number when two of that name are in its organization", () => {
    const villager: KnownPerson = { ...known, id: "p2", name: "马小芳", phone: null, idCardNumber: null, birthDate: null, stage: "NONE" };
    const twins = [villager, { ...villager, id: "p3" }];
    expect(planRows([read(2, { name: "马小芳", occupation: "养殖户" })], twins, TODAY)).toEqual([
      { row: 2, kind: "rejected", problems: [{ row: 2, column: "姓名", code: "person-ambiguous", params: { count: 2 } }] },
    ]);
    // A phone tells them apart: a new person, not one of the two.
    expect(planRows([read(2, { name: "马小芳", phone: "13900026619" })], twins, TODAY)[0]!.kind).toBe("create");
  });

  it("writes a record as a row that reads back as the same record", () => {
    const cells = rosterRow({ ...known, orgPath: ["县委", "河西乡党委", "河西村党支部"] });
    const back = readRow(2, cells, columns, ORGS);
    expect(back.problems).toEqual([]);
    expect(planRows([back], [known], TODAY)).toEqual([{ row: 2, kind: "unchanged", personId: "p1" }]);
  });
});

import { describe, expect, it } from "vitest";
import { ethnicityNamed, maskIdCard, normalizePhone, NewPersonSchema, personProblems, readIdCard, type PersonFields } from "./people.ts";

describe("normalizePhone", () => {
  it.each([
    ["13800000001", "13800000001"],
    [" 138 0000 0001 ", "13800000001"],
    ["１３８００００００01", "13800000001"],
    ["138-0000-0001", "13800000001"],
    ["+8613800000001", "13800000001"],
    ["8613800000001", "13800000001"],
  ])("reads %j as %s", (raw, phone) => {
    expect(normalizePhone(raw)).toEqual({ phone });
  });

  it.each(["1380000000", "23800000001", "138000000012", "0371-6666666", "abc"])("refuses %j", (raw) => {
    expect(normalizePhone(raw)).toEqual({ problem: "phone-format" });
  });
});

describe("readIdCard", () => {
  it("reads a number with its birth date and gender, a lower-case x and full-width digits allowed", () => {
    expect(readIdCard("11010519491231002x")).toEqual({ idCard: "11010519491231002X", birthDate: new Date("1949-12-31"), gender: "F" });
    const number = withCheck("44052419800101001");
    const fullWidth = [...number].map((digit) => String.fromCharCode(digit.charCodeAt(0) + 0xfee0)).join("");
    expect(readIdCard(` ${fullWidth} `)).toEqual({ idCard: number, birthDate: new Date("1980-01-01"), gender: "M" });
  });

  it.each([
    ["1101051949123100", "id-card-format"],
    ["11010519491231002Y", "id-card-format"],
    ["110105194912310021", "id-card-check"], // the check character mistyped
    ["11010519491231020X", "id-card-check"], // two digits swapped
  ])("refuses %s: %s", (raw, problem) => {
    expect(readIdCard(raw)).toEqual({ problem });
  });

  it("refuses a number whose birth date does not exist, even with the right check character", () => {
    expect(readIdCard(withCheck("11010520250230001"))).toEqual({ problem: "id-card-birth-date" });
  });

  it("masks all but the first three and last four", () => {
    expect(maskIdCard("11010519491231002X")).toBe("110***********002X");
  });
});

/** The number with its right check character, for making test numbers. */
function withCheck(seventeen: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((total, weight, index) => total + weight * Number(seventeen[index]), 0);
  return seventeen + "10X98765432"[sum % 11];
}

describe("ethnicityNamed", () => {
  it.each([
    ["回族", "回族"],
    ["回", "回族"],
    [" 蒙古族 ", "蒙古族"],
    ["维吾尔", "维吾尔族"],
    ["火星族", null],
    ["", null],
  ])("%j names %j", (value, named) => {
    expect(ethnicityNamed(value)).toBe(named);
  });
});

const TODAY = new Date("2026-12-03");
const person: PersonFields = {
  name: "张三",
  gender: "M",
  birthDate: new Date("1990-05-01"),
  ethnicity: "汉族",
  education: "HIGH_SCHOOL",
  isRural: true,
  occupation: null,
  phone: "13800000001",
  idCardNumber: null,
  stage: "ACTIVIST",
  stageSince: new Date("2025-03-01"),
  activistTier: "NEAR_TERM",
};

describe("personProblems", () => {
  it("finds nothing in a consistent record", () => {
    expect(personProblems(person, TODAY)).toEqual([]);
  });

  it.each<[string, Partial<PersonFields>, string[]]>([
    ["a birth date to come", { birthDate: new Date("2027-01-01"), stage: "NONE", activistTier: null }, ["birth-date-future"]],
    ["a birth date before 1900", { birthDate: new Date("1899-12-31") }, ["birth-date-early"]],
    ["a birth date the ID card contradicts", { idCardNumber: withCheck("41010219900502001") }, ["birth-date-id-card"]],
    ["a gender the ID card contradicts", { idCardNumber: withCheck("41010219900501002") }, ["gender-id-card"]],
    ["a stage with no date", { stageSince: null }, ["stage-since-missing"]],
    ["a stage begun tomorrow", { stageSince: new Date("2026-12-04") }, ["stage-since-future"]],
    ["a stage begun before birth", { stageSince: new Date("1980-01-01") }, ["stage-since-before-birth"]],
    ["a stage begun at seventeen", { stageSince: new Date("2008-04-30") }, ["stage-too-young"]],
    ["a tier for an applicant", { stage: "APPLICANT" }, ["tier-not-activist"]],
  ])("refuses %s", (_, change, codes) => {
    expect(personProblems({ ...person, ...change }, TODAY).map((problem) => problem.code)).toEqual(codes);
  });

  it("takes a stage begun on the eighteenth birthday", () => {
    expect(personProblems({ ...person, stageSince: new Date("2008-05-01") }, TODAY)).toEqual([]);
  });
});

describe("NewPersonSchema", () => {
  it("reads the form's strings into a record", () => {
    const parsed = NewPersonSchema.parse({
      name: " 李四 ",
      gender: "F",
      birthDate: "1995-02-28",
      ethnicity: "回",
      isRural: true,
      phone: "１３９００００００02",
      idCardNumber: "",
      stage: "APPLICANT",
      stageSince: "2026-01-05",
      orgId: "org",
    });
    expect(parsed).toMatchObject({
      name: "李四",
      birthDate: new Date("1995-02-28"),
      ethnicity: "回族",
      phone: "13900000002",
      idCardNumber: null,
    });
  });

  it("says which field is wrong and why", () => {
    const result = NewPersonSchema.safeParse({ name: "", birthDate: "2025-02-30", phone: "123", ethnicity: "火星", orgId: "" });
    expect(result.success).toBe(false);
    const messages = Object.fromEntries(result.error!.issues.map((issue) => [issue.path.join("."), issue.message]));
    expect(messages).toEqual({
      name: "people.problems.name-empty",
      birthDate: "people.problems.date-format",
      phone: "people.problems.phone-format",
      ethnicity: "people.problems.ethnicity-unknown",
      orgId: "people.problems.org-outside",
    });
  });
});

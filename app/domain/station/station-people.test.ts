import { describe, expect, it } from "vitest";
import { linkProblem, normalizePhone, phoneMatches, registrationProblem, VillagerSchema } from "./station-people.ts";

describe("normalizePhone: a mobile number as people type it", () => {
  it.each([
    ["13812345678", "13812345678"],
    [" 13812345678 ", "13812345678"],
    ["138 1234 5678", "13812345678"],
    ["138-1234-5678", "13812345678"],
    ["１３８１２３４５６７８", "13812345678"],
    ["+86 138 1234 5678", "13812345678"],
    ["8613812345678", "13812345678"],
    ["（138）12345678", "13812345678"],
    // Not a mobile number: handed back trimmed, for the form to refuse.
    [" 0571-8888888 ", "0571-8888888"],
    ["1381234567", "1381234567"],
    ["", ""],
  ])("%j → %j", (typed, expected) => {
    expect(normalizePhone(typed)).toBe(expected);
  });
});

describe("VillagerSchema: the name required, the phone optional and a mobile number", () => {
  it.each([
    [{ name: "王芳", phone: "１３８ 1234 5678" }, { name: "王芳", phone: "13812345678" }, null],
    [{ name: " 王芳 ", phone: "" }, { name: "王芳" }, null],
    [{ name: "王芳", phone: "   " }, { name: "王芳" }, null],
    [{ name: "王芳" }, { name: "王芳" }, null],
    [{ name: "", phone: "13812345678" }, null, ["name", "station.tv.walkInProblems.name"]],
    [{ name: "王".repeat(51) }, null, ["name", "station.tv.walkInProblems.name"]],
    [{ name: "王芳", phone: "0571-8888888" }, null, ["phone", "station.tv.walkInProblems.phone"]],
  ])("%j", (input, value, problem) => {
    const parsed = VillagerSchema.safeParse(input);
    if (value) {
      expect(parsed.success && parsed.data).toEqual(value);
    } else {
      expect(parsed.success).toBe(false);
      const [field, message] = problem!;
      expect(parsed.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([[field, message]]);
    }
  });
});

const members = [
  { id: "u1", name: "李明", phone: "13800000001" },
  { id: "u2", name: "赵强", phone: null },
];
const villagers = [{ id: "v1", name: "王芳", phone: "13900000009" }];

describe("registrationProblem: one record per phone among the station's people", () => {
  it.each([
    { phone: null, expected: null },
    { phone: "13700000000", expected: null },
    { phone: "13800000001", expected: { kind: "phone-of-member", name: "李明" } },
    { phone: "13900000009", expected: { kind: "phone-registered", name: "王芳" } },
  ])("$phone", ({ phone, expected }) => {
    expect(registrationProblem(phone, villagers, members)).toEqual(expected);
  });
});

describe("linkProblem: a villager's record goes to one account, an account takes one record, and something must say it is him", () => {
  const phoned = { userId: null, phone: "13900000009" };
  const noPhone = { userId: null, phone: null };
  it.each([
    {
      name: "same phone, another organization",
      villager: phoned,
      account: { id: "u1", phone: "13900000009", servedByStation: false },
      linked: [],
      expected: null,
    },
    {
      name: "no phone, one of the station's people",
      villager: noPhone,
      account: { id: "u1", phone: "13800000001", servedByStation: true },
      linked: [],
      expected: null,
    },
    {
      name: "another phone, one of the station's people",
      villager: phoned,
      account: { id: "u1", phone: "13800000001", servedByStation: true },
      linked: [],
      expected: null,
    },
    {
      name: "another phone, elsewhere",
      villager: phoned,
      account: { id: "u1", phone: "13800000001", servedByStation: false },
      linked: [],
      expected: "not-him",
    },
    {
      name: "no phone, elsewhere",
      villager: noPhone,
      account: { id: "u1", phone: null, servedByStation: false },
      linked: [],
      expected: "not-him",
    },
    {
      name: "already linked",
      villager: { userId: "u9", phone: null },
      account: { id: "u1", phone: null, servedByStation: true },
      linked: ["u9"],
      expected: "already-linked",
    },
    {
      name: "the account taken",
      villager: phoned,
      account: { id: "u1", phone: "13900000009", servedByStation: true },
      linked: ["u1"],
      expected: "account-taken",
    },
  ])("$name → $expected", ({ villager, account, linked, expected }) => {
    expect(linkProblem(villager, account, new Set(linked))).toBe(expected);
  });
});

describe("phoneMatches: accounts with the villager's phone, proposed for a person to confirm", () => {
  const accounts = [
    { id: "a1", name: "王芳", phone: "13900000009" },
    { id: "a2", name: "张伟", phone: "13900000010" },
    { id: "a3", name: "王芳芳", phone: "13900000010" },
    { id: "a4", name: "刘洋", phone: null },
  ];
  it.each([
    {
      name: "a phone an account has",
      villager: { id: "v", name: "王芳", phone: "13900000009", userId: null },
      linked: [],
      expected: ["a1"],
    },
    {
      name: "two accounts with it (both proposed)",
      villager: { id: "v", name: "张伟", phone: "13900000010", userId: null },
      linked: [],
      expected: ["a2", "a3"],
    },
    { name: "no account with it", villager: { id: "v", name: "孙丽", phone: "13900000011", userId: null }, linked: [], expected: null },
    { name: "no phone", villager: { id: "v", name: "刘洋", phone: null, userId: null }, linked: [], expected: null },
    { name: "already linked", villager: { id: "v", name: "王芳", phone: "13900000009", userId: "a1" }, linked: ["a1"], expected: null },
    {
      name: "the account taken by another record",
      villager: { id: "v", name: "王芳", phone: "13900000009", userId: null },
      linked: ["a1"],
      expected: null,
    },
  ])("$name", ({ villager, linked, expected }) => {
    const matches = phoneMatches([villager], accounts, new Set(linked));
    expect(matches.get("v")?.map((account) => account.id) ?? null).toEqual(expected);
  });
});

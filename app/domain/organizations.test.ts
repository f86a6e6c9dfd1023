import { describe, expect, it } from "vitest";
import {
  childPath,
  closeProblems,
  creationProblems,
  endTrainingProblems,
  entrustProblems,
  generatedCode,
  inReach,
  inTreeOrder,
  kindsUnder,
  mayNestUnder,
  mobileProblems,
  moveProblems,
  moveSourceProblems,
  NewOrganizationSchema,
  OrganizationActionSchema,
  orgCodeProblem,
  pathDepth,
  renameProblems,
  rewrittenPaths,
  rootIdOf,
  type OrgFacts,
  type OrgKind,
} from "./organizations.ts";

/** A small county: 县委 c → 乡镇 t1 (总支 g1 → 支部 b1), 支部 b2; 乡镇 t2 → 支部 b3; a closed 支部 x under t2. */
const org = (id: string, kind: OrgKind, path: string, parentId: string | null, closed = false): OrgFacts => ({
  id,
  code: id,
  kind,
  path,
  parentId,
  closed,
});
const c = org("c", "COUNTY", "/c/", null);
const t1 = org("t1", "TOWNSHIP", "/c/t1/", "c");
const g1 = org("g1", "GENERAL_BRANCH", "/c/t1/g1/", "t1");
const b1 = org("b1", "BRANCH", "/c/t1/g1/b1/", "g1");
const b2 = org("b2", "BRANCH", "/c/t1/b2/", "t1");
const t2 = org("t2", "TOWNSHIP", "/c/t2/", "c");
const b3 = org("b3", "BRANCH", "/c/t2/b3/", "t2");
const x = org("x", "BRANCH", "/c/t2/x/", "t2", true);
const other = org("o", "TOWNSHIP", "/k/o/", "k");
const COUNTY_ADMIN = ["/c/"];
const T1_ADMIN = ["/c/t1/"];
const PLATFORM = [""];

describe("nesting", () => {
  it.each<[OrgKind, OrgKind, boolean]>([
    ["TOWNSHIP", "COUNTY", true],
    ["GENERAL_BRANCH", "TOWNSHIP", true],
    ["BRANCH", "TOWNSHIP", true],
    ["BRANCH", "GENERAL_BRANCH", true],
    ["COUNTY", "COUNTY", false],
    ["TOWNSHIP", "TOWNSHIP", false],
    ["GENERAL_BRANCH", "COUNTY", false],
    ["GENERAL_BRANCH", "GENERAL_BRANCH", false],
    ["BRANCH", "COUNTY", false],
    ["BRANCH", "BRANCH", false],
    ["TOWNSHIP", "BRANCH", false],
  ])("%s under %s: %s", (child, parent, allowed) => {
    expect(mayNestUnder(child, parent)).toBe(allowed);
  });

  it.each<[OrgKind, string[]]>([
    ["COUNTY", ["TOWNSHIP"]],
    ["TOWNSHIP", ["GENERAL_BRANCH", "BRANCH"]],
    ["GENERAL_BRANCH", ["BRANCH"]],
    ["BRANCH", []],
  ])("under a %s may be created: %j", (parent, kinds) => {
    expect(kindsUnder(parent)).toEqual(kinds);
  });
});

describe("paths", () => {
  it("makes, measures and reads paths", () => {
    expect(childPath("/c/t1/", "b9")).toBe("/c/t1/b9/");
    expect(pathDepth("/c/")).toBe(1);
    expect(pathDepth("/c/t1/g1/b1/")).toBe(4);
    expect(rootIdOf("/c/t1/g1/")).toBe("c");
    expect(rootIdOf("")).toBe("");
  });

  it.each<[string, string[], boolean]>([
    ["/c/t1/b2/", ["/c/t1/"], true],
    ["/c/t1/", ["/c/t1/"], true],
    ["/c/t2/", ["/c/t1/"], false],
    ["/c/", ["/c/t1/"], false],
    ["/k/o/", [""], true],
    ["/c/", [], false],
  ])("%s within %j: %s", (path, roots, within) => {
    expect(inReach(path, roots)).toBe(within);
  });

  it("rewrites the paths of a moved subtree and of nothing else", () => {
    const rows = [t1, g1, b1, b2, t2, b3].map(({ id, path }) => ({ id, path }));
    expect(rewrittenPaths(g1, t2.path, rows)).toEqual([
      { id: "g1", from: "/c/t1/g1/", to: "/c/t2/g1/" },
      { id: "b1", from: "/c/t1/g1/b1/", to: "/c/t2/g1/b1/" },
    ]);
  });

  it("orders a tree parent first, siblings by kind then name, depth from the shallowest", () => {
    const nodes = [
      { id: "b2", parentId: "t1", path: "/c/t1/b2/", kind: "BRANCH", name: "甲村党支部" },
      { id: "b1", parentId: "g1", path: "/c/t1/g1/b1/", kind: "BRANCH", name: "第一党支部" },
      { id: "g1", parentId: "t1", path: "/c/t1/g1/", kind: "GENERAL_BRANCH", name: "乙社区党总支" },
      { id: "t1", parentId: "c", path: "/c/t1/", kind: "TOWNSHIP", name: "城关镇党委" },
    ];
    expect(inTreeOrder(nodes).map((node) => [node.id, node.depth])).toEqual([
      ["t1", 0],
      ["g1", 1],
      ["b1", 2],
      ["b2", 1],
    ]);
  });
});

describe("codes", () => {
  it.each<[string, string | null]>([
    ["hexi-cun", null],
    ["chengguan-2", null],
    ["a1", null],
    ["a", "code-length"],
    ["a".repeat(41), "code-length"],
    ["Hexi", "code-characters"],
    ["-hexi", "code-characters"],
    ["hexi-", "code-characters"],
    ["he--xi", "code-characters"],
    ["河西", "code-characters"],
    ["he xi", "code-characters"],
  ])("%j: %s", (code, problem) => {
    expect(orgCodeProblem(code)).toBe(problem);
  });

  it("generates the first free number after the parent's code, within 40 characters", () => {
    expect(generatedCode("hexi", new Set())).toBe("hexi-1");
    expect(generatedCode("hexi", new Set(["hexi-1", "hexi-2"]))).toBe("hexi-3");
    const long = "a".repeat(37) + "-bc";
    const code = generatedCode(long, new Set());
    expect(code.length).toBeLessThanOrEqual(40);
    expect(code).toBe("a".repeat(37) + "-1");
    expect(orgCodeProblem(code)).toBeNull();
  });
});

describe("forms", () => {
  it("reads a new organization: name trimmed, code lowercased, an unticked box as no", () => {
    const parsed = NewOrganizationSchema.parse({ parentId: "t1", name: " 新村党支部 ", code: " XC-1 ", kind: "BRANCH" });
    expect(parsed).toEqual({ parentId: "t1", name: "新村党支部", code: "xc-1", kind: "BRANCH", isMobile: false });
    expect(NewOrganizationSchema.parse({ parentId: "t1", name: "甲", kind: "BRANCH", isMobile: "on" }).code).toBe("");
  });

  it.each<[string, Record<string, string>, string]>([
    ["no name", { parentId: "t1", name: " ", kind: "BRANCH" }, "organizations.problems.name-empty"],
    ["a long name", { parentId: "t1", name: "长".repeat(51), kind: "BRANCH" }, "organizations.problems.name-long"],
    ["a bad code", { parentId: "t1", name: "甲", code: "甲", kind: "BRANCH" }, "organizations.problems.code-characters"],
    ["a county", { parentId: "t1", name: "甲", kind: "COUNTY" }, "organizations.problems.kind"],
    ["no parent", { name: "甲", kind: "BRANCH" }, "organizations.problems.parent-outside"],
  ])("refuses %s", (_, form, message) => {
    const result = NewOrganizationSchema.safeParse(form);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toContain(message);
  });

  it.each<[Record<string, string>, string]>([
    [{ intent: "close" }, "organizations.problems.close-confirm"],
    [{ intent: "move", parentId: "" }, "organizations.problems.move-choose"],
    [{ intent: "entrust", userId: "u", trainingOrgId: "b3", startedOn: "2026-02-30" }, "organizations.problems.date-format"],
    [{ intent: "entrust", userId: "u", trainingOrgId: "b3", startedOn: "6/12/2026" }, "organizations.problems.date-format"],
    [{ intent: "entrust", userId: "", trainingOrgId: "b3", startedOn: "2026-06-12" }, "organizations.problems.person-choose"],
    [{ intent: "end-training", trainingId: "t" }, "organizations.problems.date-empty"],
  ])("refuses the page's form %j", (form, message) => {
    const result = OrganizationActionSchema.safeParse(form);
    expect(result.error?.issues.map((issue) => issue.message)).toContain(message);
  });

  it("reads a ticked close, a mobile box and a day", () => {
    expect(OrganizationActionSchema.parse({ intent: "close", confirm: "on" })).toEqual({ intent: "close", confirm: true });
    expect(OrganizationActionSchema.parse({ intent: "mobile" })).toEqual({ intent: "mobile", isMobile: false });
    expect(OrganizationActionSchema.parse({ intent: "end-training", trainingId: "t", endedOn: "2026-06-12" })).toEqual({
      intent: "end-training",
      trainingId: "t",
      endedOn: new Date("2026-06-12T00:00:00Z"),
    });
  });
});

describe("creationProblems", () => {
  const form: Parameters<typeof creationProblems>[0] = { kind: "BRANCH", isMobile: false, code: "", name: "新村党支部" };
  const facts: Parameters<typeof creationProblems>[1] = { parent: t1, roots: T1_ADMIN, codeTaken: false, siblingNames: ["甲村党支部"] };
  it.each<[string, Partial<typeof form>, Partial<typeof facts>, string[]]>([
    ["a branch under his township", {}, {}, []],
    ["under his own organization's top", {}, { parent: t1 }, []],
    ["anywhere, as platform admin", {}, { parent: t2, roots: PLATFORM }, []],
    ["a parent above his subtree", { kind: "TOWNSHIP" }, { parent: c }, ["parentId:parent-outside"]],
    ["a parent in another subtree", {}, { parent: t2 }, ["parentId:parent-outside"]],
    ["no parent", {}, { parent: null }, ["parentId:parent-outside"]],
    ["a closed parent", {}, { parent: { ...t1, closed: true } }, ["parentId:parent-closed"]],
    ["a township under a township", { kind: "TOWNSHIP" }, {}, ["kind:kind-under-parent"]],
    ["a branch under a branch", {}, { parent: b2 }, ["kind:kind-under-parent"]],
    ["a mobile general branch", { kind: "GENERAL_BRANCH", isMobile: true }, {}, ["isMobile:mobile-not-branch"]],
    ["a mobile branch", { isMobile: true }, {}, []],
    ["a code taken", { code: "hexi" }, { codeTaken: true }, ["code:code-taken"]],
    ["a sibling's name, spaced and full-width", { name: " 甲村党支部" }, {}, ["name:name-taken"]],
  ])("%s", (_, formChanges, factChanges, expected) => {
    const problems = creationProblems({ ...form, ...formChanges }, { ...facts, ...factChanges });
    expect(problems.map((problem) => `${problem.field}:${problem.code}`)).toEqual(expected);
  });
});

describe("renameProblems", () => {
  const named = { ...b2, name: "甲村党支部" };
  it.each<[string, typeof named, string, string[]]>([
    ["a new name", named, "乙村党支部", []],
    ["the same name", named, " 甲村党支部 ", ["name-unchanged"]],
    ["a sibling's name", named, "丙村党支部", ["name-taken"]],
    ["a closed organization", { ...named, closed: true }, "乙村党支部", ["org-closed"]],
  ])("%s", (_, target, name, expected) => {
    expect(renameProblems(target, name, ["丙村党支部"]).map((problem) => problem.code)).toEqual(expected);
  });
});

describe("mobileProblems", () => {
  it.each<[string, OrgFacts & { isMobile: boolean }, boolean, string[]]>([
    ["a branch made mobile", { ...b2, isMobile: false }, true, []],
    ["a mobile branch made ordinary", { ...b2, isMobile: true }, false, []],
    ["a township made mobile", { ...t1, isMobile: false }, true, ["mobile-not-branch"]],
    ["a general branch unmarked (an old row)", { ...g1, isMobile: true }, false, []],
    ["nothing changed", { ...b2, isMobile: true }, true, ["mobile-unchanged"]],
    ["a closed branch", { ...x, isMobile: false }, true, ["org-closed"]],
  ])("%s", (_, target, isMobile, expected) => {
    expect(mobileProblems(target, isMobile).map((problem) => problem.code)).toEqual(expected);
  });
});

describe("moving", () => {
  it.each<[string, OrgFacts, string[], string[]]>([
    ["an organization below his top", g1, T1_ADMIN, []],
    ["his own organization", t1, T1_ADMIN, ["move-own-root"]],
    ["the county", c, PLATFORM, ["move-root"]],
    ["a closed organization", x, COUNTY_ADMIN, ["org-closed"]],
  ])("may move %s: %j", (_, source, roots, expected) => {
    expect(moveSourceProblems(source, roots).map((problem) => problem.code)).toEqual(expected);
  });

  it.each<[string, OrgFacts, OrgFacts | null, string[], string[]]>([
    ["a branch to another township", b2, t2, COUNTY_ADMIN, []],
    ["a branch to a general branch", b2, g1, T1_ADMIN, []],
    ["a general branch to another township", g1, t2, COUNTY_ADMIN, []],
    ["a branch under his own top from below", b1, t1, T1_ADMIN, []],
    ["to a township outside his subtree", b2, t2, T1_ADMIN, ["target-outside"]],
    ["above his subtree", g1, c, T1_ADMIN, ["target-outside"]],
    ["to a township of another county, as platform admin", b2, other, PLATFORM, []],
    ["to nothing", b2, null, COUNTY_ADMIN, ["target-outside"]],
    ["under itself", g1, g1, COUNTY_ADMIN, ["move-into-itself"]],
    ["under its own branch", g1, b1, COUNTY_ADMIN, ["move-into-itself"]],
    ["under its present parent", b2, t1, COUNTY_ADMIN, ["move-same-parent"]],
    ["under a closed organization", b3, { ...t1, closed: true }, COUNTY_ADMIN, ["parent-closed"]],
    ["a branch under a branch", b3, b2, COUNTY_ADMIN, ["kind-under-parent"]],
    ["a general branch under the county", g1, c, COUNTY_ADMIN, ["kind-under-parent"]],
    ["his own top", t1, t2, T1_ADMIN, ["move-own-root"]],
  ])("%s", (_, source, target, roots, expected) => {
    expect(moveProblems(source, target, roots).map((problem) => problem.code)).toEqual(expected);
  });

  it("says which kinds in a refusal of the nesting rule", () => {
    expect(moveProblems(b3, b2, COUNTY_ADMIN)).toEqual([
      { field: "parentId", code: "kind-under-parent", params: { kind: "BRANCH", parentKind: "BRANCH" } },
    ]);
  });
});

describe("closeProblems", () => {
  const empty = { people: 0, openChildren: 0, stations: 0, trainees: 0 };
  it.each<[string, OrgFacts, Partial<typeof empty>, string[], string[]]>([
    ["an empty branch", b2, {}, T1_ADMIN, []],
    ["people at home", b2, { people: 3 }, T1_ADMIN, ["close-has-people:3"]],
    ["open organizations under it", g1, { openChildren: 1 }, T1_ADMIN, ["close-has-children:1"]],
    ["a station", b2, { stations: 2 }, T1_ADMIN, ["close-has-stations:2"]],
    ["trainees of elsewhere", b2, { trainees: 1 }, T1_ADMIN, ["close-has-trainees:1"]],
    [
      "all of them, each counted",
      g1,
      { people: 2, openChildren: 1, stations: 1, trainees: 4 },
      T1_ADMIN,
      ["close-has-people:2", "close-has-children:1", "close-has-stations:1", "close-has-trainees:4"],
    ],
    ["his own organization", t1, {}, T1_ADMIN, ["close-own-root:"]],
    ["the county", c, {}, PLATFORM, ["close-root:"]],
    ["one closed already", x, {}, COUNTY_ADMIN, ["org-closed:"]],
  ])("%s", (_, target, facts, roots, expected) => {
    const problems = closeProblems(target, { ...empty, ...facts }, roots);
    expect(problems.map((problem) => `${problem.code}:${problem.params?.count ?? ""}`)).toEqual(expected);
  });
});

describe("entrusted training", () => {
  const today = new Date("2026-06-12T00:00:00Z");
  const base = {
    home: b1,
    person: { homeOrgId: "b1", active: true },
    trainingOrg: { ...b3, name: "乙村党支部" },
    openTrainingOrgName: null,
    startedOn: new Date("2026-06-01T00:00:00Z"),
    today,
  };
  it.each<[string, Partial<Parameters<typeof entrustProblems>[0]>, string[]]>([
    ["a person of here to another branch of the county", {}, []],
    ["starting today", { startedOn: today }, []],
    ["a person of elsewhere", { person: { homeOrgId: "b2", active: true } }, ["userId:person-not-here"]],
    ["a deactivated person", { person: { homeOrgId: "b1", active: false } }, ["userId:person-not-here"]],
    ["nobody", { person: null }, ["userId:person-not-here"]],
    ["one trained elsewhere already", { openTrainingOrgName: "丙" }, ["userId:training-open"]],
    ["to his own organization", { trainingOrg: { ...b1, name: "甲" } }, ["trainingOrgId:training-org-home"]],
    ["to a closed organization", { trainingOrg: { ...x, name: "撤" } }, ["trainingOrgId:training-org-closed"]],
    ["to another county", { trainingOrg: { ...other, name: "外" } }, ["trainingOrgId:training-org-outside"]],
    ["to nothing", { trainingOrg: null }, ["trainingOrgId:training-org-outside"]],
    ["from tomorrow", { startedOn: new Date("2026-06-13T00:00:00Z") }, ["startedOn:date-future"]],
    ["from a closed organization", { home: { ...b1, closed: true } }, [":org-closed"]],
  ])("%s", (_, changes, expected) => {
    expect(entrustProblems({ ...base, ...changes }).map((problem) => `${problem.field}:${problem.code}`)).toEqual(expected);
  });

  it.each<[string, Date | null, string, string[]]>([
    ["ended today", null, "2026-06-12", []],
    ["ended the day it started", null, "2026-06-01", []],
    ["ended before it started", null, "2026-05-31", ["end-before-start"]],
    ["ended tomorrow", null, "2026-06-13", ["date-future"]],
    ["ended twice", new Date("2026-06-05T00:00:00Z"), "2026-06-10", ["training-ended"]],
  ])("%s", (_, endedOn, day, expected) => {
    const training = { startedOn: new Date("2026-06-01T00:00:00Z"), endedOn };
    expect(endTrainingProblems(training, new Date(`${day}T00:00:00Z`), today).map((problem) => problem.code)).toEqual(expected);
  });
});

import { describe, expect, it } from "vitest";
import type { HeldRole } from "../access.ts";
import { codeProblem, operatorRolePlan, StationFormSchema, stationProblems, type StationFacts } from "./station-admin.ts";

describe("codeProblem: a station number that reads in an address", () => {
  it.each([
    ["hexi-station", null],
    ["3201-05", null],
    ["yzc", null],
    ["yz", "code-length"],
    ["a".repeat(40), null],
    ["", "code-empty"],
    ["河西站", "code-characters"],
    ["hexi station", "code-characters"],
    ["hexi_station", "code-characters"],
    ["HeXi", "code-characters"],
    ["-hexi", "code-characters"],
    ["hexi-", "code-characters"],
    ["he--xi", "code-characters"],
    ["x", "code-length"],
    ["a".repeat(41), "code-length"],
    ["new", "code-reserved"],
    ["edit", "code-reserved"],
  ])("%j → %s", (code, expected) => {
    expect(codeProblem(code)).toBe(expected);
  });
});

describe("StationFormSchema: the form as the admin fills it in", () => {
  const filled = { code: "yangzhuang-1", name: "杨庄村站点", orgId: "org-1", connectivity: "POOR" };

  it("trims and lowercases the number, takes no operator at all, and leaves empty texts empty", () => {
    const parsed = StationFormSchema.safeParse({ ...filled, code: "  YangZhuang-1 ", operatorIds: [] });
    expect(parsed.success && parsed.data).toEqual({
      code: "yangzhuang-1",
      name: "杨庄村站点",
      village: "",
      address: "",
      orgId: "org-1",
      operatorIds: [],
      equipment: "",
      connectivity: "POOR",
    });
  });

  it("takes each text at its longest: name and village 50, address 100, equipment 200", () => {
    const longest = { name: "站".repeat(50), village: "村".repeat(50), address: "路".repeat(100), equipment: "电".repeat(200) };
    const parsed = StationFormSchema.safeParse({ ...filled, operatorIds: [], ...longest });
    expect(parsed.success && parsed.data).toMatchObject(longest);
  });

  it.each<[Record<string, unknown>, string, string]>([
    [{ code: "杨庄" }, "code", "station.manage.problems.code-characters"],
    [{ code: "new" }, "code", "station.manage.problems.code-reserved"],
    [{ name: "   " }, "name", "station.manage.problems.name-empty"],
    [{ name: "站".repeat(51) }, "name", "station.manage.problems.name-long"],
    [{ village: "村".repeat(51) }, "village", "station.manage.problems.village-long"],
    [{ address: "路".repeat(101) }, "address", "station.manage.problems.address-long"],
    [{ orgId: "" }, "orgId", "station.manage.problems.org-outside"],
    [{ connectivity: "WIFI" }, "connectivity", "station.manage.problems.connectivity"],
    [{ equipment: "电视".repeat(101) }, "equipment", "station.manage.problems.equipment-long"],
  ])("%j is refused on %s", (change, field, message) => {
    const parsed = StationFormSchema.safeParse({ ...filled, operatorIds: [], ...change });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([[field, message]]);
  });
});

describe("stationProblems: the rules that need the database's facts", () => {
  const facts = (change: Partial<StationFacts> = {}): StationFacts => ({
    current: null,
    codeTaken: false,
    orgInReach: true,
    eligible: new Set(["zhao", "he"]),
    names: new Map([
      ["zhao", "赵管理员"],
      ["he", "何大山"],
      ["wu", "吴建国"],
    ]),
    ...change,
  });
  const running = { code: "hexi-station", orgId: "hexi-cun", hasSessions: true, running: true };
  const fresh = { code: "hexi-new", orgId: "hexi-cun", hasSessions: false, running: false };

  it.each<[string, { code: string; orgId: string; operatorIds: string[] }, StationFacts, unknown[]]>([
    ["a new station with two operators of its organization", { code: "a1", orgId: "o", operatorIds: ["zhao", "he"] }, facts(), []],
    ["a new station with nobody named yet", { code: "a1", orgId: "o", operatorIds: [] }, facts(), []],
    [
      "a number another station has",
      { code: "hexi-station", orgId: "o", operatorIds: [] },
      facts({ codeTaken: true }),
      [{ field: "code", code: "code-taken", params: { code: "hexi-station" } }],
    ],
    [
      "the station keeping its own number",
      { code: "hexi-station", orgId: "hexi-cun", operatorIds: [] },
      facts({ current: running, codeTaken: true }),
      [],
    ],
    [
      "a new number once the station has held a session",
      { code: "hexi-1", orgId: "hexi-cun", operatorIds: [] },
      facts({ current: running }),
      [{ field: "code", code: "code-fixed", params: { code: "hexi-station" } }],
    ],
    ["a new number before any session", { code: "hexi-1", orgId: "hexi-cun", operatorIds: [] }, facts({ current: fresh }), []],
    [
      "an organization outside the admin's subtree (operators then not judged)",
      { code: "a1", orgId: "far", operatorIds: ["wu"] },
      facts({ orgInReach: false }),
      [{ field: "orgId", code: "org-outside" }],
    ],
    [
      "another organization while a session runs",
      { code: "hexi-station", orgId: "yangzhuang", operatorIds: [] },
      facts({ current: running }),
      [{ field: "orgId", code: "org-running" }],
    ],
    [
      "another organization when nothing runs",
      { code: "hexi-station", orgId: "yangzhuang", operatorIds: [] },
      facts({ current: { ...running, running: false } }),
      [],
    ],
    [
      "an operator who is not a person of the organization's subtree, named",
      { code: "a1", orgId: "o", operatorIds: ["zhao", "wu"] },
      facts(),
      [{ field: "operatorIds", code: "operator-outside", params: { name: "吴建国" } }],
    ],
    [
      "an operator nobody knows",
      { code: "a1", orgId: "o", operatorIds: ["ghost", "ghost"] },
      facts(),
      [{ field: "operatorIds", code: "operator-unknown" }],
    ],
  ])("%s", (_, form, given, expected) => {
    expect(stationProblems(form, given)).toEqual(expected);
  });
});

describe("operatorRolePlan: the STATION_OPERATOR role that goes with being named", () => {
  const hexiCun = "/county/hexi/hexi-cun/";
  const yangzhuang = "/county/hexi/yangzhuang/";
  const learnerAt = (orgPath: string): HeldRole => ({ role: "LEARNER", orgPath });
  const operatorAt = (orgPath: string): HeldRole => ({ role: "STATION_OPERATOR", orgPath });

  it.each<[string, Parameters<typeof operatorRolePlan>[0], ReturnType<typeof operatorRolePlan>]>([
    [
      "a learner named gets the role at the station's organization",
      {
        stationOrgPath: hexiCun,
        operatorsAfter: ["he"],
        people: [{ userId: "he", roles: [learnerAt(hexiCun)], given: [], otherStationOrgPaths: [] }],
      },
      { grant: ["he"], withdraw: [] },
    ],
    [
      "an operator already there gets nothing more",
      {
        stationOrgPath: hexiCun,
        operatorsAfter: ["zhao"],
        people: [{ userId: "zhao", roles: [operatorAt(hexiCun)], given: [], otherStationOrgPaths: [] }],
      },
      { grant: [], withdraw: [] },
    ],
    [
      "an admin of the township above reaches the station already",
      {
        stationOrgPath: hexiCun,
        operatorsAfter: ["zhou"],
        people: [{ userId: "zhou", roles: [{ role: "ORG_ADMIN", orgPath: "/county/hexi/" }], given: [], otherStationOrgPaths: [] }],
      },
      { grant: [], withdraw: [] },
    ],
    [
      "an operator of a sibling village does not reach this one",
      {
        stationOrgPath: hexiCun,
        operatorsAfter: ["wu"],
        people: [{ userId: "wu", roles: [operatorAt(yangzhuang)], given: [], otherStationOrgPaths: [] }],
      },
      { grant: ["wu"], withdraw: [] },
    ],
    [
      "removed, the role this page gave him is withdrawn",
      {
        stationOrgPath: hexiCun,
        operatorsAfter: [],
        people: [
          { userId: "he", roles: [operatorAt(hexiCun)], given: [{ assignmentId: "ra-1", orgPath: hexiCun }], otherStationOrgPaths: [] },
        ],
      },
      { grant: [], withdraw: [{ userId: "he", assignmentId: "ra-1" }] },
    ],
    [
      "removed, a role given some other way stays",
      {
        stationOrgPath: hexiCun,
        operatorsAfter: [],
        people: [{ userId: "zhao", roles: [operatorAt(hexiCun)], given: [], otherStationOrgPaths: [] }],
      },
      { grant: [], withdraw: [] },
    ],
    [
      "removed, the given role stays while another station of that organization still names him",
      {
        stationOrgPath: hexiCun,
        operatorsAfter: [],
        people: [
          {
            userId: "he",
            roles: [operatorAt(hexiCun)],
            given: [{ assignmentId: "ra-1", orgPath: hexiCun }],
            otherStationOrgPaths: [hexiCun],
          },
        ],
      },
      { grant: [], withdraw: [] },
    ],
    [
      "the station moved to a sibling village: a role there, the old given one withdrawn",
      {
        stationOrgPath: yangzhuang,
        operatorsAfter: ["he"],
        people: [
          { userId: "he", roles: [operatorAt(hexiCun)], given: [{ assignmentId: "ra-1", orgPath: hexiCun }], otherStationOrgPaths: [] },
        ],
      },
      { grant: ["he"], withdraw: [{ userId: "he", assignmentId: "ra-1" }] },
    ],
    [
      "kept on, his given role stays",
      {
        stationOrgPath: hexiCun,
        operatorsAfter: ["he"],
        people: [
          { userId: "he", roles: [operatorAt(hexiCun)], given: [{ assignmentId: "ra-1", orgPath: hexiCun }], otherStationOrgPaths: [] },
        ],
      },
      { grant: [], withdraw: [] },
    ],
  ])("%s", (_, params, expected) => {
    expect(operatorRolePlan(params)).toEqual(expected);
  });
});

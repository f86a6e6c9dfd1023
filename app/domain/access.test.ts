import { describe, expect, it } from "vitest";
import { can, type HeldRole, type Permission, type Role } from "./access.ts";

const COUNTY = "/county/";
const TOWN_A = "/county/townA/";
const BRANCH_A1 = "/county/townA/branchA1/";
const TOWN_B = "/county/townB/";
const BRANCH_B1 = "/county/townB/branchB1/";

describe("a role reaches its organization's subtree and nothing else", () => {
  const cases: { role: Role; at: string; permission: Permission; target: string; allowed: boolean }[] = [
    { role: "TRAINER", at: BRANCH_A1, permission: "learner:view", target: BRANCH_A1, allowed: true },
    { role: "TRAINER", at: BRANCH_A1, permission: "learner:view", target: BRANCH_B1, allowed: false },
    { role: "TRAINER", at: BRANCH_A1, permission: "learner:view", target: TOWN_A, allowed: false },
    { role: "TRAINER", at: TOWN_A, permission: "learner:view", target: BRANCH_A1, allowed: true },
    { role: "ORG_ADMIN", at: COUNTY, permission: "org:manage", target: BRANCH_B1, allowed: true },
    { role: "ORG_ADMIN", at: TOWN_B, permission: "org:manage", target: BRANCH_A1, allowed: false },
    { role: "LEARNER", at: BRANCH_A1, permission: "learner:view", target: BRANCH_A1, allowed: false },
    { role: "STATION_OPERATOR", at: BRANCH_B1, permission: "station:operate", target: BRANCH_B1, allowed: true },
    { role: "STATION_OPERATOR", at: BRANCH_B1, permission: "org:manage", target: BRANCH_B1, allowed: false },
    { role: "PLATFORM_ADMIN", at: BRANCH_A1, permission: "org:manage", target: BRANCH_B1, allowed: true },
  ];
  it.each(cases)("$role at $at, $permission on $target: $allowed", ({ role, at, permission, target, allowed }) => {
    expect(can([{ role, orgPath: at }], permission, [target])).toBe(allowed);
  });
  it("paths end with a slash, so a sibling with a longer name is not inside", () => {
    expect(can([{ role: "ORG_ADMIN", orgPath: "/county/townA/" }], "org:manage", ["/county/townAB/"])).toBe(false);
  });
  it("a learner trained by another organization is reachable from either", () => {
    const trainer: HeldRole[] = [{ role: "TRAINER", orgPath: BRANCH_B1 }];
    expect(can(trainer, "learner:view", [BRANCH_A1, BRANCH_B1])).toBe(true);
    expect(can(trainer, "learner:view", [BRANCH_A1])).toBe(false);
  });
  it("no roles, no access", () => {
    expect(can([], "study", [BRANCH_A1])).toBe(false);
  });
});

describe("discussion:moderate: trainers and admins over the post author's organizations", () => {
  // The author's organizations: his home branch and, when entrusted, the branch training him.
  const cases: { role: Role; at: string; authorOrgs: string[]; allowed: boolean }[] = [
    { role: "TRAINER", at: BRANCH_A1, authorOrgs: [BRANCH_A1], allowed: true },
    { role: "TRAINER", at: BRANCH_A1, authorOrgs: [BRANCH_B1], allowed: false },
    { role: "TRAINER", at: TOWN_A, authorOrgs: [BRANCH_A1], allowed: true },
    { role: "TRAINER", at: BRANCH_B1, authorOrgs: [BRANCH_A1, BRANCH_B1], allowed: true },
    { role: "ORG_ADMIN", at: TOWN_B, authorOrgs: [BRANCH_B1], allowed: true },
    { role: "ORG_ADMIN", at: TOWN_B, authorOrgs: [BRANCH_A1], allowed: false },
    { role: "PLATFORM_ADMIN", at: BRANCH_A1, authorOrgs: [BRANCH_B1], allowed: true },
    { role: "LEARNER", at: BRANCH_A1, authorOrgs: [BRANCH_A1], allowed: false },
    { role: "STATION_OPERATOR", at: BRANCH_A1, authorOrgs: [BRANCH_A1], allowed: false },
  ];
  it.each(cases)("$role at $at over $authorOrgs: $allowed", ({ role, at, authorOrgs, allowed }) => {
    expect(can([{ role, orgPath: at }], "discussion:moderate", authorOrgs)).toBe(allowed);
  });
});

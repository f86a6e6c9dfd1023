import { describe, expect, it } from "vitest";
import { AccountFormSchema, ASSIGNABLE_ROLES, roleChangeProblem, roleVisibleTo, suggestedUsername, usernameProblem } from "./accounts.ts";
import type { HeldRole } from "./access.ts";

describe("a new sign-in name", () => {
  it.each([
    ["zhaoguilan", null],
    ["wu.jianguo-2", null],
    ["zh", "username-format"],
    ["2zhao", "username-format"],
    ["赵桂兰", "username-format"],
    ["zhao guilan", "username-format"],
    ["a".repeat(33), "username-format"],
    ["13900007701", "username-is-phone"],
  ])("%s → %s", (username, problem) => {
    expect(usernameProblem(username)).toBe(problem);
  });

  it("the form trims and lowers what was typed before judging it", () => {
    expect(AccountFormSchema.parse({ username: "  ZhaoGuilan " })).toEqual({ username: "zhaoguilan" });
    const refused = AccountFormSchema.safeParse({ username: "13900007701" });
    expect(refused.success ? [] : refused.error.issues.map((issue) => issue.message)).toEqual([
      "people.account.problems.username-is-phone",
    ]);
  });
});

describe("a proposed sign-in name", () => {
  it.each([
    ["zhao gui lan", [], "zhaoguilan"],
    ["zhao gui lan", ["zhaoguilan"], "zhaoguilan2"],
    ["zhao gui lan", ["zhaoguilan", "zhaoguilan2"], "zhaoguilan3"],
    ["Lü", [], "luser"],
    ["", [], "user"],
  ])("from %j with %j taken → %s", (pinyin, taken, expected) => {
    expect(suggestedUsername(pinyin, new Set(taken))).toBe(expected);
  });

  it("is never longer than a sign-in name may be", () => {
    expect(usernameProblem(suggestedUsername("a".repeat(60), new Set(["a".repeat(28)])))).toBeNull();
  });
});

describe("giving and withdrawing roles", () => {
  const township: HeldRole[] = [{ role: "ORG_ADMIN", orgPath: "/county/hexi/" }];
  const platform: HeldRole[] = [{ role: "PLATFORM_ADMIN", orgPath: "/county/" }];
  const trainer: HeldRole[] = [{ role: "TRAINER", orgPath: "/county/hexi/" }];
  const change = (kind: "assign" | "withdraw", orgPath: string, personId = "p1", role: "ORG_ADMIN" | "LEARNER" = "LEARNER") => ({
    kind,
    role,
    orgPath,
    personId,
  });

  it.each([
    ["an admin, at a branch of his township", change("assign", "/county/hexi/hexi-cun/"), { id: "a", roles: township }, null],
    ["an admin, at his township itself", change("assign", "/county/hexi/"), { id: "a", roles: township }, null],
    ["an admin, at another township", change("assign", "/county/chengguan/"), { id: "a", roles: township }, "org-outside"],
    ["an admin, above his township", change("assign", "/county/"), { id: "a", roles: township }, "org-outside"],
    ["a trainer, anywhere", change("assign", "/county/hexi/hexi-cun/"), { id: "a", roles: trainer }, "org-outside"],
    ["the platform admin, anywhere", change("assign", "/county/chengguan/"), { id: "a", roles: platform }, null],
    [
      "an admin withdrawing his own admin role",
      change("withdraw", "/county/hexi/", "a", "ORG_ADMIN"),
      { id: "a", roles: township },
      "own-admin-role",
    ],
    [
      "an admin withdrawing another's admin role",
      change("withdraw", "/county/hexi/", "b", "ORG_ADMIN"),
      { id: "a", roles: township },
      null,
    ],
    ["an admin giving himself another role", change("assign", "/county/hexi/", "a"), { id: "a", roles: township }, null],
  ] as const)("%s", (_, roleChange, admin, problem) => {
    expect(roleChangeProblem(roleChange, admin)).toBe(problem);
  });

  it("the platform admin role is not handed out in the browser", () => {
    expect(ASSIGNABLE_ROLES).not.toContain("PLATFORM_ADMIN");
  });

  it("an admin sees the roles held within his subtrees only", () => {
    expect(roleVisibleTo("/county/hexi/hexi-cun/", ["/county/hexi/"])).toBe(true);
    expect(roleVisibleTo("/county/chengguan/", ["/county/hexi/"])).toBe(false);
    expect(roleVisibleTo("/county/", ["/county/hexi/", "/county/"])).toBe(true);
  });
});

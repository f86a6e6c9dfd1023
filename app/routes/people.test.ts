// 人员管理 on a real database: an admin adds a person to his subtree (what was
// typed is read as the import reads it), edits the record (each change audited,
// the ID-card number kept when left empty, a look at it audited), gives him an
// account whose one-time password signs in once, gives and withdraws roles,
// moves him to another organization with the date, deactivates him and takes
// him back. Every refusal is on its field, with nothing written.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  loadSampleData,
  sessionCookieFor,
  setUpAppEnvironment,
  userIdsByUsername,
  type AppEnvironment,
} from "../../tests/helpers/app-environment.ts";
import { callRoute, replyMessages, routeRequest } from "../../tests/helpers/route-call.ts";

let app: AppEnvironment;
let prisma: Awaited<ReturnType<typeof loadSampleData>>;
const orgIds = new Map<string, string>();
const userIds = new Map<string, string>();

beforeAll(async () => {
  app = await setUpAppEnvironment();
  prisma = await loadSampleData();
  for (const org of await prisma.organization.findMany({ select: { id: true, code: true } })) orgIds.set(org.code, org.id);
  for (const [username, id] of await userIdsByUsername()) userIds.set(username, id);
});

afterAll(async () => app?.cleanup());

/** A valid ID-card number for the first 17 characters (its check character computed). */
function idCard(seventeen: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  return seventeen + "10X98765432"[weights.reduce((sum, weight, index) => sum + weight * Number(seventeen[index]), 0) % 11];
}

async function post(
  username: string,
  path: string,
  fields: Record<string, string>,
  params: Record<string, string>,
  module: Promise<{ action: unknown }>,
) {
  const { action } = await module;
  return callRoute(action, routeRequest(path, { cookie: await sessionCookieFor(username), fields }), params);
}

const create = (username: string, fields: Record<string, string>) =>
  post(username, "/org/people/new", fields, {}, import("./org+/people_.new.tsx"));
const onRecord = (username: string, personId: string, fields: Record<string, string>) =>
  post(username, `/org/people/${personId}`, fields, { personId }, import("./org+/people.$personId.tsx"));
const onAccount = (username: string, personId: string, fields: Record<string, string>) =>
  post(username, `/org/people/${personId}/account`, fields, { personId }, import("./org+/people.$personId_.account.tsx"));
const transfer = (username: string, personId: string, fields: Record<string, string>) =>
  post(username, `/org/people/${personId}/transfer`, fields, { personId }, import("./org+/people.$personId_.transfer.tsx"));

const ZHAO = idCard("41010219880312002"); // a woman born 1988-03-12

const zhao = () => ({
  orgId: orgIds.get("hexi-cun")!,
  name: " 赵桂兰 ",
  gender: "F",
  birthDate: "1988-03-12",
  ethnicity: "回",
  education: "JUNIOR",
  isRural: "on",
  occupation: "种植户",
  phone: "１３９ ００００ ７７０１",
  idCardNumber: ZHAO.toLowerCase(),
  stage: "ACTIVIST",
  stageSince: "2026-03-01",
  activistTier: "NEAR_TERM",
});

const actionsOn = async (personId: string) =>
  (
    await prisma.auditLog.findMany({
      where: { entityId: personId },
      orderBy: { createdAt: "asc" },
      select: { action: true, detailsJson: true },
    })
  ).map((entry) => ({ action: entry.action, details: JSON.parse(entry.detailsJson) as Record<string, unknown> }));

let zhaoId = "";

describe("adding a person", () => {
  it("reads the form as the import reads a cell, and audits the addition", async () => {
    const answer = await create("hexi", zhao());
    expect(answer.status).toBe(302);
    zhaoId = /\/org\/people\/([^?]+)/.exec(answer.location ?? "")![1]!;
    const person = await prisma.user.findUniqueOrThrow({ where: { id: zhaoId } });
    expect(person).toMatchObject({
      name: "赵桂兰",
      ethnicity: "回族",
      phone: "13900007701",
      idCardNumber: ZHAO,
      isRural: true,
      stage: "ACTIVIST",
      activistTier: "NEAR_TERM",
      username: null,
      homeOrgId: orgIds.get("hexi-cun"),
    });
    expect(person.birthDate).toEqual(new Date("1988-03-12"));
    expect((await actionsOn(zhaoId)).map((entry) => entry.action)).toEqual(["person.created"]);
  });

  it.each<[string, Record<string, string>, Record<string, string[]>]>([
    ["a phone another person has", { phone: "13800000004", idCardNumber: "" }, { phone: ["people.problems.phone-taken"] }],
    ["an ID-card number another person has", { phone: "", idCardNumber: ZHAO }, { idCardNumber: ["people.problems.id-card-taken"] }],
    [
      "a mistyped ID-card number",
      { phone: "", idCardNumber: ZHAO.slice(0, 16) + "99" },
      { idCardNumber: ["people.problems.id-card-check"] },
    ],
    [
      "a birth date the ID card contradicts",
      { phone: "", idCardNumber: idCard("41010219880313002") },
      { birthDate: ["people.problems.birth-date-id-card"] },
    ],
    ["a day that does not exist", { phone: "", idCardNumber: "", birthDate: "2025-02-30" }, { birthDate: ["people.problems.date-format"] }],
    [
      "an activist at sixteen",
      { phone: "", idCardNumber: "", birthDate: "2010-01-01" },
      { stageSince: ["people.problems.stage-too-young"] },
    ],
    ["an organization of another township", { phone: "", idCardNumber: "", orgId: "" }, { orgId: ["people.problems.org-outside"] }],
  ])("refuses %s on its field, writing nothing", async (_, change, errors) => {
    const fields = { ...zhao(), ...change };
    if (change.orgId === "") fields.orgId = orgIds.get("chengguan-1")!;
    const people = await prisma.user.count();
    const answer = await create("hexi", fields);
    expect(answer.status).toBe(400);
    const messages = replyMessages(answer)!;
    expect(Object.fromEntries(Object.entries(messages).map(([field, list]) => [field, list.map((message) => message.key)]))).toEqual(
      errors,
    );
    expect(await prisma.user.count()).toBe(people);
  });

  it("names who already has the phone", async () => {
    const answer = await create("hexi", { ...zhao(), phone: "13800000004", idCardNumber: "" });
    expect(replyMessages(answer)!.phone![0]!.params).toEqual({ name: "周丽", org: "河西村党支部" });
  });
});

describe("a person's record", () => {
  it("is his own organization's admins' business: another township's admin is refused", async () => {
    const { loader } = await import("./org+/people.$personId.tsx");
    const anonymous = await callRoute(loader, routeRequest(`/org/people/${zhaoId}`, { cookie: null }), { personId: zhaoId });
    expect(anonymous.status).toBe(302);
    const asHexi = await callRoute(loader, routeRequest(`/org/people/${zhaoId}`, { cookie: await sessionCookieFor("hexi") }), {
      personId: zhaoId,
    });
    expect(asHexi.status).toBe(200);
    expect((asHexi.body as { person: { idCardMasked: string } }).person.idCardMasked).toBe(
      `${ZHAO.slice(0, 3)}***********${ZHAO.slice(-4)}`,
    );
    expect(JSON.stringify(asHexi.body)).not.toContain(ZHAO);
    const asChengguan = await callRoute(loader, routeRequest(`/org/people/${zhaoId}`, { cookie: await sessionCookieFor("chengguan") }), {
      personId: zhaoId,
    });
    expect(asChengguan.status).toBe(403);
  });

  it("an edit audits each field changed, and an empty ID-card field keeps the number", async () => {
    const answer = await onRecord("hexi", zhaoId, { ...zhao(), intent: "save", idCardNumber: "", occupation: "养殖户" });
    expect(answer.status).toBe(302);
    const person = await prisma.user.findUniqueOrThrow({ where: { id: zhaoId } });
    expect(person.occupation).toBe("养殖户");
    expect(person.idCardNumber).toBe(ZHAO);
    expect((await actionsOn(zhaoId)).at(-1)).toEqual({
      action: "person.updated",
      details: { occupation: { from: "种植户", to: "养殖户" } },
    });
  });

  it("the whole ID-card number is shown on asking, and the look is audited", async () => {
    const answer = await onRecord("xianwei", zhaoId, { intent: "reveal-id-card" });
    expect(answer.body).toEqual({ idCardNumber: ZHAO });
    const entry = await prisma.auditLog.findFirstOrThrow({ where: { entityId: zhaoId }, orderBy: { createdAt: "desc" } });
    expect(entry).toMatchObject({ action: "person.id-card-viewed", actorId: userIds.get("xianwei") });
  });
});

describe("an account and roles", () => {
  it("an account's one-time password signs in once and must be replaced; the name is not given twice", async () => {
    const answer = await onAccount("hexi", zhaoId, { intent: "create-account", username: "ZhaoGuilan" });
    const { oneTimePassword, username } = answer.body as { oneTimePassword: string; username: string };
    expect(username).toBe("zhaoguilan");
    const { login } = await import("~/utils/auth.server.ts");
    expect(await login("zhaoguilan", oneTimePassword, "10.0.0.9")).toMatchObject({ mustChangePassword: true });
    expect(await login("13900007701", oneTimePassword, "10.0.0.9")).toMatchObject({ mustChangePassword: true });
    const roles = await prisma.roleAssignment.findMany({ where: { userId: zhaoId }, select: { role: true, orgId: true } });
    expect(roles).toEqual([{ role: "LEARNER", orgId: orgIds.get("hexi-cun") }]);

    const shenqing = userIds.get("shenqing")!;
    const taken = await onAccount("hexi", shenqing, { intent: "create-account", username: "zhaoguilan" });
    expect(replyMessages(taken)!.username![0]!.key).toBe("people.account.problems.has-account");
  });

  it("proposes a sign-in name from the name's pinyin, numbered when taken", async () => {
    const { proposedUsername } = await import("~/models/people.server.ts");
    expect(await proposedUsername("赵桂兰")).toBe("zhaoguilan2");
    expect(await proposedUsername("钱多多")).toBe("qianduoduo");
  });

  it("roles are given and withdrawn at organizations of the admin's subtree, audited; the platform admin role is not among them", async () => {
    const given = await onAccount("hexi", zhaoId, { intent: "assign-role", role: "STATION_OPERATOR", orgId: orgIds.get("hexi-cun")! });
    expect(given.status).toBe(302);
    const twice = await onAccount("hexi", zhaoId, { intent: "assign-role", role: "STATION_OPERATOR", orgId: orgIds.get("hexi-cun")! });
    expect(replyMessages(twice)![""]![0]!.key).toBe("people.account.problems.already-held");
    const outside = await onAccount("hexi", zhaoId, { intent: "assign-role", role: "TRAINER", orgId: orgIds.get("chengguan-1")! });
    expect(replyMessages(outside)![""]![0]!.key).toBe("people.account.problems.org-outside");
    const platform = await onAccount("xianwei", zhaoId, { intent: "assign-role", role: "PLATFORM_ADMIN", orgId: orgIds.get("county")! });
    expect(Object.keys(replyMessages(platform)!)).toEqual(["role"]);
    const withdrawn = await onAccount("hexi", zhaoId, {
      intent: "withdraw-role",
      role: "STATION_OPERATOR",
      orgId: orgIds.get("hexi-cun")!,
    });
    expect(withdrawn.status).toBe(302);
    expect(await prisma.roleAssignment.findMany({ where: { userId: zhaoId }, select: { role: true } })).toEqual([{ role: "LEARNER" }]);
    expect(
      (await actionsOn(zhaoId)).filter((entry) => entry.action.startsWith("role.")).map((entry) => [entry.action, entry.details.role]),
    ).toEqual([
      ["role.assigned", "STATION_OPERATOR"],
      ["role.withdrawn", "STATION_OPERATOR"],
    ]);
  });

  it("an admin does not withdraw his own admin role", async () => {
    const hexi = userIds.get("hexi")!;
    const answer = await onAccount("xianwei", hexi, { intent: "withdraw-role", role: "ORG_ADMIN", orgId: orgIds.get("hexi")! });
    expect(answer.status).toBe(302);
    await prisma.roleAssignment.create({ data: { userId: hexi, orgId: orgIds.get("hexi")!, role: "ORG_ADMIN" } });
    const own = await onAccount("hexi", hexi, { intent: "withdraw-role", role: "ORG_ADMIN", orgId: orgIds.get("hexi")! });
    expect(replyMessages(own)![""]![0]!.key).toBe("people.account.problems.own-admin-role");
  });
});

describe("a move, and deactivation", () => {
  it("moves him with the date, listed on his record; a date to come or an organization outside is refused", async () => {
    const future = await transfer("hexi", zhaoId, { toOrgId: orgIds.get("yangzhuang")!, transferredOn: "2099-01-01" });
    expect(replyMessages(future)!.transferredOn![0]!.key).toBe("people.transfer.problems.date-future");
    const outside = await transfer("hexi", zhaoId, { toOrgId: orgIds.get("chengguan-1")!, transferredOn: "2026-11-01" });
    expect(replyMessages(outside)!.toOrgId![0]!.key).toBe("people.transfer.problems.org-outside");
    const moved = await transfer("hexi", zhaoId, { toOrgId: orgIds.get("yangzhuang")!, transferredOn: "2026-11-01" });
    expect(moved.status).toBe(302);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: zhaoId } })).homeOrgId).toBe(orgIds.get("yangzhuang"));
    expect(
      await prisma.orgTransfer.findMany({ where: { userId: zhaoId }, select: { fromOrgId: true, toOrgId: true, transferredOn: true } }),
    ).toEqual([{ fromOrgId: orgIds.get("hexi-cun"), toOrgId: orgIds.get("yangzhuang"), transferredOn: new Date("2026-11-01") }]);
    const earlier = await transfer("hexi", zhaoId, { toOrgId: orgIds.get("hexi-cun")!, transferredOn: "2026-10-01" });
    expect(replyMessages(earlier)!.transferredOn![0]).toEqual({
      key: "people.transfer.problems.date-before-last",
      params: { date: "2026-11-01" },
    });
  });

  it("a deactivated person is signed out, cannot sign in and is left off the list unless asked; taken back, he can", async () => {
    const { loader } = await import("./org+/people._index.tsx");
    const list = async (query: string) =>
      (
        (await callRoute(loader, routeRequest(`/org/people${query}`, { cookie: await sessionCookieFor("hexi") }))).body as {
          people: { name: string }[];
        }
      ).people.map((person) => person.name);
    expect(await list("?q=桂兰")).toEqual(["赵桂兰"]);
    await prisma.session.create({ data: { userId: zhaoId, expiresAt: new Date(Date.now() + 86_400_000) } });
    expect(await prisma.session.count({ where: { userId: zhaoId } })).toBeGreaterThan(0);
    const deactivated = await onRecord("hexi", zhaoId, { intent: "deactivate" });
    expect(deactivated.status).toBe(302);
    expect(await list("?q=桂兰")).toEqual([]);
    expect(await list("?q=桂兰&all=1")).toEqual(["赵桂兰"]);
    const { signInAccount } = await import("~/models/user.server.ts");
    expect(await signInAccount("zhaoguilan")).toBeNull();
    expect(await prisma.session.count({ where: { userId: zhaoId } })).toBe(0);
    await onRecord("hexi", zhaoId, { intent: "reactivate" });
    expect(await signInAccount("zhaoguilan")).not.toBeNull();
    expect((await actionsOn(zhaoId)).map((entry) => entry.action).slice(-2)).toEqual(["person.deactivated", "person.reactivated"]);
  });
});

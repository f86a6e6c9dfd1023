// 组织管理 on a real database: an admin sets up an organization under his own
// (a code generated when none is typed), renames it, marks it a mobile branch,
// moves it (and a general branch with its branches, every path rewritten),
// closes it once it is empty, and entrusts a person to another organization
// for training and ends that. Each refusal is on its field with nothing
// written; nothing reaches outside the admin's subtree; every change is audited.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { beijingToday } from "~/domain/calendar.ts";
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

const org = (code: string) => orgIds.get(code)!;

async function call(
  username: string,
  path: string,
  module: Promise<{ loader: unknown; action?: unknown }>,
  params = {},
  fields?: Record<string, string>,
) {
  const route = await module;
  const request = routeRequest(path, { cookie: await sessionCookieFor(username), ...(fields ? { fields } : {}) });
  return callRoute(fields ? route.action : route.loader, request, params);
}

const tree = (username: string) => call(username, "/org/organizations", import("./org+/organizations._index.tsx"));
const create = (username: string, fields: Record<string, string>) =>
  call(username, "/org/organizations/new", import("./org+/organizations_.new.tsx"), {}, fields);
const page = (username: string, orgId: string) =>
  call(username, `/org/organizations/${orgId}`, import("./org+/organizations.$orgId.tsx"), { orgId });
const onPage = (username: string, orgId: string, fields: Record<string, string>) =>
  call(username, `/org/organizations/${orgId}`, import("./org+/organizations.$orgId.tsx"), { orgId }, fields);

const messages = (answer: Awaited<ReturnType<typeof call>>) =>
  Object.fromEntries(Object.entries(replyMessages(answer) ?? {}).map(([field, list]) => [field, list.map((message) => message.key)]));

const auditOf = async (entityId: string) =>
  (
    await prisma.auditLog.findMany({
      where: { entityId },
      orderBy: { createdAt: "asc" },
      select: { action: true, actorId: true, detailsJson: true },
    })
  ).map((entry) => ({ action: entry.action, actorId: entry.actorId, details: JSON.parse(entry.detailsJson) as Record<string, unknown> }));

const row = (id: string) =>
  prisma.organization.findUniqueOrThrow({
    where: { id },
    select: { name: true, code: true, path: true, parentId: true, isMobile: true, closedAt: true },
  });

let newBranchId = "";

describe("the tree", () => {
  it("shows an admin his own subtree and nothing else", async () => {
    const answer = await tree("chengguan");
    const codes = (answer.body as { tree: { code: string }[] }).tree.map((node) => node.code);
    // Each under its parent (siblings by name in Chinese collation, so 第二 before 第一: 二 èr, 一 yī).
    expect(codes).toEqual(["chengguan", "chengguan-shequ", "chengguan-2", "chengguan-1", "chengguan-liudong"]);
    expect((await tree("xueyuan")).status).toBe(403);
  });
});

describe("setting up an organization", () => {
  it("sets one up under his subtree with a generated code, and audits it", async () => {
    const answer = await create("chengguan", { parentId: org("chengguan-shequ"), name: " 城关社区第三党支部 ", kind: "BRANCH" });
    expect(answer.status).toBe(302);
    newBranchId = /\/org\/organizations\/([^?]+)/.exec(answer.location ?? "")![1]!;
    expect(await row(newBranchId)).toMatchObject({
      name: "城关社区第三党支部",
      code: "chengguan-shequ-1",
      parentId: org("chengguan-shequ"),
      path: `/${org("county")}/${org("chengguan")}/${org("chengguan-shequ")}/${newBranchId}/`,
      isMobile: false,
      closedAt: null,
    });
    const audit = await auditOf(newBranchId);
    expect(audit.map((entry) => entry.action)).toEqual(["organization.create"]);
    expect(audit[0]!.actorId).toBe(userIds.get("chengguan"));
  });

  it.each<[string, Record<string, string>, Record<string, string[]>]>([
    [
      "a township under a township",
      { parentId: "chengguan", name: "新乡党委", kind: "TOWNSHIP" },
      { kind: ["organizations.problems.kind-under-parent"] },
    ],
    [
      "a branch under a branch",
      { parentId: "chengguan-1", name: "新党支部", kind: "BRANCH" },
      { kind: ["organizations.problems.kind-under-parent"] },
    ],
    [
      "a code another has",
      { parentId: "chengguan", name: "新党支部", kind: "BRANCH", code: "HEXI" },
      { code: ["organizations.problems.code-taken"] },
    ],
    [
      "a sibling's name",
      { parentId: "chengguan-shequ", name: "城关社区第一党支部", kind: "BRANCH" },
      { name: ["organizations.problems.name-taken"] },
    ],
    [
      "a mobile general branch",
      { parentId: "chengguan", name: "新总支", kind: "GENERAL_BRANCH", isMobile: "on" },
      { isMobile: ["organizations.problems.mobile-not-branch"] },
    ],
  ])("refuses %s, writing nothing", async (_, fields, expected) => {
    const before = await prisma.organization.count();
    const answer = await create("chengguan", { ...fields, parentId: org(fields.parentId!) });
    expect(answer.status).toBe(400);
    expect(messages(answer)).toEqual(expected);
    expect(await prisma.organization.count()).toBe(before);
  });

  it("forbids one under an organization outside his subtree, or above it", async () => {
    expect((await create("chengguan", { parentId: org("hexi"), name: "新党支部", kind: "BRANCH" })).status).toBe(403);
    expect((await create("chengguan", { parentId: org("county"), name: "新乡党委", kind: "TOWNSHIP" })).status).toBe(403);
    expect((await call("chengguan", `/org/organizations/new?parent=${org("hexi")}`, import("./org+/organizations_.new.tsx"))).status).toBe(
      403,
    );
  });
});

describe("an organization's page", () => {
  it("is open to admins whose subtree holds it and nobody else", async () => {
    expect((await page("chengguan", newBranchId)).status).toBe(200);
    expect((await page("xianwei", newBranchId)).status).toBe(200);
    expect((await page("hexi", newBranchId)).status).toBe(403);
    expect((await page("xueyuan", newBranchId)).status).toBe(403);
    expect((await onPage("hexi", newBranchId, { intent: "rename", name: "改" })).status).toBe(403);
  });

  it("says why his own organization cannot be moved or closed, and offers only the parents the rules allow", async () => {
    const own = (await page("chengguan", org("chengguan"))).body as { cannotMove: { code: string }[]; closeRefusals: { code: string }[] };
    expect(own.cannotMove.map((problem) => problem.code)).toEqual(["move-own-root"]);
    expect(own.closeRefusals.map((problem) => problem.code)).toEqual(["close-own-root"]);
    const branch = (await page("chengguan", newBranchId)).body as { moveTargets: { id: string }[] };
    expect(branch.moveTargets.map((target) => target.id)).toEqual([org("chengguan")]);
  });
});

describe("renaming and marking mobile", () => {
  it("renames, and audits the names before and after", async () => {
    const answer = await onPage("chengguan", newBranchId, { intent: "rename", name: "城关社区流动党员党支部" });
    expect(answer.location).toBe(`/org/organizations/${newBranchId}?done=renamed`);
    expect((await row(newBranchId)).name).toBe("城关社区流动党员党支部");
    expect((await row(newBranchId)).code).toBe("chengguan-shequ-1");
    const entry = (await auditOf(newBranchId)).at(-1)!;
    expect(entry).toMatchObject({
      action: "organization.rename",
      details: { before: { name: "城关社区第三党支部" }, after: { name: "城关社区流动党员党支部" } },
    });
  });

  it("refuses a sibling's name or the same name", async () => {
    expect(messages(await onPage("chengguan", newBranchId, { intent: "rename", name: "城关社区第二党支部" }))).toEqual({
      name: ["organizations.problems.name-taken"],
    });
    expect(messages(await onPage("chengguan", newBranchId, { intent: "rename", name: "城关社区流动党员党支部" }))).toEqual({
      name: ["organizations.problems.name-unchanged"],
    });
  });

  it("marks a branch mobile, and refuses it for a general branch", async () => {
    expect((await onPage("chengguan", newBranchId, { intent: "mobile", isMobile: "on" })).status).toBe(302);
    expect((await row(newBranchId)).isMobile).toBe(true);
    expect((await auditOf(newBranchId)).at(-1)).toMatchObject({ action: "organization.mobile", details: { after: { isMobile: true } } });
    expect(messages(await onPage("chengguan", org("chengguan-shequ"), { intent: "mobile", isMobile: "on" }))).toEqual({
      isMobile: ["organizations.problems.mobile-not-branch"],
    });
  });
});

describe("moving", () => {
  it.each<[string, string, string, string, Record<string, string[]>]>([
    ["under itself", "chengguan", "chengguan-shequ", "chengguan-shequ", { parentId: ["organizations.problems.move-into-itself"] }],
    ["under one of its branches", "chengguan", "chengguan-shequ", "chengguan-1", { parentId: ["organizations.problems.move-into-itself"] }],
    ["a branch under a branch", "chengguan", "chengguan-2", "chengguan-1", { parentId: ["organizations.problems.kind-under-parent"] }],
    ["outside his subtree", "chengguan", "chengguan-2", "hexi", { parentId: ["organizations.problems.target-outside"] }],
    ["above his subtree", "chengguan", "chengguan-shequ", "county", { parentId: ["organizations.problems.target-outside"] }],
    ["his own organization", "chengguan", "chengguan", "hexi", { parentId: ["organizations.problems.move-own-root"] }],
    ["under its present parent", "xianwei", "chengguan-2", "chengguan-shequ", { parentId: ["organizations.problems.move-same-parent"] }],
  ])("refuses a move %s, writing nothing", async (_, username, code, target, expected) => {
    const before = await row(org(code));
    const answer = await onPage(username, org(code), { intent: "move", parentId: org(target) });
    expect(answer.status).toBe(400);
    expect(messages(answer)).toEqual(expected);
    expect(await row(org(code))).toEqual(before);
  });

  it("moves a general branch with its branches to another township, every path rewritten, and audits it", async () => {
    const answer = await onPage("xianwei", org("chengguan-shequ"), { intent: "move", parentId: org("hexi") });
    expect(answer.location).toBe(`/org/organizations/${org("chengguan-shequ")}?done=moved`);
    const base = `/${org("county")}/${org("hexi")}/${org("chengguan-shequ")}/`;
    expect(await row(org("chengguan-shequ"))).toMatchObject({ parentId: org("hexi"), path: base });
    expect((await row(org("chengguan-1"))).path).toBe(`${base}${org("chengguan-1")}/`);
    expect((await row(newBranchId)).path).toBe(`${base}${newBranchId}/`);
    expect((await auditOf(org("chengguan-shequ"))).at(-1)).toMatchObject({
      action: "organization.move",
      actorId: userIds.get("xianwei"),
      details: { before: { parentId: org("chengguan") }, after: { parentId: org("hexi"), path: base }, organizationsBelow: 3 },
    });
    // Now 河西乡's: its admin sees it, 城关镇's no longer does.
    expect((await page("hexi", newBranchId)).status).toBe(200);
    expect((await page("chengguan", newBranchId)).status).toBe(403);
    // And back, as it was.
    expect((await onPage("xianwei", org("chengguan-shequ"), { intent: "move", parentId: org("chengguan") })).status).toBe(302);
    expect((await row(org("chengguan-1"))).path).toBe(
      `/${org("county")}/${org("chengguan")}/${org("chengguan-shequ")}/${org("chengguan-1")}/`,
    );
  });

  it("moves a branch from a general branch up to its township", async () => {
    expect((await onPage("chengguan", newBranchId, { intent: "move", parentId: org("chengguan") })).status).toBe(302);
    expect(await row(newBranchId)).toMatchObject({
      parentId: org("chengguan"),
      path: `/${org("county")}/${org("chengguan")}/${newBranchId}/`,
    });
  });
});

describe("closing", () => {
  it("refuses while people or open organizations are still there, saying how many and who", async () => {
    const people = await prisma.user.count({ where: { homeOrgId: org("chengguan-1"), deactivatedAt: null, mergedIntoId: null } });
    const answer = await onPage("chengguan", org("chengguan-1"), { intent: "close", confirm: "on" });
    expect(answer.status).toBe(400);
    expect(replyMessages(answer)).toEqual({ "": [{ key: "organizations.problems.close-has-people", params: { count: people } }] });
    expect(messages(await onPage("chengguan", org("chengguan-shequ"), { intent: "close", confirm: "on" }))).toEqual({
      "": ["organizations.problems.close-has-children"],
    });
    const shown = (await page("chengguan", org("chengguan-1"))).body as { peopleHere: { id: string }[]; peopleCount: number };
    expect(shown.peopleCount).toBe(people);
    expect(shown.peopleHere.map((person) => person.id)).toContain(userIds.get("xueyuan"));
    expect((await row(org("chengguan-1"))).closedAt).toBeNull();
  });

  it("refuses an organization still training people of elsewhere", async () => {
    expect(messages(await onPage("chengguan", org("chengguan-liudong"), { intent: "close", confirm: "on" }))).toEqual({
      "": ["organizations.problems.close-has-trainees"],
    });
  });

  it("refuses his own organization, and a close not confirmed", async () => {
    expect(messages(await onPage("chengguan", org("chengguan"), { intent: "close", confirm: "on" }))).toEqual({
      "": ["organizations.problems.close-own-root"],
    });
    expect(messages(await onPage("chengguan", newBranchId, { intent: "close" }))).toEqual({
      confirm: ["organizations.problems.close-confirm"],
    });
  });

  it("closes an empty one, keeps its row, audits it, and no longer lets it change or take organizations", async () => {
    const answer = await onPage("chengguan", newBranchId, { intent: "close", confirm: "on" });
    expect(answer.location).toBe(`/org/organizations/${newBranchId}?done=closed`);
    expect((await row(newBranchId)).closedAt).not.toBeNull();
    expect((await auditOf(newBranchId)).at(-1)).toMatchObject({ action: "organization.close", details: { code: "chengguan-shequ-1" } });
    expect(messages(await onPage("chengguan", newBranchId, { intent: "rename", name: "又一个" }))).toEqual({
      name: ["organizations.problems.org-closed"],
    });
    expect(messages(await onPage("chengguan", org("chengguan-2"), { intent: "move", parentId: newBranchId }))).toEqual({
      parentId: ["organizations.problems.parent-closed"],
    });
    const listed = (await tree("chengguan")).body as { tree: { id: string; closed: boolean }[] };
    expect(listed.tree.find((node) => node.id === newBranchId)?.closed).toBe(true);
  });
});

describe("entrusted training", () => {
  const today = beijingToday().text;
  let trainingId = "";

  it("entrusts a person of here to another branch, and audits it", async () => {
    const answer = await onPage("chengguan", org("chengguan-1"), {
      intent: "entrust",
      userId: userIds.get("fazhan")!,
      trainingOrgId: org("chengguan-2"),
      startedOn: today,
    });
    expect(answer.location).toBe(`/org/organizations/${org("chengguan-1")}?done=entrusted`);
    const training = await prisma.entrustedTraining.findFirstOrThrow({
      where: { userId: userIds.get("fazhan"), endedOn: null },
      select: { id: true, homeOrgId: true, trainingOrgId: true },
    });
    expect(training).toMatchObject({ homeOrgId: org("chengguan-1"), trainingOrgId: org("chengguan-2") });
    trainingId = training.id;
    expect((await auditOf(trainingId)).map((entry) => entry.action)).toEqual(["entrusted-training.start"]);
  });

  it("refuses a second one at once, a person of elsewhere, and his own organization", async () => {
    const entrust = (userId: string, trainingOrgId: string) =>
      onPage("chengguan", org("chengguan-1"), { intent: "entrust", userId, trainingOrgId, startedOn: today });
    expect(messages(await entrust(userIds.get("fazhan")!, org("chengguan-liudong")))).toEqual({
      userId: ["organizations.problems.training-open"],
    });
    expect(messages(await entrust(userIds.get("yubei")!, org("chengguan-liudong")))).toEqual({
      userId: ["organizations.problems.person-not-here"],
    });
    expect(messages(await entrust(userIds.get("xueyuan")!, org("chengguan-1")))).toEqual({
      trainingOrgId: ["organizations.problems.training-org-home"],
    });
  });

  it("lets only the admins of his own organization end it, once", async () => {
    const liudong = await prisma.entrustedTraining.findFirstOrThrow({
      where: { userId: userIds.get("liudong"), endedOn: null },
      select: { id: true },
    });
    // 城关镇 trains 杨庄村's activist: it sees the training, but ending it is 河西乡's.
    const shown = (await page("chengguan", org("chengguan-liudong"))).body as { trainedHere: { id: string; mayEnd: boolean }[] };
    expect(shown.trainedHere.find((training) => training.id === liudong.id)?.mayEnd).toBe(false);
    expect(
      (await onPage("chengguan", org("chengguan-liudong"), { intent: "end-training", trainingId: liudong.id, endedOn: today })).status,
    ).toBe(403);
    expect((await onPage("hexi", org("hexi"), { intent: "end-training", trainingId, endedOn: today })).status).toBe(403);

    expect((await onPage("chengguan", org("chengguan-2"), { intent: "end-training", trainingId, endedOn: today })).location).toBe(
      `/org/organizations/${org("chengguan-2")}?done=ended`,
    );
    expect((await auditOf(trainingId)).map((entry) => entry.action)).toEqual(["entrusted-training.start", "entrusted-training.end"]);
    expect(messages(await onPage("chengguan", org("chengguan-1"), { intent: "end-training", trainingId, endedOn: today }))).toEqual({
      endedOn: ["organizations.problems.training-ended"],
    });
  });
});

// The policy page as an organization admin uses it: a setting saved with its
// audit entry, then the real eligibility worker recomputes everyone below in
// batches with progress; bad values and inconsistent settings are refused
// naming the field, and nothing is saved.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { until } from "../../tests/helpers/wait.ts";
import {
  loadSampleData,
  sessionCookieFor,
  setUpAppEnvironment,
  type AppEnvironment,
  userIdsByUsername,
} from "../../tests/helpers/app-environment.ts";
import { callRoute, replyErrors, routeRequest } from "../../tests/helpers/route-call.ts";
import { errorMessage } from "~/utils/problems.ts";

let app: AppEnvironment;
let prisma: Awaited<ReturnType<typeof loadSampleData>>;
let workers: { close: () => Promise<void> }[] = [];
const ids = new Map<string, string>();
const cookies = new Map<string, string>();

async function orgId(code: string) {
  return (await prisma.organization.findUniqueOrThrow({ where: { code }, select: { id: true } })).id;
}

async function save(caller: string, fields: Record<string, string>) {
  const page = await import("./org+/policy.tsx");
  return callRoute(page.action, routeRequest("/org/policy", { cookie: cookies.get(caller), fields }));
}

async function policyPage(caller: string, org: string) {
  const page = await import("./org+/policy.tsx");
  return callRoute(page.loader, routeRequest(`/org/policy?org=${org}`, { cookie: cookies.get(caller) }));
}

beforeAll(async () => {
  app = await setUpAppEnvironment();
  prisma = await loadSampleData();
  for (const [username, id] of await userIdsByUsername()) ids.set(username, id);
  for (const username of ["chengguan", "xianwei"]) cookies.set(username, await sessionCookieFor(username));
  const { startWorkers } = await import("../../jobs/worker.ts");
  workers = startWorkers();
});

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.close()));
  await app?.cleanup();
});

describe("the development policy of an organization", () => {
  it("saves the township's 36 months, audited, and the worker recomputes everyone below with progress", async () => {
    const township = await orgId("chengguan");
    const response = await save("chengguan", { orgId: township, minCultivationMonthsForTarget: "36" });
    expect(response.status).toBe(302);
    expect(JSON.parse((await prisma.organization.findUniqueOrThrow({ where: { id: township } })).policyJson)).toEqual({
      minCultivationMonthsForTarget: 36,
    });
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entityId: township, action: "development.policy.changed" } });
    expect(audit.actorId).toBe(ids.get("chengguan"));

    const { policyRecomputeProgress } = await import("~/utils/queues.server.ts");
    const progress = await until(async () => {
      const current = await policyRecomputeProgress(township);
      return current?.state === "completed" ? current : null;
    });
    // 城关镇's people on the path: xueyuan, fazhan (branch 1), yubei (branch 2), liudong (trained by its mobile branch).
    expect(progress).toEqual({ state: "completed", done: 4, total: 4 });
    const verdict = await prisma.eligibilityResult.findFirstOrThrow({ where: { userId: ids.get("xueyuan") } });
    expect(JSON.parse(verdict.reasonsJson)).toContainEqual(
      expect.objectContaining({
        rule: "cultivation-before-target",
        remedy: expect.objectContaining({ code: "cultivateMonths", params: expect.objectContaining({ months: 36 }) }),
      }),
    );

    // The page shows the value in force and who set it.
    const data = (await policyPage("chengguan", township)).body as {
      effective: { minCultivationMonthsForTarget: number };
      source: { minCultivationMonthsForTarget: string | null; publicNoticeDays: string | null };
      recompute: unknown;
    };
    expect(data.effective.minCultivationMonthsForTarget).toBe(36);
    expect(data.source).toMatchObject({ minCultivationMonthsForTarget: "城关镇党委", publicNoticeDays: null });
    expect(data.recompute).toEqual({ state: "completed", done: 4, total: 4 });
  });

  it("still shows the township's recompute when more than 201 later jobs have completed", async () => {
    // The queue keeps up to 1,000 completed jobs: the page must find this one by its id, not in the newest 201.
    const township = await orgId("chengguan");
    const { getQueue } = await import("~/utils/queues.server.ts");
    const queue = getQueue("eligibility");
    const before = await queue.getCompletedCount();
    await queue.addBulk(
      Array.from({ length: 250 }, (_, index) => ({ name: "recompute", data: { userId: `nobody-${index}`, reason: "test" } })),
    );
    await until(async () => ((await queue.getCompletedCount()) >= before + 250 ? true : null), 60_000);
    const data = (await policyPage("chengguan", township)).body as { recompute: unknown };
    expect(data.recompute).toEqual({ state: "completed", done: 4, total: 4 });
  });

  it("names a bad value and keeps what was typed, saving nothing", async () => {
    const township = await orgId("chengguan");
    const before = (await prisma.organization.findUniqueOrThrow({ where: { id: township } })).policyJson;
    const result = await save("chengguan", { orgId: township, publicNoticeDays: "0", minCultivationMonthsForAdmission: "二十四" });
    expect(result.status).toBe(400);
    expect(replyErrors(result)).toEqual({
      minCultivationMonthsForAdmission: ["development.policyProblems.notNumber"],
      publicNoticeDays: [errorMessage("development.policyProblems.atLeast", { min: 1 })],
    });
    expect((result.body as { initialValue: Record<string, string> }).initialValue.minCultivationMonthsForAdmission).toBe("二十四");
    expect((await prisma.organization.findUniqueOrThrow({ where: { id: township } })).policyJson).toBe(before);
  });

  it("refuses a county threshold that would make a branch below inconsistent, naming the branch", async () => {
    const branch = await orgId("chengguan-2");
    await prisma.organization.update({ where: { id: branch }, data: { policyJson: JSON.stringify({ pollPostponeBelowPercent: 65 }) } });
    const county = await orgId("county");
    const result = await save("xianwei", { orgId: county, pollRefuseBelowPercent: "70" });
    expect(result.status).toBe(400);
    expect(replyErrors(result)).toEqual({
      pollRefuseBelowPercent: [
        errorMessage("development.policyProblems.refuseAbovePostponeBelow", { refuse: 70, postpone: 65, org: "城关社区第二党支部" }),
      ],
    });
    expect((await prisma.organization.findUniqueOrThrow({ where: { id: county } })).policyJson).toBe("{}");
  });

  it("keeps the other settings in the organization's document (annual study targets) and reads its own beside them", async () => {
    const branch = await orgId("chengguan-1");
    await prisma.organization.update({ where: { id: branch }, data: { policyJson: JSON.stringify({ annualStudyHours: { MEMBER: 40 } }) } });
    const response = await save("chengguan", { orgId: branch, publicNoticeDays: "7" });
    expect(response.status).toBe(302);
    expect(JSON.parse((await prisma.organization.findUniqueOrThrow({ where: { id: branch } })).policyJson)).toEqual({
      annualStudyHours: { MEMBER: 40 },
      publicNoticeDays: 7,
    });
    const { policyForPath } = await import("~/models/org-policy.server.ts");
    const { path } = await prisma.organization.findUniqueOrThrow({ where: { id: branch }, select: { path: true } });
    expect((await policyForPath(path)).publicNoticeDays).toBe(7);
  });

  it("does not let a township admin set the county's policy", async () => {
    const county = await orgId("county");
    const result = await save("chengguan", { orgId: county, publicNoticeDays: "7" });
    expect(result.status).toBe(403);
    expect((await prisma.organization.findUniqueOrThrow({ where: { id: county } })).policyJson).toBe("{}");
  });
});

describe("the organizations an admin may choose", () => {
  it("lists the township admin's own subtree only, and refuses the county on the page", async () => {
    const township = await orgId("chengguan");
    const data = (await policyPage("chengguan", township)).body as { orgs: { id: string; name: string }[] };
    const { path } = await prisma.organization.findUniqueOrThrow({ where: { id: township }, select: { path: true } });
    const subtree = await prisma.organization.findMany({ where: { path: { startsWith: path } }, select: { id: true } });
    expect(data.orgs.map((org) => org.id).sort()).toEqual(subtree.map((org) => org.id).sort());
    expect((await policyPage("chengguan", await orgId("county"))).status).toBe(403);
  });
});

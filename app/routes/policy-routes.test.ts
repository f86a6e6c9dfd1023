// The policy page as an organization admin uses it: a setting saved with its
// audit entry, then the real eligibility worker recomputes everyone below in
// batches with progress; bad values and inconsistent settings are refused
// naming the field, and nothing is saved.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { until } from "../../tests/helpers/wait.ts";
import { loadSampleData, sessionCookieFor, setUpAppEnvironment, type AppEnvironment, userIdsByUsername } from "../../tests/helpers/app-environment.ts";

let app: AppEnvironment;
let prisma: Awaited<ReturnType<typeof loadSampleData>>;
let workers: { close: () => Promise<void> }[] = [];
const ids = new Map<string, string>();
const cookies = new Map<string, string>();

type RouteArgs = { request: Request; params: Record<string, string>; context: Record<string, never> };
type Route = (args: RouteArgs) => Promise<unknown>;

async function call(route: unknown, args: RouteArgs): Promise<unknown> {
  try {
    return await (route as Route)(args);
  } catch (thrown) {
    return thrown;
  }
}

async function orgId(code: string) {
  return (await prisma.organization.findUniqueOrThrow({ where: { code }, select: { id: true } })).id;
}

async function save(caller: string, fields: Record<string, string>) {
  const page = await import("./org+/policy.tsx");
  const request = new Request("http://localhost/org/policy", { method: "POST", headers: { Cookie: cookies.get(caller)! }, body: new URLSearchParams(fields) });
  return call(page.action, { request, params: {}, context: {} });
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
    const response = (await save("chengguan", { orgId: township, minCultivationMonthsForTarget: "36" })) as Response;
    expect(response.status).toBe(302);
    expect(JSON.parse((await prisma.organization.findUniqueOrThrow({ where: { id: township } })).policyJson)).toEqual({ minCultivationMonthsForTarget: 36 });
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
    expect(verdict.reasonsJson).toContain("培养教育满 36 个月");

    // The page shows the value in force and who set it.
    const page = await import("./org+/policy.tsx");
    const data = (await page.loader({ request: new Request(`http://localhost/org/policy?org=${township}`, { headers: { Cookie: cookies.get("chengguan")! } }), params: {}, context: {} } as never)) as {
      effective: { minCultivationMonthsForTarget: number };
      source: { minCultivationMonthsForTarget: string | null; publicNoticeDays: string | null };
    };
    expect(data.effective.minCultivationMonthsForTarget).toBe(36);
    expect(data.source).toMatchObject({ minCultivationMonthsForTarget: "城关镇党委", publicNoticeDays: null });
  });

  it("names a bad value and keeps what was typed, saving nothing", async () => {
    const township = await orgId("chengguan");
    const before = (await prisma.organization.findUniqueOrThrow({ where: { id: township } })).policyJson;
    const result = (await save("chengguan", { orgId: township, publicNoticeDays: "0", minCultivationMonthsForAdmission: "二十四" })) as {
      values: Record<string, string>;
      problems: { field: string }[];
    };
    expect(result.problems.map((problem) => problem.field).sort()).toEqual(["minCultivationMonthsForAdmission", "publicNoticeDays"]);
    expect(result.values.minCultivationMonthsForAdmission).toBe("二十四");
    expect((await prisma.organization.findUniqueOrThrow({ where: { id: township } })).policyJson).toBe(before);
  });

  it("refuses a county threshold that would make a branch below inconsistent, naming the branch", async () => {
    const branch = await orgId("chengguan-2");
    await prisma.organization.update({ where: { id: branch }, data: { policyJson: JSON.stringify({ pollPostponeBelowPercent: 65 }) } });
    const county = await orgId("county");
    const result = (await save("xianwei", { orgId: county, pollRefuseBelowPercent: "70" })) as { problems: { field: string; message: string }[] };
    expect(result.problems).toEqual([{ field: "pollRefuseBelowPercent", message: expect.stringContaining("城关社区第二党支部") }]);
    expect((await prisma.organization.findUniqueOrThrow({ where: { id: county } })).policyJson).toBe("{}");
  });

  it("keeps the other settings in the organization's document (annual study targets) and reads its own beside them", async () => {
    const branch = await orgId("chengguan-1");
    await prisma.organization.update({ where: { id: branch }, data: { policyJson: JSON.stringify({ annualStudyHours: { MEMBER: 40 } }) } });
    const response = (await save("chengguan", { orgId: branch, publicNoticeDays: "7" })) as Response;
    expect(response.status).toBe(302);
    expect(JSON.parse((await prisma.organization.findUniqueOrThrow({ where: { id: branch } })).policyJson)).toEqual({ annualStudyHours: { MEMBER: 40 }, publicNoticeDays: 7 });
    const { policyForPath } = await import("~/models/development.server.ts");
    const { path } = await prisma.organization.findUniqueOrThrow({ where: { id: branch }, select: { path: true } });
    expect((await policyForPath(path)).publicNoticeDays).toBe(7);
  });

  it("does not let a township admin set the county's policy", async () => {
    const county = await orgId("county");
    const result = (await save("chengguan", { orgId: county, publicNoticeDays: "7" })) as Response;
    expect(result.status).toBe(403);
    expect((await prisma.organization.findUniqueOrThrow({ where: { id: county } })).policyJson).toBe("{}");
  });
});

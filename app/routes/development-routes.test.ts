// The development pages as the browser reaches them: a step recorded through
// the form (refusals name the field and hand the typed values back, nothing is
// written), thought reports written by the learner and answered by his trainer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSampleData, sessionCookieFor, setUpAppEnvironment, type AppEnvironment, userIdsByUsername } from "../../tests/helpers/app-environment.ts";

let app: AppEnvironment;
let prisma: Awaited<ReturnType<typeof loadSampleData>>;
const ids = new Map<string, string>();
const cookies = new Map<string, string>();

type RouteArgs = { request: Request; params: Record<string, string>; context: Record<string, never> };
type Route = (args: RouteArgs) => Promise<unknown>;

function post(caller: string, path: string, fields: Record<string, string>) {
  return new Request(`http://localhost${path}`, { method: "POST", headers: { Cookie: cookies.get(caller)! }, body: new URLSearchParams(fields) });
}

async function call(route: unknown, args: RouteArgs): Promise<unknown> {
  try {
    return await (route as Route)(args);
  } catch (thrown) {
    return thrown;
  }
}

beforeAll(async () => {
  app = await setUpAppEnvironment();
  prisma = await loadSampleData();
  for (const [username, id] of await userIdsByUsername()) ids.set(username, id);
  for (const username of ["peiyang", "xueyuan", "fazhan", "chengguan"]) cookies.set(username, await sessionCookieFor(username));
});

afterAll(async () => app?.cleanup());

async function record(caller: string, learner: string, fields: Record<string, string>) {
  const page = await import("./org+/development.$userId.tsx");
  const id = ids.get(learner)!;
  return call(page.action, { request: post(caller, `/org/development/${id}`, fields), params: { userId: id }, context: {} });
}

describe("recording a step through the form", () => {
  it("records an assessment and redirects to the timeline", async () => {
    const response = (await record("peiyang", "xueyuan", { kind: "ASSESSMENT", occurredOn: "2026-06-01", passed: "on", note: "表现良好" })) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/org/development/${ids.get("xueyuan")}?saved=ASSESSMENT#timeline`);
    const milestone = await prisma.developmentMilestone.findFirstOrThrow({ where: { userId: ids.get("xueyuan"), step: "ASSESSMENT" } });
    expect(JSON.parse(milestone.detailsJson)).toEqual({ passed: true, note: "表现良好" });
  });

  it("refuses a vote with more yes than present, names the field and hands back what was typed", async () => {
    const fields = { kind: "VOTE", occurredOn: "2026-11-01", purpose: "ADMISSION", entitled: "20", present: "12", yes: "13", advanceYes: "0" };
    const result = (await record("peiyang", "fazhan", fields)) as { kind: string; values: Record<string, string>; problems: { field: string; message: string }[] };
    expect(result.kind).toBe("VOTE");
    expect(result.values).toMatchObject({ present: "12", yes: "13" });
    expect(result.problems).toEqual([{ field: "yes", message: expect.stringContaining("赞成 13 票多于到会 12 人") }]);
    expect(await prisma.branchVote.count({ where: { userId: ids.get("fazhan") } })).toBe(0);
  });

  it("refuses a kind of record that does not exist", async () => {
    const result = (await record("peiyang", "xueyuan", { kind: "PROMOTED", occurredOn: "2026-06-01" })) as { problems: { field: string }[] };
    expect(result.problems).toEqual([{ field: "kind", message: expect.stringContaining("没有这种记录") }]);
  });

  it("shows the verdict computed from the records on the page", async () => {
    const page = await import("./org+/development.$userId.tsx");
    const id = ids.get("xueyuan")!;
    const data = (await page.loader({ request: new Request(`http://localhost/org/development/${id}`, { headers: { Cookie: cookies.get("peiyang")! } }), params: { userId: id }, context: {} } as never)) as {
      verdict: { nextStage: string; reasons: { rule: string }[] };
      timeline: { kind: string }[];
      kinds: string[];
    };
    expect(data.verdict.nextStage).toBe("DEVELOPMENT_TARGET");
    expect(data.timeline.map((event) => event.kind)).toContain("ASSESSMENT");
    expect(data.kinds).toContain("TARGET_CONFIRMED");
    expect(data.kinds).not.toContain("ADMITTED");
  });
});

describe("thought reports", () => {
  it("hands a too-short report back with the count, then saves a full one", async () => {
    const reports = await import("./me_.reports.tsx");
    const short = (await call(reports.action, { request: post("xueyuan", "/me/reports", { body: "思想汇报太短" }), params: {}, context: {} })) as { problem: string; actual: number; body: string };
    expect(short).toMatchObject({ problem: "too-short", actual: 6, body: "思想汇报太短" });
    expect(await prisma.thoughtReport.count({ where: { userId: ids.get("xueyuan") } })).toBe(0);

    const body = "这一季度我认真学习了党章和发展党员工作程序，".repeat(3);
    const saved = (await call(reports.action, { request: post("xueyuan", "/me/reports", { body }), params: {}, context: {} })) as Response;
    expect(saved.headers.get("Location")).toBe("/me/reports?saved=1");
    expect(await prisma.thoughtReport.findFirstOrThrow({ where: { userId: ids.get("xueyuan") } })).toMatchObject({ body: body.trim(), comment: null });
  });

  it("lets the trainer answer, audited; a one-character answer is handed back", async () => {
    const page = await import("./org+/development.$userId.tsx");
    const id = ids.get("xueyuan")!;
    const report = await prisma.thoughtReport.findFirstOrThrow({ where: { userId: id } });
    const short = (await call(page.action, { request: post("peiyang", `/org/development/${id}`, { intent: "comment", reportId: report.id, comment: "好" }), params: { userId: id }, context: {} })) as {
      comment: { text: string; problem: { problem: string } };
    };
    expect(short.comment).toMatchObject({ text: "好", problem: { problem: "too-short" } });

    const answered = (await call(page.action, { request: post("peiyang", `/org/development/${id}`, { intent: "comment", reportId: report.id, comment: "认识有提高，继续努力。" }), params: { userId: id }, context: {} })) as Response;
    expect(answered.status).toBe(302);
    expect(await prisma.thoughtReport.findUniqueOrThrow({ where: { id: report.id } })).toMatchObject({ comment: "认识有提高，继续努力。", reviewerId: ids.get("peiyang") });
    const audit = await prisma.auditLog.findMany({ where: { entityType: "ThoughtReport", entityId: report.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: ids.get("peiyang"), action: "development.thought_report.commented" });
  });

  it("refuses to answer another person's report through this person's page", async () => {
    const page = await import("./org+/development.$userId.tsx");
    const report = await prisma.thoughtReport.findFirstOrThrow({ where: { userId: ids.get("xueyuan") } });
    const other = ids.get("fazhan")!;
    const result = (await call(page.action, { request: post("peiyang", `/org/development/${other}`, { intent: "comment", reportId: report.id, comment: "不应写入" }), params: { userId: other }, context: {} })) as {
      problems: { field: string }[];
    };
    expect(result.problems).toEqual([{ field: "reportId", message: expect.any(String) }]);
  });
});

describe("concentrated training hours", () => {
  const KEY = "0b6d8c1e-5f2a-4e3b-8c7d-9a1b2c3d4e5f";
  const fields = { intent: "training", trainingName: "城关镇发展对象培训班", occurredOn: "2026-10-20", classHours: "24", idempotencyKey: KEY };

  it("enters them into the ledger once, however often the form is sent, and the engine counts them", async () => {
    for (let time = 0; time < 2; time += 1) {
      const response = (await record("chengguan", "fazhan", fields)) as Response;
      expect(response.headers.get("Location")).toBe(`/org/development/${ids.get("fazhan")}?saved=TRAINING#training`);
    }
    const entries = await prisma.hoursLedgerEntry.findMany({ where: { userId: ids.get("fazhan"), category: "CONCENTRATED_TRAINING" } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ classHours: 24, source: "concentrated-training:城关镇发展对象培训班", recordedById: ids.get("chengguan") });
    const { loadFacts } = await import("~/models/development.server.ts");
    expect((await loadFacts(ids.get("fazhan")!))?.concentratedTrainingHours).toBe(24);
    expect(await prisma.auditLog.count({ where: { action: "development.concentrated_training", entityId: entries[0]!.id } })).toBe(1);
  });

  it("hands back a bad entry with the field named", async () => {
    const result = (await record("chengguan", "fazhan", { ...fields, idempotencyKey: "1b6d8c1e-5f2a-4e3b-8c7d-9a1b2c3d4e5f", classHours: "2.3" })) as {
      training: { values: Record<string, string>; problems: { field: string }[] };
    };
    expect(result.training.problems.map((problem) => problem.field)).toEqual(["classHours"]);
    expect(result.training.values.trainingName).toBe("城关镇发展对象培训班");
  });

  it("is for organization admins: the branch trainer is refused", async () => {
    const result = (await record("peiyang", "fazhan", { ...fields, idempotencyKey: "2b6d8c1e-5f2a-4e3b-8c7d-9a1b2c3d4e5f" })) as Response;
    expect(result.status).toBe(403);
    expect(await prisma.hoursLedgerEntry.count({ where: { userId: ids.get("fazhan"), category: "CONCENTRATED_TRAINING" } })).toBe(1);
  });
});

describe("a public notice", () => {
  it("is recorded through the form and printed with the person's particulars", async () => {
    const response = (await record("peiyang", "fazhan", { kind: "NOTICE", occurredOn: "2026-11-02", endsOn: "2026-11-08", purpose: "ADMISSION", objections: "0", note: "该同志入党动机端正，表现突出。" })) as Response;
    expect(response.status).toBe(302);
    const notice = await prisma.publicNotice.findFirstOrThrow({ where: { userId: ids.get("fazhan") } });
    const page = await import("./org+/notices.$noticeId.tsx");
    const data = (await page.loader({ request: new Request(`http://localhost/org/notices/${notice.id}`, { headers: { Cookie: cookies.get("peiyang")! } }), params: { noticeId: notice.id }, context: {} } as never)) as {
      notice: { purpose: string; startsOn: string; endsOn: string; body: string; org: string };
      person: { name: string; branch: string; birthYear: number };
    };
    expect(data.notice).toMatchObject({ purpose: "ADMISSION", startsOn: "2026-11-02", endsOn: "2026-11-08", body: "该同志入党动机端正，表现突出。", org: "城关社区第一党支部" });
    expect(data.person).toMatchObject({ name: "陈红", branch: "城关社区第一党支部", birthYear: 1995 });
  });
});

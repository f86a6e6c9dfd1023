// The development pages as the browser reaches them: a step recorded through
// the form (refusals name the field with status 400 and hand the typed values
// back, nothing is written), thought reports written by the learner and
// answered by his trainer, concentrated training hours, a printable notice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
const ids = new Map<string, string>();
const cookies = new Map<string, string>();

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
  return callRoute(page.action, routeRequest(`/org/development/${id}`, { cookie: cookies.get(caller), fields }), { userId: id });
}

/** What a Conform reply hands back to the form: the values as typed. */
const typed = (body: unknown) => (body as { initialValue: Record<string, unknown> }).initialValue;

describe("recording a step through the form", () => {
  it("records an assessment and redirects to the timeline", async () => {
    const answer = await record("peiyang", "xueyuan", { intent: "ASSESSMENT", occurredOn: "2026-06-01", passed: "on", note: "表现良好" });
    expect(answer.status).toBe(302);
    expect(answer.location).toBe(`/org/development/${ids.get("xueyuan")}?saved=ASSESSMENT#timeline`);
    const milestone = await prisma.developmentMilestone.findFirstOrThrow({ where: { userId: ids.get("xueyuan"), step: "ASSESSMENT" } });
    expect(JSON.parse(milestone.detailsJson)).toEqual({ passed: true, note: "表现良好" });
  });

  it("refuses a vote with more yes than present with 400, names the field and hands back what was typed", async () => {
    const fields = {
      intent: "VOTE",
      occurredOn: "2026-11-01",
      purpose: "ADMISSION",
      entitled: "20",
      present: "12",
      yes: "13",
      advanceYes: "0",
    };
    const answer = await record("peiyang", "fazhan", fields);
    expect(answer.status).toBe(400);
    expect(typed(answer.body)).toMatchObject({ intent: "VOTE", present: "12", yes: "13" });
    expect(replyErrors(answer)).toEqual({ yes: [errorMessage("development.problems.yesOverPresent", { yes: 13, present: 12 })] });
    expect(await prisma.branchVote.count({ where: { userId: ids.get("fazhan") } })).toBe(0);
  });

  it("refuses a figure that is not a number before the domain sees it", async () => {
    const answer = await record("peiyang", "fazhan", {
      intent: "VOTE",
      occurredOn: "2026-11-01",
      purpose: "ADMISSION",
      entitled: "二十",
      present: "12",
      yes: "11",
    });
    expect(answer.status).toBe(400);
    expect(replyErrors(answer)).toEqual({ entitled: ["development.problems.notNumber"] });
  });

  it("refuses a step for another stage as a whole-form error", async () => {
    const answer = await record("peiyang", "xueyuan", { intent: "ADMITTED", occurredOn: "2026-06-01" });
    expect(answer.status).toBe(400);
    expect(replyErrors(answer)).toEqual({
      "": [errorMessage("development.problems.stageSkipped", { stage: "ACTIVIST", from: "DEVELOPMENT_TARGET", to: "PROBATIONARY" })],
    });
  });

  it("refuses a kind of record that does not exist", async () => {
    const answer = await record("peiyang", "xueyuan", { intent: "PROMOTED", occurredOn: "2026-06-01" });
    expect(answer.status).toBe(400);
    expect(replyErrors(answer)).toEqual({ intent: ["development.problems.unknownKind"] });
  });

  it("shows the verdict computed from the records on the page, its reasons as codes", async () => {
    const page = await import("./org+/development.$userId.tsx");
    const id = ids.get("xueyuan")!;
    const answer = await callRoute(page.loader, routeRequest(`/org/development/${id}`, { cookie: cookies.get("peiyang") }), { userId: id });
    const data = answer.body as {
      verdict: { nextStage: string; reasons: { rule: string; evidence: { code: string } }[] };
      timeline: { kind: string }[];
      kinds: string[];
    };
    expect(data.verdict.nextStage).toBe("DEVELOPMENT_TARGET");
    expect(data.verdict.reasons.find((reason) => reason.rule === "cultivation-before-target")?.evidence.code).toBe("cultivated");
    expect(data.timeline.map((event) => event.kind)).toContain("ASSESSMENT");
    expect(data.kinds).toContain("TARGET_CONFIRMED");
    expect(data.kinds).not.toContain("ADMITTED");
  });
});

describe("thought reports", () => {
  it("hands a too-short report back with the count and status 400, then saves a full one", async () => {
    const reports = await import("./me_.reports.tsx");
    const short = await callRoute(
      reports.action,
      routeRequest("/me/reports", { cookie: cookies.get("xueyuan"), fields: { body: "思想汇报太短" } }),
    );
    expect(short.status).toBe(400);
    expect(replyErrors(short)).toEqual({ body: [errorMessage("reports.errors.too-short", { min: 50, max: 10_000, actual: 6 })] });
    expect(typed(short.body)).toEqual({ body: "思想汇报太短" });
    expect(await prisma.thoughtReport.count({ where: { userId: ids.get("xueyuan") } })).toBe(0);

    const body = "这一季度我认真学习了党章和发展党员工作程序，".repeat(3);
    const saved = await callRoute(reports.action, routeRequest("/me/reports", { cookie: cookies.get("xueyuan"), fields: { body } }));
    expect(saved.location).toBe("/me/reports?saved=1");
    expect(await prisma.thoughtReport.findFirstOrThrow({ where: { userId: ids.get("xueyuan") } })).toMatchObject({
      body: body.trim(),
      comment: null,
    });
  });

  it("refuses a report from someone not on the path", async () => {
    const reports = await import("./me_.reports.tsx");
    const answer = await callRoute(
      reports.action,
      routeRequest("/me/reports", { cookie: cookies.get("peiyang"), fields: { body: "思".repeat(60) } }),
    );
    expect(answer.status).toBe(400);
    expect(replyErrors(answer)).toEqual({ "": ["reports.errors.not-reporting"] });
  });

  it("lets the trainer answer, audited; a one-character answer is handed back", async () => {
    const id = ids.get("xueyuan")!;
    const report = await prisma.thoughtReport.findFirstOrThrow({ where: { userId: id } });
    const short = await record("peiyang", "xueyuan", { intent: "comment", reportId: report.id, comment: "好" });
    expect(short.status).toBe(400);
    expect(replyErrors(short)).toEqual({ comment: [errorMessage("reports.errors.too-short", { min: 2, max: 2000, actual: 1 })] });
    expect(typed(short.body)).toMatchObject({ reportId: report.id, comment: "好" });

    const answered = await record("peiyang", "xueyuan", { intent: "comment", reportId: report.id, comment: "认识有提高，继续努力。" });
    expect(answered.status).toBe(302);
    expect(await prisma.thoughtReport.findUniqueOrThrow({ where: { id: report.id } })).toMatchObject({
      comment: "认识有提高，继续努力。",
      reviewerId: ids.get("peiyang"),
    });
    const audit = await prisma.auditLog.findMany({ where: { entityType: "ThoughtReport", entityId: report.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: ids.get("peiyang"), action: "development.thought_report.commented" });
  });

  it("refuses to answer another person's report through this person's page", async () => {
    const report = await prisma.thoughtReport.findFirstOrThrow({ where: { userId: ids.get("xueyuan") } });
    const answer = await record("peiyang", "fazhan", { intent: "comment", reportId: report.id, comment: "不应写入" });
    expect(answer.status).toBe(400);
    expect(replyErrors(answer)).toEqual({ "": ["development.problems.noSuchReport"] });
  });
});

describe("concentrated training hours", () => {
  const KEY = "0b6d8c1e-5f2a-4e3b-8c7d-9a1b2c3d4e5f";
  const fields = {
    intent: "training",
    trainingName: "城关镇发展对象培训班",
    occurredOn: "2026-10-20",
    classHours: "24",
    idempotencyKey: KEY,
  };

  it("enters them into the ledger once, however often the form is sent, and the engine counts them", async () => {
    for (let time = 0; time < 2; time += 1) {
      const answer = await record("chengguan", "fazhan", fields);
      expect(answer.location).toBe(`/org/development/${ids.get("fazhan")}?saved=TRAINING#training`);
    }
    const entries = await prisma.hoursLedgerEntry.findMany({ where: { userId: ids.get("fazhan"), category: "CONCENTRATED_TRAINING" } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      classHours: 24,
      source: "concentrated-training:城关镇发展对象培训班",
      recordedById: ids.get("chengguan"),
    });
    const { loadFacts } = await import("~/models/development.server.ts");
    expect((await loadFacts(ids.get("fazhan")!))?.concentratedTrainingHours).toBe(24);
    expect(await prisma.auditLog.count({ where: { action: "development.concentrated_training", entityId: entries[0]!.id } })).toBe(1);
  });

  it("hands back a bad entry with the field named and the key kept", async () => {
    const answer = await record("chengguan", "fazhan", {
      ...fields,
      idempotencyKey: "1b6d8c1e-5f2a-4e3b-8c7d-9a1b2c3d4e5f",
      classHours: "2.3",
    });
    expect(answer.status).toBe(400);
    expect(replyErrors(answer)).toEqual({ classHours: ["development.problems.halfHours"] });
    expect(typed(answer.body)).toMatchObject({
      trainingName: "城关镇发展对象培训班",
      idempotencyKey: "1b6d8c1e-5f2a-4e3b-8c7d-9a1b2c3d4e5f",
    });
  });

  it("is for organization admins: the branch trainer is refused", async () => {
    const answer = await record("peiyang", "fazhan", { ...fields, idempotencyKey: "2b6d8c1e-5f2a-4e3b-8c7d-9a1b2c3d4e5f" });
    expect(answer.status).toBe(403);
    expect(await prisma.hoursLedgerEntry.count({ where: { userId: ids.get("fazhan"), category: "CONCENTRATED_TRAINING" } })).toBe(1);
  });
});

describe("a public notice", () => {
  it("is recorded through the form and printed with the person's particulars", async () => {
    const answer = await record("peiyang", "fazhan", {
      intent: "NOTICE",
      occurredOn: "2026-11-02",
      endsOn: "2026-11-08",
      purpose: "ADMISSION",
      objections: "0",
      note: "该同志入党动机端正，表现突出。",
    });
    expect(answer.status).toBe(302);
    const notice = await prisma.publicNotice.findFirstOrThrow({ where: { userId: ids.get("fazhan") } });
    const page = await import("./org+/notices.$noticeId.tsx");
    const printed = await callRoute(page.loader, routeRequest(`/org/notices/${notice.id}`, { cookie: cookies.get("peiyang") }), {
      noticeId: notice.id,
    });
    const data = printed.body as { notice: Record<string, unknown>; person: Record<string, unknown> };
    expect(data.notice).toMatchObject({
      purpose: "ADMISSION",
      startsOn: "2026-11-02",
      endsOn: "2026-11-08",
      body: "该同志入党动机端正，表现突出。",
      org: "城关社区第一党支部",
    });
    expect(data.person).toMatchObject({ name: "陈红", branch: "城关社区第一党支部", birthYear: 1995 });
  });

  it("is not found under an unknown id", async () => {
    const page = await import("./org+/notices.$noticeId.tsx");
    expect(
      (await callRoute(page.loader, routeRequest("/org/notices/nope", { cookie: cookies.get("peiyang") }), { noticeId: "nope" })).status,
    ).toBe(404);
  });
});

describe("a verdict stored under an older rule set", () => {
  it("is never shown as stored: the desk judges the person afresh", async () => {
    const id = ids.get("xueyuan")!;
    await prisma.eligibilityResult.deleteMany({ where: { userId: id } });
    await prisma.eligibilityResult.create({
      data: {
        userId: id,
        nextStage: "DEVELOPMENT_TARGET",
        status: "NOT_YET",
        reasonsJson: JSON.stringify([
          {
            rule: "thought-reports",
            article: "发展党员工作实践（种子文件 000）",
            effect: "NOT_YET",
            evidence: "应交 4 份",
            remedy: "补交",
          },
        ]),
        ruleSetVersion: "2014-细则-1",
        computedAt: new Date(),
      },
    });
    const desk = await import("./org+/development._index.tsx");
    const answer = await callRoute(desk.loader, routeRequest("/org/development", { cookie: cookies.get("peiyang") }));
    const person = (answer.body as { people: { id: string; verdict: { reasons: { evidence: unknown }[] } | null }[] }).people.find(
      (candidate) => candidate.id === id,
    )!;
    expect(person.verdict).not.toBeNull();
    expect(JSON.stringify(person.verdict)).not.toContain("种子");
    for (const reason of person.verdict!.reasons) expect(reason.evidence).toMatchObject({ code: expect.any(String) });
  });
});

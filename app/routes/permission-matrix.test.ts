// Every loader and action that exists, called as every sample account (and as
// nobody): a role held at an organization reaches its subtree and nothing else.
// The expected outcomes are written out by hand from the organization tree in
// prisma/sample-data.ts, not computed by the code under test.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  loadSampleData,
  sessionCookieFor,
  setUpAppEnvironment,
  startHeartbeatServer,
  type AppEnvironment,
  userIdsByUsername,
} from "../../tests/helpers/app-environment.ts";
import { callRoute, jsonRequest, replyErrors, routeRequest } from "../../tests/helpers/route-call.ts";

type Outcome = "ok" | "login" | "forbidden";
type Caller =
  | "anonymous"
  | "admin"
  | "xianwei"
  | "chengguan"
  | "hexi"
  | "peiyang"
  | "zhandian"
  | "xueyuan"
  | "fazhan"
  | "yubei"
  | "shenqing"
  | "liudong";
const CALLERS: Caller[] = [
  "anonymous",
  "admin",
  "xianwei",
  "chengguan",
  "hexi",
  "peiyang",
  "zhandian",
  "xueyuan",
  "fazhan",
  "yubei",
  "shenqing",
  "liudong",
];
const STAFF_WHO_SEE_LEARNERS: Caller[] = ["admin", "xianwei", "chengguan", "hexi", "peiyang"];

/** Who may open each learner's record (org+/learners.$userId). */
const LEARNER_RECORD_ACCESS: Record<string, Caller[]> = {
  // 城关社区第一党支部: its trainer, the township and county admins, the platform admin.
  xueyuan: ["admin", "xianwei", "chengguan", "peiyang"],
  fazhan: ["admin", "xianwei", "chengguan", "peiyang"],
  // 城关社区第二党支部: not the first branch's trainer.
  yubei: ["admin", "xianwei", "chengguan"],
  // 河西村 (河西乡): county-wide roles and 河西乡's admin.
  shenqing: ["admin", "xianwei", "hexi"],
  // Home 杨庄村 (河西乡), trained by 城关镇's mobile branch: his home township and the township that trains him see him.
  liudong: ["admin", "xianwei", "chengguan", "hexi"],
};

let app: AppEnvironment;
let heartbeats: Awaited<ReturnType<typeof startHeartbeatServer>>;
const cookies = new Map<Caller, string>();
const userIds = new Map<string, string>();
let lessonParams: { courseSlug: string; lessonSlug: string };
let lessonId: string;

/**
 * ok: the permission check let him through (a page, a redirect, or a form's problem handed back: a 400
 * Conform reply naming the field); login: sent to sign in; forbidden: 403. Anything else fails the test.
 */
async function outcomeOf(route: unknown, request: Request, params: Record<string, string> = {}): Promise<Outcome> {
  const answer = await callRoute(route, request, params);
  if (answer.status === 403) return "forbidden";
  if (answer.status === 302 && (answer.location ?? "").startsWith("/login")) return "login";
  if (answer.status >= 200 && answer.status < 400) return "ok";
  if (answer.status === 400 && answer.response === null && replyErrors(answer) !== null) return "ok";
  throw new Error(`unexpected answer ${answer.status} ${answer.location ?? ""}`);
}

/** A GET as this caller, or with `fields` a form POST. */
function request(caller: Caller, path: string, fields?: Record<string, string>) {
  return routeRequest(path, { cookie: cookies.get(caller), fields });
}

beforeAll(async () => {
  app = await setUpAppEnvironment();
  const prisma = await loadSampleData();
  for (const caller of CALLERS.filter((name) => name !== "anonymous")) cookies.set(caller, await sessionCookieFor(caller));
  for (const [username, id] of await userIdsByUsername()) userIds.set(username, id);
  const lesson = await prisma.lesson.findFirstOrThrow({
    where: { slug: "rudang-shenqing" },
    select: { id: true, slug: true, course: { select: { slug: true } } },
  });
  lessonParams = { courseSlug: lesson.course.slug, lessonSlug: lesson.slug };
  lessonId = lesson.id;
  heartbeats = await startHeartbeatServer();
});

afterAll(async () => {
  await heartbeats?.close();
  await app?.cleanup();
});

const everyoneSignedIn = (caller: Caller): Outcome => (caller === "anonymous" ? "login" : "ok");

describe("study routes: every signed-in person, on his own records", () => {
  it.each(CALLERS)("%s", async (caller) => {
    const catalog = await import("./courses+/_index.tsx");
    const lesson = await import("./courses+/$courseSlug.$lessonSlug.tsx");
    const me = await import("./me.tsx");
    const lessonPath = `/courses/${lessonParams.courseSlug}/${lessonParams.lessonSlug}`;
    const expected = everyoneSignedIn(caller);
    expect(await outcomeOf(catalog.loader, request(caller, "/courses"))).toBe(expected);
    expect(await outcomeOf(lesson.loader, request(caller, lessonPath), lessonParams)).toBe(expected);
    expect(await outcomeOf(lesson.action, request(caller, lessonPath, { intent: "prepare" }), lessonParams)).toBe(expected);
    // The heartbeat endpoint is a plain Node handler (decision 007): no session is a 401, not a redirect.
    const heartbeat = await heartbeats.post(JSON.stringify({ lessonId, intervals: [[0, 1]], position: 1 }), cookies.get(caller));
    expect(heartbeat.status).toBe(caller === "anonymous" ? 401 : 200);
    expect(await outcomeOf(me.loader, request(caller, "/me"))).toBe(expected);
  });
});

describe("display preferences (大字, 朗读): every signed-in person, on his own row", () => {
  it.each(CALLERS)("%s", async (caller) => {
    const preferences = await import("./me_.preferences.tsx");
    const expected: Outcome = caller === "anonymous" ? "login" : "ok";
    // Switching large type off (the sample accounts' default) leaves every row as it was.
    const post = request(caller, "/me/preferences", { largeText: "false" });
    expect(await outcomeOf(preferences.action, post)).toBe(expected);
    expect(await outcomeOf(preferences.loader, request(caller, "/me/preferences"))).toBe(expected);
  });
});

describe("the learner list: staff who may see learners", () => {
  it.each(CALLERS)("%s", async (caller) => {
    const list = await import("./org+/learners._index.tsx");
    const expected: Outcome = caller === "anonymous" ? "login" : STAFF_WHO_SEE_LEARNERS.includes(caller) ? "ok" : "forbidden";
    expect(await outcomeOf(list.loader, request(caller, "/org/learners"))).toBe(expected);
  });

  it.each([
    { caller: "peiyang" as Caller, sees: ["xueyuan", "fazhan"], notSees: ["yubei", "shenqing", "liudong"] },
    { caller: "chengguan" as Caller, sees: ["xueyuan", "fazhan", "yubei", "liudong"], notSees: ["shenqing"] },
    { caller: "hexi" as Caller, sees: ["shenqing", "liudong"], notSees: ["xueyuan", "fazhan", "yubei"] },
    { caller: "xianwei" as Caller, sees: ["xueyuan", "fazhan", "yubei", "liudong", "shenqing"], notSees: [] },
  ])("$caller's list holds only his subtree", async ({ caller, sees, notSees }) => {
    const list = await import("./org+/learners._index.tsx");
    const data = (await callRoute(list.loader, request(caller, "/org/learners"))).body as { learners: { id: string }[] };
    const listed = new Set(data.learners.map((learner) => learner.id));
    for (const username of sees) expect(listed.has(userIds.get(username)!), `${caller} should see ${username}`).toBe(true);
    for (const username of notSees) expect(listed.has(userIds.get(username)!), `${caller} should not see ${username}`).toBe(false);
  });
});

describe("a learner's record: reached from his organizations' ancestors only", () => {
  const cases = Object.entries(LEARNER_RECORD_ACCESS).flatMap(([learner, allowed]) =>
    CALLERS.map((caller) => ({
      caller,
      learner,
      expected: (caller === "anonymous" ? "login" : allowed.includes(caller) ? "ok" : "forbidden") as Outcome,
    })),
  );
  it.each(cases)("$caller → $learner: $expected", async ({ caller, learner, expected }) => {
    const detail = await import("./org+/learners.$userId.tsx");
    const id = userIds.get(learner)!;
    expect(await outcomeOf(detail.loader, request(caller, `/org/learners/${id}`), { userId: id })).toBe(expected);
  });
});

/** Who may correct each learner's hours: org:manage over one of his organizations (not his trainer). */
const HOURS_CORRECTION_ACCESS: Record<string, Caller[]> = {
  xueyuan: ["admin", "xianwei", "chengguan"],
  fazhan: ["admin", "xianwei", "chengguan"],
  yubei: ["admin", "xianwei", "chengguan"],
  // 河西村: the county and 河西乡.
  shenqing: ["admin", "xianwei", "hexi"],
  // Home 杨庄村 (河西乡), trained by 城关镇's mobile branch: the township admin who runs it corrects too.
  liudong: ["admin", "xianwei", "chengguan", "hexi"],
};

describe("correcting a learner's hours: organization admins over his organizations only", () => {
  const cases = Object.entries(HOURS_CORRECTION_ACCESS).flatMap(([learner, allowed]) =>
    CALLERS.map((caller) => ({
      caller,
      learner,
      expected: (caller === "anonymous" ? "login" : allowed.includes(caller) ? "ok" : "forbidden") as Outcome,
    })),
  );
  it.each(cases)("$caller → $learner: $expected", async ({ caller, learner, expected }) => {
    const detail = await import("./org+/learners.$userId.tsx");
    const id = userIds.get(learner)!;
    // An empty form: those allowed get the field errors back, nothing is written.
    const post = request(caller, `/org/learners/${id}`, {});
    expect(await outcomeOf(detail.action, post, { userId: id })).toBe(expected);
  });
});

/** Who may give each person a one-time password (org+/learners.$userId_.password): admins over his own organization only. */
const ONE_TIME_PASSWORD_ACCESS: Record<string, Caller[]> = {
  xueyuan: ["admin", "xianwei", "chengguan"],
  fazhan: ["admin", "xianwei", "chengguan"],
  yubei: ["admin", "xianwei", "chengguan"],
  shenqing: ["admin", "xianwei", "hexi"],
  // Home 杨庄村 (河西乡): 城关镇 trains him but his account is not its business.
  liudong: ["admin", "xianwei", "hexi"],
};

describe("a one-time password for someone who forgot his: admins over his own organization only", () => {
  const cases = Object.entries(ONE_TIME_PASSWORD_ACCESS).flatMap(([person, allowed]) =>
    CALLERS.map((caller) => ({
      caller,
      person,
      expected: (caller === "anonymous" ? "login" : allowed.includes(caller) ? "ok" : "forbidden") as Outcome,
    })),
  );
  it.each(cases)("$caller → $person: $expected", async ({ caller, person, expected }) => {
    const page = await import("./org+/learners.$userId_.password.tsx");
    const id = userIds.get(person)!;
    const path = `/org/learners/${id}/password`;
    expect(await outcomeOf(page.loader, request(caller, path), { userId: id })).toBe(expected);
    // The box left unticked: those allowed get it named back, nothing is issued (a reset would end the caller's sessions here).
    expect(await outcomeOf(page.action, request(caller, path, {}), { userId: id })).toBe(expected);
  });
});

const ORG_ADMINS: Caller[] = ["admin", "xianwei", "chengguan", "hexi"];

describe("人员管理, the list and a new person: organization admins (each sees and adds within his subtree)", () => {
  it.each(CALLERS)("%s", async (caller) => {
    const list = await import("./org+/people._index.tsx");
    const create = await import("./org+/people_.new.tsx");
    const expected: Outcome = caller === "anonymous" ? "login" : ORG_ADMINS.includes(caller) ? "ok" : "forbidden";
    expect(await outcomeOf(list.loader, request(caller, "/org/people"))).toBe(expected);
    expect(await outcomeOf(create.loader, request(caller, "/org/people/new"))).toBe(expected);
    // An empty form: those allowed get the fields named back, nothing is written.
    expect(await outcomeOf(create.action, request(caller, "/org/people/new", {}))).toBe(expected);
  });
});

describe("批量导入, the template and the export: organization admins (each within his subtree)", () => {
  it.each(CALLERS)("%s", async (caller) => {
    const upload = await import("./org+/people_.import.tsx");
    const template = await import("./org+/people_.import_.template.tsx");
    const roster = await import("./org+/people_.export.tsx");
    const expected: Outcome = caller === "anonymous" ? "login" : ORG_ADMINS.includes(caller) ? "ok" : "forbidden";
    expect(await outcomeOf(upload.loader, request(caller, "/org/people/import"))).toBe(expected);
    expect(await outcomeOf(template.loader, request(caller, "/org/people/import/template?format=csv"))).toBe(expected);
    expect(await outcomeOf(roster.loader, request(caller, "/org/people/export?format=csv"))).toBe(expected);
  });
});

describe("a person's record, account and roles, transfer and merge: admins over his own organization only", () => {
  const pages = [
    { tail: "", page: () => import("./org+/people.$personId.tsx") },
    { tail: "/account", page: () => import("./org+/people.$personId_.account.tsx") },
    { tail: "/transfer", page: () => import("./org+/people.$personId_.transfer.tsx") },
    { tail: "/merge", page: () => import("./org+/people.$personId_.merge.tsx") },
  ];
  const cases = Object.entries(ONE_TIME_PASSWORD_ACCESS).flatMap(([person, allowed]) =>
    CALLERS.map((caller) => ({
      caller,
      person,
      expected: (caller === "anonymous" ? "login" : allowed.includes(caller) ? "ok" : "forbidden") as Outcome,
    })),
  );
  it.each(cases)("$caller → $person: $expected", async ({ caller, person, expected }) => {
    const id = userIds.get(person)!;
    for (const { tail, page } of pages) {
      const { loader, action } = await page();
      const path = `/org/people/${id}${tail}`;
      expect(await outcomeOf(loader, request(caller, path), { personId: id }), path).toBe(expected);
      // No intent: those allowed get it named back, nothing changes.
      expect(await outcomeOf(action, request(caller, path, {}), { personId: id }), `POST ${path}`).toBe(expected);
    }
  });
});

describe("组织管理, the tree and a new organization: organization admins (each within his subtree)", () => {
  it.each(CALLERS)("%s", async (caller) => {
    const tree = await import("./org+/organizations._index.tsx");
    const create = await import("./org+/organizations_.new.tsx");
    const expected: Outcome = caller === "anonymous" ? "login" : ORG_ADMINS.includes(caller) ? "ok" : "forbidden";
    expect(await outcomeOf(tree.loader, request(caller, "/org/organizations"))).toBe(expected);
    expect(await outcomeOf(create.loader, request(caller, "/org/organizations/new"))).toBe(expected);
    // An empty form: those allowed get the fields named back, nothing is written.
    expect(await outcomeOf(create.action, request(caller, "/org/organizations/new", {}))).toBe(expected);
  });
});

/** Who may open each organization's page (org+/organizations.$orgId): the admins whose subtree holds it. */
const ORGANIZATION_PAGE_ACCESS: Record<string, Caller[]> = {
  county: ["admin", "xianwei"],
  chengguan: ["admin", "xianwei", "chengguan"],
  "chengguan-1": ["admin", "xianwei", "chengguan"],
  "hexi-cun": ["admin", "xianwei", "hexi"],
};

describe("an organization's page: admins whose subtree holds it", () => {
  const cases = Object.entries(ORGANIZATION_PAGE_ACCESS).flatMap(([code, allowed]) =>
    CALLERS.map((caller) => ({
      caller,
      code,
      expected: (caller === "anonymous" ? "login" : allowed.includes(caller) ? "ok" : "forbidden") as Outcome,
    })),
  );
  it.each(cases)("$caller → $code: $expected", async ({ caller, code, expected }) => {
    const { getPrisma } = await import("~/utils/db.server.ts");
    const { id } = await (await getPrisma()).organization.findUniqueOrThrow({ where: { code }, select: { id: true } });
    const { loader, action } = await import("./org+/organizations.$orgId.tsx");
    const path = `/org/organizations/${id}`;
    expect(await outcomeOf(loader, request(caller, path), { orgId: id }), path).toBe(expected);
    // No intent: those allowed get it named back, nothing changes.
    expect(await outcomeOf(action, request(caller, path, {}), { orgId: id }), `POST ${path}`).toBe(expected);
  });
});

describe("changing one's own password: every signed-in person, for himself", () => {
  it.each(CALLERS)("%s", async (caller) => {
    const page = await import("./me_.password.tsx");
    expect(await outcomeOf(page.loader, request(caller, "/me/password"))).toBe(everyoneSignedIn(caller));
    // An empty form: the fields are named back, nothing changes.
    expect(await outcomeOf(page.action, request(caller, "/me/password", {}))).toBe(everyoneSignedIn(caller));
  });
});

describe("the hours certificate: every signed-in person, for himself only", () => {
  it.each(CALLERS)("%s", async (caller) => {
    const certificate = await import("./me_.certificate.tsx");
    expect(await outcomeOf(certificate.loader, request(caller, "/me/certificate"))).toBe(everyoneSignedIn(caller));
    if (caller === "anonymous") return;
    const data = (await callRoute(certificate.loader, request(caller, "/me/certificate"))).body as { certificate: { name: string } };
    const { SAMPLE_ACCOUNTS } = await import("../../prisma/sample-data.ts");
    expect(data.certificate.name).toBe(SAMPLE_ACCOUNTS.find((account) => account.username === caller)?.name);
  });
});

describe("verifying a certificate: anyone, signed in or not", () => {
  it.each(CALLERS)("%s", async (caller) => {
    const verify = await import("./verify.$token.tsx");
    const { issueCertificate } = await import("~/models/certificate.server.ts");
    const issued = await issueCertificate(userIds.get("xueyuan")!, 2026);
    const token = issued.ok ? issued.token : "";
    expect(await outcomeOf(verify.loader, request(caller, `/verify/${token}`), { token })).toBe("ok");
    expect(
      ((await callRoute(verify.loader, request(caller, `/verify/${token}`), { token })).body as { check: { status: string } }).check.status,
    ).toBe("VALID");
  });
});

/** Who may grade each learner's short answers (org+/reviews): learner:view over one of his organizations, as for his record. */
const SHORT_ANSWER_REVIEW_ACCESS: Record<string, Caller[]> = {
  // 城关社区第一党支部: its trainer, the township and county admins, the platform admin.
  xueyuan: ["admin", "xianwei", "chengguan", "peiyang"],
  // 城关社区第二党支部: not the first branch's trainer.
  yubei: ["admin", "xianwei", "chengguan"],
};

describe("reviewing short answers: staff who may see learners, each answer only from above its learner", () => {
  const shortAnswerOf = new Map<string, string>();
  const attemptOf = new Map<string, string>();

  beforeAll(async () => {
    // A test with a short answer waiting for a trainer, for a learner of each branch.
    const { submitAttempt } = await import("~/models/quiz.server.ts");
    const { processGrading } = await import("../../jobs/processors/grading.ts");
    const { getPrisma } = await import("~/utils/db.server.ts");
    const prisma = await getPrisma();
    const lesson = await prisma.lesson.findFirstOrThrow({
      where: { slug: "minzhu-jizhongzhi" },
      select: { id: true, questions: { select: { id: true, type: true } } },
    });
    for (const learner of Object.keys(SHORT_ANSWER_REVIEW_ACCESS)) {
      const responses = lesson.questions.map((question) => ({
        questionId: question.id,
        response: question.type === "SHORT" ? "我的回答" : null,
      }));
      const attempt = await submitAttempt({
        userId: userIds.get(learner)!,
        lessonId: lesson.id,
        idempotencyKey: `matrix-review-${learner}`,
        responses,
      });
      await processGrading({ data: { attemptId: attempt.id } } as Parameters<typeof processGrading>[0]);
      const answer = await prisma.quizAnswer.findFirstOrThrow({
        where: { attemptId: attempt.id, question: { type: "SHORT" } },
        select: { id: true },
      });
      shortAnswerOf.set(learner, answer.id);
      attemptOf.set(learner, attempt.id);
    }
  });

  it.each(CALLERS)("the queue page: %s", async (caller) => {
    const reviews = await import("./org+/reviews.tsx");
    const expected: Outcome = caller === "anonymous" ? "login" : STAFF_WHO_SEE_LEARNERS.includes(caller) ? "ok" : "forbidden";
    expect(await outcomeOf(reviews.loader, request(caller, "/org/reviews"))).toBe(expected);
  });

  it.each([
    { caller: "peiyang" as Caller, sees: ["xueyuan"], notSees: ["yubei"] },
    { caller: "chengguan" as Caller, sees: ["xueyuan", "yubei"], notSees: [] },
    { caller: "xianwei" as Caller, sees: ["xueyuan", "yubei"], notSees: [] },
  ])("$caller's queue holds only his subtree", async ({ caller, sees, notSees }) => {
    const reviews = await import("./org+/reviews.tsx");
    const data = (await callRoute(reviews.loader, request(caller, "/org/reviews"))).body as { attempts: { id: string }[] };
    const listed = new Set(data.attempts.map((attempt) => attempt.id));
    for (const learner of sees) expect(listed.has(attemptOf.get(learner)!), `${caller} should see ${learner}`).toBe(true);
    for (const learner of notSees) expect(listed.has(attemptOf.get(learner)!), `${caller} should not see ${learner}`).toBe(false);
  });

  const cases = Object.entries(SHORT_ANSWER_REVIEW_ACCESS).flatMap(([learner, allowed]) =>
    CALLERS.map((caller) => ({
      caller,
      learner,
      expected: (caller === "anonymous" ? "login" : allowed.includes(caller) ? "ok" : "forbidden") as Outcome,
    })),
  );
  it.each(cases)("grading $learner's answer as $caller: $expected", async ({ caller, learner, expected }) => {
    const reviews = await import("./org+/reviews.tsx");
    // "Correct" with 0 points contradicts itself: those allowed get the problem back, nothing is written.
    const body = { intent: "review", answerId: shortAnswerOf.get(learner)!, verdict: "correct", points: "0" };
    expect(await outcomeOf(reviews.action, request(caller, "/org/reviews", body))).toBe(expected);
    // No points at all (a form problem, not the rules'): still his permission first.
    expect(
      await outcomeOf(
        reviews.action,
        request(caller, "/org/reviews", { intent: "review", answerId: shortAnswerOf.get(learner)!, verdict: "correct" }),
      ),
    ).toBe(expected);
  });
});

describe("the development desk (发展党员): staff who may see learners, each his subtree", () => {
  it.each(CALLERS)("%s", async (caller) => {
    const desk = await import("./org+/development._index.tsx");
    const expected: Outcome = caller === "anonymous" ? "login" : STAFF_WHO_SEE_LEARNERS.includes(caller) ? "ok" : "forbidden";
    expect(await outcomeOf(desk.loader, request(caller, "/org/development"))).toBe(expected);
  });

  it.each([
    { caller: "peiyang" as Caller, sees: ["xueyuan", "fazhan"], notSees: ["yubei", "shenqing", "liudong"] },
    { caller: "chengguan" as Caller, sees: ["xueyuan", "fazhan", "yubei", "liudong"], notSees: ["shenqing"] },
  ])("$caller's desk holds only his subtree", async ({ caller, sees, notSees }) => {
    const desk = await import("./org+/development._index.tsx");
    const data = (await callRoute(desk.loader, request(caller, "/org/development"))).body as { people: { id: string }[] };
    const listed = new Set(data.people.map((person) => person.id));
    for (const username of sees) expect(listed.has(userIds.get(username)!), `${caller} should see ${username}`).toBe(true);
    for (const username of notSees) expect(listed.has(userIds.get(username)!), `${caller} should not see ${username}`).toBe(false);
  });
});

describe("a person's development record: seen and recorded from his organizations' ancestors only", () => {
  // Recording needs development:record, which every role that sees learners holds (trainers, org and platform admins).
  const cases = Object.entries(LEARNER_RECORD_ACCESS).flatMap(([learner, allowed]) =>
    CALLERS.map((caller) => ({
      caller,
      learner,
      expected: (caller === "anonymous" ? "login" : allowed.includes(caller) ? "ok" : "forbidden") as Outcome,
    })),
  );
  it.each(cases)("$caller → $learner: $expected", async ({ caller, learner, expected }) => {
    const page = await import("./org+/development.$userId.tsx");
    const id = userIds.get(learner)!;
    expect(await outcomeOf(page.loader, request(caller, `/org/development/${id}`), { userId: id })).toBe(expected);
    // A record without a date: those allowed get the problem back, nothing is written.
    const post = request(caller, `/org/development/${id}`, { kind: "ASSESSMENT" });
    expect(await outcomeOf(page.action, post, { userId: id })).toBe(expected);
  });
});

describe("the discussion on the lesson page: every signed-in person answers and replies as himself", () => {
  let parentId: string;
  beforeAll(async () => {
    const { createPost } = await import("~/models/discussion.server.ts");
    parentId = (await createPost({ lessonId, authorId: userIds.get("xueyuan")!, body: "矩阵测试的发言" })).id;
  });

  it.each(CALLERS)("%s", async (caller) => {
    const lesson = await import("./courses+/$courseSlug.$lessonSlug.tsx");
    const lessonPath = `/courses/${lessonParams.courseSlug}/${lessonParams.lessonSlug}`;
    const expected = everyoneSignedIn(caller);
    // Too short, or the stage not open yet, or not answered yet: those signed in get the problem back, nothing is written.
    const attempts: Record<string, string>[] = [
      { intent: "post", body: "短" },
      { intent: "reply", parentId, body: "短" },
    ];
    for (const fields of attempts) {
      const post = request(caller, lessonPath, fields);
      expect(await outcomeOf(lesson.action, post, lessonParams)).toBe(expected);
    }
  });
});

/** Who may hide each learner's discussion post (org+/discussions): discussion:moderate over his home or training organization. */
const DISCUSSION_MODERATION_ACCESS: Record<string, Caller[]> = {
  // 城关社区第一党支部: its trainer, the township and county admins, the platform admin.
  xueyuan: ["admin", "xianwei", "chengguan", "peiyang"],
  // 城关社区第二党支部: not the first branch's trainer.
  yubei: ["admin", "xianwei", "chengguan"],
  // 河西村: the county and 河西乡 (the station operator moderates nothing).
  shenqing: ["admin", "xianwei", "hexi"],
  // Home 杨庄村 (河西乡), trained by 城关镇's mobile branch: the township that trains him too.
  liudong: ["admin", "xianwei", "chengguan", "hexi"],
};
const DISCUSSION_MODERATORS: Caller[] = ["admin", "xianwei", "chengguan", "hexi", "peiyang"];

describe("moderating discussions: trainers and admins, each post only from above its author", () => {
  const postOf = new Map<string, string>();
  beforeAll(async () => {
    const { createPost } = await import("~/models/discussion.server.ts");
    for (const learner of Object.keys(DISCUSSION_MODERATION_ACCESS)) {
      postOf.set(learner, (await createPost({ lessonId, authorId: userIds.get(learner)!, body: `${learner} 的发言` })).id);
    }
  });

  it.each(CALLERS)("the moderation page: %s", async (caller) => {
    const discussions = await import("./org+/discussions.tsx");
    const expected: Outcome = caller === "anonymous" ? "login" : DISCUSSION_MODERATORS.includes(caller) ? "ok" : "forbidden";
    expect(await outcomeOf(discussions.loader, request(caller, "/org/discussions"))).toBe(expected);
  });

  it.each([
    { caller: "peiyang" as Caller, sees: ["xueyuan"], notSees: ["yubei", "shenqing", "liudong"] },
    { caller: "chengguan" as Caller, sees: ["xueyuan", "yubei", "liudong"], notSees: ["shenqing"] },
    { caller: "xianwei" as Caller, sees: ["xueyuan", "yubei", "liudong", "shenqing"], notSees: [] },
  ])("$caller's page holds only his subtree", async ({ caller, sees, notSees }) => {
    const discussions = await import("./org+/discussions.tsx");
    const data = (await callRoute(discussions.loader, request(caller, "/org/discussions"))).body as { posts: { id: string }[] };
    const listed = new Set(data.posts.map((post) => post.id));
    for (const learner of sees) expect(listed.has(postOf.get(learner)!), `${caller} should see ${learner}`).toBe(true);
    for (const learner of notSees) expect(listed.has(postOf.get(learner)!), `${caller} should not see ${learner}`).toBe(false);
  });

  const cases = Object.entries(DISCUSSION_MODERATION_ACCESS).flatMap(([learner, allowed]) =>
    CALLERS.map((caller) => ({
      caller,
      learner,
      expected: (caller === "anonymous" ? "login" : allowed.includes(caller) ? "ok" : "forbidden") as Outcome,
    })),
  );
  it.each(cases)("hiding $learner's post as $caller: $expected", async ({ caller, learner, expected }) => {
    const discussions = await import("./org+/discussions.tsx");
    // No reason: those allowed get the problem back, nothing is hidden.
    const body = { intent: "hide", postId: postOf.get(learner)!, reason: "" };
    expect(await outcomeOf(discussions.action, request(caller, "/org/discussions", body))).toBe(expected);
  });
});

describe("thought reports (思想汇报): every signed-in person, his own only", () => {
  it.each(CALLERS)("%s", async (caller) => {
    const reports = await import("./me_.reports.tsx");
    const expected = everyoneSignedIn(caller);
    expect(await outcomeOf(reports.loader, request(caller, "/me/reports"))).toBe(expected);
    // Too short: those signed in get the problem back (or "not reporting" for full members), nothing is written.
    const post = request(caller, "/me/reports", { body: "短" });
    expect(await outcomeOf(reports.action, post)).toBe(expected);
  });
});

describe("the development policy page: organization admins only", () => {
  const ORG_ADMINS: Caller[] = ["admin", "xianwei", "chengguan", "hexi"];
  it.each(CALLERS)("%s", async (caller) => {
    const policy = await import("./org+/policy.tsx");
    const expected: Outcome = caller === "anonymous" ? "login" : ORG_ADMINS.includes(caller) ? "ok" : "forbidden";
    expect(await outcomeOf(policy.loader, request(caller, "/org/policy"))).toBe(expected);
    // No organization chosen and a bad value: those allowed get the problem back, nothing is saved.
    const post = request(caller, "/org/policy", { publicNoticeDays: "0" });
    expect(await outcomeOf(policy.action, post)).toBe(expected);
  });
});

describe("a printable public notice (公示): seen from the person's organizations' ancestors only", () => {
  const noticeOf = new Map<string, string>();
  beforeAll(async () => {
    const { getPrisma } = await import("~/utils/db.server.ts");
    const prisma = await getPrisma();
    for (const learner of Object.keys(LEARNER_RECORD_ACCESS)) {
      const person = await prisma.user.findUniqueOrThrow({ where: { id: userIds.get(learner)! }, select: { homeOrgId: true } });
      const notice = await prisma.publicNotice.create({
        data: {
          orgId: person.homeOrgId!,
          userId: userIds.get(learner)!,
          title: "发展党员公示",
          body: "",
          startsOn: new Date("2026-11-01T00:00:00Z"),
          endsOn: new Date("2026-11-07T00:00:00Z"),
        },
      });
      noticeOf.set(learner, notice.id);
    }
  });

  const cases = Object.entries(LEARNER_RECORD_ACCESS).flatMap(([learner, allowed]) =>
    CALLERS.map((caller) => ({
      caller,
      learner,
      expected: (caller === "anonymous" ? "login" : allowed.includes(caller) ? "ok" : "forbidden") as Outcome,
    })),
  );
  it.each(cases)("$caller → $learner's notice: $expected", async ({ caller, learner, expected }) => {
    const page = await import("./org+/notices.$noticeId.tsx");
    const id = noticeOf.get(learner)!;
    expect(await outcomeOf(page.loader, request(caller, `/org/notices/${id}`), { noticeId: id })).toBe(expected);
  });
});

/** Who may record a session at the sample station of 河西村 (station:operate over 河西村党支部: its operator and the admins above). */
const STATION_ACCESS: Caller[] = ["admin", "xianwei", "hexi", "zhandian"];

describe("station session events (/api/station-events): station:operate over the station's organization", () => {
  it.each(CALLERS)("%s", async (caller) => {
    const route = await import("./api.station-events.ts");
    const { getPrisma } = await import("~/utils/db.server.ts");
    const prisma = await getPrisma();
    const station = await prisma.station.findUniqueOrThrow({ where: { code: "hexi-station" }, select: { id: true } });
    const sessionId = `matrix-${caller}`;
    const events = [
      { type: "opened", stationId: station.id, lessonId },
      { type: "closed", atMs: 1 },
    ].map((body, index) => ({ eventId: `${sessionId}-${index}`, deviceId: "matrix", sequence: index + 1, sessionId, body }));
    const answer = await route.action({ request: jsonRequest("/api/station-events", { events }, cookies.get(caller)) });
    // An endpoint for the station's screen: no session is a 401, not a redirect.
    expect(answer.status).toBe(caller === "anonymous" ? 401 : STATION_ACCESS.includes(caller) ? 200 : 403);
  });
});

describe("a station's download kit (/api/stations/:code/kit): station:operate over the station's organization", () => {
  it.each(CALLERS)("%s", async (caller) => {
    const route = await import("./api.stations.$code.kit.ts");
    const body = { deviceId: `matrix-${caller}`, lessonIds: [lessonId] };
    const answer = await callRoute(route.action, jsonRequest("/api/stations/hexi-station/kit", body, cookies.get(caller)), {
      code: "hexi-station",
    });
    // An endpoint of the station's app: no session is a 401, not a redirect.
    expect(answer.status).toBe(caller === "anonymous" ? 401 : STATION_ACCESS.includes(caller) ? 200 : 403);
  });
});

describe("a station device's upload naming its station (/api/station-events with stationCode): station:operate over that station's organization", () => {
  it.each(CALLERS)("%s", async (caller) => {
    const route = await import("./api.station-events.ts");
    const sessionId = `matrix-upload-${caller}`;
    const events = [{ eventId: `${sessionId}-0`, deviceId: "matrix", sequence: 1, sessionId, body: { type: "closed", atMs: 1 } }];
    const answer = await route.action({
      request: jsonRequest("/api/station-events", { stationCode: "hexi-station", events }, cookies.get(caller)),
    });
    expect(answer.status).toBe(caller === "anonymous" ? 401 : STATION_ACCESS.includes(caller) ? 200 : 403);
  });
});

describe("the stations page (/org/stations): whoever holds station:operate somewhere (each sees his own subtree's)", () => {
  it.each(CALLERS)("%s", async (caller) => {
    const page = await import("./org+/stations._index.tsx");
    const allowed: Caller[] = ["admin", "xianwei", "chengguan", "hexi", "zhandian"];
    const expected: Outcome = caller === "anonymous" ? "login" : allowed.includes(caller) ? "ok" : "forbidden";
    expect(await outcomeOf(page.loader, request(caller, "/org/stations"))).toBe(expected);
  });
});

describe("a station's playback schedule (/org/stations/:code/plan): station:operate over the station's organization", () => {
  it.each(CALLERS)("%s", async (caller) => {
    const page = await import("./org+/stations.$code.plan.tsx");
    const expected: Outcome = caller === "anonymous" ? "login" : STATION_ACCESS.includes(caller) ? "ok" : "forbidden";
    const path = "/org/stations/hexi-station/plan";
    expect(await outcomeOf(page.loader, request(caller, path), { code: "hexi-station" })).toBe(expected);
    // An empty form: those allowed get the field errors back, nothing is written.
    expect(await outcomeOf(page.action, request(caller, path, { intent: "add" }), { code: "hexi-station" })).toBe(expected);
  });
});

describe("a station's screen and its downloads (/station/:code, /station/:code/download): station:operate over the station's organization", () => {
  it.each(CALLERS)("%s", async (caller) => {
    const page = await import("./station.$code.tsx");
    const expected: Outcome = caller === "anonymous" ? "login" : STATION_ACCESS.includes(caller) ? "ok" : "forbidden";
    expect(await outcomeOf(page.loader, request(caller, "/station/hexi-station"), { code: "hexi-station" })).toBe(expected);
    // An empty answer sheet: those allowed get the field errors back, nothing is written.
    expect(await outcomeOf(page.action, request(caller, "/station/hexi-station", { intent: "quiz" }), { code: "hexi-station" })).toBe(
      expected,
    );
    const download = await import("./station.$code_.download.tsx");
    expect(await outcomeOf(download.loader, request(caller, "/station/hexi-station/download"), { code: "hexi-station" })).toBe(expected);
  });
});

describe("the phone test (/t): anyone, the session's code vouching (a wrong code gets nothing)", () => {
  it.each(CALLERS)("%s", async (caller) => {
    const page = await import("./t.tsx");
    expect(await outcomeOf(page.loader, request(caller, "/t?code=000000"))).toBe("ok");
    const answer = await callRoute(
      page.action,
      request(caller, "/t", { intent: "quiz", token: crypto.randomUUID(), code: "000000", personId: "x" }),
    );
    expect(answer.status).toBe(400);
    expect(replyErrors(answer)?.[""]).toEqual(["station.tv.answerProblems.code-unknown"]);
  });
});

describe("a station's work log and report card (/org/stations/:code): station:operate over the station's organization", () => {
  it.each(CALLERS)("%s", async (caller) => {
    const page = await import("./org+/stations.$code._index.tsx");
    const expected: Outcome = caller === "anonymous" ? "login" : STATION_ACCESS.includes(caller) ? "ok" : "forbidden";
    expect(await outcomeOf(page.loader, request(caller, "/org/stations/hexi-station"), { code: "hexi-station" })).toBe(expected);
    // An empty note: those allowed get the field errors back, nothing is written.
    expect(await outcomeOf(page.action, request(caller, "/org/stations/hexi-station", {}), { code: "hexi-station" })).toBe(expected);
  });
});

describe("a station's people (/org/stations/:code/people): station:operate over the station's organization", () => {
  it.each(CALLERS)("%s", async (caller) => {
    const page = await import("./org+/stations.$code.people.tsx");
    const expected: Outcome = caller === "anonymous" ? "login" : STATION_ACCESS.includes(caller) ? "ok" : "forbidden";
    const path = "/org/stations/hexi-station/people";
    expect(await outcomeOf(page.loader, request(caller, path), { code: "hexi-station" })).toBe(expected);
    // A villager without a name, and a link without an account: those allowed get the field errors back, nothing is written.
    expect(await outcomeOf(page.action, request(caller, path, { intent: "register", name: "" }), { code: "hexi-station" })).toBe(expected);
    expect(await outcomeOf(page.action, request(caller, path, { intent: "link", villagerId: "x" }), { code: "hexi-station" })).toBe(
      expected,
    );
  });
});

describe("the stations' monthly goals (/org/policy/station-goals): organization admins, within their subtree", () => {
  const ORG_ADMINS: Caller[] = ["admin", "xianwei", "chengguan", "hexi"];
  // 河西村党支部 is in 河西乡: the county's, the platform's and 河西乡's, not 城关镇's.
  const HEXI_ADMINS: Caller[] = ["admin", "xianwei", "hexi"];
  it.each(CALLERS)("%s", async (caller) => {
    const page = await import("./org+/policy_.station-goals.tsx");
    const { getPrisma } = await import("~/utils/db.server.ts");
    const hexi = await (await getPrisma()).organization.findFirstOrThrow({ where: { name: "河西村党支部" }, select: { id: true } });
    const expected: Outcome = caller === "anonymous" ? "login" : ORG_ADMINS.includes(caller) ? "ok" : "forbidden";
    expect(await outcomeOf(page.loader, request(caller, "/org/policy/station-goals"))).toBe(expected);
    // A bad value for 河西村: those allowed there get the problem back, nothing is saved.
    const post = request(caller, "/org/policy/station-goals", { orgId: hexi.id, sessionsPerMonth: "2.5" });
    const expectedPost: Outcome = caller === "anonymous" ? "login" : HEXI_ADMINS.includes(caller) ? "ok" : "forbidden";
    expect(await outcomeOf(page.action, post)).toBe(expectedPost);
  });
});

describe("adding a station (/org/stations/new): organization admins, for an organization of their subtree", () => {
  const ORG_ADMINS: Caller[] = ["admin", "xianwei", "chengguan", "hexi"];
  // 河西村党支部 is in 河西乡: the county's, the platform's and 河西乡's, not 城关镇's.
  const HEXI_ADMINS: Caller[] = ["admin", "xianwei", "hexi"];
  it.each(CALLERS)("%s", async (caller) => {
    const page = await import("./org+/stations_.new.tsx");
    const { getPrisma } = await import("~/utils/db.server.ts");
    const hexi = await (await getPrisma()).organization.findFirstOrThrow({ where: { name: "河西村党支部" }, select: { id: true } });
    const expected: Outcome = caller === "anonymous" ? "login" : ORG_ADMINS.includes(caller) ? "ok" : "forbidden";
    expect(await outcomeOf(page.loader, request(caller, "/org/stations/new"))).toBe(expected);
    // An empty form: those allowed get the field errors back, nothing is written.
    expect(await outcomeOf(page.action, request(caller, "/org/stations/new", {}))).toBe(expected);
    // A station for 河西村 without a number: those allowed there get the problem back, nothing is written.
    const post = request(caller, "/org/stations/new", { orgId: hexi.id, name: "矩阵测试站点" });
    const expectedPost: Outcome = caller === "anonymous" ? "login" : HEXI_ADMINS.includes(caller) ? "ok" : "forbidden";
    expect(await outcomeOf(page.action, post)).toBe(expectedPost);
  });
});

describe("editing a station (/org/stations/:code/edit): org:manage over the station's organization (not its operator)", () => {
  // 河西村's station: the platform's, the county's and 河西乡's admins; not 城关镇's, not the operator himself.
  const HEXI_ADMINS: Caller[] = ["admin", "xianwei", "hexi"];
  it.each(CALLERS)("%s", async (caller) => {
    const page = await import("./org+/stations_.$code.edit.tsx");
    const expected: Outcome = caller === "anonymous" ? "login" : HEXI_ADMINS.includes(caller) ? "ok" : "forbidden";
    const path = "/org/stations/hexi-station/edit";
    expect(await outcomeOf(page.loader, request(caller, path), { code: "hexi-station" })).toBe(expected);
    // An empty form: those allowed get the field errors back, nothing is written.
    expect(await outcomeOf(page.action, request(caller, path, {}), { code: "hexi-station" })).toBe(expected);
  });
});

describe("the film library's sharing (/org/library): org:manage over the course's owner organization", () => {
  const ORG_ADMINS: Caller[] = ["admin", "xianwei", "chengguan", "hexi"];
  // A course 河西乡党委 owns (shared with every organization, so no other row changes): its admin, the county's, the platform's.
  const HEXI_ADMINS: Caller[] = ["admin", "xianwei", "hexi"];
  let courseId: string;
  beforeAll(async () => {
    const { getPrisma } = await import("~/utils/db.server.ts");
    const prisma = await getPrisma();
    const hexi = await prisma.organization.findFirstOrThrow({ where: { name: "河西乡党委" }, select: { id: true } });
    const course = await prisma.course.update({
      where: { slug: "dangzhang-jichu" },
      data: { ownerOrgId: hexi.id, sharing: "ALL" },
      select: { id: true },
    });
    courseId = course.id;
  });

  it.each(CALLERS)("%s", async (caller) => {
    const page = await import("./org+/library.tsx");
    const expected: Outcome = caller === "anonymous" ? "login" : ORG_ADMINS.includes(caller) ? "ok" : "forbidden";
    expect(await outcomeOf(page.loader, request(caller, "/org/library"))).toBe(expected);
    // Sharing it as it is shared already: those allowed are sent back to the page, nothing changes.
    const post = request(caller, "/org/library", { courseId, sharing: "ALL" });
    const expectedPost: Outcome = caller === "anonymous" ? "login" : HEXI_ADMINS.includes(caller) ? "ok" : "forbidden";
    expect(await outcomeOf(page.action, post)).toBe(expectedPost);
    // A bad choice: those allowed get the problem back.
    expect(await outcomeOf(page.action, request(caller, "/org/library", { courseId, sharing: "NOPE" }))).toBe(expectedPost);
  });
});

/** Route modules open to everyone on purpose, each for its reason; every other loader and action is in the matrix above. */
const OPEN_TO_EVERYONE: Record<string, string> = {
  "_index.tsx": "only redirects: to sign in, or to the caller's start page",
  "healthz.ts": "the supervisor's and the load balancer's health check",
  "login.tsx": "signing in",
  "logout.tsx": "signing out ends the caller's own session only",
  "set-locale.tsx": "the language cookie",
  "station.$code_.manifest[.]webmanifest.ts": "browsers fetch a manifest without the cookie; it names no station and reads nothing",
};

describe("the matrix itself", () => {
  it("calls every route module that has a loader or an action, but those open to everyone on purpose", async () => {
    const { readdir, readFile } = await import("node:fs/promises");
    const path = await import("node:path");
    const here = path.resolve("app/routes");
    const matrix = await readFile(path.join(here, "permission-matrix.test.ts"), "utf8");
    const modules = (await readdir(here, { recursive: true }))
      .map((file) => file.split(path.sep).join("/"))
      .filter((file) => /\.tsx?$/.test(file) && !file.endsWith(".test.ts"));
    const uncovered: string[] = [];
    for (const file of modules) {
      const source = await readFile(path.join(here, file), "utf8");
      if (!/export (async )?function (loader|action)\b|export const (loader|action)\b/.test(source)) continue;
      if (!(file in OPEN_TO_EVERYONE) && !matrix.includes(`import("./${file}")`)) uncovered.push(file);
    }
    expect(uncovered).toEqual([]);
  });
});

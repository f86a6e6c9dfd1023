// 合并重复记录 on a real database: two records of one person, each holding part
// of his life (an account and a role, study of the same lesson, an attempt, hours
// on both ledgers with a correction, a development step, a station visit), become
// one. Nothing is lost or counted twice, both ledgers still verify, the closed
// record points to the kept one, and every refusal leaves both as they were.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lessonHoursKey, verifyChain } from "~/domain/hours-ledger.ts";
import { recomputeEligibility } from "~/models/eligibility.server.ts";
import { listLearnersIn } from "~/models/learner-record.server.ts";
import { appendLedgerEntry, correctLedgerEntry, ledgerChain, trainingHours } from "~/models/ledger.server.ts";
import { setPassword, signInAccount } from "~/models/user.server.ts";
import {
  loadSampleData,
  sampleStationAndLesson,
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
let lessons: { id: string }[] = [];
let stationId = "";

beforeAll(async () => {
  app = await setUpAppEnvironment();
  prisma = await loadSampleData();
  for (const org of await prisma.organization.findMany({ select: { id: true, code: true } })) orgIds.set(org.code, org.id);
  for (const [username, id] of await userIdsByUsername()) userIds.set(username, id);
  lessons = await prisma.lesson.findMany({ orderBy: { id: "asc" }, take: 2, select: { id: true } });
  ({ stationId } = await sampleStationAndLesson(prisma));
});

afterAll(async () => app?.cleanup());

const day = (d: number) => new Date(Date.UTC(2026, 5, d));

/** The same person twice in 河西村: one record typed in by hand, one that came with his account. */
async function twoRecords(name: string, phones: [string, string], otherIdCard: string | null = null) {
  const orgId = orgIds.get("hexi-cun")!;
  const [L1, L2] = [lessons[0]!.id, lessons[1]!.id];
  const kept = await prisma.user.create({ data: { name, homeOrgId: orgId, phone: phones[0], gender: "M" } });
  const other = await prisma.user.create({
    data: {
      name,
      homeOrgId: orgId,
      phone: phones[1],
      idCardNumber: otherIdCard,
      occupation: "养殖户",
      gender: "M",
      username: `merge${phones[1].slice(-4)}`,
      stage: "APPLICANT",
      stageSince: day(1),
    },
  });
  await setPassword(other.id, "一二三四五六七八九十", { mustChange: false });
  await prisma.roleAssignment.create({ data: { userId: other.id, orgId, role: "LEARNER" } });
  await prisma.lessonProgress.create({ data: { userId: kept.id, lessonId: L1, preparedAt: day(5), viewedAt: day(6) } });
  await prisma.lessonProgress.create({
    data: {
      userId: other.id,
      lessonId: L1,
      preparedAt: day(2),
      viewedAt: day(8),
      discussedAt: day(9),
      testedAt: day(9),
      completedAt: day(9),
    },
  });
  await prisma.watchProgress.create({ data: { userId: kept.id, lessonId: L1, intervalsJson: "[[0,100]]", watchedSeconds: 100 } });
  await prisma.watchProgress.create({
    data: { userId: other.id, lessonId: L1, intervalsJson: "[[50,150]]", watchedSeconds: 100, lastPosition: 150, lastHeartbeatAt: day(8) },
  });
  await prisma.quizAttempt.create({
    data: { userId: other.id, lessonId: L1, idempotencyKey: `attempt-${other.id}`, attemptNumber: 1, status: "GRADED", passed: true },
  });
  await appendLedgerEntry({
    userId: kept.id,
    lessonId: L2,
    category: "ONLINE_STUDY",
    classHours: 1,
    source: "lesson:two",
    idempotencyKey: lessonHoursKey(kept.id, L2),
    occurredAt: day(3),
  });
  const l1 = await appendLedgerEntry({
    userId: other.id,
    lessonId: L1,
    category: "ONLINE_STUDY",
    classHours: 2,
    source: "lesson:one",
    idempotencyKey: lessonHoursKey(other.id, L1),
    occurredAt: day(9),
  });
  await appendLedgerEntry({
    userId: other.id,
    lessonId: L2,
    category: "ONLINE_STUDY",
    classHours: 1,
    source: "lesson:two",
    idempotencyKey: lessonHoursKey(other.id, L2),
    occurredAt: day(4),
  });
  await appendLedgerEntry({
    userId: other.id,
    category: "CONCENTRATED_TRAINING",
    classHours: 8,
    source: "乡党校集中培训",
    idempotencyKey: `concentrated-training:${other.id}`,
    occurredAt: day(10),
  });
  await correctLedgerEntry({
    learnerId: other.id,
    entryId: l1.id,
    classHours: -0.5,
    reason: "视频有一段未播完",
    recordedById: userIds.get("hexi")!,
    idempotencyKey: `fix-${other.id}`,
  });
  await prisma.developmentMilestone.create({
    data: { userId: other.id, orgId, step: "APPLICATION_SUBMITTED", occurredOn: day(1), recordedById: userIds.get("hexi")! },
  });
  await prisma.stationVisitor.create({ data: { id: `visitor-${other.id}`, stationId, name, userId: other.id } });
  return { kept, other };
}

async function merge(username: string, keptId: string, fields: Record<string, string>) {
  const { action } = await import("./org+/people.$personId_.merge.tsx");
  return callRoute(action, routeRequest(`/org/people/${keptId}/merge`, { cookie: await sessionCookieFor(username), fields }), {
    personId: keptId,
  });
}

async function page(username: string, keptId: string, query: string) {
  const { loader } = await import("./org+/people.$personId_.merge.tsx");
  const request = new Request(`http://localhost/org/people/${keptId}/merge${query}`, {
    headers: { cookie: await sessionCookieFor(username) },
  });
  return callRoute(loader, request, { personId: keptId });
}

/** Everything either record holds, to show that a refusal changes nothing. */
async function holdings(...ids: string[]) {
  const where = { userId: { in: ids } };
  return {
    people: await prisma.user.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" } }),
    ledger: await prisma.hoursLedgerEntry.count({ where }),
    progress: await prisma.lessonProgress.findMany({ where, orderBy: { id: "asc" } }),
    attempts: await prisma.quizAttempt.findMany({ where, orderBy: { id: "asc" } }),
    audit: await prisma.auditLog.count({ where: { entityId: { in: ids } } }),
  };
}

const problemKeys = (answer: Awaited<ReturnType<typeof merge>>) =>
  Object.values(replyMessages(answer) ?? {}).flatMap((list) => list.map((message) => message.key));

describe("merging two records of one person", () => {
  it("finds the other record by the same name and shows what the kept one would take", async () => {
    const { kept, other } = await twoRecords("钱有福", ["13900031001", "13900031002"]);
    const list = await page("hexi", kept.id, "");
    expect((list.body as { candidates: { id: string }[] }).candidates.map((candidate) => candidate.id)).toEqual([other.id]);
    const compared = (await page("hexi", kept.id, `?with=${other.id}`)).body as {
      preview: { taken: string[]; differing: string[]; problems: unknown[]; other: { hours: number } };
    };
    expect(compared.preview).toMatchObject({
      taken: ["occupation", "stage", "stageSince", "activistTier"],
      differing: ["phone"],
      problems: [],
    });
    expect(compared.preview.other.hours).toBe(10.5);
  });

  it("moves everything to the kept record, counts each credit once, and keeps both ledgers whole", async () => {
    const { kept, other } = await twoRecords("钱有禄", ["13900032001", "13900032002"], "410102198803120037");
    const [L1, L2] = [lessons[0]!.id, lessons[1]!.id];
    const answer = await merge("hexi", kept.id, { otherId: other.id, confirmed: "on" });
    expect(answer.status).toBe(302);
    expect(answer.location).toBe(`/org/people/${kept.id}?done=merged`);

    const closed = await prisma.user.findUniqueOrThrow({ where: { id: other.id } });
    expect(closed).toMatchObject({ mergedIntoId: kept.id, phone: null, idCardNumber: null, username: null });
    expect(closed.deactivatedAt).not.toBeNull();
    const now = await prisma.user.findUniqueOrThrow({ where: { id: kept.id } });
    // His own phone stays; what he lacked comes over, the account with it.
    expect(now).toMatchObject({
      phone: "13900032001",
      idCardNumber: "410102198803120037",
      occupation: "养殖户",
      stage: "APPLICANT",
      username: "merge2002",
    });
    expect((await signInAccount("merge2002"))?.id).toBe(kept.id);
    expect(await prisma.roleAssignment.findMany({ where: { userId: kept.id }, select: { role: true } })).toEqual([{ role: "LEARNER" }]);

    const progress = await prisma.lessonProgress.findUniqueOrThrow({ where: { userId_lessonId: { userId: kept.id, lessonId: L1 } } });
    expect(progress).toMatchObject({ preparedAt: day(2), viewedAt: day(6), discussedAt: day(9), completedAt: day(9) });
    const watch = await prisma.watchProgress.findUniqueOrThrow({ where: { userId_lessonId: { userId: kept.id, lessonId: L1 } } });
    expect([watch.intervalsJson, watch.watchedSeconds, watch.lastPosition]).toEqual(["[[0,150]]", 150, 150]);
    expect(await prisma.quizAttempt.findMany({ where: { userId: kept.id }, select: { attemptNumber: true } })).toEqual([
      { attemptNumber: 1 },
    ]);
    expect(await prisma.developmentMilestone.count({ where: { userId: kept.id } })).toBe(1);
    expect(await prisma.stationVisitor.count({ where: { userId: kept.id } })).toBe(1);

    // His own 1 h for lesson two, lesson one's 2 h less the 0.5 h correction, and the 8 h training;
    // the other record's lesson two is the same credit and is not carried.
    expect(await trainingHours(kept.id)).toBe(10.5);
    expect(await trainingHours(other.id)).toBe(10.5);
    const chain = await ledgerChain(kept.id);
    expect(verifyChain(chain)).toBeNull();
    expect(verifyChain(await ledgerChain(other.id))).toBeNull();
    expect(chain.map((entry) => [entry.source, entry.classHours])).toEqual([
      ["lesson:two", 1],
      ["merged:lesson:one", 1.5],
      ["merged:乡党校集中培训", 8],
    ]);
    // Finishing lesson one again on the kept record earns nothing more: the carried entry holds his key.
    const again = await appendLedgerEntry({
      userId: kept.id,
      lessonId: L1,
      category: "ONLINE_STUDY",
      classHours: 2,
      source: "lesson:one",
      idempotencyKey: lessonHoursKey(kept.id, L1),
      occurredAt: day(20),
    });
    expect(again.created).toBe(false);
    expect(await prisma.lessonProgress.findUnique({ where: { userId_lessonId: { userId: kept.id, lessonId: L2 } } })).toBeNull();

    // A job queued for the closed record before the merge judges nobody.
    expect(await recomputeEligibility(other.id)).toBeNull();
    expect(await prisma.eligibilityResult.count({ where: { userId: other.id } })).toBe(0);
    const learners = await listLearnersIn([(await prisma.organization.findUniqueOrThrow({ where: { id: orgIds.get("hexi-cun")! } })).path]);
    expect(learners.filter((learner) => learner.name === "钱有禄").map((learner) => learner.id)).toEqual([kept.id]);

    const audit = await prisma.auditLog.findMany({ where: { action: "person.merged", entityId: { in: [kept.id, other.id] } } });
    expect(audit).toHaveLength(2);
    const details = JSON.parse(audit[0]!.detailsJson) as Record<string, unknown>;
    expect(details).toMatchObject({ merged: { phone: "13900032002", username: "merge2002" }, carriedHours: 9.5, skippedHours: 1 });
    expect(JSON.stringify(details)).not.toContain("410102198803120037");
  });

  it("refuses a second merge of the closed record, changing nothing", async () => {
    const { kept, other } = await twoRecords("钱有寿", ["13900033001", "13900033002"]);
    expect((await merge("hexi", kept.id, { otherId: other.id, confirmed: "on" })).status).toBe(302);
    const before = await holdings(kept.id, other.id);
    const answer = await merge("hexi", kept.id, { otherId: other.id, confirmed: "on" });
    expect(answer.status).toBe(400);
    expect(problemKeys(answer)).toEqual(["people.merge.problems.already-merged"]);
    expect(await holdings(kept.id, other.id)).toEqual(before);
  });

  let refusals = 0;
  it.each<[string, (ids: { kept: string; other: string }) => Promise<unknown>, Record<string, string>, string[]]>([
    ["without the confirmation", async () => undefined, {}, ["people.merge.problems.confirm-missing"]],
    [
      "two different ID-card numbers",
      async ({ kept, other }) => {
        await prisma.user.update({ where: { id: kept }, data: { idCardNumber: "11010519491231002X" } });
        await prisma.user.update({ where: { id: other }, data: { idCardNumber: "440524198001010014" } });
      },
      { confirmed: "on" },
      ["people.merge.problems.id-cards-differ"],
    ],
    [
      "development steps on both records",
      ({ kept }) =>
        prisma.developmentMilestone.create({
          data: {
            userId: kept,
            orgId: orgIds.get("hexi-cun")!,
            step: "APPLICATION_SUBMITTED",
            occurredOn: day(2),
            recordedById: userIds.get("hexi")!,
          },
        }),
      { confirmed: "on" },
      ["people.merge.problems.both-have-milestones"],
    ],
  ])("refuses %s, changing nothing", async (_, arrange, fields, keys) => {
    refusals += 1;
    const { kept, other } = await twoRecords(`孙有${refusals}`, [`1390004000${refusals}`, `1390005000${refusals}`]);
    await arrange({ kept: kept.id, other: other.id });
    const before = await holdings(kept.id, other.id);
    const answer = await merge("hexi", kept.id, { otherId: other.id, ...fields });
    expect(answer.status).toBe(400);
    expect(problemKeys(answer)).toEqual(keys);
    expect(await holdings(kept.id, other.id)).toEqual(before);
  });

  it("keeps each admin to his own subtree", async () => {
    const { kept } = await twoRecords("钱有喜", ["13900036001", "13900036002"]);
    const elsewhere = await prisma.user.create({ data: { name: "钱有喜", homeOrgId: orgIds.get("chengguan-1")! } });
    const answer = await merge("hexi", kept.id, { otherId: elsewhere.id, confirmed: "on" });
    expect(problemKeys(answer)).toEqual(["people.merge.problems.outside"]);
    expect((await page("hexi", kept.id, "")).body).toMatchObject({ candidates: [expect.objectContaining({ name: "钱有喜" })] });
    expect(((await page("hexi", kept.id, "")).body as { candidates: unknown[] }).candidates).toHaveLength(1);
    expect((await merge("chengguan", kept.id, { otherId: elsewhere.id, confirmed: "on" })).status).toBe(403);
  });
});

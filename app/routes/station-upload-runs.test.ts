// A session's events uploaded together are taken as a run (one transaction for
// the run, each event judged by the same rules as when taken alone): the same
// outbox sent one item per upload and sent in one upload ends in the same
// answers, the same stored rows and the same session, refusals in the middle
// of the run included (a stranger on the roll, playback too fast and
// overlapping, an item sent twice, an id reused with other content, an event
// after the close). Two copies of one batch at once store one copy.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionEventBody } from "~/domain/station/session-events.ts";
import type { AnswerSheetBody } from "~/domain/station/upload.ts";
import {
  answersFromKey,
  loadSampleData,
  sampleStationAndLesson,
  sessionCookieFor,
  setUpAppEnvironment,
  userIdsByUsername,
  type AppEnvironment,
} from "../../tests/helpers/app-environment.ts";
import { jsonRequest } from "../../tests/helpers/route-call.ts";

let app: AppEnvironment;
let prisma: Awaited<ReturnType<typeof loadSampleData>>;
let cookie: string;
let stationId: string;
let lessonId: string;
const ids = new Map<string, string>();

beforeAll(async () => {
  app = await setUpAppEnvironment();
  prisma = await loadSampleData();
  cookie = await sessionCookieFor("zhandian");
  for (const [username, id] of await userIdsByUsername()) ids.set(username, id);
  ({ stationId, lessonId } = await sampleStationAndLesson(prisma));
});

afterAll(async () => app?.cleanup());

type Item = { eventId: string; deviceId: string; sequence: number; sessionId: string; body: SessionEventBody };
type Result = { eventId: string; outcome: string; refusal?: string | null; earlier?: string };

async function upload(items: readonly Item[]): Promise<Result[]> {
  const route = await import("./api.station-events.ts");
  const response = await route.action({
    request: jsonRequest("/api/station-events", { stationCode: "hexi-station", events: items }, cookie),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { results: Result[] }).results;
}

/** One session's outbox, with refusals in the middle of it; each copy its own session, walk-in and ids. */
function outbox() {
  const deviceId = `tablet-${randomUUID().slice(0, 8)}`;
  const sessionId = randomUUID();
  const walkInId = randomUUID();
  let sequence = 0;
  const item = (body: SessionEventBody): Item => ({ eventId: randomUUID(), deviceId, sequence: ++sequence, sessionId, body });
  const member = ids.get("shenqing")!;
  const startedAt = new Date(Date.now() - 5 * 60_000).toISOString();
  const memberArrives = item({ type: "arrived", personId: member, atMs: 0 });
  const strangerArrives = item({ type: "arrived", personId: ids.get("xueyuan")!, atMs: 500 });
  const walkIn = item({ type: "walked-in", personId: walkInId, name: "过路的王大爷", phone: null, atMs: 1_000 });
  const items: Item[] = [
    item({ type: "opened", stationId, lessonId, startedAt }),
    memberArrives,
    strangerArrives,
    walkIn,
    item({ type: "played", fromMs: 10_000, toMs: 28_000, mediaFrom: 0, mediaTo: 18 }),
    item({ type: "played", fromMs: 30_000, toMs: 31_000, mediaFrom: 0, mediaTo: 18 }),
    item({ type: "arrived", personId: member, atMs: 32_000 }),
    item({ type: "left", personId: walkInId, atMs: 40_000 }),
    // Registered by his walk-in earlier in the same upload: one of the station's people now.
    item({ type: "arrived", personId: walkInId, atMs: 60_000 }),
    item({ type: "played", fromMs: 20_000, toMs: 30_000, mediaFrom: 0, mediaTo: 10 }),
    memberArrives,
    strangerArrives,
    { ...walkIn, body: { ...walkIn.body, atMs: 2_000 } as SessionEventBody },
    item({ type: "minutes", summary: "结合本村实际谈了入党的认识。", speakerIds: [member, walkInId] }),
    item({ type: "closed", atMs: 120_000 }),
    item({ type: "arrived", personId: ids.get("hedashan")!, atMs: 121_000 }),
  ];
  return { sessionId, walkInId, items };
}

const answer = (result: Result) => ({ outcome: result.outcome, refusal: result.refusal ?? null, earlier: result.earlier ?? null });

/** What is stored of a session, its own ids (the session's, the walk-in's) put as names so two copies compare. */
async function storedSession(copy: { sessionId: string; walkInId: string }) {
  const { stationSessionState } = await import("~/models/station-session.server.ts");
  const named = (value: unknown) =>
    JSON.parse(JSON.stringify(value).replaceAll(copy.walkInId, "walk-in").replaceAll(copy.sessionId, "session"));
  const state = await stationSessionState(copy.sessionId);
  const rows = await prisma.stationEvent.findMany({
    where: { sessionClientId: copy.sessionId },
    orderBy: { position: "asc" },
    select: { position: true, type: true, outcome: true, refusal: true, sequence: true },
  });
  const session = await prisma.stationSession.findUniqueOrThrow({
    where: { clientId: copy.sessionId },
    select: { startedAt: true, endedAt: true, deviceStartedAt: true, dateFlag: true, hoursQueuedAt: true, testCode: true },
  });
  return {
    state: named({ ...state, presence: [...(state?.presence ?? [])], attempts: [...(state?.attempts ?? [])] }),
    rows,
    session: {
      lasted: session.endedAt!.getTime() - session.startedAt.getTime(),
      startedAsTheDeviceSaid: session.startedAt.getTime() === session.deviceStartedAt?.getTime(),
      dateFlag: session.dateFlag,
      hoursQueued: session.hoursQueuedAt !== null,
      testCode: session.testCode,
    },
    visitors: await prisma.stationVisitor.count({ where: { id: copy.walkInId, stationId } }),
  };
}

const applied = { outcome: "applied", refusal: null, earlier: null };
const refused = (refusal: string) => ({ outcome: "refused", refusal, earlier: null });
/** What becomes of each item of the outbox, sent once. */
const EXPECTED = [
  applied,
  applied,
  refused("not-station-person"),
  applied,
  applied,
  refused("faster-than-allowed"),
  refused("already-present"),
  applied,
  applied,
  refused("overlaps-playback"),
  { outcome: "duplicate", refusal: null, earlier: "applied" },
  { outcome: "duplicate", refusal: "not-station-person", earlier: "refused" },
  refused("event-id-reused"),
  applied,
  applied,
  refused("session-closed"),
];

describe("a session's events uploaded together", () => {
  it("end as they do sent one by one: the same answers, rows and session, refusals in the middle included", async () => {
    const oneByOne = outbox();
    const alone: Result[] = [];
    for (const item of oneByOne.items) alone.push(...(await upload([item])));
    const together = outbox();
    const asRun = await upload(together.items);

    expect(asRun.map(answer)).toEqual(alone.map(answer));
    expect(asRun.map(answer)).toEqual(EXPECTED);
    const stored = await storedSession(together);
    expect(stored).toEqual(await storedSession(oneByOne));
    expect(stored.rows).toHaveLength(13);
    expect(stored.session).toEqual({ lasted: 120_000, startedAsTheDeviceSaid: true, dateFlag: null, hoursQueued: true, testCode: null });
    expect(stored.visitors).toBe(1);

    // Taken as a run: everything up to the close in one transaction, received at one moment; what came after the close alone.
    const received = await prisma.stationEvent.findMany({
      where: { sessionClientId: together.sessionId },
      orderBy: { position: "asc" },
      select: { receivedAt: true },
    });
    expect(new Set(received.slice(0, 12).map((row) => row.receivedAt.getTime())).size).toBe(1);
    expect(received[12]!.receivedAt.getTime()).toBeGreaterThanOrEqual(received[0]!.receivedAt.getTime());
  });

  it("sent twice at the same moment (a second browser with a copy of the outbox), are stored once", async () => {
    const copy = outbox();
    const [first, second] = await Promise.all([upload(copy.items), upload(copy.items)]);
    // Each item is taken by one of them; the other finds it stored (or meets it being stored, and is taken again one item at a time).
    EXPECTED.forEach((expected, index) => {
      const answers = [first![index]!, second![index]!].map(answer);
      if (expected.outcome === "duplicate" || expected.refusal === "event-id-reused") expect(answers).toEqual([expected, expected]);
      else {
        const again = { outcome: "duplicate", refusal: expected.refusal, earlier: expected.outcome };
        expect([answers, [...answers].reverse()]).toContainEqual([expected, again]);
      }
    });
    expect(await prisma.stationEvent.count({ where: { sessionClientId: copy.sessionId } })).toBe(13);
    expect(await prisma.stationSession.count({ where: { clientId: copy.sessionId } })).toBe(1);
    expect(await prisma.stationVisitor.count({ where: { id: copy.walkInId } })).toBe(1);
  });
});

/** Learners of the station's village, each with an account and a paper drawn for him, as a kit draws them. */
async function villagersWithPapers(count: number) {
  const { getLessonById } = await import("~/models/course.server.ts");
  const { openPaper } = await import("~/models/quiz.server.ts");
  const lesson = (await getLessonById(lessonId))!;
  const village = await prisma.organization.findFirstOrThrow({ where: { code: "hexi-cun" }, select: { id: true } });
  return Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const suffix = randomUUID().slice(0, 8);
      const user = await prisma.user.create({
        data: { username: `cunmin-${suffix}`, name: `村民${index + 1}`, homeOrgId: village.id },
        select: { id: true },
      });
      const paper = await openPaper(user.id, lesson);
      // Every other one answers wrong.
      const answers = await answersFromKey(
        paper.questions.map((question) => question.id),
        index % 2 === 0,
      );
      return { id: user.id, token: paper.token, answers };
    }),
  );
}

type SheetItem = Omit<Item, "body"> & { body: SessionEventBody | AnswerSheetBody };

/**
 * A session's roll call, then its answer sheets one after another: some
 * plain, some refused (not on the roll, no account, a paper never drawn, an
 * item id already stored, no attempt left), on paper and aloud; `resend`
 * adds a sheet sent twice in the run, which is not the plain case; `late`
 * closes the session before the sheets are typed in.
 */
async function sheetsOutbox(options: { resend: boolean; late: boolean }) {
  const deviceId = `tablet-${randomUUID().slice(0, 8)}`;
  const sessionId = randomUUID();
  const walkInId = randomUUID();
  let sequence = 0;
  const item = (body: SheetItem["body"]): SheetItem => ({ eventId: randomUUID(), deviceId, sequence: ++sequence, sessionId, body });
  const [first, second, third, atLimit, absent] = await villagersWithPapers(5);
  const { submitAttempt } = await import("~/models/quiz.server.ts");
  // His one attempt the lesson allows, made online before the session.
  await submitAttempt({ userId: atLimit!.id, lessonId, idempotencyKey: randomUUID(), attemptLimit: 1, responses: [] });
  const opened = item({ type: "opened", stationId, lessonId });
  const roll = [first, second, third, atLimit].map((person, index) => item({ type: "arrived", personId: person!.id, atMs: index * 1000 }));
  const sheet = (person: { id: string; token: string; answers: AnswerSheetBody["answers"] }, way: AnswerSheetBody["way"] = "PAPER") =>
    item({ type: "answer-sheet", personId: person.id, way, token: person.token, answers: person.answers });
  const firstSheet = sheet(first!);
  const closed = item({ type: "closed", atMs: 60_000 });
  const items: SheetItem[] = [
    opened,
    ...roll,
    item({ type: "walked-in", personId: walkInId, name: "过路的李大娘", phone: null, atMs: 5_000 }),
    ...(options.late ? [closed] : []),
    firstSheet,
    sheet(second!, "ORAL"),
    sheet(absent!),
    sheet({ ...third!, id: walkInId }),
    sheet({ ...third!, token: randomUUID() }),
    { ...sheet(third!), eventId: opened.eventId },
    sheet(atLimit!),
    ...(options.resend ? [firstSheet] : []),
    sheet(third!, "SCREEN"),
    ...(options.late ? [] : [closed]),
  ];
  return { sessionId, walkInId, items, people: [first!, second!, third!, atLimit!, absent!].map((person) => person.id) };
}

const SHEETS_EXPECTED = ({ resend, late }: { resend: boolean; late: boolean }) => [
  ...Array.from({ length: late ? 7 : 6 }, () => applied),
  applied,
  applied,
  refused("not-attendee"),
  refused("no-account"),
  refused("paper-unknown"),
  refused("event-id-reused"),
  refused("limit-reached"),
  ...(resend ? [{ outcome: "duplicate", refusal: null, earlier: "applied" }] : []),
  applied,
  ...(late ? [] : [applied]),
];

/** What the sheets stored, each person put as his place on the roll so two copies compare. */
async function storedSheets(copy: { sessionId: string; people: string[] }) {
  const { getQueue } = await import("~/utils/queues.server.ts");
  const attempts = await prisma.quizAttempt.findMany({
    where: { userId: { in: copy.people }, lessonId },
    orderBy: [{ attemptNumber: "asc" }],
    select: {
      id: true,
      userId: true,
      drawId: true,
      attemptNumber: true,
      status: true,
      answers: { orderBy: { position: "asc" }, select: { questionId: true, position: true, responseJson: true } },
    },
  });
  const events = await prisma.stationEvent.findMany({
    where: { sessionClientId: copy.sessionId, type: "answered" },
    orderBy: { position: "asc" },
    select: { position: true, outcome: true, bodyJson: true },
  });
  const audits = await prisma.auditLog.count({ where: { action: "station.oral-answer", entityId: { in: attempts.map((a) => a.id) } } });
  const jobs = await Promise.all(attempts.map(async (attempt) => (await getQueue("grading").getJob(`grade-${attempt.id}`)) !== undefined));
  const hoursJobs = (await getQueue("hours").getJobs(["waiting", "delayed", "prioritized", "active", "completed", "failed"]))
    .filter((job) => (job.data as { stationSessionId?: string }).stationSessionId === copy.sessionId)
    .map((job) => job.id);
  const named = (value: unknown) => {
    let text = JSON.stringify(value).replaceAll(copy.sessionId, "session");
    copy.people.forEach((person, index) => (text = text.replaceAll(person, `person-${index}`)));
    for (const attempt of attempts) text = text.replaceAll(attempt.id, `attempt-of-${copy.people.indexOf(attempt.userId)}`);
    return JSON.parse(text) as unknown;
  };
  return {
    attempts: named(attempts.map(({ id: _id, drawId, ...attempt }) => ({ ...attempt, drawn: drawId !== null }))),
    events: named(events),
    audits,
    jobs,
    hoursJobs: (named(hoursJobs) as string[]).sort(),
    attemptIds: attempts.map((attempt) => attempt.id),
  };
}

describe("a session's answer sheets uploaded together", () => {
  it.each([
    { resend: false, late: false },
    { resend: true, late: false },
    { resend: false, late: true },
  ])(
    "end as they do sent one by one: the same answers, attempts, events, audit and grading jobs (a sheet sent twice: $resend, after the close: $late)",
    async ({ resend, late }) => {
      // One attempt per learner for this lesson, from here on.
      await prisma.lesson.update({ where: { id: lessonId }, data: { attemptLimit: 1 } });
      const oneByOne = await sheetsOutbox({ resend, late });
      const alone: Result[] = [];
      for (const item of oneByOne.items) alone.push(...(await upload([item as Item])));
      const together = await sheetsOutbox({ resend, late });
      const asRun = await upload(together.items as Item[]);

      expect(asRun.map(answer)).toEqual(alone.map(answer));
      expect(asRun.map(answer)).toEqual(SHEETS_EXPECTED({ resend, late }));
      const { attemptIds, ...stored } = await storedSheets(together);
      const { attemptIds: aloneIds, ...storedAlone } = await storedSheets(oneByOne);
      expect(stored).toEqual(storedAlone);
      expect(stored.audits).toBe(1);
      expect(stored.jobs.filter(Boolean)).toHaveLength(3);
      // Hours for each of the four on the roll at the close; each answer after it queues its person's again.
      expect(stored.hoursJobs).toHaveLength(late ? 4 + 3 : 4);
      // The plain sheets were taken together (their attempts' ids made by the server's batch, not by the client one by one); with a sheet sent twice, those before it.
      const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
      const madeHere = attemptIds.filter((id) => !aloneIds.includes(id));
      expect(madeHere.filter((id) => uuid.test(id))).toHaveLength(resend ? 2 : 3);
      // Written without the client, its times read back as the client's own: the grading sweep's time filters find them.
      const recent = { gte: new Date(Date.now() - 10 * 60_000), lte: new Date() };
      const timed = await prisma.quizAttempt.count({
        where: {
          id: { in: attemptIds },
          submittedAt: recent,
          createdAt: recent,
          updatedAt: recent,
          answers: { every: { createdAt: recent } },
        },
      });
      expect(timed).toBe(attemptIds.length);
    },
  );
});

/**
 * Three sessions at one station in one upload, their items interleaved: A
 * runs, B's opening finds the station busy, A closes, C opens and finds A's
 * walk-in among the station's people, C's sheets come in with other
 * sessions' events right after them, and refusals among it all (a stranger,
 * an event after a close, playback too fast, an id reused, an item sent
 * twice). Each copy has its own sessions, walk-in and learners.
 */
async function interleavedOutbox() {
  const deviceId = `tablet-${randomUUID().slice(0, 8)}`;
  const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
  const walkInId = randomUUID();
  const [first, second] = await villagersWithPapers(2);
  let sequence = 0;
  const item = (sessionId: string, body: SheetItem["body"]): SheetItem => ({
    eventId: randomUUID(),
    deviceId,
    sequence: ++sequence,
    sessionId,
    body,
  });
  const member = ids.get("shenqing")!;
  const memberArrives = item(a, { type: "arrived", personId: member, atMs: 0 });
  const walkIn = item(a, { type: "walked-in", personId: walkInId, name: "过路的赵大爷", phone: null, atMs: 1_000 });
  const sheet = (person: { id: string; token: string; answers: AnswerSheetBody["answers"] }) =>
    item(c, { type: "answer-sheet", personId: person.id, way: "PAPER", token: person.token, answers: person.answers });
  const items: SheetItem[] = [
    item(a, { type: "opened", stationId, lessonId }),
    memberArrives,
    item(b, { type: "opened", stationId, lessonId }),
    walkIn,
    item(b, { type: "arrived", personId: member, atMs: 0 }),
    item(a, { type: "arrived", personId: ids.get("xueyuan")!, atMs: 2_000 }),
    item(a, { type: "played", fromMs: 10_000, toMs: 28_000, mediaFrom: 0, mediaTo: 18 }),
    item(a, { type: "closed", atMs: 40_000 }),
    item(c, { type: "opened", stationId, lessonId }),
    item(c, { type: "arrived", personId: walkInId, atMs: 0 }),
    item(c, { type: "arrived", personId: first!.id, atMs: 500 }),
    item(c, { type: "arrived", personId: second!.id, atMs: 600 }),
    item(a, { type: "arrived", personId: member, atMs: 41_000 }),
    item(c, { type: "played", fromMs: 1_000, toMs: 2_000, mediaFrom: 0, mediaTo: 18 }),
    sheet(first!),
    sheet(second!),
    item(a, { type: "minutes", summary: "散会后补记。", speakerIds: [member] }),
    item(c, { type: "closed", atMs: 60_000 }),
    { ...item(c, { type: "left", personId: first!.id, atMs: 61_000 }), eventId: memberArrives.eventId },
    walkIn,
  ];
  return { sessions: [a, b, c], walkInId, items, people: [first!.id, second!.id] };
}

/** Each session's stored rows, and A's and C's session, state and hours, their ids put as names. */
async function storedSessions(copy: Awaited<ReturnType<typeof interleavedOutbox>>) {
  const [a, b, c] = copy.sessions as [string, string, string];
  const rowsOf = (sessionId: string) =>
    prisma.stationEvent.findMany({
      where: { sessionClientId: sessionId },
      orderBy: { position: "asc" },
      select: { position: true, type: true, outcome: true, refusal: true, sequence: true },
    });
  const { attemptIds: _ids, ...sheets } = await storedSheets({ sessionId: c, people: copy.people });
  const attempts = await prisma.quizAttempt.findMany({ where: { userId: { in: copy.people } }, select: { id: true, userId: true } });
  const named = (value: unknown) => {
    let text = JSON.stringify(value);
    for (const attempt of attempts) text = text.replaceAll(attempt.id, `attempt-of-${copy.people.indexOf(attempt.userId)}`);
    copy.people.forEach((person, index) => (text = text.replaceAll(person, `person-${index}`)));
    return JSON.parse(text) as unknown;
  };
  return {
    a: await storedSession({ sessionId: a, walkInId: copy.walkInId }),
    b: { rows: await rowsOf(b), session: await prisma.stationSession.count({ where: { clientId: b } }) },
    c: named(await storedSession({ sessionId: c, walkInId: copy.walkInId })),
    sheets,
  };
}

describe("several sessions' items uploaded together, interleaved", () => {
  it("end as they do sent one by one: the same answers, rows, sessions, attempts and jobs, refusals among them", async () => {
    const oneByOne = await interleavedOutbox();
    const alone: Result[] = [];
    for (const item of oneByOne.items) alone.push(...(await upload([item as Item])));
    const together = await interleavedOutbox();
    const asOne = await upload(together.items as Item[]);

    expect(asOne.map(answer)).toEqual(alone.map(answer));
    const outcomes = asOne.map((result) => result.refusal ?? result.outcome);
    expect(outcomes).toEqual([
      "applied",
      "applied",
      "station-busy",
      "applied",
      outcomes[4],
      "not-station-person",
      "applied",
      "applied",
      "applied",
      "applied",
      "applied",
      "applied",
      "session-closed",
      "faster-than-allowed",
      "applied",
      "applied",
      "session-closed",
      "applied",
      "event-id-reused",
      "duplicate",
    ]);
    expect(outcomes[4]).not.toBe("applied");
    const stored = await storedSessions(together);
    expect(stored).toEqual(await storedSessions(oneByOne));
    expect(stored.b).toEqual({ rows: stored.b.rows, session: 0 });
    expect(stored.sheets.jobs).toEqual([true, true]);
    expect(stored.sheets.hoursJobs).toHaveLength(2);
    // C's sheets were taken together, with the other sessions' events after them (their attempts' ids made by the server's batch).
    const madeTogether = await prisma.quizAttempt.findMany({ where: { userId: { in: together.people } }, select: { id: true } });
    expect(madeTogether.map((attempt) => /^[0-9a-f]{8}-[0-9a-f]{4}-/.test(attempt.id))).toEqual([true, true]);

    // Taken together: the events before the first sheet, of A and C alike, in one transaction, received at one moment.
    const received = await prisma.stationEvent.findMany({
      where: { sessionClientId: { in: together.sessions } },
      select: { id: true, receivedAt: true },
    });
    const at = new Map(received.map((row) => [row.id, row.receivedAt.getTime()]));
    const beforeSheets = together.items.slice(0, 14).flatMap((item) => at.get(item.eventId) ?? []);
    expect(beforeSheets).toHaveLength(14);
    expect(new Set(beforeSheets).size).toBe(1);
  });
});

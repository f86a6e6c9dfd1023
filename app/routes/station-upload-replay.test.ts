// Exactly once, end to end (decision 026): a realistic offline session's outbox
// (opened with the device's date, arrivals, a walk-in, two played stretches
// with a pause, one who left early, minutes, three answer sheets, closed) is
// uploaded clean, in order, once. A copy of the same session is uploaded the
// way a bad connection and a second browser would: shuffled within the order
// the rules allow, every item sent two or three times, cut into batches at
// random points, some batches sent twice, while a second device uploads its
// own copy of the outbox at the same time. With the real grading and hours
// workers running, both end in the same state: the session's row, its stored
// events, its attempts, its ledger entries and its hours jobs. (Each copy is
// its own session, so both live in one database; their ids are compared
// through the names they stand for.)
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionEventBody } from "~/domain/station/session-events.ts";
import type { AnswerSheetBody, UploadItem } from "~/domain/station/upload.ts";
import { until } from "../../tests/helpers/wait.ts";
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
let workers: { close: () => Promise<void> }[] = [];
let stationId: string;
let lessonId: string;
let firstDevice: string;
let secondDevice: string;
const ids = new Map<string, string>();
const usernameOf = new Map<string, string>();

beforeAll(async () => {
  app = await setUpAppEnvironment();
  prisma = await loadSampleData();
  for (const [username, id] of await userIdsByUsername()) {
    ids.set(username, id);
    usernameOf.set(id, username);
  }
  ({ stationId, lessonId } = await sampleStationAndLesson(prisma));
  // Two browsers signed in as the station's operator: the tablet, and the laptop holding a copy of its outbox.
  firstDevice = await sessionCookieFor("zhandian");
  secondDevice = await sessionCookieFor("zhandian");
  const { startWorkers } = await import("../../jobs/worker.ts");
  workers = startWorkers();
});

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.close()));
  await app?.cleanup();
});

/** A small seeded generator (mulberry32): the same seed, the same shuffle, so a failure can be replayed. */
function randomFrom(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Copy = {
  sessionId: string;
  deviceId: string;
  walkInId: string;
  tokens: Map<string, string>;
  items: UploadItem[];
  /** For each item (by index), the items that must be taken before it. */
  after: number[][];
};

const MEMBERS = ["hedashan", "qianxiuying", "shenqing"] as const;
/** Both copies were opened at the same moment by the tablet's clock, six hours ago: a date the server believes. */
const STARTED_AT = new Date(Date.now() - 6 * 3600_000);

/** The answers that pass his paper (its answer key), or fail it. */
async function answersFor(token: string, pass: boolean) {
  const draw = await prisma.quizDraw.findFirstOrThrow({ where: { token }, select: { itemsJson: true } });
  const questionIds = (JSON.parse(draw.itemsJson) as { questionId: string }[]).map((item) => item.questionId);
  return answersFromKey(questionIds, pass);
}

/**
 * One session's outbox as the tablet recorded it, with its papers drawn as the
 * kit draws them and the lesson downloaded yesterday.
 */
async function recordedSession(startedAt: Date): Promise<Copy> {
  const { getLessonById } = await import("~/models/course.server.ts");
  const { openPaper } = await import("~/models/quiz.server.ts");
  const lesson = (await getLessonById(lessonId))!;
  const sessionId = randomUUID();
  const deviceId = `tablet-${randomUUID().slice(0, 8)}`;
  const walkInId = randomUUID();
  await prisma.stationDownload.create({
    data: { stationId, deviceId, lessonId, firstDownloadedAt: new Date(startedAt.getTime() - 24 * 3600_000) },
  });
  const tokens = new Map<string, string>();
  for (const username of MEMBERS) tokens.set(username, (await openPaper(ids.get(username)!, lesson)).token);
  const sheet = async (username: string, way: AnswerSheetBody["way"], pass: boolean): Promise<AnswerSheetBody> => ({
    type: "answer-sheet",
    personId: ids.get(username)!,
    way,
    token: tokens.get(username)!,
    answers: await answersFor(tokens.get(username)!, pass),
  });
  const [hedashan, qianxiuying, shenqing] = MEMBERS.map((username) => ids.get(username)!);
  // Each body with the indexes of the bodies it must come after (the order the rules allow).
  const plan: [SessionEventBody | AnswerSheetBody, number[]][] = [
    [{ type: "opened", stationId, lessonId, startedAt: startedAt.toISOString() }, []], // 0
    [{ type: "arrived", personId: hedashan!, atMs: 0 }, [0]], // 1
    [{ type: "arrived", personId: qianxiuying!, atMs: 5_000 }, [0]], // 2
    [{ type: "arrived", personId: shenqing!, atMs: 10_000 }, [0]], // 3
    [{ type: "walked-in", personId: walkInId, name: "刘大爷", phone: "13800000001", atMs: 20_000 }, [0]], // 4
    [{ type: "played", fromMs: 60_000, toMs: 69_000, mediaFrom: 0, mediaTo: 9 }, [0]], // 5
    // She left in the pause: she saw half the film, and earns nothing though she passes.
    [{ type: "left", personId: qianxiuying!, atMs: 70_000 }, [2]], // 6
    [{ type: "played", fromMs: 75_000, toMs: 84_000, mediaFrom: 9, mediaTo: 18 }, [0]], // 7
    [{ type: "minutes", summary: "何大山谈了申请入党的经过；刘大爷问了积极分子怎样确定。", speakerIds: [hedashan!, walkInId] }, [1, 4]], // 8
    [await sheet("hedashan", "SCREEN", true), [1]], // 9
    [await sheet("qianxiuying", "PAPER", true), [2]], // 10
    [await sheet("shenqing", "ORAL", false), [3]], // 11
    [{ type: "closed", atMs: 120_000 }, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]], // 12
  ];
  return {
    sessionId,
    deviceId,
    walkInId,
    tokens,
    items: plan.map(([body], index) => ({ eventId: randomUUID(), deviceId, sequence: index + 1, sessionId, body }) as UploadItem),
    after: plan.map(([, after]) => after),
  };
}

type Result = { outcome: string; refusal?: string | null };

async function send(cookie: string, items: readonly UploadItem[]): Promise<Result[]> {
  const route = await import("./api.station-events.ts");
  const response = await route.action({
    request: jsonRequest("/api/station-events", { stationCode: "hexi-station", events: items }, cookie),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { results: Result[] }).results;
}

/** A random order of the items that keeps every item after those it must follow. */
function allowedShuffle(copy: Copy, random: () => number): number[] {
  const order: number[] = [];
  const left = new Set(copy.items.map((_, index) => index));
  while (left.size > 0) {
    const ready = [...left].filter((index) => copy.after[index]!.every((before) => order.includes(before)));
    const next = ready[Math.floor(random() * ready.length)]!;
    order.push(next);
    left.delete(next);
  }
  return order;
}

/** Every item two or three times (a resend after its first sending), in batches cut at random points, some batches sent twice. */
function badConnection(copy: Copy, random: () => number): UploadItem[][] {
  const stream: UploadItem[] = allowedShuffle(copy, random).map((index) => copy.items[index]!);
  for (const item of [...stream]) {
    const copies = 1 + Math.floor(random() * 2);
    for (let count = 0; count < copies; count += 1) {
      const first = stream.indexOf(item);
      const at = first + 1 + Math.floor(random() * (stream.length - first));
      stream.splice(at, 0, item);
    }
  }
  const batches: UploadItem[][] = [];
  for (let start = 0; start < stream.length;) {
    const size = 1 + Math.floor(random() * 6);
    const batch = stream.slice(start, start + size);
    batches.push(batch);
    if (random() < 0.3) batches.push(batch); // the answer was lost: the same batch again
    start += size;
  }
  return batches;
}

/** Whether every attempt of the copy is graded and every hours job of its session has run. */
async function settled(copy: Copy) {
  const { closedSessionAccounts } = await import("~/models/station-session.server.ts");
  const { getQueue } = await import("~/utils/queues.server.ts");
  const graded = await prisma.quizAttempt.count({ where: { idempotencyKey: { in: [...copy.tokens.values()] }, status: "GRADED" } });
  if (graded < copy.tokens.size) return null;
  const accounts = await closedSessionAccounts(copy.sessionId);
  if (accounts.length === 0) return null;
  const hours = getQueue("hours");
  for (const userId of accounts) {
    const job = await hours.getJob(`hours-station-${copy.sessionId}-${userId}`);
    if (!job || !(await job.isCompleted())) return null;
  }
  return true;
}

/** Everything the session left, with the copy's own ids written as what they stand for, and its users by username. */
async function stateOf(copy: Copy) {
  const { stationSessionState } = await import("~/models/station-session.server.ts");
  const { getQueue } = await import("~/utils/queues.server.ts");
  const session = await prisma.stationSession.findUniqueOrThrow({
    where: { clientId: copy.sessionId },
    select: {
      id: true,
      stationId: true,
      lessonId: true,
      startedAt: true,
      endedAt: true,
      deviceStartedAt: true,
      dateFlag: true,
      testCode: true,
      hoursQueuedAt: true,
    },
  });
  const events = await prisma.stationEvent.findMany({
    where: { sessionClientId: copy.sessionId },
    select: { id: true, deviceId: true, sequence: true, type: true, outcome: true, refusal: true, bodyJson: true, recordedById: true },
  });
  const attempts = await prisma.quizAttempt.findMany({
    where: { idempotencyKey: { in: [...copy.tokens.values()] } },
    select: {
      id: true,
      userId: true,
      status: true,
      passed: true,
      scorePercent: true,
      answers: { orderBy: { position: "asc" }, select: { questionId: true, responseJson: true, correct: true } },
    },
  });
  const ledger = await prisma.hoursLedgerEntry.findMany({
    where: { stationSessionId: session.id },
    select: { userId: true, category: true, classHours: true, lessonId: true, idempotencyKey: true },
  });
  const jobs = await getQueue("hours").getJobs(["completed", "failed", "waiting", "delayed", "active"]);
  const state = await stationSessionState(copy.sessionId);
  const { id: _rowId, hoursQueuedAt, ...row } = session;
  const everything = {
    session: { ...row, hoursQueued: hoursQueuedAt !== null },
    visitor: await prisma.stationVisitor.findUnique({ where: { id: copy.walkInId }, select: { stationId: true, name: true, phone: true } }),
    events: events.map(({ bodyJson, ...event }) => ({ ...event, body: JSON.parse(bodyJson) as unknown })),
    state: state && { ...state, presence: [...state.presence], attempts: [...state.attempts] },
    attempts,
    ledger,
    hoursJobs: jobs.map((job) => job.id ?? "").filter((id) => id.includes(copy.sessionId)),
  };
  // The copy's own ids, as what they stand for; then every account as its username.
  const names = new Map<string, string>([
    [copy.sessionId, "SESSION"],
    [copy.deviceId, "DEVICE"],
    [copy.walkInId, "WALK-IN"],
    ...copy.items.map((item, index) => [item.eventId, `EVENT-${index}`] as [string, string]),
    ...[...copy.tokens].map(([username, token]) => [token, `PAPER-${username}`] as [string, string]),
    ...attempts.map((attempt) => [attempt.id, `ATTEMPT-${usernameOf.get(attempt.userId)}`] as [string, string]),
    ...[...usernameOf].map(([id, username]) => [id, `USER-${username}`] as [string, string]),
  ]);
  let text = JSON.stringify(everything);
  for (const [id, name] of names) text = text.split(id).join(name);
  const named = JSON.parse(text) as typeof everything;
  // In an order of their own, whatever order they were taken in.
  const sorted = <T>(list: readonly T[]) => [...list].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return {
    ...named,
    events: sorted(named.events),
    state: named.state && {
      ...named.state,
      presence: sorted(named.state.presence),
      stretches: sorted(named.state.stretches),
      attempts: sorted(named.state.attempts),
    },
    attempts: sorted(named.attempts.map((attempt) => ({ ...attempt, answers: sorted(attempt.answers) }))),
    ledger: sorted(named.ledger),
    hoursJobs: sorted(named.hoursJobs),
  };
}

describe("an offline session uploaded clean, and uploaded shuffled, duplicated and twice at once", () => {
  let clean: Awaited<ReturnType<typeof stateOf>>;

  beforeAll(async () => {
    const copy = await recordedSession(STARTED_AT);
    const results = await send(firstDevice, copy.items);
    expect(results.map((result) => result.outcome)).toEqual(copy.items.map(() => "applied"));
    await until(() => settled(copy), 30_000);
    clean = await stateOf(copy);
  });

  it("the clean upload: the session at the device's date, everything applied once, hours for the one who saw it all and passed", () => {
    expect(clean.session).toMatchObject({
      startedAt: STARTED_AT.toISOString(),
      endedAt: new Date(STARTED_AT.getTime() + 120_000).toISOString(),
      deviceStartedAt: STARTED_AT.toISOString(),
      dateFlag: null,
      testCode: null,
      hoursQueued: true,
    });
    expect(clean.events).toHaveLength(13);
    expect(clean.events.every((event) => event.outcome === "APPLIED")).toBe(true);
    expect(clean.events.filter((event) => event.type === "answered").map((event) => event.id)).toEqual([
      "answer-PAPER-hedashan",
      "answer-PAPER-qianxiuying",
      "answer-PAPER-shenqing",
    ]);
    expect(clean.attempts.map((attempt) => [attempt.userId, attempt.passed])).toEqual(
      expect.arrayContaining([
        ["USER-hedashan", true],
        ["USER-qianxiuying", true],
        ["USER-shenqing", false],
      ]),
    );
    expect(clean.ledger).toEqual([
      expect.objectContaining({ userId: "USER-hedashan", category: "STATION_SESSION", lessonId: clean.session.lessonId }),
    ]);
    expect(clean.hoursJobs).toHaveLength(3);
    expect(clean.visitor).toEqual({ stationId: clean.session.stationId, name: "刘大爷", phone: "13800000001" });
  });

  it.each([{ seed: 20261203 }, { seed: 11 }])(
    "the same session through a bad connection and a second device at once (seed $seed): the same state",
    async ({ seed }) => {
      const random = randomFrom(seed);
      const copy = await recordedSession(STARTED_AT);
      const batches = badConnection(copy, random);
      expect(batches.flat().length).toBeGreaterThanOrEqual(copy.items.length * 2);
      const secondBatches: UploadItem[][] = [];
      for (let start = 0; start < copy.items.length;) {
        const size = 1 + Math.floor(random() * 5);
        secondBatches.push(copy.items.slice(start, start + size));
        start += size;
      }
      const upload = async (cookie: string, list: UploadItem[][]) => {
        const results: Result[] = [];
        for (const batch of list) results.push(...(await send(cookie, batch)));
        return results;
      };
      const [first, second] = await Promise.all([upload(firstDevice, batches), upload(secondDevice, secondBatches)]);
      // Nothing refused, and each item applied exactly once across both devices.
      expect([...first, ...second].filter((result) => result.outcome === "refused")).toEqual([]);
      expect([...first, ...second].filter((result) => result.outcome === "applied")).toHaveLength(copy.items.length);

      await until(() => settled(copy), 30_000);
      expect(await stateOf(copy)).toEqual(clean);
    },
  );
});

// 站点放映: a station session's events, taken under the rules of
// app/domain/station/session-events.ts (decision 022). Each event is stored
// with what became of it, with its effects, under its unique key, so a resend
// (from an outbox that never got the answer) is recognised and changes nothing.
// One event is taken in a transaction of its own; an upload's events that
// follow one another, of one session or several, are taken in one transaction,
// judged event by event by the same rules (decision 026, "Applying an upload
// quickly"). What the session's rows
// say is kept between events (they never change once stored), and the lesson's
// and station's facts for a few seconds.
import { randomInt, randomUUID } from "node:crypto";
import { z } from "zod";
import { hasQuiz } from "~/domain/four-rings.ts";
import { sessionEnd, sessionStart } from "~/domain/station/session-dates.ts";
import { MOBILE_PHONE } from "~/domain/station/station-people.ts";
import {
  applySessionEvent,
  stateOfApplied,
  type AnswerWay,
  type StationRefusal,
  type SessionEvent,
  type SessionEventBody,
  type SessionState,
} from "~/domain/station/session-events.ts";
import {
  answeredEvent,
  answeredEventId,
  isSameEvent,
  itemKind,
  sheetRefusal,
  type AnswerSheetItem,
  type UploadItem,
  type UploadOutcome,
} from "~/domain/station/upload.ts";
import { responsesForDraw } from "~/domain/quiz-draw.ts";
import { attemptsLeft } from "~/domain/quiz-rules.ts";
import { attemptsUsedOn, findDraws, insertPaperAttempts, questionTypes, usedKey, type NumberedPaperAttempt } from "./quiz.server.ts";
import { sessionOutcome } from "~/domain/station/who-earns.ts";
import { Prisma, type PrismaClient } from "~/generated/prisma/client.ts";
import { getPrisma } from "~/utils/db.server.ts";
import { decodeColumn } from "./json-columns.server.ts";
import { isUniqueViolation } from "./prisma-errors.server.ts";

export type RecordedEvent =
  | { outcome: "applied" }
  /** Sent before: what became of it then. */
  | { outcome: "duplicate"; earlier: "applied" | "refused"; refusal: StationRefusal | null }
  | { outcome: "refused"; refusal: StationRefusal };

const id = z.string().min(1).max(64);
const ms = z.number().finite().min(0);
/** An event as the device sends it; the same schema reads a stored body back. */
export const SessionEventBodySchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("opened"),
    stationId: id,
    lessonId: id,
    /** The device's wall clock at the opening, from an outbox: judged by session-dates.ts. */
    startedAt: z.string().datetime({ offset: true }).optional(),
  }),
  z.object({ type: z.literal("arrived"), personId: id, atMs: ms }),
  z.object({
    type: z.literal("walked-in"),
    personId: id,
    name: z.string().trim().min(1).max(50),
    phone: z.string().regex(MOBILE_PHONE).nullable(),
    atMs: ms,
  }),
  z.object({ type: z.literal("left"), personId: id, atMs: ms }),
  z.object({ type: z.literal("played"), fromMs: ms, toMs: ms, mediaFrom: z.number().finite(), mediaTo: z.number().finite() }),
  z.object({ type: z.literal("minutes"), summary: z.string().max(5000), speakerIds: z.array(id).max(500) }),
  z.object({ type: z.literal("answered"), personId: id, way: z.enum(["SCREEN", "PHONE", "PAPER", "ORAL"]), attemptId: id }),
  z.object({ type: z.literal("closed"), atMs: ms }),
]);

export const SessionEventSchema = z.object({
  eventId: id,
  deviceId: id,
  sequence: z.number().int().min(1),
  sessionId: id,
  body: SessionEventBodySchema,
});

type Tx = Prisma.TransactionClient;
/** A process's client for one database: what is kept between events is kept per client (a test may open several databases). */
type Client = PrismaClient;

/** Two events of one session taken at the same moment: the loser tries again, behind the winner. */
const ATTEMPTS = 5;

/**
 * Takes one event, received at `now`. The caller has checked that the user
 * may run this station's sessions; `stationId`, when given, is the one
 * station the upload is for, and an event of another station's session is
 * refused (and stored so).
 *
 * An event sent before is rare: it is not looked for at first. Its row then
 * fails on the event's key, everything the transaction did is undone, and the
 * event is taken again, this time looking for the copy stored before.
 */
export async function recordStationEvent(
  event: SessionEvent,
  recordedById: string,
  now = new Date(),
  options: { stationId?: string } = {},
): Promise<RecordedEvent> {
  const prisma = await getPrisma();
  for (let attempt = 1; ; attempt += 1) {
    try {
      const taken = await prisma.$transaction((tx) =>
        takeEvent(tx, prisma, event, { recordedById, now, uploadStationId: options.stationId ?? null, lookForEarlier: attempt > 1 }),
      );
      if (taken.reading) keepReading(prisma, event.sessionId, taken.reading);
      return taken.recorded;
    } catch (error) {
      if (!isUniqueViolation(error) || attempt === ATTEMPTS) throw error;
    }
  }
}

/**
 * Takes runs of one session's events each, in order, in one transaction: the
 * sessions are read at once, all the runs' ids are looked up at once, each
 * event is judged by the same rules as when taken alone, and all their rows
 * are written with their effects in order (a station claimed or freed by one
 * run is so for the next); the runs commit as a whole or not at all, with
 * what `options.before` writes (the attempts its answers were made into). A
 * run stops after the event that closes its session, and no run is taken
 * after it: what comes after a close (a late answer) is taken alone, for the
 * hours it may queue again. Answers what became of the events taken, run by
 * run, from the first (at least one); null when the runs met another writer
 * or anything else went wrong, with nothing of them stored: the caller then
 * takes the events one at a time.
 */
export async function recordStationRuns(
  runs: readonly (readonly SessionEvent[])[],
  recordedById: string,
  now = new Date(),
  options: { stationId?: string; before?: (tx: Tx) => Promise<void> } = {},
): Promise<RecordedEvent[][] | null> {
  if (runs.length === 0 || runs.some((run) => run.length === 0 || run.some((event) => event.sessionId !== run[0]!.sessionId))) {
    throw new Error("a run is of one session's events");
  }
  const prisma = await getPrisma();
  try {
    const taken = await prisma.$transaction(async (tx) => {
      await options.before?.(tx);
      return takeRuns(tx, prisma, runs, { recordedById, now, uploadStationId: options.stationId ?? null });
    });
    for (const [sessionId, reading] of taken.readings) keepReading(prisma, sessionId, reading);
    return taken.recorded;
  } catch {
    return null;
  }
}

/** What an upload's item taken together became, and what its sheets and closes call for once committed. */
export type UploadTakenTogether = {
  /** What became of the items taken, from the first: a prefix of the upload. */
  outcomes: UploadOutcome[];
  /** The attempts made, in order, for grading (an oral one to be audited). */
  attempts: { attemptId: string; sessionId: string; personId: string; way: AnswerWay }[];
  /** The sessions closed, in order: their hours are queued at the end of the upload. */
  closed: string[];
};

/**
 * An upload's items, from the first, in one transaction, each judged on the
 * state the items before it make, as it would be taken alone (decision 026,
 * "A batch in one transaction"). The sheets' facts that the upload does not
 * change (accounts, papers, question types, attempts used) are read before
 * it, a query each for the whole upload; the stored ids and the sessions are
 * read once in it; the events' effects are written in order, and the rows
 * (attempts, answers, events) at the end with a multi-row INSERT per table.
 * An event stored before, or earlier in the upload, is a duplicate or a
 * reused id as when taken alone. It stops before the first item that is not
 * the plain case: an answer or a sheet for a closed session (a late answer
 * is taken alone, for the hours it queues again), a paper answered before,
 * an answer the session's rules refuse. What it took commits whole or not at all: null,
 * nothing stored, when it met another writer or anything else went wrong; the
 * caller then takes the items the usual way.
 */
export async function recordUploadTogether(
  items: readonly UploadItem[],
  recordedById: string,
  now = new Date(),
  options: { stationId?: string } = {},
): Promise<UploadTakenTogether | null> {
  const prisma = await getPrisma();
  const kinds = items.map(itemKind);
  const sheets = kinds.flatMap((kind) => ("sheet" in kind ? [kind.sheet] : []));
  const facts = await sheetFacts(sheets);
  const uploadStationId = options.stationId ?? null;
  const taking: Taking = { recordedById, now, uploadStationId };
  try {
    const taken = await prisma.$transaction(async (tx) => {
      const ids = kinds.flatMap((kind) =>
        "event" in kind ? [kind.event.eventId] : [kind.sheet.eventId, answeredEventId(kind.sheet.body.token)],
      );
      const stored = await tx.stationEvent.findMany({ where: { id: { in: [...new Set(ids)] } }, select: EARLIER_SELECT });
      const earlier = new Map(stored.map((row) => [row.id, earlierOf(row)]));
      const readingOf = await readSessions(
        tx,
        prisma,
        items.map((item) => item.sessionId),
      );
      const written = new Map<string, SessionReading>();
      const people = runPeople(
        tx,
        prisma,
        kinds.flatMap((kind) => ("event" in kind ? [kind.event] : [])),
      );
      const used = new Map(facts.used);
      const result: UploadTakenTogether = { outcomes: [], attempts: [], closed: [] };
      const rows: EventRow[] = [];
      const attempts: NumberedPaperAttempt[] = [];
      const take = (event: SessionEvent, outcome: Awaited<ReturnType<typeof takeOnSession>>) => {
        // Sent twice within the upload: the second is the first's duplicate, as it would be once the first is stored.
        earlier.set(event.eventId, {
          event,
          applied: outcome.recorded.outcome === "applied",
          refusal: outcome.recorded.outcome === "refused" ? outcome.recorded.refusal : null,
        });
        rows.push(outcome.row);
        readingOf.set(event.sessionId, outcome.reading);
        written.set(event.sessionId, outcome.reading);
      };
      for (const kind of kinds) {
        if ("event" in kind) {
          const event = kind.event;
          const reading = readingOf.get(event.sessionId)!;
          // A late answer is taken alone, for the hours it queues again.
          if (reading.state?.status === "CLOSED" && event.body.type === "answered") break;
          const before = earlier.get(event.eventId);
          if (before) {
            result.outcomes.push(againstEarlier(before, event));
            continue;
          }
          const { state, body } = { state: reading.state, body: event.body };
          const arrival = body.type === "arrived" ? body.personId : null;
          const isPerson = state && arrival !== null ? await people.isStationPerson(state.stationId, arrival) : false;
          const outcome = await takeOnSession(tx, prisma, reading, event, taking, (personId) => isPerson && personId === arrival);
          if (outcome.recorded.outcome === "applied" && body.type === "walked-in" && state)
            people.registered(state.stationId, body.personId);
          if (outcome.recorded.outcome === "applied" && body.type === "closed") result.closed.push(event.sessionId);
          take(event, outcome);
          result.outcomes.push(outcome.recorded);
          continue;
        }
        const sheet = kind.sheet;
        const { personId, token, way } = sheet.body;
        const reading = readingOf.get(sheet.sessionId)!;
        const state = reading.state;
        if (earlier.has(answeredEventId(token)) || state?.status === "CLOSED") break;
        if (sheet.eventId !== answeredEventId(token) && earlier.has(sheet.eventId)) {
          result.outcomes.push({ outcome: "refused", refusal: "event-id-reused" });
          continue;
        }
        const lesson = state ? await lessonForAnswers(state.lessonId) : null;
        const account = state ? facts.accountOf(state.stationId, personId) : null;
        const paper = facts.papers.get(token) ?? null;
        const refusal = sheetRefusal({ state, personId, uploadStationId, account, lessonId: lesson?.id ?? null, paper });
        if (refusal !== null) {
          result.outcomes.push({ outcome: "refused", refusal });
          continue;
        }
        if (!paper || !lesson || !account || paper.attemptId !== null) break;
        const count = used.get(usedKey(account, lesson.id)) ?? 0;
        if (lesson.attemptLimit !== null && attemptsLeft(lesson.attemptLimit, count) === 0) {
          result.outcomes.push({ outcome: "refused", refusal: "limit-reached" });
          continue;
        }
        const attemptId = randomUUID();
        const answered = answeredEvent(sheet.sessionId, token, { personId, way }, attemptId);
        const outcome = await takeOnSession(tx, prisma, reading, answered, taking, () => false);
        if (outcome.recorded.outcome !== "applied") break;
        used.set(usedKey(account, lesson.id), count + 1);
        attempts.push({
          id: attemptId,
          userId: account,
          lessonId: lesson.id,
          idempotencyKey: token,
          drawId: paper.id,
          attemptNumber: count + 1,
          responses: responsesForDraw(paper.items, facts.types, (questionId) => [...(sheet.body.answers[questionId] ?? [])]),
        });
        take(answered, outcome);
        result.attempts.push({ attemptId, sessionId: sheet.sessionId, personId, way });
        result.outcomes.push({ outcome: "applied" });
      }
      if (attempts.length > 0) await insertPaperAttempts(tx, attempts);
      for (const chunk of chunksOf(rows, EVENT_ROWS_PER_INSERT)) await insertEventRows(tx, chunk);
      return { result, written };
    });
    for (const [sessionId, reading] of taken.written) keepReading(prisma, sessionId, reading);
    return taken.result;
  } catch {
    return null;
  }
}

/** What an upload's answer sheets need that its events do not change, a query each for all of them. */
async function sheetFacts(sheets: readonly AnswerSheetItem[]) {
  const papers = await findDraws(sheets.map((sheet) => sheet.body.token));
  const [accountOf, types, used] = await Promise.all([
    accountsAmong(sheets.map((sheet) => sheet.body.personId)),
    questionTypes([...papers.values()].flatMap((paper) => paper.items.map((item) => item.questionId))),
    attemptsUsedOn(
      [...papers.values()].map((paper) => paper.userId),
      [...papers.values()].map((paper) => paper.lessonId),
    ),
  ]);
  return { papers, accountOf, types, used };
}

/** Event rows a multi-row INSERT takes at most (11 values each): within either database's limit of bound values. */
const EVENT_ROWS_PER_INSERT = 2000;

const chunksOf = <T>(rows: readonly T[], size: number) =>
  Array.from({ length: Math.ceil(rows.length / size) }, (_, index) => rows.slice(index * size, (index + 1) * size));

type Taking = { recordedById: string; now: Date; uploadStationId: string | null };

/**
 * What a session's stored rows say as of a position: the state its applied
 * rows make, and the station its first opening (applied or refused) named.
 */
type SessionReading = { position: number; state: SessionState | null; firstOpenedStationId: string | null };
const UNREAD: SessionReading = { position: 0, state: null, firstOpenedStationId: null };

/**
 * The last reading this process made of each session, per client, the most
 * recently used kept. A session's rows never change once stored, and its
 * positions are taken 1, 2, 3… under a unique key (a writer that read too
 * little fails on it and tries again), so a reading is never wrong, only
 * behind: the rows after its position bring it up to date. A reading made in
 * a transaction is kept only once the transaction has committed.
 */
const READINGS_KEPT = 5000;
const readings = new WeakMap<Client, Map<string, SessionReading>>();

function keepReading(client: Client, sessionId: string, reading: SessionReading) {
  let kept = readings.get(client);
  if (!kept) readings.set(client, (kept = new Map()));
  const known = kept.get(sessionId);
  kept.delete(sessionId);
  kept.set(sessionId, known && known.position > reading.position ? known : reading);
  if (kept.size > READINGS_KEPT) kept.delete(kept.keys().next().value!);
}

/** The session as its stored rows say now: the kept reading, and the rows stored after it. */
async function readSession(db: Pick<Tx, "stationEvent">, client: Client, sessionId: string): Promise<SessionReading> {
  return (await readSessions(db, client, [sessionId])).get(sessionId)!;
}

/** Several sessions as readSession reads one, in one query. */
async function readSessions(db: Pick<Tx, "stationEvent">, client: Client, sessionIds: readonly string[]) {
  const kept = readings.get(client);
  const known = new Map([...new Set(sessionIds)].map((sessionId) => [sessionId, kept?.get(sessionId) ?? UNREAD]));
  const rows = await db.stationEvent.findMany({
    where: { OR: [...known].map(([sessionId, reading]) => ({ sessionClientId: sessionId, position: { gt: reading.position } })) },
    orderBy: [{ sessionClientId: "asc" }, { position: "asc" }],
    select: { id: true, deviceId: true, sequence: true, sessionClientId: true, position: true, outcome: true, bodyJson: true },
  });
  for (const row of rows) {
    const reading = known.get(row.sessionClientId)!;
    known.set(row.sessionClientId, afterRow(reading, storedEvent(row.sessionClientId, row), row.outcome === "APPLIED", row.position));
  }
  return known;
}

/** The reading once one more row of the session is stored: the event, applied or refused, at `position`. */
function afterRow(reading: SessionReading, event: SessionEvent, applied: boolean, position: number): SessionReading {
  return {
    position,
    state: applied ? stateOfApplied([event], reading.state) : reading.state,
    firstOpenedStationId: reading.firstOpenedStationId ?? (event.body.type === "opened" ? event.body.stationId : null),
  };
}

const EARLIER_SELECT = {
  id: true,
  deviceId: true,
  sequence: true,
  sessionClientId: true,
  bodyJson: true,
  outcome: true,
  refusal: true,
} as const;
/** An event stored under the id an event comes with. */
type Earlier = { event: SessionEvent; applied: boolean; refusal: StationRefusal | null };

function earlierOf(row: {
  id: string;
  deviceId: string;
  sequence: number;
  sessionClientId: string;
  bodyJson: string;
  outcome: string;
  refusal: string | null;
}): Earlier {
  return {
    event: storedEvent(row.sessionClientId, row),
    applied: row.outcome === "APPLIED",
    refusal: (row.refusal as StationRefusal | null) ?? null,
  };
}

/** An event whose id is taken: the same event again (a duplicate, saying what became of it), or another (refused, the stored one untouched). */
function againstEarlier(earlier: Earlier, event: SessionEvent): RecordedEvent {
  if (!isSameEvent(earlier.event, event)) return { outcome: "refused", refusal: "event-id-reused" };
  return { outcome: "duplicate", earlier: earlier.applied ? "applied" : "refused", refusal: earlier.refusal };
}

async function takeEvent(
  tx: Tx,
  client: Client,
  event: SessionEvent,
  taking: Taking & { lookForEarlier: boolean },
): Promise<{ recorded: RecordedEvent; reading: SessionReading | null }> {
  if (taking.lookForEarlier) {
    const earlier = await tx.stationEvent.findUnique({ where: { id: event.eventId }, select: EARLIER_SELECT });
    if (earlier) return { recorded: againstEarlier(earlierOf(earlier), event), reading: null };
  }
  const reading = await readSession(tx, client, event.sessionId);
  const arrival = event.body.type === "arrived" ? event.body.personId : null;
  const isPerson = reading.state && arrival !== null ? await isStationPerson(tx, client, reading.state.stationId, arrival) : false;
  const taken = await takeOnSession(tx, client, reading, event, taking, (personId) => isPerson && personId === arrival);
  await tx.stationEvent.create({ data: taken.row, select: { id: true } });
  return { recorded: taken.recorded, reading: taken.reading };
}

async function takeRuns(
  tx: Tx,
  client: Client,
  runs: readonly (readonly SessionEvent[])[],
  taking: Taking,
): Promise<{ recorded: RecordedEvent[][]; readings: Map<string, SessionReading> }> {
  const events = runs.flat();
  const stored = await tx.stationEvent.findMany({
    where: { id: { in: [...new Set(events.map((event) => event.eventId))] } },
    select: EARLIER_SELECT,
  });
  const earlier = new Map(stored.map((row) => [row.id, earlierOf(row)]));
  const readingOf = await readSessions(
    tx,
    client,
    runs.map((run) => run[0]!.sessionId),
  );
  const written = new Map<string, SessionReading>();
  const people = runPeople(tx, client, events);
  const recorded: RecordedEvent[][] = [];
  const rows: EventRow[] = [];
  for (const run of runs) {
    const sessionId = run[0]!.sessionId;
    let reading = readingOf.get(sessionId)!;
    const taken: RecordedEvent[] = [];
    for (const event of run) {
      // After the close, each event is taken alone.
      if (taken.length > 0 && reading.state?.status === "CLOSED") break;
      const before = earlier.get(event.eventId);
      if (before) {
        taken.push(againstEarlier(before, event));
        continue;
      }
      const state = reading.state;
      const body = event.body;
      const arrival = body.type === "arrived" ? body.personId : null;
      const isPerson = state && arrival !== null ? await people.isStationPerson(state.stationId, arrival) : false;
      const outcome = await takeOnSession(tx, client, reading, event, taking, (personId) => isPerson && personId === arrival);
      if (outcome.recorded.outcome === "applied" && body.type === "walked-in" && state) people.registered(state.stationId, body.personId);
      rows.push(outcome.row);
      taken.push(outcome.recorded);
      // Sent twice within the runs: the second is the first's duplicate, as it would be once the first is stored.
      earlier.set(event.eventId, {
        event,
        applied: outcome.recorded.outcome === "applied",
        refusal: outcome.recorded.outcome === "refused" ? outcome.recorded.refusal : null,
      });
      reading = outcome.reading;
      written.set(sessionId, reading);
    }
    readingOf.set(sessionId, reading);
    recorded.push(taken);
    if (taken.length < run.length) break;
  }
  if (rows.length > 0) await insertEventRows(tx, rows);
  return { recorded, readings: written };
}

type EventRow = Required<Omit<Prisma.StationEventCreateManyInput, "receivedAt">> & { receivedAt: Date };

/** The run's rows in one multi-row INSERT (createMany costs several times more here); a row whose key is taken fails it. */
async function insertEventRows(tx: Tx, rows: readonly EventRow[]) {
  const values = rows.map(
    (row) =>
      Prisma.sql`(${row.id}, ${row.deviceId}, ${row.sequence}, ${row.sessionClientId}, ${row.position}, ${row.type}, ${row.bodyJson}, ${row.outcome}, ${row.refusal}, ${row.recordedById}, ${row.receivedAt})`,
  );
  await tx.$executeRaw`
    INSERT INTO "StationEvent" ("id", "deviceId", "sequence", "sessionClientId", "position", "type", "bodyJson", "outcome", "refusal", "recordedById", "receivedAt")
    VALUES ${Prisma.join(values)}`;
}

/**
 * Who of the runs' arrivals is one of the station's people, asked once per
 * station for all of them; a walk-in registered earlier in the runs is one.
 */
function runPeople(tx: Tx, client: Client, events: readonly SessionEvent[]) {
  const arrivals = [...new Set(events.flatMap((event) => (event.body.type === "arrived" ? [event.body.personId] : [])))];
  const known = new Map<string, Promise<Set<string>>>();
  const peopleOf = (stationId: string) => {
    let people = known.get(stationId);
    if (!people) known.set(stationId, (people = stationPeopleAmong(tx, client, stationId, arrivals)));
    return people;
  };
  const walkIns = new Map<string, Set<string>>();
  return {
    isStationPerson: async (stationId: string, personId: string) =>
      (walkIns.get(stationId)?.has(personId) ?? false) || (await peopleOf(stationId)).has(personId),
    registered: (stationId: string, personId: string) => {
      const registered = walkIns.get(stationId) ?? new Set<string>();
      registered.add(personId);
      walkIns.set(stationId, registered);
    },
  };
}

/**
 * One event on the session as its reading says it stands: judged, its effects
 * written; the row to store for it (at the next position) and the reading
 * once it is stored.
 */
async function takeOnSession(
  tx: Tx,
  client: Client,
  reading: SessionReading,
  event: SessionEvent,
  taking: Taking,
  isStationPerson: (personId: string) => boolean,
) {
  const state = reading.state;
  const rules = state ? await lessonRules(tx, client, state.lessonId) : null;
  let refusal =
    (taking.uploadStationId !== null && isOtherStation(taking.uploadStationId, reading, event) ? "other-station" : null) ??
    (await openingRefusal(tx, client, state, event.body)) ??
    judge(state, event, { rules, isStationPerson });
  if (refusal === null && event.body.type === "opened" && !(await claimStation(tx, event.body.stationId, event.sessionId))) {
    refusal = "station-busy";
  }
  if (refusal === null) await project(tx, state, event, taking.now);
  const position = reading.position + 1;
  const row = {
    id: event.eventId,
    deviceId: event.deviceId,
    sequence: event.sequence,
    sessionClientId: event.sessionId,
    position,
    type: event.body.type,
    bodyJson: JSON.stringify(event.body),
    outcome: refusal === null ? "APPLIED" : "REFUSED",
    refusal,
    recordedById: taking.recordedById,
    receivedAt: taking.now,
  } satisfies EventRow;
  const recorded: RecordedEvent = refusal === null ? { outcome: "applied" } : { outcome: "refused", refusal };
  return { row, recorded, reading: afterRow(reading, event, refusal === null, position) };
}

function storedEvent(sessionId: string, row: { id: string; deviceId: string; sequence: number; bodyJson: string }): SessionEvent {
  const body = decodeColumn(SessionEventBodySchema, row.bodyJson, {
    table: "StationEvent",
    id: row.id,
    column: "bodyJson",
    expected: "a session event body",
  });
  return { eventId: row.id, deviceId: row.deviceId, sequence: row.sequence, sessionId, body };
}

/**
 * Whether an event sent in an upload for one station concerns another: its
 * session runs (or was first opened) elsewhere, or it opens one elsewhere.
 */
function isOtherStation(uploadStationId: string, reading: SessionReading, event: SessionEvent): boolean {
  if (event.body.type === "opened" && event.body.stationId !== uploadStationId) return true;
  const sessionStationId = reading.state?.stationId ?? reading.firstOpenedStationId;
  return sessionStationId !== null && sessionStationId !== uploadStationId;
}

/** An opening names a station and a lesson that exist, as the facts kept a few seconds say. */
async function openingRefusal(tx: Tx, client: Client, state: SessionState | null, body: SessionEventBody): Promise<StationRefusal | null> {
  if (body.type !== "opened" || state !== null) return null;
  if ((await stationPath(tx, client, body.stationId)) === null) return "unknown-station";
  if ((await lessonRules(tx, client, body.lessonId)) === null) return "unknown-lesson";
  return null;
}

/**
 * Makes the session the station's one running session, unless another runs
 * there. A conditional update, so two openings at once take turns on either
 * database: the second finds the station taken.
 */
async function claimStation(tx: Tx, stationId: string, sessionClientId: string): Promise<boolean> {
  const claimed = await tx.station.updateMany({
    where: { id: stationId, runningSessionClientId: null },
    data: { runningSessionClientId: sessionClientId },
  });
  return claimed.count === 1;
}

type LessonRules = { durationSeconds: number; maxPlaybackRate: number };

/** The session's own rules, with what they need to know about the station's people and the film. */
function judge(
  state: SessionState | null,
  event: SessionEvent,
  facts: { rules: LessonRules | null; isStationPerson: (personId: string) => boolean },
): StationRefusal | null {
  const result = applySessionEvent({
    state,
    event,
    seen: new Set(),
    context: {
      isStationPerson: facts.isStationPerson,
      durationSeconds: facts.rules?.durationSeconds ?? 0,
      maxPlaybackRate: facts.rules?.maxPlaybackRate ?? 1,
    },
  });
  return result.outcome === "refused" ? result.reason : null;
}

/**
 * What seldom changes and every event asks (a lesson's length and rate, the
 * organization a station serves), kept per client for a few seconds: a
 * change made there is seen by the uploads that come after those seconds.
 */
const FACTS_KEPT_MS = 10_000;
const FACTS_KEPT = 10_000;
function keptBriefly<T>() {
  const kept = new WeakMap<Client, Map<string, { until: number; value: T }>>();
  return async (client: Client, key: string, load: () => Promise<T>): Promise<T> => {
    let byKey = kept.get(client);
    if (!byKey) kept.set(client, (byKey = new Map()));
    const known = byKey.get(key);
    const now = Date.now();
    if (known && known.until > now) return known.value;
    const value = await load();
    if (byKey.size >= FACTS_KEPT) byKey.clear();
    byKey.set(key, { until: now + FACTS_KEPT_MS, value });
    return value;
  };
}
const keptLessonRules = keptBriefly<LessonRules | null>();
const keptStationPath = keptBriefly<string | null>();

function lessonRules(tx: Tx, client: Client, lessonId: string) {
  return keptLessonRules(client, lessonId, () =>
    tx.lesson.findUnique({ where: { id: lessonId }, select: { durationSeconds: true, maxPlaybackRate: true } }),
  );
}

const keptAnswerRules = keptBriefly<{ id: string; attemptLimit: number | null } | null>();

/** What an answer sheet needs of the session's lesson (its attempt limit), kept a few seconds as its other rules are; null for no such lesson. */
export async function lessonForAnswers(lessonId: string) {
  const prisma = await getPrisma();
  return keptAnswerRules(prisma, lessonId, () =>
    prisma.lesson.findUnique({ where: { id: lessonId }, select: { id: true, attemptLimit: true } }),
  );
}

/** The path of the organization the station serves, null for no such station. */
function stationPath(tx: Tx, client: Client, stationId: string) {
  return keptStationPath(client, stationId, async () => {
    const station = await tx.station.findUnique({ where: { id: stationId }, select: { org: { select: { path: true } } } });
    return station?.org.path ?? null;
  });
}

/** A member or activist of the organizations the station serves (its organization and those below it), or a villager registered there. */
async function isStationPerson(tx: Tx, client: Client, stationId: string, personId: string): Promise<boolean> {
  return (await stationPeopleAmong(tx, client, stationId, [personId])).has(personId);
}

/** Which of these people are the station's people (isStationPerson), asked at once. */
async function stationPeopleAmong(tx: Tx, client: Client, stationId: string, personIds: readonly string[]): Promise<Set<string>> {
  const path = await stationPath(tx, client, stationId);
  if (path === null || personIds.length === 0) return new Set();
  const visitors = await tx.stationVisitor.findMany({ where: { id: { in: [...personIds] }, stationId }, select: { id: true } });
  const members = await tx.user.findMany({
    where: { id: { in: [...personIds] }, homeOrg: { path: { startsWith: path } } },
    select: { id: true },
  });
  return new Set([...visitors, ...members].map((row) => row.id));
}

/** The session's rows that follow from an applied event. */
async function project(tx: Tx, state: SessionState | null, event: SessionEvent, now: Date) {
  const body = event.body;
  if (body.type === "opened") {
    // The device's start, if it gave one, is believed only as far as the server's own times allow.
    const download = body.startedAt
      ? await tx.stationDownload.findUnique({
          where: { stationId_deviceId_lessonId: { stationId: body.stationId, deviceId: event.deviceId, lessonId: body.lessonId } },
          select: { firstDownloadedAt: true },
        })
      : null;
    const start = sessionStart({
      claimed: body.startedAt ? new Date(body.startedAt) : null,
      receivedAt: now,
      firstDownloadedAt: download?.firstDownloadedAt ?? null,
    });
    await tx.stationSession.create({
      // A code taken by another running session fails on its unique key, and the event is taken again with a new one.
      data: {
        clientId: event.sessionId,
        stationId: body.stationId,
        lessonId: body.lessonId,
        startedAt: start.startedAt,
        deviceStartedAt: start.deviceStartedAt,
        dateFlag: start.dateFlag,
        testCode: newTestCode(),
      },
      select: { id: true },
    });
  }
  if (body.type === "walked-in" && state) {
    // Registered at the station with the id his roll call gave him: the next session finds him among its people.
    await tx.stationVisitor.create({
      data: { id: body.personId, stationId: state.stationId, name: body.name, phone: body.phone },
      select: { id: true },
    });
  }
  if (body.type === "closed" && state) {
    await tx.station.updateMany({
      where: { id: state.stationId, runningSessionClientId: event.sessionId },
      data: { runningSessionClientId: null },
    });
    // It ended when the session's own clock says, counted from its start, and not after the server heard of it.
    const session = await tx.stationSession.findUniqueOrThrow({ where: { clientId: event.sessionId }, select: { startedAt: true } });
    const { startedAt, endedAt } = sessionEnd({ startedAt: session.startedAt, closedAtMs: body.atMs, receivedAt: now });
    await tx.stationSession.update({
      where: { clientId: event.sessionId },
      data: { startedAt, endedAt, testCode: null },
      select: { id: true },
    });
  }
}

/** Six digits, easy to type on a phone's keypad; valid while its session runs. */
function newTestCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, "0");
}

/** A session's state from its applied events, or null when no event opened it. */
export async function stationSessionState(sessionClientId: string): Promise<SessionState | null> {
  const prisma = await getPrisma();
  const reading = await readSession(prisma, prisma, sessionClientId);
  keepReading(prisma, sessionClientId, reading);
  return reading.state;
}

/**
 * Who a person on the session's roll is as an account holder: a member's id
 * is his account's, a villager's is his visitor record's (with the account
 * he got later, if any).
 */
export async function accountsOfStationPeople(stationId: string, personIds: readonly string[]): Promise<Map<string, string>> {
  return (await accountsAtStations([{ stationId, personIds }]))[0]!;
}

/** accountsOfStationPeople for several stations' people, asked at once: one map per group, in order. */
async function accountsAtStations(groups: readonly { stationId: string; personIds: readonly string[] }[]) {
  const accountOf = await accountsAmong(groups.flatMap((group) => group.personIds));
  return groups.map(
    ({ stationId, personIds }) =>
      new Map(
        [...new Set(personIds)].flatMap((personId) => {
          const account = accountOf(stationId, personId);
          return account === null ? [] : [[personId, account] as const];
        }),
      ),
  );
}

/**
 * The accounts of these people, asked at once, by station: a member's
 * id is his account's, a villager's visitor record at that station has the
 * account he got later, if any; null for none.
 */
async function accountsAmong(personIds: readonly string[]) {
  const prisma = await getPrisma();
  const ids = [...new Set(personIds)];
  const [users, visitors] = await Promise.all([
    prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true } }),
    prisma.stationVisitor.findMany({
      where: { id: { in: ids }, userId: { not: null } },
      select: { id: true, stationId: true, userId: true },
    }),
  ]);
  const userIds = new Set(users.map((user) => user.id));
  const visitorOf = new Map(visitors.map((visitor) => [visitor.id, visitor]));
  return (stationId: string, personId: string): string | null => {
    const visitor = visitorOf.get(personId);
    if (visitor?.stationId === stationId) return visitor.userId;
    return userIds.has(personId) ? personId : null;
  };
}

/** The accounts of the people at a closed session: one hours job each. Empty while it runs. */
export async function closedSessionAccounts(sessionClientId: string): Promise<string[]> {
  const state = await stationSessionState(sessionClientId);
  if (!state || state.status !== "CLOSED") return [];
  return [...new Set((await accountsOfStationPeople(state.stationId, [...state.presence.keys()])).values())];
}

export class AttemptNotGradedYet extends Error {}

/**
 * What a closed session gives one account holder under the rules of
 * who-earns.ts, with what his ledger entry needs; null when the session is not
 * closed or he was not there. An attempt of his still being graded throws
 * (the job is retried), so a pass is never missed.
 */
export async function stationOutcomeFor(sessionClientId: string, userId: string) {
  const prisma = await getPrisma();
  const state = await stationSessionState(sessionClientId);
  if (!state || state.status !== "CLOSED") return null;
  const accounts = await accountsOfStationPeople(state.stationId, [...state.presence.keys()]);
  const personIds = [...accounts].filter(([, account]) => account === userId).map(([personId]) => personId);
  if (personIds.length === 0) return null;
  const [session, lesson] = await Promise.all([
    prisma.stationSession.findUniqueOrThrow({ where: { clientId: sessionClientId }, select: { id: true, startedAt: true, endedAt: true } }),
    prisma.lesson.findUniqueOrThrow({
      where: { id: state.lessonId },
      select: {
        id: true,
        slug: true,
        durationSeconds: true,
        completionShare: true,
        classHours: true,
        passPercent: true,
      },
    }),
  ]);
  const attemptIds = personIds.flatMap((personId) => state.attempts.get(personId)?.attemptId ?? []);
  const attempts = await prisma.quizAttempt.findMany({
    where: { id: { in: attemptIds }, userId, lessonId: lesson.id },
    select: { status: true, passed: true },
  });
  if (attempts.some((attempt) => attempt.status === "SUBMITTED")) throw new AttemptNotGradedYet(`an attempt of ${userId} is being graded`);
  const outcome = sessionOutcome({
    film: {
      durationSeconds: lesson.durationSeconds,
      completionShare: lesson.completionShare,
      classHours: lesson.classHours,
      hasQuiz: hasQuiz(lesson),
    },
    stretches: state.stretches,
    attendees: personIds.map((personId) => ({
      personId,
      presence: state.presence.get(personId) ?? [],
      passed: attempts.some((attempt) => attempt.passed === true),
    })),
  });
  // A villager who later got an account and was also on the roll under it is one person: his best outcome counts.
  const best = outcome.attendees.find((attendee) => attendee.status === "earns") ?? outcome.attendees[0]!;
  return {
    session: { id: session.id, clientId: sessionClientId, heldAt: session.endedAt ?? session.startedAt },
    lessonId: lesson.id,
    outcome: best,
  };
}

/**
 * The organization path of the station each event concerns: an opening names
 * its station, every other event belongs to a session opened before (or
 * earlier in the same batch). Null for a station or session not known, which
 * the rules then refuse.
 */
export async function stationPathsOf(events: readonly UploadItem[]): Promise<(string | null)[]> {
  const prisma = await getPrisma();
  const openedIn = new Map(
    events.flatMap((event) => (event.body.type === "opened" ? [[event.sessionId, event.body.stationId] as const] : [])),
  );
  const sessions = await prisma.stationSession.findMany({
    where: { clientId: { in: [...new Set(events.map((event) => event.sessionId))] } },
    select: { clientId: true, stationId: true },
  });
  const stationOfSession = new Map([...openedIn, ...sessions.map((session) => [session.clientId, session.stationId] as const)]);
  const stationIds = events.map((event) => (event.body.type === "opened" ? event.body.stationId : stationOfSession.get(event.sessionId)));
  const stations = await prisma.station.findMany({
    where: { id: { in: stationIds.filter((stationId): stationId is string => stationId !== undefined) } },
    select: { id: true, org: { select: { path: true } } },
  });
  const pathOf = new Map(stations.map((station) => [station.id, station.org.path]));
  return stationIds.map((stationId) => (stationId === undefined ? null : (pathOf.get(stationId) ?? null)));
}

/**
 * Hands a closed session's account holders to `queue` (the hours queue's add,
 * passed in: models do not talk to Redis) and, once it has taken them, notes
 * the session as queued. Answers whether it was taken; a session left
 * unqueued (Redis was down) is found by `closedSessionsAwaitingHours`.
 */
export async function queueClosedSessionHours(sessionClientId: string, queue: (userIds: string[]) => Promise<boolean>): Promise<boolean> {
  return (await queueClosedSessionsHours([sessionClientId], (_, userIds) => queue(userIds))).has(sessionClientId);
}

/**
 * queueClosedSessionHours for several sessions, in order: their rows read at
 * once, their people's accounts asked at once, the sessions queued noted at
 * once. Answers the sessions `queue` took.
 */
export async function queueClosedSessionsHours(
  sessionClientIds: readonly string[],
  queue: (sessionClientId: string, userIds: string[]) => Promise<boolean>,
): Promise<Set<string>> {
  const taken = new Set<string>();
  if (sessionClientIds.length === 0) return taken;
  const prisma = await getPrisma();
  const read = await readSessions(prisma, prisma, sessionClientIds);
  for (const [sessionClientId, reading] of read) keepReading(prisma, sessionClientId, reading);
  const closed = [...read].flatMap(([sessionClientId, { state }]) =>
    state?.status === "CLOSED" ? [{ sessionClientId, stationId: state.stationId, personIds: [...state.presence.keys()] }] : [],
  );
  const accounts = closed.length > 0 ? await accountsAtStations(closed) : [];
  const accountsOf = new Map(closed.map((session, index) => [session.sessionClientId, [...new Set(accounts[index]!.values())]]));
  for (const sessionClientId of read.keys()) {
    if (await queue(sessionClientId, accountsOf.get(sessionClientId) ?? [])) taken.add(sessionClientId);
  }
  if (taken.size > 0) {
    await prisma.stationSession.updateMany({
      where: { clientId: { in: [...taken] }, hoursQueuedAt: null },
      data: { hoursQueuedAt: new Date() },
    });
  }
  return taken;
}

/** Closed sessions whose hours were never queued: the worker's sweep queues them. */
export async function closedSessionsAwaitingHours(): Promise<string[]> {
  const prisma = await getPrisma();
  const sessions = await prisma.stationSession.findMany({
    where: { endedAt: { not: null }, hoursQueuedAt: null },
    select: { clientId: true },
    take: 500,
  });
  return sessions.map((session) => session.clientId);
}

/** Which of these ids an event is stored under. */
export async function takenEventIds(eventIds: readonly string[]): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set();
  const prisma = await getPrisma();
  const rows = await prisma.stationEvent.findMany({ where: { id: { in: [...eventIds] } }, select: { id: true } });
  return new Set(rows.map((row) => row.id));
}

/** The account of one of the station's people: his own, or the one his visitor record got; null for a villager without one. */
export async function accountOfStationPerson(stationId: string, personId: string): Promise<string | null> {
  return (await accountsOfStationPeople(stationId, [personId])).get(personId) ?? null;
}

/** The account of one person on a closed session's roll (his own, or the one his visitor record got); null while it runs or without one. */
export async function closedSessionAccountOf(sessionClientId: string, personId: string): Promise<string | null> {
  const state = await stationSessionState(sessionClientId);
  if (!state || state.status !== "CLOSED" || !state.presence.has(personId)) return null;
  return (await accountsOfStationPeople(state.stationId, [personId])).get(personId) ?? null;
}

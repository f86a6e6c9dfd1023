// 站点放映: a station session's events, taken one at a time under the rules of
// app/domain/station/session-events.ts (decision 022). Each event is stored
// with what became of it, in one transaction with its effects, so a resend
// (from an outbox that never got the answer) is recognised and changes nothing.
import { randomInt } from "node:crypto";
import { z } from "zod";
import { hasQuiz } from "~/domain/four-rings.ts";
import { sessionEnd, sessionStart } from "~/domain/station/session-dates.ts";
import { MOBILE_PHONE } from "~/domain/station/station-people.ts";
import {
  applySessionEvent,
  stateOfApplied,
  type StationRefusal,
  type SessionEvent,
  type SessionEventBody,
  type SessionState,
} from "~/domain/station/session-events.ts";
import { isSameEvent, type UploadItem } from "~/domain/station/upload.ts";
import { sessionOutcome } from "~/domain/station/who-earns.ts";
import type { Prisma } from "~/generated/prisma/client.ts";
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

/** Two events of one session taken at the same moment: the loser tries again, behind the winner. */
const ATTEMPTS = 5;

/**
 * Takes one event, received at `now`. The caller has checked that the user
 * may run this station's sessions; `stationId`, when given, is the one
 * station the upload is for, and an event of another station's session is
 * refused (and stored so).
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
      return await prisma.$transaction((tx) => takeEvent(tx, event, recordedById, now, options.stationId ?? null));
    } catch (error) {
      if (!isUniqueViolation(error) || attempt === ATTEMPTS) throw error;
    }
  }
}

async function takeEvent(
  tx: Tx,
  event: SessionEvent,
  recordedById: string,
  now: Date,
  uploadStationId: string | null,
): Promise<RecordedEvent> {
  const earlier = await tx.stationEvent.findUnique({
    where: { id: event.eventId },
    select: { id: true, deviceId: true, sequence: true, sessionClientId: true, bodyJson: true, outcome: true, refusal: true },
  });
  if (earlier) {
    // The id is taken by an event that says something else: refused, and the stored one stays as it is.
    if (!isSameEvent(storedEvent(earlier.sessionClientId, earlier), event)) return { outcome: "refused", refusal: "event-id-reused" };
    return {
      outcome: "duplicate",
      earlier: earlier.outcome === "APPLIED" ? "applied" : "refused",
      refusal: (earlier.refusal as StationRefusal | null) ?? null,
    };
  }
  const rows = await tx.stationEvent.findMany({
    where: { sessionClientId: event.sessionId },
    orderBy: { position: "asc" },
    select: { id: true, deviceId: true, sequence: true, position: true, type: true, outcome: true, bodyJson: true },
  });
  const applied = rows.filter((row) => row.outcome === "APPLIED").map((row) => storedEvent(event.sessionId, row));
  const state = stateOfApplied(applied);
  let refusal =
    (uploadStationId !== null && isOtherStation(uploadStationId, state, event, rows) ? "other-station" : null) ??
    (await openingRefusal(tx, state, event.body)) ??
    (await judge(tx, state, event));
  if (refusal === null && event.body.type === "opened" && !(await claimStation(tx, event.body.stationId, event.sessionId))) {
    refusal = "station-busy";
  }
  if (refusal === null) await project(tx, state, event, now);
  await tx.stationEvent.create({
    data: {
      id: event.eventId,
      deviceId: event.deviceId,
      sequence: event.sequence,
      sessionClientId: event.sessionId,
      position: (rows[rows.length - 1]?.position ?? 0) + 1,
      type: event.body.type,
      bodyJson: JSON.stringify(event.body),
      outcome: refusal === null ? "APPLIED" : "REFUSED",
      refusal,
      recordedById,
      receivedAt: now,
    },
    select: { id: true },
  });
  return refusal === null ? { outcome: "applied" } : { outcome: "refused", refusal };
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
function isOtherStation(
  uploadStationId: string,
  state: SessionState | null,
  event: SessionEvent,
  rows: readonly { id: string; deviceId: string; sequence: number; type: string; bodyJson: string }[],
): boolean {
  if (event.body.type === "opened" && event.body.stationId !== uploadStationId) return true;
  const firstOpening = rows.find((row) => row.type === "opened");
  const openedBody = firstOpening ? storedEvent(event.sessionId, firstOpening).body : null;
  const sessionStationId = state?.stationId ?? (openedBody?.type === "opened" ? openedBody.stationId : null);
  return sessionStationId !== null && sessionStationId !== uploadStationId;
}

/** An opening names a station and a lesson that exist. */
async function openingRefusal(tx: Tx, state: SessionState | null, body: SessionEventBody): Promise<StationRefusal | null> {
  if (body.type !== "opened" || state !== null) return null;
  if (!(await tx.station.findUnique({ where: { id: body.stationId }, select: { id: true } }))) return "unknown-station";
  if (!(await tx.lesson.findUnique({ where: { id: body.lessonId }, select: { id: true } }))) return "unknown-lesson";
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

/** The session's own rules, with what they need to know read for this event only. */
async function judge(tx: Tx, state: SessionState | null, event: SessionEvent): Promise<StationRefusal | null> {
  const lesson = state
    ? await tx.lesson.findUnique({ where: { id: state.lessonId }, select: { durationSeconds: true, maxPlaybackRate: true } })
    : null;
  const body = event.body;
  const isPerson = state && body.type === "arrived" ? await isStationPerson(tx, state.stationId, body.personId) : false;
  const result = applySessionEvent({
    state,
    event,
    seen: new Set(),
    context: {
      isStationPerson: (personId) => isPerson && body.type === "arrived" && personId === body.personId,
      durationSeconds: lesson?.durationSeconds ?? 0,
      maxPlaybackRate: lesson?.maxPlaybackRate ?? 1,
    },
  });
  return result.outcome === "refused" ? result.reason : null;
}

/** A member or activist of the organizations the station serves (its organization and those below it), or a villager registered there. */
async function isStationPerson(tx: Tx, stationId: string, personId: string): Promise<boolean> {
  const station = await tx.station.findUnique({ where: { id: stationId }, select: { org: { select: { path: true } } } });
  if (!station) return false;
  const visitor = await tx.stationVisitor.count({ where: { id: personId, stationId } });
  if (visitor > 0) return true;
  return (await tx.user.count({ where: { id: personId, homeOrg: { path: { startsWith: station.org.path } } } })) > 0;
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
  const rows = await prisma.stationEvent.findMany({
    where: { sessionClientId, outcome: "APPLIED" },
    orderBy: { position: "asc" },
    select: { id: true, deviceId: true, sequence: true, bodyJson: true },
  });
  return stateOfApplied(rows.map((row) => storedEvent(sessionClientId, row)));
}

/**
 * Who a person on the session's roll is as an account holder: a member's id
 * is his account's, a villager's is his visitor record's (with the account
 * he got later, if any).
 */
async function accountsOf(stationId: string, personIds: readonly string[]): Promise<Map<string, string>> {
  const prisma = await getPrisma();
  const [users, visitors] = await Promise.all([
    prisma.user.findMany({ where: { id: { in: [...personIds] } }, select: { id: true } }),
    prisma.stationVisitor.findMany({
      where: { id: { in: [...personIds] }, stationId, userId: { not: null } },
      select: { id: true, userId: true },
    }),
  ]);
  return new Map([
    ...users.map((user) => [user.id, user.id] as const),
    ...visitors.map((visitor) => [visitor.id, visitor.userId!] as const),
  ]);
}

/** The accounts of the people at a closed session: one hours job each. Empty while it runs. */
export async function closedSessionAccounts(sessionClientId: string): Promise<string[]> {
  const state = await stationSessionState(sessionClientId);
  if (!state || state.status !== "CLOSED") return [];
  return [...new Set((await accountsOf(state.stationId, [...state.presence.keys()])).values())];
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
  const accounts = await accountsOf(state.stationId, [...state.presence.keys()]);
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
  const taken = await queue(await closedSessionAccounts(sessionClientId));
  if (taken) {
    const prisma = await getPrisma();
    await prisma.stationSession.updateMany({
      where: { clientId: sessionClientId, hoursQueuedAt: null },
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

/** Whether an event is stored under this id. */
export async function isEventIdTaken(eventId: string): Promise<boolean> {
  const prisma = await getPrisma();
  return (await prisma.stationEvent.count({ where: { id: eventId } })) > 0;
}

/** The account of one of the station's people: his own, or the one his visitor record got; null for a villager without one. */
export async function accountOfStationPerson(stationId: string, personId: string): Promise<string | null> {
  return (await accountsOf(stationId, [personId])).get(personId) ?? null;
}

/** The account of one person on a closed session's roll (his own, or the one his visitor record got); null while it runs or without one. */
export async function closedSessionAccountOf(sessionClientId: string, personId: string): Promise<string | null> {
  const state = await stationSessionState(sessionClientId);
  if (!state || state.status !== "CLOSED" || !state.presence.has(personId)) return null;
  return (await accountsOf(state.stationId, [personId])).get(personId) ?? null;
}

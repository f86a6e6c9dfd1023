// Taking a station session's events with what follows from them on the queues:
// a close queues its attendees' hours, a late answer that person's again. The
// events endpoint, the station's screen and an attendee's phone all go through
// here, so each event has one path whoever sends it (decision 022). A device's
// upload (decision 026) brings answer sheets too: each becomes an attempt and
// its `answered` event here, as a sheet from the screen's form does.
import type { AnswerWay, SessionEvent, SessionState, StationRefusal } from "~/domain/station/session-events.ts";
import {
  ANSWER_REFUSALS,
  itemKind,
  sameResponses,
  type AnswerRefusal,
  type AnswerSheetItem,
  type UploadItem,
  type UploadResult,
} from "~/domain/station/upload.ts";
import { recordAudit } from "~/models/audit.server.ts";
import { AttemptLimitReached, attemptResponses, findDraw, questionTypes, submitAttempt } from "~/models/quiz.server.ts";
import {
  accountOfStationPerson,
  closedSessionAccountOf,
  isEventIdTaken,
  lessonForAnswers,
  queueClosedSessionHours,
  recordStationEvent,
  recordStationRun,
  stationSessionState,
  type RecordedEvent,
} from "~/models/station-session.server.ts";
import { responsesForDraw } from "~/domain/quiz-draw.ts";
import { enqueueGrading, enqueueStationHours, queueOrLeaveForSweep } from "./queues.server.ts";

export type { AnswerRefusal } from "~/domain/station/upload.ts";

/**
 * A device's upload: its items in the order it recorded them, each taken once
 * and answered. A session's events that follow one another are taken as a run
 * (recordStationRun: each applied under its key with its effects, the run in
 * one transaction); an answer sheet, or another session's event, ends the run.
 * `stationId`, when the upload names its station, refuses what belongs to
 * another station's sessions; `recordedById` is the user who sent it.
 */
export async function takeStationUpload(
  items: readonly UploadItem[],
  recordedById: string,
  options: { stationId?: string } = {},
): Promise<UploadResult[]> {
  const kinds = items.map(itemKind);
  const events = kinds.map((kind) => ("event" in kind ? kind.event : null));
  const results: UploadResult[] = [];
  for (let index = 0; index < items.length;) {
    const kind = kinds[index]!;
    if ("sheet" in kind) {
      results.push({ eventId: kind.sheet.eventId, ...(await takeSheetItem(kind.sheet, recordedById, options.stationId)) });
      index += 1;
      continue;
    }
    const run = sessionRunAt(events, index);
    const taken = await takeRun(run, recordedById, options);
    taken.forEach((result, offset) => results.push({ eventId: run[offset]!.eventId, ...result }));
    index += taken.length;
  }
  return results;
}

/** Takes the events in order, each once (a session's events one after another as a run), and queues what each applied one calls for. */
export async function takeStationEvents(events: readonly SessionEvent[], recordedById: string) {
  const results: ({ eventId: string } & RecordedEvent)[] = [];
  for (let index = 0; index < events.length;) {
    const run = sessionRunAt(events, index);
    const taken = await takeRun(run, recordedById, {});
    taken.forEach((result, offset) => results.push({ eventId: run[offset]!.eventId, ...result }));
    index += taken.length;
  }
  return results;
}

/** The event at `index` and those right after it of the same session (null: an item that is no event, which ends the run). */
function sessionRunAt(events: readonly (SessionEvent | null)[], index: number): SessionEvent[] {
  const first = events[index]!;
  const run = [first];
  for (const next of events.slice(index + 1)) {
    if (next === null || next.sessionId !== first.sessionId) break;
    run.push(next);
  }
  return run;
}

/**
 * The first events of a run of one session's events: taken in one
 * transaction, then what the last of them calls for on the queues (only the
 * last may: a run stops after the close, and an event after it is taken
 * alone). A run that met another writer is taken again one event at a time.
 * Answers what became of the events taken, from the first.
 */
async function takeRun(run: readonly SessionEvent[], recordedById: string, options: { stationId?: string }): Promise<RecordedEvent[]> {
  if (run.length === 1) return [await takeOne(run[0]!, recordedById, options)];
  const recorded = await recordStationRun(run, recordedById, new Date(), options);
  if (recorded === null) {
    const results: RecordedEvent[] = [];
    for (const event of run) results.push(await takeOne(event, recordedById, options));
    return results;
  }
  await queueWhatFollows(run[recorded.length - 1]!, recorded[recorded.length - 1]!);
  return recorded;
}

/** One event, and what its being applied calls for on the queues. */
async function takeOne(event: SessionEvent, recordedById: string, options: { stationId?: string } = {}): Promise<RecordedEvent> {
  const result = await recordStationEvent(event, recordedById, new Date(), options);
  await queueWhatFollows(event, result);
  return result;
}

/** What an event just taken calls for on the queues: hours when it closed the session, that person's hours again for a late answer. */
async function queueWhatFollows(event: SessionEvent, result: RecordedEvent) {
  if (result.outcome === "applied" && event.body.type === "answered") {
    // A paper sheet typed in after the close: this person's hours are judged again, with his answer.
    const account = await closedSessionAccountOf(event.sessionId, event.body.personId);
    const attemptId = event.body.attemptId;
    if (account) {
      await queueOrLeaveForSweep(() => enqueueStationHours(event.sessionId, [account], attemptId), {
        what: "station hours after a late answer",
        sessionId: event.sessionId,
      });
    }
  }
  if (result.outcome === "applied" && event.body.type === "closed") {
    await queueClosedSessionHours(event.sessionId, (accounts) =>
      queueOrLeaveForSweep(() => enqueueStationHours(event.sessionId, accounts), { what: "station hours", sessionId: event.sessionId }),
    );
  }
}

/**
 * An answer sheet from a device's outbox, taken as the screen's form takes
 * one. Its item's id is the device's; the event it makes has the paper's
 * (`answer-<token>`), so the same sheet sent again is a duplicate. An item id
 * already taken by a stored event is refused, that event untouched.
 */
async function takeSheetItem(item: AnswerSheetItem, recordedById: string, uploadStationId: string | undefined) {
  const sheet = item.body;
  if (item.eventId !== answeredEventId(sheet.token) && (await isEventIdTaken(item.eventId))) {
    return { outcome: "refused" as const, refusal: "event-id-reused" as const };
  }
  const state = await stationSessionState(item.sessionId);
  if (state && uploadStationId !== undefined && state.stationId !== uploadStationId) {
    return { outcome: "refused" as const, refusal: "other-station" as const };
  }
  // The session as just read, not read again.
  const taken = await answerOnSession(state, {
    stationId: state?.stationId ?? null,
    sessionClientId: item.sessionId,
    personId: sheet.personId,
    way: sheet.way,
    token: sheet.token,
    answersOf: (questionId) => [...(sheet.answers[questionId] ?? [])],
    recordedById,
  });
  if (!taken.ok) return { outcome: "refused" as const, refusal: taken.refusal };
  return taken.recorded === "applied"
    ? { outcome: "applied" as const }
    : { outcome: "duplicate" as const, earlier: "applied" as const, refusal: null };
}

/** The id of the `answered` event made from a paper: one per paper, however often its sheet comes. */
const answeredEventId = (token: string) => `answer-${token}`;

/** The device named by the events the server makes from answer sheets (the screen's form, a phone). */
const ANSWER_SHEET_DEVICE = "answer-sheet";

/** The message key of a refused answer sheet: the sheet's own words, or the session rule's. */
export function answerRefusalKey(refusal: AnswerRefusal | StationRefusal): string {
  return (ANSWER_REFUSALS as readonly string[]).includes(refusal) ? `station.tv.answerProblems.${refusal}` : `station.refusals.${refusal}`;
}

/**
 * One attendee's answers to the paper drawn for him, however he gave them: on
 * the station's screen, on his own phone, on paper typed in by the operator,
 * or aloud and recorded by the operator (audited). The attempt is stored and
 * graded like any other; the session records it as an `answered` event whose
 * id comes from the paper, so sending the same sheet twice makes one attempt
 * and one event (`recorded: "duplicate"` the second time). The same paper sent
 * with other answers is a second sheet, refused; the first stays as it was.
 * `stationId`: the station the sheet is given at (null: the session's own).
 */
export async function takeStationAnswer(params: StationAnswer): Promise<AnswerTaken> {
  return answerOnSession(await stationSessionState(params.sessionClientId), params);
}

type StationAnswer = {
  stationId: string | null;
  sessionClientId: string;
  personId: string;
  way: AnswerWay;
  token: string;
  answersOf: (questionId: string) => string[];
  recordedById: string;
};
type AnswerTaken =
  | { ok: true; attemptId: string; queued: boolean; recorded: "applied" | "duplicate" }
  | { ok: false; refusal: AnswerRefusal | StationRefusal };

/** takeStationAnswer on the session's state as it was just read. */
async function answerOnSession(state: SessionState | null, params: StationAnswer): Promise<AnswerTaken> {
  if (!state || (params.stationId !== null && state.stationId !== params.stationId)) return { ok: false, refusal: "session-gone" };
  if (!state.presence.has(params.personId)) return { ok: false, refusal: "not-attendee" };
  const userId = await accountOfStationPerson(state.stationId, params.personId);
  if (!userId) return { ok: false, refusal: "no-account" };
  const lesson = await lessonForAnswers(state.lessonId);
  const draw = lesson ? await findDraw(params.token, userId, lesson.id) : null;
  if (!lesson || !draw) return { ok: false, refusal: "paper-unknown" };
  const taken = state.attempts.get(params.personId);
  // The same sheet sent again finds its attempt below; a second sheet is refused before anything is stored.
  if (taken && taken.attemptId !== draw.attemptId) return { ok: false, refusal: "answered-twice" };

  const types = await questionTypes(draw.items.map((item) => item.questionId));
  const responses = responsesForDraw(draw.items, types, params.answersOf);
  let attemptId: string;
  try {
    const attempt = await submitAttempt({
      userId,
      lessonId: lesson.id,
      idempotencyKey: draw.token,
      drawId: draw.id,
      attemptLimit: lesson.attemptLimit,
      responses,
    });
    // This paper was answered before: the same sheet again, or another sheet on the same paper.
    if (!attempt.created && !sameResponses(await attemptResponses(attempt.id), responses)) return { ok: false, refusal: "answered-twice" };
    attemptId = attempt.id;
  } catch (error) {
    if (error instanceof AttemptLimitReached) return { ok: false, refusal: "limit-reached" };
    throw error;
  }
  const [result] = await takeStationEvents(
    [
      {
        // Made here from the sheet, not on a device: its id comes from the paper, so a resent sheet is a duplicate.
        eventId: answeredEventId(draw.token),
        deviceId: ANSWER_SHEET_DEVICE,
        sequence: 1,
        sessionId: params.sessionClientId,
        body: { type: "answered", personId: params.personId, way: params.way, attemptId },
      },
    ],
    params.recordedById,
  );
  if (!result || result.outcome === "refused") return { ok: false, refusal: result?.refusal ?? "session-gone" };
  // Sent before and refused then: the same answer now.
  if (result.outcome === "duplicate" && result.earlier === "refused") return { ok: false, refusal: result.refusal ?? "session-gone" };
  if (result.outcome === "duplicate") return { ok: true, attemptId, queued: true, recorded: "duplicate" };
  if (params.way === "ORAL") {
    await recordAudit({
      actorId: params.recordedById,
      action: "station.oral-answer",
      entityType: "QuizAttempt",
      entityId: attemptId,
      details: { sessionClientId: params.sessionClientId, personId: params.personId },
    });
  }
  const queued = await queueOrLeaveForSweep(() => enqueueGrading(attemptId), { what: "grading", attemptId });
  return { ok: true, attemptId, queued, recorded: "applied" };
}

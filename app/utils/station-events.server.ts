// Taking a station session's events with what follows from them on the queues:
// a close queues its attendees' hours, a late answer that person's again. The
// events endpoint, the station's screen and an attendee's phone all go through
// here, so each event has one path whoever sends it (decision 022). A device's
// upload (decision 026) brings answer sheets too: each becomes an attempt and
// its `answered` event here, as a sheet from the screen's form does.
import type { AnswerWay, SessionEvent, SessionState, StationRefusal } from "~/domain/station/session-events.ts";
import {
  ANSWER_REFUSALS,
  answeredEvent,
  answeredEventId,
  itemKind,
  sheetRefusal,
  sameResponses,
  type AnswerRefusal,
  type AnswerSheetItem,
  type UploadItem,
  type UploadOutcome,
  type UploadResult,
} from "~/domain/station/upload.ts";
import { recordAudit } from "~/models/audit.server.ts";
import {
  AttemptLimitReached,
  attemptResponses,
  findDraw,
  findDraws,
  questionTypes,
  submitAttempt,
  preparePaperAttempts,
} from "~/models/quiz.server.ts";
import {
  accountOfStationPerson,
  accountsOfStationPeople,
  closedSessionAccountOf,
  lessonForAnswers,
  queueClosedSessionsHours,
  recordStationEvent,
  recordStationRuns,
  recordUploadTogether,
  stationSessionState,
  takenEventIds,
  type RecordedEvent,
} from "~/models/station-session.server.ts";
import { responsesForDraw } from "~/domain/quiz-draw.ts";
import { enqueueGrading, enqueueGradingOf, enqueueStationHours, queueOrLeaveForSweep } from "./queues.server.ts";

export type { AnswerRefusal } from "~/domain/station/upload.ts";

/**
 * A device's upload: its items in the order it recorded them, each taken once
 * and answered. Events that follow one another, of one session or several,
 * are taken in one transaction as runs of one session's events each
 * (recordStationRuns: each applied under its key with its effects, in order);
 * an answer sheet ends them. A session's answer sheets that follow one another
 * are taken together too, with the events right after them (takeSheets).
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
  // The sessions the upload closed: their hours are queued together at the end.
  const closes: string[] = [];
  const together = await takeTogether(items, recordedById, options.stationId, closes);
  together.forEach((result, offset) => results.push({ eventId: items[offset]!.eventId, ...result }));
  for (let index = together.length; index < items.length;) {
    const kind = kinds[index]!;
    if ("sheet" in kind) {
      const sheets = sheetRunAt(kinds, index);
      const next = index + sheets.length;
      // The events right after the sheets, in the same transaction as the sheets' answers when it can be.
      const after = events[next] ? eventRunsAt(events, next) : [];
      const taken = await takeSheets(sheets, after, recordedById, options.stationId, closes);
      const items = [...sheets, ...after.flat()];
      taken.forEach((result, offset) => results.push({ eventId: items[offset]!.eventId, ...result }));
      index += taken.length;
      continue;
    }
    const runs = eventRunsAt(events, index);
    const taken = await takeRuns(runs, recordedById, options, closes);
    const taking = runs.flat();
    taken.forEach((result, offset) => results.push({ eventId: taking[offset]!.eventId, ...result }));
    index += taken.length;
  }
  await queueHours(closes);
  return results;
}

/**
 * The upload's items from the first, in one transaction as far as they are
 * the plain case (recordUploadTogether), then their grading jobs (an oral
 * answer audited first); the sessions they closed are added to `closes`.
 * Answers what became of them: none when the transaction met another writer.
 */
async function takeTogether(
  items: readonly UploadItem[],
  recordedById: string,
  uploadStationId: string | undefined,
  closes: string[],
): Promise<UploadOutcome[]> {
  const taken = await recordUploadTogether(items, recordedById, new Date(), { stationId: uploadStationId });
  if (!taken) return [];
  for (const { attemptId, sessionId, personId, way } of taken.attempts) {
    if (way === "ORAL") await auditOralAnswer(recordedById, sessionId, personId, attemptId);
  }
  const graded = taken.attempts.map(({ attemptId }) => attemptId);
  await queueOrLeaveForSweep(() => enqueueGradingOf(graded), { what: "grading", attemptIds: graded });
  closes.push(...taken.closed);
  return taken.outcomes;
}

/** Takes the events in order, each once (as runs: see takeStationUpload), and queues what each applied one calls for. */
export async function takeStationEvents(events: readonly SessionEvent[], recordedById: string) {
  const results: ({ eventId: string } & RecordedEvent)[] = [];
  for (let index = 0; index < events.length;) {
    const runs = eventRunsAt(events, index);
    const taken = await takeRuns(runs, recordedById, {});
    const taking = runs.flat();
    taken.forEach((result, offset) => results.push({ eventId: taking[offset]!.eventId, ...result }));
    index += taken.length;
  }
  return results;
}

/**
 * The event at `index` and the events right after it, up to the first item
 * that is no event (null), cut into runs of one session's events that follow
 * one another.
 */
function eventRunsAt(events: readonly (SessionEvent | null)[], index: number): SessionEvent[][] {
  const runs: SessionEvent[][] = [];
  for (const event of events.slice(index)) {
    if (event === null) break;
    const run = runs[runs.length - 1];
    if (run && run[0]!.sessionId === event.sessionId) run.push(event);
    else runs.push([event]);
  }
  return runs;
}

/**
 * The first events of runs of one session's events each: taken in one
 * transaction, then what the last taken of each run calls for on the queues
 * (only the last may: a run stops after the close, and an event after it is
 * taken alone). Runs that met another writer are taken again one event at a
 * time. Answers what became of the events taken, from the first.
 */
async function takeRuns(
  runs: readonly SessionEvent[][],
  recordedById: string,
  options: { stationId?: string },
  closes?: string[],
): Promise<RecordedEvent[]> {
  if (runs.length === 1 && runs[0]!.length === 1) return [await takeOne(runs[0]![0]!, recordedById, options)];
  const recorded = await recordStationRuns(runs, recordedById, new Date(), options);
  if (recorded === null) {
    const results: RecordedEvent[] = [];
    for (const event of runs.flat()) results.push(await takeOne(event, recordedById, options));
    return results;
  }
  await queueWhatFollowsRuns(runs, recorded, closes);
  return recorded.flat();
}

/**
 * What the last event taken of each run calls for on the queues, in order.
 * An answer whose session a later run closed was given before the close, as
 * taken alone: no late answer, the close's hours count it.
 */
async function queueWhatFollowsRuns(runs: readonly (readonly SessionEvent[])[], recorded: readonly RecordedEvent[][], closes?: string[]) {
  const taken = recorded.flatMap((results, index) => results.map((result, offset) => ({ event: runs[index]![offset]!, result })));
  let position = 0;
  for (const results of recorded) {
    position += results.length;
    if (results.length === 0) continue;
    const { event, result } = taken[position - 1]!;
    const closedLater = taken
      .slice(position)
      .some(
        (later) => later.result.outcome === "applied" && later.event.body.type === "closed" && later.event.sessionId === event.sessionId,
      );
    if (event.body.type === "answered" && closedLater) continue;
    await queueWhatFollows(event, result, closes);
  }
}

/** One event, and what its being applied calls for on the queues. */
async function takeOne(event: SessionEvent, recordedById: string, options: { stationId?: string } = {}): Promise<RecordedEvent> {
  const result = await recordStationEvent(event, recordedById, new Date(), options);
  await queueWhatFollows(event, result);
  return result;
}

/**
 * What an event just taken calls for on the queues: hours when it closed the
 * session (added to `closes`, when given, for queueHours), that person's
 * hours again for a late answer.
 */
async function queueWhatFollows(event: SessionEvent, result: RecordedEvent, closes?: string[]) {
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
    if (closes) closes.push(event.sessionId);
    else await queueHours([event.sessionId]);
  }
}

/** The hours of closed sessions' attendees, the sessions taken together; one the queue could not take is left for the sweep. */
async function queueHours(sessionIds: readonly string[]) {
  await queueClosedSessionsHours(sessionIds, (sessionId, accounts) =>
    queueOrLeaveForSweep(() => enqueueStationHours(sessionId, accounts), { what: "station hours", sessionId }),
  );
}

/** The answer sheet at `index` and the sheets of the same session right after it. */
function sheetRunAt(kinds: readonly ReturnType<typeof itemKind>[], index: number): AnswerSheetItem[] {
  const run: AnswerSheetItem[] = [];
  for (const kind of kinds.slice(index)) {
    if (!("sheet" in kind) || (run.length > 0 && kind.sheet.sessionId !== run[0]!.sessionId)) break;
    run.push(kind.sheet);
  }
  return run;
}

const refused = (refusal: AnswerRefusal | StationRefusal): UploadOutcome => ({ outcome: "refused", refusal });

/**
 * A run of one session's answer sheets, and the events right after them (as
 * runs of one session's events each). The plain case, each sheet the first
 * answer to its own paper by another attendee, is taken together, with a few
 * queries for the whole run and its attempts in one transaction with their
 * answered events and the events after them (decision 026); anything else, or
 * a run another writer got into, sheet by sheet. Either way each sheet ends
 * as it would taken alone (takeSheetItem), in the run's order. Answers what
 * became of the sheets and of the events after them that were taken with
 * them, from the first sheet.
 */
async function takeSheets(
  sheets: readonly AnswerSheetItem[],
  after: readonly SessionEvent[][],
  recordedById: string,
  uploadStationId: string | undefined,
  closes: string[],
) {
  const together =
    sheets.length > 1 || after.length > 0 ? await takeSheetsTogether(sheets, after, recordedById, uploadStationId, closes) : null;
  if (together) return together;
  const results: UploadOutcome[] = [];
  for (const sheet of sheets) results.push(await takeSheetItem(sheet, recordedById, uploadStationId));
  return results;
}

/** takeSheets' plain case; null, with nothing stored, when the run is not that case or met another writer. */
async function takeSheetsTogether(
  sheets: readonly AnswerSheetItem[],
  after: readonly SessionEvent[][],
  recordedById: string,
  uploadStationId: string | undefined,
  closes: string[],
): Promise<UploadOutcome[] | null> {
  const made = new Set(sheets.map((sheet) => answeredEventId(sheet.body.token)));
  const deviceIds = sheets.flatMap((sheet) => (sheet.eventId === answeredEventId(sheet.body.token) ? [] : [sheet.eventId]));
  // An item id that another sheet of the run makes its event under: taken alone, the order decides.
  if (deviceIds.some((eventId) => made.has(eventId))) return null;
  const reused = await takenEventIds(deviceIds);
  const state = await stationSessionState(sheets[0]!.sessionId);
  const accounts = state ? await accountsOfStationPeople(state.stationId, [...new Set(sheets.map((sheet) => sheet.body.personId))]) : null;
  const lesson = state ? await lessonForAnswers(state.lessonId) : null;
  const draws = lesson ? await findDraws(sheets.map((sheet) => sheet.body.token)) : null;
  const judged = sheets.map((sheet) => {
    const { personId, token } = sheet.body;
    if (reused.has(sheet.eventId)) return refused("event-id-reused");
    const draw = draws?.get(token) ?? null;
    const account = accounts?.get(personId) ?? null;
    const refusal = sheetRefusal({
      state,
      personId,
      uploadStationId: uploadStationId ?? null,
      account,
      lessonId: lesson?.id ?? null,
      paper: draw,
    });
    if (refusal !== null) return refused(refusal);
    return { sheet, userId: account!, draw: draw! };
  });
  const papers = judged.flatMap((paper) => ("outcome" in paper ? [] : [paper]));
  // A paper answered before, or an attendee with two sheets: taken one at a time, where what came first decides.
  if (papers.some((paper) => paper.draw.attemptId !== null)) return null;
  if (new Set(papers.map((paper) => paper.sheet.body.personId)).size !== papers.length) return null;
  if (papers.length === 0 || !lesson) return judged.map((paper) => ("outcome" in paper ? paper : refused("paper-unknown")));

  const types = await questionTypes(papers.flatMap((paper) => paper.draw.items.map((item) => item.questionId)));
  const prepared = await preparePaperAttempts(
    lesson,
    papers.map(({ sheet, userId, draw }) => ({
      userId,
      idempotencyKey: draw.token,
      drawId: draw.id,
      responses: responsesForDraw(draw.items, types, (questionId) => [...(sheet.body.answers[questionId] ?? [])]),
    })),
  );
  if (prepared === null) return null;
  const attempts = papers.flatMap((paper, index) => {
    const attemptId = prepared.attemptIds[index]!;
    return attemptId instanceof AttemptLimitReached ? [] : [{ ...paper, attemptId }];
  });
  const answered = attempts.map(({ sheet, draw, attemptId }) => answeredEvent(sheet.sessionId, draw.token, sheet.body, attemptId));
  // The answers and the session's events after them are one run; another session's events, runs of their own.
  const [next, ...others] = after;
  const runs =
    answered.length === 0
      ? after
      : next?.[0]!.sessionId === answered[0]!.sessionId
        ? [[...answered, ...next], ...others]
        : [answered, ...after];
  const byRun =
    runs.length > 0 ? await recordStationRuns(runs, recordedById, new Date(), { stationId: uploadStationId, before: prepared.write }) : [];
  if (byRun === null) return null;
  const recorded = byRun.flat();
  // A closed session's run stops after its first event: the other answers, their attempts stored, are taken one at a time.
  const answers = [...recorded.slice(0, answered.length), ...(await takeStationEvents(answered.slice(recorded.length), recordedById))];
  const outcomeOf = new Map<AnswerSheetItem, UploadOutcome>();
  const graded: string[] = [];
  for (const [index, { sheet, attemptId }] of attempts.entries()) {
    const taken = sheetOutcome(answers[index]);
    outcomeOf.set(sheet, taken);
    if (taken.outcome !== "applied") continue;
    if (sheet.body.way === "ORAL") await auditOralAnswer(recordedById, sheet.sessionId, sheet.body.personId, attemptId);
    graded.push(attemptId);
  }
  await queueOrLeaveForSweep(() => enqueueGradingOf(graded), { what: "grading", attemptIds: graded });
  // After the grading jobs: the hours a close queues wait for their attempts' grades.
  await queueWhatFollowsRuns(runs, byRun, closes);
  const sheetResults = judged.map((paper) => ("outcome" in paper ? paper : (outcomeOf.get(paper.sheet) ?? refused("limit-reached"))));
  return [...sheetResults, ...recorded.slice(answered.length)];
}

/** What an answer sheet's `answered` event becoming of it makes of the sheet. */
function sheetOutcome(result: RecordedEvent | undefined): UploadOutcome {
  if (!result || result.outcome === "refused") return refused(result?.refusal ?? "session-gone");
  // Sent before and refused then: the same answer now.
  if (result.outcome === "duplicate" && result.earlier === "refused") return refused(result.refusal ?? "session-gone");
  if (result.outcome === "duplicate") return { outcome: "duplicate", earlier: "applied", refusal: null };
  return { outcome: "applied" };
}

/**
 * An answer sheet from a device's outbox, taken as the screen's form takes
 * one. Its item's id is the device's; the event it makes has the paper's
 * (`answer-<token>`), so the same sheet sent again is a duplicate. An item id
 * already taken by a stored event is refused, that event untouched.
 */
async function takeSheetItem(item: AnswerSheetItem, recordedById: string, uploadStationId: string | undefined) {
  const sheet = item.body;
  if (item.eventId !== answeredEventId(sheet.token) && (await takenEventIds([item.eventId])).has(item.eventId)) {
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
  const [result] = await takeStationEvents([answeredEvent(params.sessionClientId, draw.token, params, attemptId)], params.recordedById);
  const outcome = sheetOutcome(result);
  if (outcome.outcome === "refused") return { ok: false, refusal: outcome.refusal };
  if (outcome.outcome === "duplicate") return { ok: true, attemptId, queued: true, recorded: "duplicate" };
  if (params.way === "ORAL") await auditOralAnswer(params.recordedById, params.sessionClientId, params.personId, attemptId);
  const queued = await queueOrLeaveForSweep(() => enqueueGrading(attemptId), { what: "grading", attemptId });
  return { ok: true, attemptId, queued, recorded: "applied" };
}

/** Answers the operator recorded as said aloud are audited: no one else saw them given. */
function auditOralAnswer(actorId: string, sessionClientId: string, personId: string, attemptId: string) {
  return recordAudit({
    actorId,
    action: "station.oral-answer",
    entityType: "QuizAttempt",
    entityId: attemptId,
    details: { sessionClientId, personId },
  });
}

// Taking a station session's events with what follows from them on the queues:
// a close queues its attendees' hours, a late answer that person's again. The
// events endpoint, the station's screen and an attendee's phone all go through
// here, so each event has one path whoever sends it (decision 022).
import type { AnswerWay, SessionEvent, StationRefusal } from "~/domain/station/session-events.ts";
import { recordAudit } from "~/models/audit.server.ts";
import { getLessonById } from "~/models/course.server.ts";
import { AttemptLimitReached, findDraw, questionTypes, submitAttempt } from "~/models/quiz.server.ts";
import {
  accountOfStationPerson,
  closedSessionAccountOf,
  queueClosedSessionHours,
  recordStationEvent,
  stationSessionState,
  type RecordedEvent,
} from "~/models/station-session.server.ts";
import { responsesForDraw } from "~/domain/quiz-draw.ts";
import { enqueueGrading, enqueueStationHours, queueOrLeaveForSweep } from "./queues.server.ts";

/** Takes the events in order, each once, and queues what each applied one calls for. */
export async function takeStationEvents(events: readonly SessionEvent[], recordedById: string) {
  const results: ({ eventId: string } & RecordedEvent)[] = [];
  for (const event of events) {
    const result = await recordStationEvent(event, recordedById);
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
    results.push({ eventId: event.eventId, ...result });
  }
  return results;
}

/** The device named by the events the server makes from answer sheets (the screen's form, a phone). */
const ANSWER_SHEET_DEVICE = "answer-sheet";

const ANSWER_REFUSALS = ["session-gone", "not-attendee", "no-account", "answered-twice", "paper-unknown", "limit-reached"] as const;
export type AnswerRefusal = (typeof ANSWER_REFUSALS)[number];

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
 * and one event.
 */
export async function takeStationAnswer(params: {
  stationId: string;
  sessionClientId: string;
  personId: string;
  way: AnswerWay;
  token: string;
  answersOf: (questionId: string) => string[];
  recordedById: string;
}): Promise<{ ok: true; attemptId: string; queued: boolean } | { ok: false; refusal: AnswerRefusal | StationRefusal }> {
  const state = await stationSessionState(params.sessionClientId);
  if (!state || state.stationId !== params.stationId) return { ok: false, refusal: "session-gone" };
  if (!state.presence.has(params.personId)) return { ok: false, refusal: "not-attendee" };
  const userId = await accountOfStationPerson(params.stationId, params.personId);
  if (!userId) return { ok: false, refusal: "no-account" };
  const lesson = await getLessonById(state.lessonId);
  const draw = lesson ? await findDraw(params.token, userId, lesson.id) : null;
  if (!lesson || !draw) return { ok: false, refusal: "paper-unknown" };
  const taken = state.attempts.get(params.personId);
  // The same sheet sent again finds its attempt below; a second sheet is refused before anything is stored.
  if (taken && taken.attemptId !== draw.attemptId) return { ok: false, refusal: "answered-twice" };

  const types = await questionTypes(draw.items.map((item) => item.questionId));
  let attemptId: string;
  try {
    const attempt = await submitAttempt({
      userId,
      lessonId: lesson.id,
      idempotencyKey: draw.token,
      drawId: draw.id,
      attemptLimit: lesson.attemptLimit,
      responses: responsesForDraw(draw.items, types, params.answersOf),
    });
    attemptId = attempt.id;
  } catch (error) {
    if (error instanceof AttemptLimitReached) return { ok: false, refusal: "limit-reached" };
    throw error;
  }
  const [result] = await takeStationEvents(
    [
      {
        // Made here from the sheet, not on a device: its id comes from the paper, so a resent sheet is a duplicate.
        eventId: `answer-${draw.token}`,
        deviceId: ANSWER_SHEET_DEVICE,
        sequence: 1,
        sessionId: params.sessionClientId,
        body: { type: "answered", personId: params.personId, way: params.way, attemptId },
      },
    ],
    params.recordedById,
  );
  if (result?.outcome === "refused") return { ok: false, refusal: result.refusal };
  if (params.way === "ORAL" && result?.outcome === "applied") {
    await recordAudit({
      actorId: params.recordedById,
      action: "station.oral-answer",
      entityType: "QuizAttempt",
      entityId: attemptId,
      details: { sessionClientId: params.sessionClientId, personId: params.personId },
    });
  }
  const queued = await queueOrLeaveForSweep(() => enqueueGrading(attemptId), { what: "grading", attemptId });
  return { ok: true, attemptId, queued };
}

// What a station's device uploads (POST /api/station-events): its session
// events, and the answer sheets it took offline, in the order it recorded
// them. The server answers each item once and for all, so the device may
// forget it: applied, a duplicate of what it sent before, or refused with a
// code the screens word from station.refusals.*. Sending an item again changes
// nothing; an id sent again with other content is refused, and what was stored
// under it stays as it was. Pure.
import type { AnswerWay, SessionEvent, SessionEventBody, SessionState, StationRefusal } from "./session-events.ts";

/** An attendee's answers to the paper the kit drew for him: the option values per question, as the quiz form's fields carry them. */
export type AnswerSheetBody = {
  type: "answer-sheet";
  personId: string;
  way: Exclude<AnswerWay, "PHONE">;
  /** The paper's token, as the kit gave it. */
  token: string;
  answers: Readonly<Record<string, readonly string[]>>;
};

export type AnswerSheetItem = Omit<SessionEvent, "body"> & { body: AnswerSheetBody };
/** One item of an upload: a session event, or an answer sheet, with the device's id, device and sequence number. */
export type UploadItem = Omit<SessionEvent, "body"> & { body: SessionEventBody | AnswerSheetBody };

/** The item as what it is: an answer sheet, or a session event. */
export function itemKind(item: UploadItem): { sheet: AnswerSheetItem } | { event: SessionEvent } {
  const { body } = item;
  return body.type === "answer-sheet" ? { sheet: { ...item, body } } : { event: { ...item, body } };
}

/** Why an answer sheet is refused before anything of it is stored. */
export const ANSWER_REFUSALS = ["session-gone", "not-attendee", "no-account", "answered-twice", "paper-unknown", "limit-reached"] as const;
export type AnswerRefusal = (typeof ANSWER_REFUSALS)[number];

/** Every code an upload's item may be refused with; each has its words under station.refusals.<code>. */
export type UploadRefusal = StationRefusal | AnswerRefusal;

/** What became of an item. */
export type UploadOutcome =
  | { outcome: "applied" }
  | { outcome: "duplicate"; earlier: "applied" | "refused"; refusal: UploadRefusal | null }
  | { outcome: "refused"; refusal: UploadRefusal };
export type UploadResult = { eventId: string } & UploadOutcome;

/**
 * Whether two values are the same as data: objects compared key by key in whatever
 * order (a key holding undefined is a key left out, as in JSON), arrays in order.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((value, index) => sameValue(value, b[index]));
  }
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  const keysOf = (value: object) =>
    Object.entries(value)
      .filter(([, entry]) => entry !== undefined)
      .map(([key]) => key)
      .sort();
  const keys = keysOf(a);
  const otherKeys = keysOf(b);
  return (
    sameValue(keys, otherKeys) && keys.every((key) => sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
  );
}

/**
 * Whether an event sent under a stored event's id is that event again: the
 * same session, device and body. Its sequence number may differ (an outbox
 * copied to another browser numbers nothing again, but a device that lost
 * its count might), and says nothing about what happened.
 */
export function isSameEvent(stored: Omit<SessionEvent, "eventId" | "sequence">, sent: Omit<SessionEvent, "eventId" | "sequence">): boolean {
  return stored.sessionId === sent.sessionId && stored.deviceId === sent.deviceId && sameValue(stored.body, sent.body);
}

type Responses = readonly { questionId: string; response: string | readonly string[] | null }[];

/** Whether a sheet sent again for a paper says what the attempt made from it says: the same response to each question (the choices of a multiple-choice question in whatever order). */
export function sameResponses(stored: Responses, sent: Responses): boolean {
  const normal = (responses: Responses) =>
    Object.fromEntries(
      responses.map(({ questionId, response }) => [questionId, Array.isArray(response) ? [...response].sort() : response] as const),
    );
  return stored.length === sent.length && sameValue(normal(stored), normal(sent));
}

/** What judging an answer sheet needs to know of its paper: whose it is, for which lesson, and the attempt made from it. */
export type SheetPaper = { userId: string; lessonId: string; attemptId: string | null };

/**
 * Why an answer sheet is refused on its session as it stands, before anything
 * of it is stored; null when it may be taken. `account` is the attendee's
 * account (null: none), `lessonId` the session's lesson when it exists, and
 * `uploadStationId` the station an upload names (null: none named).
 */
export function sheetRefusal(facts: {
  state: SessionState | null;
  personId: string;
  uploadStationId: string | null;
  account: string | null;
  lessonId: string | null;
  paper: SheetPaper | null;
}): AnswerRefusal | "other-station" | null {
  const { state, personId, account, paper } = facts;
  if (!state) return "session-gone";
  if (facts.uploadStationId !== null && state.stationId !== facts.uploadStationId) return "other-station";
  if (!state.presence.has(personId)) return "not-attendee";
  if (!account) return "no-account";
  if (facts.lessonId === null || !paper || paper.userId !== account || paper.lessonId !== facts.lessonId) return "paper-unknown";
  const taken = state.attempts.get(personId);
  if (taken && taken.attemptId !== paper.attemptId) return "answered-twice";
  return null;
}

/** The id of the `answered` event made from a paper: one per paper, however often its sheet comes. */
export const answeredEventId = (token: string) => `answer-${token}`;

/** The device named by the events the server makes from answer sheets (the screen's form, a phone). */
const ANSWER_SHEET_DEVICE = "answer-sheet";

/** The `answered` event the server makes from a sheet: its id comes from the paper, so a resent sheet is a duplicate. */
export function answeredEvent(
  sessionId: string,
  token: string,
  sheet: { personId: string; way: AnswerWay },
  attemptId: string,
): SessionEvent {
  return {
    eventId: answeredEventId(token),
    deviceId: ANSWER_SHEET_DEVICE,
    sequence: 1,
    sessionId,
    body: { type: "answered", personId: sheet.personId, way: sheet.way, attemptId },
  };
}

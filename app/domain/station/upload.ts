// What a station's device uploads (POST /api/station-events): its session
// events, and the answer sheets it took offline, in the order it recorded
// them. The server answers each item once and for all, so the device may
// forget it: applied, a duplicate of what it sent before, or refused with a
// code the screens word from station.refusals.*. Sending an item again changes
// nothing; an id sent again with other content is refused, and what was stored
// under it stays as it was. Pure.
import type { AnswerWay, SessionEvent, SessionEventBody, StationRefusal } from "./session-events.ts";

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

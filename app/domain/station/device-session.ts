// A station session as the device itself saw it (decision 026): its own
// recorded events replayed by the same rules the server applies, judged
// against the lesson it downloaded. The screen shows this when the server
// cannot be reached; the answers it took wait to be uploaded and graded. Pure.
import { replaySessionEvents, type AnswerWay, type SessionEvent, type SessionEventBody } from "./session-events.ts";
import { sessionOutcome, type AttendeeStatus } from "./who-earns.ts";

/** An attendee's answers to the paper drawn for him, recorded on the device and uploaded later. */
export type AnswerSheetBody = {
  type: "answer-sheet";
  personId: string;
  way: Exclude<AnswerWay, "PHONE">;
  token: string;
  answers: Record<string, string[]>;
};

/** What the device records and uploads: a session event, or an answer sheet. */
export type DeviceItem = Omit<SessionEvent, "body"> & { body: SessionEventBody | AnswerSheetBody };

export const isAnswerSheet = (item: DeviceItem): item is DeviceItem & { body: AnswerSheetBody } => item.body.type === "answer-sheet";

export type DeviceLesson = {
  durationSeconds: number;
  completionShare: number;
  maxPlaybackRate: number;
  classHours: number;
  hasQuiz: boolean;
};

/** The same shape as the server's screen session, so one screen shows either. */
export type DeviceScreenSession = {
  clientId: string;
  lessonId: string;
  status: "OPEN" | "CLOSED";
  startedAt: string;
  endedAt: string | null;
  testCode: null;
  elapsedMs: number;
  presence: Record<string, { fromMs: number; toMs: number | null }[]>;
  stretches: { fromMs: number; toMs: number; mediaFrom: number; mediaTo: number }[];
  minutes: { summary: string; speakerIds: string[] } | null;
  attempts: Record<string, { way: AnswerWay; status: "WAITING_UPLOAD"; passed: null; scorePercent: null }>;
  hasQuiz: boolean;
  screeningShare: number;
  screeningComplete: boolean;
  outcomes: Record<string, { status: AttendeeStatus; hours: number }>;
};

/**
 * The session from the items the device recorded for it, in their order.
 * `people` are the station's people the device knows (walk-ins it registered
 * count too). Null when the device never recorded its opening.
 */
export function deviceScreenSession(params: {
  sessionId: string;
  items: readonly DeviceItem[];
  lesson: DeviceLesson;
  people: ReadonlySet<string>;
  nowMs: number;
}): DeviceScreenSession | null {
  const { lesson } = params;
  const items = [...params.items].filter((item) => item.sessionId === params.sessionId).sort((a, b) => a.sequence - b.sequence);
  const opened = items.find((item) => item.body.type === "opened");
  if (!opened || opened.body.type !== "opened") return null;
  const events = items.filter((item): item is SessionEvent => !isAnswerSheet(item));
  const { state } = replaySessionEvents(events, {
    isStationPerson: (personId) => params.people.has(personId),
    durationSeconds: lesson.durationSeconds,
    maxPlaybackRate: lesson.maxPlaybackRate,
  });
  if (!state) return null;

  // A sheet counts once per attendee, as the server will take it: the first one recorded.
  const attempts: DeviceScreenSession["attempts"] = {};
  for (const item of items) {
    if (isAnswerSheet(item) && state.presence.has(item.body.personId) && !attempts[item.body.personId]) {
      attempts[item.body.personId] = { way: item.body.way, status: "WAITING_UPLOAD", passed: null, scorePercent: null };
    }
  }
  const startedAtMs = Date.parse(opened.body.startedAt ?? "") || params.nowMs;
  const latestMs = Math.max(
    0,
    ...state.stretches.map((stretch) => stretch.toMs),
    ...[...state.presence.values()].flat().flatMap((window) => [window.fromMs, window.toMs ?? 0]),
  );
  const outcome = sessionOutcome({
    film: lesson,
    stretches: state.stretches,
    // Nobody has passed yet: the answers are graded once uploaded.
    attendees: [...state.presence].map(([personId, presence]) => ({ personId, presence, passed: false })),
  });
  return {
    clientId: params.sessionId,
    lessonId: state.lessonId,
    status: state.status,
    startedAt: new Date(startedAtMs).toISOString(),
    endedAt: state.closedAtMs === null ? null : new Date(startedAtMs + state.closedAtMs).toISOString(),
    testCode: null,
    // The device's wall clock may be wrong, but it runs: the time since it opened, never before the latest time recorded.
    elapsedMs: state.status === "OPEN" ? Math.max(latestMs, params.nowMs - startedAtMs) : (state.closedAtMs ?? latestMs),
    presence: Object.fromEntries([...state.presence].map(([personId, windows]) => [personId, windows.map((window) => ({ ...window }))])),
    stretches: state.stretches.map((stretch) => ({ ...stretch })),
    minutes: state.minutes ? { summary: state.minutes.summary, speakerIds: [...state.minutes.speakerIds] } : null,
    attempts,
    hasQuiz: lesson.hasQuiz,
    screeningShare: outcome.screeningShare,
    screeningComplete: outcome.screeningComplete,
    outcomes: Object.fromEntries(
      outcome.attendees.map((attendee) => [attendee.personId, { status: attendee.status, hours: attendee.hours }]),
    ),
  };
}

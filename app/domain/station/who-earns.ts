// Who earns at a station session (放映学时): the room watched the film together,
// so each attendee's viewing is the part of the room's screening that played
// while he was in the room. He earns the lesson's hours when that part reaches
// the lesson's completion share and he passed the test (a film without a test
// asks for none). Pure: the session's records in, one outcome per attendee out.
import { coveredSeconds, mergeIntervals, type Interval } from "../watch-intervals.ts";

/**
 * A stretch of the screening the server accepted: media seconds `mediaFrom` to
 * `mediaTo` played between `fromMs` and `toMs` of the session's own clock
 * (milliseconds since it started, measured on one clock: the server's, or the
 * station device's monotonic clock when it was offline).
 */
export type ScreeningStretch = { fromMs: number; toMs: number; mediaFrom: number; mediaTo: number };

/** When a person was in the room, on the session's clock; `toMs` null: still there at the close. */
export type Presence = { fromMs: number; toMs: number | null };

export type AttendeeRecord = {
  personId: string;
  presence: readonly Presence[];
  /** Whether one of his attempts at the lesson's test passed (any way: screen, phone, paper, oral). */
  passed: boolean;
};

export type FilmTerms = {
  durationSeconds: number;
  /** 0.5–1: the share of the film that must have played. */
  completionShare: number;
  /** Hours the content awards; 0 for a film that counts only toward the station's showing goal. */
  classHours: number;
  hasQuiz: boolean;
};

export type AttendeeStatus =
  /** Present for the screening, passed (or no test): a ledger entry of `hours`. */
  | "earns"
  /** Present for the screening, the content awards no hours: attendance only. */
  | "attended-no-hours"
  /** Present for the screening, did not pass the test: attendance only. */
  | "attended-not-passed"
  /** In the room for too little of the screening: attendance only. */
  | "missed-screening"
  /** The room's screening itself fell short of the completion share: nobody earns. */
  | "screening-incomplete";

export type AttendeeOutcome = {
  personId: string;
  status: AttendeeStatus;
  /** The share of the film that played while he was present, 0–1. */
  watchedShare: number;
  hours: number;
};

export type SessionOutcome = {
  /** The share of the film the room's screening covered, 0–1. */
  screeningShare: number;
  screeningComplete: boolean;
  /** Media seconds really played (each once): what the station's showing goal counts. */
  shownSeconds: number;
  attendees: AttendeeOutcome[];
};

/** Float noise must not cost a learner the share he watched. */
const EPSILON = 1e-9;

/**
 * The media seconds of a stretch that played within a presence window. Within
 * a stretch media time runs evenly with the clock, so the window cuts it in
 * proportion.
 */
function mediaDuring(stretch: ScreeningStretch, presence: Presence): Interval | null {
  const from = Math.max(stretch.fromMs, presence.fromMs);
  const to = Math.min(stretch.toMs, presence.toMs ?? Number.POSITIVE_INFINITY);
  if (to <= from) return null;
  const mediaPerMs = (stretch.mediaTo - stretch.mediaFrom) / (stretch.toMs - stretch.fromMs);
  return [stretch.mediaFrom + (from - stretch.fromMs) * mediaPerMs, stretch.mediaFrom + (to - stretch.fromMs) * mediaPerMs];
}

const shareOf = (intervals: readonly Interval[], film: FilmTerms) =>
  film.durationSeconds > 0 ? Math.min(1, coveredSeconds(intervals) / film.durationSeconds) : 0;

/** Every attendee's outcome, in the order given, and the screening's. */
export function sessionOutcome(params: {
  film: FilmTerms;
  stretches: readonly ScreeningStretch[];
  attendees: readonly AttendeeRecord[];
}): SessionOutcome {
  const { film } = params;
  // A stretch that took no time or ran backwards is no playback (the server accepts none such; this holds without it).
  const stretches = params.stretches.filter((stretch) => stretch.toMs > stretch.fromMs && stretch.mediaTo > stretch.mediaFrom);
  const played = mergeIntervals(
    [],
    stretches.map((stretch) => [stretch.mediaFrom, stretch.mediaTo] as Interval),
    film.durationSeconds,
  );
  const screeningShare = shareOf(played, film);
  const screeningComplete = screeningShare + EPSILON >= film.completionShare;

  const attendees = params.attendees.map((attendee): AttendeeOutcome => {
    const seen = stretches.flatMap((stretch) =>
      attendee.presence.flatMap((presence) => {
        const part = mediaDuring(stretch, presence);
        return part ? [part] : [];
      }),
    );
    const watchedShare = shareOf(mergeIntervals([], seen, film.durationSeconds), film);
    const status: AttendeeStatus = !screeningComplete
      ? "screening-incomplete"
      : watchedShare + EPSILON < film.completionShare
        ? "missed-screening"
        : film.hasQuiz && !attendee.passed
          ? "attended-not-passed"
          : film.classHours > 0
            ? "earns"
            : "attended-no-hours";
    return { personId: attendee.personId, status, watchedShare, hours: status === "earns" ? film.classHours : 0 };
  });

  return { screeningShare, screeningComplete, shownSeconds: coveredSeconds(played), attendees };
}

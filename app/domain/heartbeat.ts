// 观看: what one heartbeat does to a learner's state for a lesson, every rule in
// its order (docs/decisions/016). Pure: the state, the heartbeat, the lesson's
// viewing settings, the time and the random draw come in; the new state and
// what to answer go out. The watch store only looks the state up and keeps it.
import {
  answerAttention,
  clipBefore,
  emptyClock,
  isAttentionDue,
  markVisibility,
  nextAttentionAt,
  type AttentionAnswer,
} from "./viewing-rules.ts";
import { acceptHeartbeat, coveredSeconds, isViewingComplete, refillClock, type CreditClock, type Interval } from "./watch-intervals.ts";

/** The lesson's settings the server enforces on every heartbeat (docs/decisions/012). */
export type ViewingSettings = {
  durationSeconds: number;
  completionShare: number;
  maxPlaybackRate: number;
  pauseWhenHidden: boolean;
  /** Minutes between attention checks; null: the lesson has none. */
  attentionCheckMinutes: number | null;
};

/** One learner's state for one lesson, as the watch store keeps it in memory. */
export type LessonWatchState = {
  intervals: Interval[];
  position: number;
  lastHeartbeatAt: number | null;
  /** Media position of the pending attention check, once one is drawn. */
  attentionAt: number | null;
  /** The preparation ring (备课) is confirmed: only then does viewing earn anything. */
  prepared: boolean;
  /** The viewing stage is already stored as done. */
  viewingRecorded: boolean;
};

export type Heartbeat = {
  claimed: readonly Interval[];
  position: number;
  /** What the page reported; only lessons that pause in hidden tabs act on it. */
  visible?: boolean;
  /** The check position the learner has just answered (from an earlier reply). */
  attentionAnswer?: number;
};

/** What the player is told after an accepted heartbeat. */
export type HeartbeatReply = {
  intervals: Interval[];
  watchedSeconds: number;
  viewingComplete: boolean;
  /** Media position of the next attention check (null: the lesson has none); nothing beyond it counts until answered. */
  attentionAt: number | null;
  /** The learner has reached the check: the player shows the prompt. */
  attentionDue: boolean;
};

export type HeartbeatRefusal = "not-prepared";

export type HeartbeatOutcome =
  | {
      accepted: true;
      state: LessonWatchState;
      /** The learner's credit clock after this heartbeat (one per learner, whatever the lesson). */
      clock: CreditClock;
      reply: HeartbeatReply;
      /** Media seconds this heartbeat added. */
      creditedSeconds: number;
      /** What became of an attention answer sent with it ("none": none was sent, or the lesson has no checks). */
      attention: "none" | "answered" | Extract<AttentionAnswer, { ok: false }>["reason"];
      /** Viewing has just reached the completion share and is not stored yet: the caller stores the stage. */
      recordViewing: boolean;
    }
  | {
      accepted: false;
      reason: HeartbeatRefusal;
      /** Unchanged: a refused heartbeat changes nothing, not even the clock. */
      state: LessonWatchState;
      clock: CreditClock | undefined;
    };

/**
 * The rules, in order:
 * 1. Preparation first: before the preparation ring is confirmed nothing is
 *    credited and nothing changes (the four rings are taken in order).
 * 2. A lesson with attention checks draws its first check from where the learner is.
 * 3. Nothing at or beyond an unanswered check is credited (docs/decisions/012).
 * 4. The learner's clock is refilled by the time passed; only fresh seconds are
 *    credited, as many as the clock pays for at the lesson's maximum rate (007).
 * 5. The position is kept, within the video.
 * 6. An answer to the pending check, once reached, draws the next check and
 *    empties the clock: the time the prompt waited pays for nothing.
 * 7. A lesson that pauses in hidden tabs stops the clock while the page is hidden.
 * 8. Viewing is done at the lesson's completion share (recorded once).
 * 9. A check drawn past the end of the video is never reported.
 * 10. Once viewing is done no check is drawn, enforced or reported: the
 *    checks serve to earn the ring, and a learner who has earned it may be
 *    writing his discussion answer while the video plays on.
 * `random` is called only when a check is drawn (rules 2 and 6), in that order.
 */
export function applyHeartbeat(params: {
  state: LessonWatchState;
  clock: CreditClock | undefined;
  heartbeat: Heartbeat;
  lesson: ViewingSettings;
  nowMs: number;
  random: () => number;
}): HeartbeatOutcome {
  const { state, heartbeat, lesson, nowMs, random } = params;
  if (!state.prepared) return { accepted: false, reason: "not-prepared", state, clock: params.clock };

  const checkSeconds = lesson.attentionCheckMinutes === null ? null : lesson.attentionCheckMinutes * 60;
  const checking = checkSeconds !== null && !state.viewingRecorded;
  let attentionAt = state.attentionAt;
  if (checking && attentionAt === null) attentionAt = nextAttentionAt(state.position, checkSeconds, random());

  const accepted = acceptHeartbeat({
    covered: state.intervals,
    claimed: clipBefore(heartbeat.claimed, checking ? attentionAt : null),
    clock: refillClock(params.clock, nowMs),
    maxPlaybackRate: lesson.maxPlaybackRate,
    durationSeconds: lesson.durationSeconds,
  });
  let clock = accepted.clock;
  const intervals = accepted.intervals;
  const position = Math.max(0, Math.min(heartbeat.position, lesson.durationSeconds));

  let attention: Extract<HeartbeatOutcome, { accepted: true }>["attention"] = "none";
  if (checkSeconds !== null && heartbeat.attentionAnswer !== undefined) {
    const answer = answerAttention({
      attentionAt,
      answeredAt: heartbeat.attentionAnswer,
      // Reached: where he is, or the furthest he was credited (he may have stepped back while the prompt waited).
      position: Math.max(position, ...intervals.map(([, end]) => end)),
      intervalSeconds: checkSeconds,
      random: random(),
    });
    if (answer.ok) {
      attentionAt = answer.attentionAt;
      clock = emptyClock(clock, nowMs);
      attention = "answered";
    } else {
      attention = answer.reason;
    }
  }
  if (lesson.pauseWhenHidden) clock = markVisibility(clock, heartbeat.visible ?? true);

  const viewingComplete = isViewingComplete(intervals, lesson.durationSeconds, lesson.completionShare);
  const reportedAttentionAt =
    !checking || viewingComplete || attentionAt === null || attentionAt >= lesson.durationSeconds ? null : attentionAt;
  const watchedSeconds = coveredSeconds(intervals);
  return {
    accepted: true,
    state: { ...state, intervals, position, attentionAt, lastHeartbeatAt: nowMs },
    clock,
    reply: {
      intervals,
      watchedSeconds,
      viewingComplete,
      attentionAt: reportedAttentionAt,
      attentionDue: isAttentionDue(position, reportedAttentionAt),
    },
    creditedSeconds: Math.max(0, watchedSeconds - coveredSeconds(state.intervals)),
    attention,
    recordViewing: viewingComplete && !state.viewingRecorded,
  };
}

// 观看 settings the server enforces (docs/decisions/012): the attention check
// (随机确认是否在看) and the hidden-tab rule. Pure: positions, intervals and
// clocks in, decisions out; the random draw is passed in.
import type { CreditClock, Interval } from "./watch-intervals.ts";

/** The check lands at a random point between 0.5 and 1.5 times the lesson's interval after the last one. */
export const ATTENTION_SPREAD = 0.5;
/** How far before the check position an answer is still accepted (media seconds): the player pauses a little late. */
export const ATTENTION_ANSWER_TOLERANCE_SECONDS = 1;

/** The media position of the next check, `from` plus a random share of the interval; `random` in [0, 1). */
export function nextAttentionAt(from: number, intervalSeconds: number, random: number): number {
  const r = Math.min(Math.max(random, 0), 1);
  return Math.max(0, from) + intervalSeconds * (1 - ATTENTION_SPREAD + 2 * ATTENTION_SPREAD * r);
}

/** The parts of `claimed` before `limit`: nothing at or beyond an unanswered check is credited. */
export function clipBefore(claimed: readonly Interval[], limit: number | null): Interval[] {
  if (limit === null) return [...claimed];
  return claimed.flatMap(([start, end]) => (start < limit ? [[start, Math.min(end, limit)] as Interval] : []));
}

/** Whether the learner has reached the check: the player shows the prompt from here on. */
export function isAttentionDue(position: number, attentionAt: number | null): boolean {
  return attentionAt !== null && position >= attentionAt - ATTENTION_ANSWER_TOLERANCE_SECONDS;
}

export type AttentionAnswer = { ok: true; attentionAt: number } | { ok: false; reason: "no-check" | "stale" | "not-due" };

/**
 * An answer to the check at `answeredAt`. It counts only for the check now
 * pending (a repeated or stale answer cannot skip the next one) and only once
 * the learner has reached it (an answer sent ahead of time cannot skip it).
 * The next check is drawn from the later of the check and the learner's position.
 */
export function answerAttention(params: {
  attentionAt: number | null;
  answeredAt: number;
  position: number;
  intervalSeconds: number;
  random: number;
}): AttentionAnswer {
  if (params.attentionAt === null) return { ok: false, reason: "no-check" };
  if (Math.abs(params.answeredAt - params.attentionAt) > 1e-3) return { ok: false, reason: "stale" };
  if (!isAttentionDue(params.position, params.attentionAt)) return { ok: false, reason: "not-due" };
  return { ok: true, attentionAt: nextAttentionAt(Math.max(params.attentionAt, params.position), params.intervalSeconds, params.random) };
}

/**
 * After an answer the learner's clock starts again from nothing: the wall-clock
 * time while the prompt waited filled the clock (up to its cap) and must never
 * pay for credit.
 */
export function emptyClock(clock: CreditClock, nowMs: number): CreditClock {
  return { ...clock, availableSeconds: 0, updatedAtMs: Math.max(nowMs, clock.updatedAtMs) };
}

/**
 * The hidden-tab rule: when a lesson that pauses in hidden tabs reports the
 * page hidden, the learner's clock stops filling until a heartbeat reports it
 * visible again. A hidden tab can spend only what the clock held when it was hidden.
 */
export function markVisibility(clock: CreditClock, visible: boolean): CreditClock {
  return { ...clock, stopped: !visible };
}

/** A step of the media time this short always counts as playback: the player reports time about four times a second. */
export const PLAYBACK_STEP_FLOOR_SECONDS = 2;
/** Room over the wall-clock bound for a report that comes late (a busy phone delivers time updates in bursts). */
const PLAYBACK_STEP_MARGIN = 1.25;

/**
 * Whether the media time moving from `from` to `to`, while `wallSeconds` of
 * real time passed at `rate`, was playback (to be counted) rather than a jump.
 * A slow phone reports time seldom, so the bound follows the wall clock: a step
 * the clock allows is playback however long it is. The server still judges the
 * time credited; this only keeps a jump from being reported as watched.
 */
export function isPlaybackStep(from: number, to: number, wallSeconds: number, rate: number): boolean {
  const step = to - from;
  const allowed = Math.max(PLAYBACK_STEP_FLOOR_SECONDS, Math.max(wallSeconds, 0) * Math.max(rate, 1) * PLAYBACK_STEP_MARGIN);
  return step >= 0 && step <= allowed;
}

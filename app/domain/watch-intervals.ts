// 观看: the union of really-played media intervals. Replaying a part adds
// nothing, so a retried or duplicated heartbeat is harmless.

/** A played range of media time, [start, end) in seconds. */
export type Interval = readonly [number, number];

/** Sorted, disjoint, clipped to [0, duration]; touching ranges are joined. */
export function mergeIntervals(existing: readonly Interval[], incoming: readonly Interval[], durationSeconds: number): Interval[] {
  const clipped = [...existing, ...incoming]
    .map(([start, end]) => [Math.max(0, start), Math.min(durationSeconds, end)] as const)
    .filter(([start, end]) => Number.isFinite(start) && Number.isFinite(end) && end > start)
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of clipped) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

export function coveredSeconds(intervals: readonly Interval[]): number {
  return intervals.reduce((sum, [start, end]) => sum + (end - start), 0);
}

/** Parts of [0, duration] not yet played, for showing the learner what is missing. */
export function missingIntervals(intervals: readonly Interval[], durationSeconds: number): Interval[] {
  const gaps: Interval[] = [];
  let cursor = 0;
  for (const [start, end] of mergeIntervals(intervals, [], durationSeconds)) {
    if (start > cursor) gaps.push([cursor, start]);
    cursor = Math.max(cursor, end);
  }
  if (cursor < durationSeconds) gaps.push([cursor, durationSeconds]);
  return gaps;
}

export function watchedShare(intervals: readonly Interval[], durationSeconds: number): number {
  if (durationSeconds <= 0) return 0;
  return Math.min(1, coveredSeconds(intervals) / durationSeconds);
}

export function isViewingComplete(intervals: readonly Interval[], durationSeconds: number, completionShare: number): boolean {
  // A tiny tolerance: media durations are fractional, lesson durations whole seconds.
  return watchedShare(intervals, durationSeconds) + 1e-9 >= completionShare;
}

/** Keeps the first `budgetSeconds` of media time of `incoming`, earliest ranges first. */
export function limitToBudget(incoming: readonly Interval[], budgetSeconds: number): Interval[] {
  let budget = Math.max(0, budgetSeconds);
  const accepted: Interval[] = [];
  for (const [start, end] of [...incoming].sort((a, b) => a[0] - b[0])) {
    if (budget <= 0) break;
    const length = Math.min(end - start, budget);
    if (length <= 0) continue;
    accepted.push([start, start + length]);
    budget -= length;
  }
  return accepted;
}

/** The parts of `incoming` not already in `covered` (both any order). */
export function subtractIntervals(incoming: readonly Interval[], covered: readonly Interval[]): Interval[] {
  const holes = mergeIntervals(covered, [], Number.POSITIVE_INFINITY);
  const result: Interval[] = [];
  for (const [start, end] of mergeIntervals(incoming, [], Number.POSITIVE_INFINITY)) {
    let cursor = start;
    for (const [holeStart, holeEnd] of holes) {
      if (holeEnd <= cursor || holeStart >= end) continue;
      if (holeStart > cursor) result.push([cursor, holeStart]);
      cursor = Math.max(cursor, holeEnd);
    }
    if (cursor < end) result.push([cursor, end]);
  }
  return result;
}

/**
 * The server is the judge of time. Each learner has one credit clock, whatever
 * the lesson and however many tabs or devices: wall-clock time fills it (up to
 * a cap), and every media second credited spends 1/maxPlaybackRate of it. Over
 * any stretch of time a learner can be credited at most that time × the maximum
 * rate, plus what the clock held at the start. Time unused (a heartbeat that
 * arrived early, or was lost) carries over, so honest playback catches up.
 */
export type CreditClock = {
  availableSeconds: number;
  updatedAtMs: number;
  /** Set while the learner's page reports itself hidden (viewing-rules.ts): time passes but does not fill the clock. */
  stopped?: boolean;
};

/** How much unused time a clock keeps: a learner away longer cannot bank more. */
export const CREDIT_CLOCK_CAP_SECONDS = 30;
/** What a new clock holds: covers the first heartbeat of a session. */
export const INITIAL_CREDIT_SECONDS = 2;

export function refillClock(clock: CreditClock | undefined, nowMs: number): CreditClock {
  if (!clock) return { availableSeconds: INITIAL_CREDIT_SECONDS, updatedAtMs: nowMs };
  const elapsed = clock.stopped ? 0 : Math.max(0, (nowMs - clock.updatedAtMs) / 1000);
  return {
    ...clock,
    availableSeconds: Math.min(CREDIT_CLOCK_CAP_SECONDS, clock.availableSeconds + elapsed),
    updatedAtMs: Math.max(nowMs, clock.updatedAtMs),
  };
}

/** What one heartbeat adds: only new seconds, only as many as the learner's clock allows. */
export function acceptHeartbeat(params: {
  covered: readonly Interval[];
  claimed: readonly Interval[];
  clock: CreditClock;
  maxPlaybackRate: number;
  durationSeconds: number;
}): { intervals: Interval[]; clock: CreditClock } {
  const fresh = subtractIntervals(mergeIntervals([], params.claimed, params.durationSeconds), params.covered);
  const accepted = limitToBudget(fresh, params.clock.availableSeconds * params.maxPlaybackRate);
  const spent = coveredSeconds(accepted) / params.maxPlaybackRate;
  return {
    intervals: mergeIntervals(params.covered, accepted, params.durationSeconds),
    clock: { ...params.clock, availableSeconds: Math.max(0, params.clock.availableSeconds - spent) },
  };
}

// 观看: the union of really-played media intervals. Replaying a part adds
// nothing, so a retried or duplicated heartbeat is harmless.

/** A played range of media time, [start, end) in seconds. */
export type Interval = readonly [number, number];

/** Sorted, disjoint, clipped to [0, duration]; touching ranges are joined. */
export function mergeIntervals(
  existing: readonly Interval[],
  incoming: readonly Interval[],
  durationSeconds: number,
): Interval[] {
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

export function isViewingComplete(
  intervals: readonly Interval[],
  durationSeconds: number,
  completionShare: number,
): boolean {
  // A tiny tolerance: media durations are fractional, lesson durations whole seconds.
  return watchedShare(intervals, durationSeconds) + 1e-9 >= completionShare;
}

/**
 * The server is the judge of time: a heartbeat may not credit more media
 * seconds than the wall-clock time since the previous accepted one allows at
 * the highest permitted rate. Anything beyond is cut from the end of the batch.
 */
export function limitToElapsedTime(
  incoming: readonly Interval[],
  elapsedSeconds: number,
  maxPlaybackRate: number,
  slackSeconds = 2,
): Interval[] {
  let budget = Math.max(0, elapsedSeconds) * maxPlaybackRate + slackSeconds;
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

/** Longest wall-clock gap a heartbeat may claim: beyond it the learner paused or left. */
export const MAX_CREDITED_GAP_SECONDS = 60;

/**
 * What one heartbeat adds: only new seconds, only as many as the time since the
 * previous accepted heartbeat allows. Returns the new union.
 */
export function acceptHeartbeat(params: {
  covered: readonly Interval[];
  claimed: readonly Interval[];
  secondsSinceLastHeartbeat: number | null;
  maxPlaybackRate: number;
  durationSeconds: number;
}): Interval[] {
  const fresh = subtractIntervals(mergeIntervals([], params.claimed, params.durationSeconds), params.covered);
  const elapsed = Math.min(params.secondsSinceLastHeartbeat ?? 0, MAX_CREDITED_GAP_SECONDS);
  return mergeIntervals(params.covered, limitToElapsedTime(fresh, elapsed, params.maxPlaybackRate), params.durationSeconds);
}

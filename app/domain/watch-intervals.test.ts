import { describe, expect, it } from "vitest";
import {
  coveredSeconds,
  isViewingComplete,
  limitToElapsedTime,
  mergeIntervals,
  missingIntervals,
  subtractIntervals,
  acceptHeartbeat,
  watchedShare,
  type Interval,
} from "./watch-intervals.ts";

describe("mergeIntervals", () => {
  const cases: { name: string; existing: Interval[]; incoming: Interval[]; duration: number; expected: Interval[] }[] = [
    { name: "first heartbeat", existing: [], incoming: [[0, 10]], duration: 60, expected: [[0, 10]] },
    { name: "continues a range", existing: [[0, 10]], incoming: [[10, 20]], duration: 60, expected: [[0, 20]] },
    { name: "overlap counts once", existing: [[0, 10]], incoming: [[5, 15]], duration: 60, expected: [[0, 15]] },
    { name: "replay adds nothing", existing: [[0, 30]], incoming: [[5, 15]], duration: 60, expected: [[0, 30]] },
    { name: "retry of the same batch", existing: [[0, 10]], incoming: [[0, 10], [0, 10]], duration: 60, expected: [[0, 10]] },
    { name: "gap kept", existing: [[0, 10]], incoming: [[30, 40]], duration: 60, expected: [[0, 10], [30, 40]] },
    { name: "bridge joins", existing: [[0, 10], [30, 40]], incoming: [[9, 31]], duration: 60, expected: [[0, 40]] },
    { name: "clipped to duration", existing: [], incoming: [[50, 90]], duration: 60, expected: [[50, 60]] },
    { name: "negative start clipped", existing: [], incoming: [[-5, 5]], duration: 60, expected: [[0, 5]] },
    { name: "empty and reversed dropped", existing: [], incoming: [[5, 5], [9, 3]], duration: 60, expected: [] },
    { name: "non-finite dropped", existing: [], incoming: [[Number.NaN, 5], [0, Number.POSITIVE_INFINITY]], duration: 60, expected: [[0, 60]] },
    { name: "unsorted input", existing: [[40, 50]], incoming: [[0, 5], [20, 30]], duration: 60, expected: [[0, 5], [20, 30], [40, 50]] },
  ];
  it.each(cases)("$name", ({ existing, incoming, duration, expected }) => {
    expect(mergeIntervals(existing, incoming, duration)).toEqual(expected);
  });
});

describe("coverage", () => {
  it("sums disjoint ranges", () => {
    expect(coveredSeconds([[0, 10], [20, 25]])).toBe(15);
  });
  it("lists what is missing", () => {
    expect(missingIntervals([[0, 10], [20, 25]], 30)).toEqual([[10, 20], [25, 30]]);
    expect(missingIntervals([], 30)).toEqual([[0, 30]]);
    expect(missingIntervals([[0, 30]], 30)).toEqual([]);
  });
  it.each([
    { intervals: [[0, 53]] as Interval[], duration: 60, share: 0.9, done: false },
    { intervals: [[0, 54]] as Interval[], duration: 60, share: 0.9, done: true },
    { intervals: [[0, 30], [31, 60]] as Interval[], duration: 60, share: 0.9, done: true },
    { intervals: [[50, 60]] as Interval[], duration: 60, share: 0.9, done: false },
    { intervals: [] as Interval[], duration: 0, share: 0.9, done: false },
  ])("viewing complete for $intervals of $duration at $share: $done", ({ intervals, duration, share, done }) => {
    expect(isViewingComplete(intervals, duration, share)).toBe(done);
  });
  it("share never exceeds 1", () => {
    expect(watchedShare([[0, 100]], 60)).toBe(1);
  });
});

describe("limitToElapsedTime", () => {
  it.each([
    { name: "within budget", incoming: [[0, 10]] as Interval[], elapsed: 10, rate: 1.5, expected: [[0, 10]] },
    { name: "claims 60 s after 10 s at 1.5× + 2 s slack", incoming: [[0, 60]] as Interval[], elapsed: 10, rate: 1.5, expected: [[0, 17]] },
    { name: "budget spread over ranges in order", incoming: [[30, 40], [0, 5]] as Interval[], elapsed: 4, rate: 1, expected: [[0, 5], [30, 31]] },
    { name: "no time, only slack", incoming: [[0, 10]] as Interval[], elapsed: 0, rate: 1.5, expected: [[0, 2]] },
    { name: "clock going backwards gives nothing beyond slack", incoming: [[0, 10]] as Interval[], elapsed: -100, rate: 1.5, expected: [[0, 2]] },
  ])("$name", ({ incoming, elapsed, rate, expected }) => {
    expect(limitToElapsedTime(incoming, elapsed, rate)).toEqual(expected);
  });
});

describe("subtractIntervals", () => {
  it.each([
    { incoming: [[0, 10]] as Interval[], covered: [] as Interval[], expected: [[0, 10]] },
    { incoming: [[0, 10]] as Interval[], covered: [[0, 10]] as Interval[], expected: [] },
    { incoming: [[0, 10]] as Interval[], covered: [[2, 4], [6, 8]] as Interval[], expected: [[0, 2], [4, 6], [8, 10]] },
    { incoming: [[5, 15]] as Interval[], covered: [[0, 10]] as Interval[], expected: [[10, 15]] },
    { incoming: [[0, 5], [20, 30]] as Interval[], covered: [[3, 25]] as Interval[], expected: [[0, 3], [25, 30]] },
  ])("$incoming minus $covered", ({ incoming, covered, expected }) => {
    expect(subtractIntervals(incoming, covered)).toEqual(expected);
  });
});

describe("acceptHeartbeat", () => {
  const base = { maxPlaybackRate: 1.5, durationSeconds: 120 };
  it("a cumulative re-send spends budget only on new seconds", () => {
    expect(acceptHeartbeat({ ...base, covered: [[0, 20]], claimed: [[0, 30]], secondsSinceLastHeartbeat: 10 })).toEqual([[0, 30]]);
  });
  it("claiming the whole video after 10 s credits 10 × 1.5 + 2 s", () => {
    expect(acceptHeartbeat({ ...base, covered: [], claimed: [[0, 120]], secondsSinceLastHeartbeat: 10 })).toEqual([[0, 17]]);
  });
  it("a long absence does not bank credit beyond the maximum gap", () => {
    expect(acceptHeartbeat({ ...base, covered: [], claimed: [[0, 120]], secondsSinceLastHeartbeat: 3600 })).toEqual([[0, 92]]);
  });
  it("the first heartbeat only gets the slack", () => {
    expect(acceptHeartbeat({ ...base, covered: [], claimed: [[0, 5]], secondsSinceLastHeartbeat: null })).toEqual([[0, 2]]);
  });
});

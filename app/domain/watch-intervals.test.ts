import { describe, expect, it } from "vitest";
import {
  coveredSeconds,
  isViewingComplete,
  limitToBudget,
  refillClock,
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
    {
      name: "retry of the same batch",
      existing: [[0, 10]],
      incoming: [
        [0, 10],
        [0, 10],
      ],
      duration: 60,
      expected: [[0, 10]],
    },
    {
      name: "gap kept",
      existing: [[0, 10]],
      incoming: [[30, 40]],
      duration: 60,
      expected: [
        [0, 10],
        [30, 40],
      ],
    },
    {
      name: "bridge joins",
      existing: [
        [0, 10],
        [30, 40],
      ],
      incoming: [[9, 31]],
      duration: 60,
      expected: [[0, 40]],
    },
    { name: "clipped to duration", existing: [], incoming: [[50, 90]], duration: 60, expected: [[50, 60]] },
    { name: "negative start clipped", existing: [], incoming: [[-5, 5]], duration: 60, expected: [[0, 5]] },
    {
      name: "empty and reversed dropped",
      existing: [],
      incoming: [
        [5, 5],
        [9, 3],
      ],
      duration: 60,
      expected: [],
    },
    {
      name: "non-finite dropped",
      existing: [],
      incoming: [
        [Number.NaN, 5],
        [0, Number.POSITIVE_INFINITY],
      ],
      duration: 60,
      expected: [[0, 60]],
    },
    {
      name: "unsorted input",
      existing: [[40, 50]],
      incoming: [
        [0, 5],
        [20, 30],
      ],
      duration: 60,
      expected: [
        [0, 5],
        [20, 30],
        [40, 50],
      ],
    },
  ];
  it.each(cases)("$name", ({ existing, incoming, duration, expected }) => {
    expect(mergeIntervals(existing, incoming, duration)).toEqual(expected);
  });
});

describe("coverage", () => {
  it("sums disjoint ranges", () => {
    expect(
      coveredSeconds([
        [0, 10],
        [20, 25],
      ]),
    ).toBe(15);
  });
  it("lists what is missing", () => {
    expect(
      missingIntervals(
        [
          [0, 10],
          [20, 25],
        ],
        30,
      ),
    ).toEqual([
      [10, 20],
      [25, 30],
    ]);
    expect(missingIntervals([], 30)).toEqual([[0, 30]]);
    expect(missingIntervals([[0, 30]], 30)).toEqual([]);
  });
  it.each([
    { intervals: [[0, 53]] as Interval[], duration: 60, share: 0.9, done: false },
    { intervals: [[0, 54]] as Interval[], duration: 60, share: 0.9, done: true },
    {
      intervals: [
        [0, 30],
        [31, 60],
      ] as Interval[],
      duration: 60,
      share: 0.9,
      done: true,
    },
    { intervals: [[50, 60]] as Interval[], duration: 60, share: 0.9, done: false },
    { intervals: [] as Interval[], duration: 0, share: 0.9, done: false },
  ])("viewing complete for $intervals of $duration at $share: $done", ({ intervals, duration, share, done }) => {
    expect(isViewingComplete(intervals, duration, share)).toBe(done);
  });
  it("share never exceeds 1", () => {
    expect(watchedShare([[0, 100]], 60)).toBe(1);
  });
});

describe("limitToBudget", () => {
  it.each([
    { name: "within budget", incoming: [[0, 10]] as Interval[], budget: 15, expected: [[0, 10]] },
    { name: "cut at the budget", incoming: [[0, 60]] as Interval[], budget: 17, expected: [[0, 17]] },
    {
      name: "earliest ranges first",
      incoming: [
        [30, 40],
        [0, 5],
      ] as Interval[],
      budget: 6,
      expected: [
        [0, 5],
        [30, 31],
      ],
    },
    { name: "nothing", incoming: [[0, 10]] as Interval[], budget: 0, expected: [] },
    { name: "negative budget is nothing", incoming: [[0, 10]] as Interval[], budget: -5, expected: [] },
  ])("$name", ({ incoming, budget, expected }) => {
    expect(limitToBudget(incoming, budget)).toEqual(expected);
  });
});

describe("subtractIntervals", () => {
  it.each([
    { incoming: [[0, 10]] as Interval[], covered: [] as Interval[], expected: [[0, 10]] },
    { incoming: [[0, 10]] as Interval[], covered: [[0, 10]] as Interval[], expected: [] },
    {
      incoming: [[0, 10]] as Interval[],
      covered: [
        [2, 4],
        [6, 8],
      ] as Interval[],
      expected: [
        [0, 2],
        [4, 6],
        [8, 10],
      ],
    },
    { incoming: [[5, 15]] as Interval[], covered: [[0, 10]] as Interval[], expected: [[10, 15]] },
    {
      incoming: [
        [0, 5],
        [20, 30],
      ] as Interval[],
      covered: [[3, 25]] as Interval[],
      expected: [
        [0, 3],
        [25, 30],
      ],
    },
  ])("$incoming minus $covered", ({ incoming, covered, expected }) => {
    expect(subtractIntervals(incoming, covered)).toEqual(expected);
  });
});

describe("credit clock", () => {
  const T = 1_000_000;
  it.each([
    { name: "a new clock holds the initial credit", clock: undefined, now: T, available: 2 },
    { name: "fills with wall-clock time", clock: { availableSeconds: 1, updatedAtMs: T }, now: T + 5000, available: 6 },
    { name: "capped: a long absence banks no more", clock: { availableSeconds: 1, updatedAtMs: T }, now: T + 3_600_000, available: 30 },
    { name: "a clock going backwards adds nothing", clock: { availableSeconds: 4, updatedAtMs: T }, now: T - 9000, available: 4 },
  ])("$name", ({ clock, now, available }) => {
    expect(refillClock(clock, now).availableSeconds).toBe(available);
  });
});

describe("acceptHeartbeat", () => {
  const base = { maxPlaybackRate: 1.5, durationSeconds: 120 };
  const clock = (availableSeconds: number) => ({ availableSeconds, updatedAtMs: 0 });
  it("a cumulative re-send spends credit only on new seconds", () => {
    const result = acceptHeartbeat({ ...base, covered: [[0, 20]], claimed: [[0, 30]], clock: clock(10) });
    expect(result.intervals).toEqual([[0, 30]]);
    expect(result.clock.availableSeconds).toBeCloseTo(10 - 10 / 1.5);
  });
  it("claiming the whole video with 10 s on the clock credits 15 s at 1.5×", () => {
    const result = acceptHeartbeat({ ...base, covered: [], claimed: [[0, 120]], clock: clock(10) });
    expect(result.intervals).toEqual([[0, 15]]);
    expect(result.clock.availableSeconds).toBe(0);
  });
  it("an empty clock credits nothing", () => {
    expect(acceptHeartbeat({ ...base, covered: [[0, 5]], claimed: [[0, 50]], clock: clock(0) }).intervals).toEqual([[0, 5]]);
  });
  it("two playbacks at 1× each get at most 1.5× together", () => {
    let state = refillClock(undefined, 0);
    let lessonA: Interval[] = [];
    let lessonB: Interval[] = [];
    for (let second = 1; second <= 60; second += 1) {
      state = refillClock(state, second * 1000);
      const a = acceptHeartbeat({ ...base, covered: lessonA, claimed: [[0, second]], clock: state });
      lessonA = a.intervals;
      const b = acceptHeartbeat({ ...base, covered: lessonB, claimed: [[0, second]], clock: a.clock });
      lessonB = b.intervals;
      state = b.clock;
    }
    expect(coveredSeconds(lessonA) + coveredSeconds(lessonB)).toBeLessThanOrEqual(60 * 1.5 + 2 * 1.5 + 1e-9);
  });
});

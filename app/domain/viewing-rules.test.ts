import { describe, expect, it } from "vitest";
import {
  answerAttention,
  clipBefore,
  emptyClock,
  isAttentionDue,
  isPlaybackStep,
  markVisibility,
  nextAttentionAt,
} from "./viewing-rules.ts";
import { acceptHeartbeat, refillClock, type Interval } from "./watch-intervals.ts";

describe("nextAttentionAt", () => {
  it.each([
    { name: "the earliest draw is half the interval away", from: 0, interval: 300, random: 0, at: 150 },
    { name: "the middle draw is one interval away", from: 100, interval: 300, random: 0.5, at: 400 },
    { name: "the latest draw is one and a half intervals away", from: 100, interval: 300, random: 0.999999, at: 100 + 450 },
    { name: "a random value out of range is clamped", from: 0, interval: 60, random: 7, at: 90 },
    { name: "a negative start counts from zero", from: -5, interval: 60, random: 0, at: 30 },
  ])("$name", ({ from, interval, random, at }) => {
    expect(nextAttentionAt(from, interval, random)).toBeCloseTo(at, 3);
  });
});

describe("clipBefore", () => {
  it.each<{ name: string; claimed: Interval[]; limit: number | null; expected: Interval[] }>([
    { name: "no check: everything stays", claimed: [[0, 50]], limit: null, expected: [[0, 50]] },
    { name: "a range across the check is cut at it", claimed: [[10, 50]], limit: 30, expected: [[10, 30]] },
    {
      name: "a range beyond the check is dropped",
      claimed: [
        [0, 5],
        [40, 50],
      ],
      limit: 30,
      expected: [[0, 5]],
    },
    { name: "a range ending at the check is kept whole", claimed: [[20, 30]], limit: 30, expected: [[20, 30]] },
    { name: "a range starting at the check is dropped", claimed: [[30, 35]], limit: 30, expected: [] },
  ])("$name", ({ claimed, limit, expected }) => {
    expect(clipBefore(claimed, limit)).toEqual(expected);
  });
});

describe("isAttentionDue", () => {
  it.each([
    { position: 10, at: null, due: false },
    { position: 10, at: 30, due: false },
    { position: 29.5, at: 30, due: true },
    { position: 45, at: 30, due: true },
  ])("position $position, check at $at → $due", ({ position, at, due }) => {
    expect(isAttentionDue(position, at)).toBe(due);
  });
});

describe("answerAttention", () => {
  const base = { attentionAt: 30, answeredAt: 30, position: 30, intervalSeconds: 60, random: 0.5 };
  it.each([
    { name: "an answer at the check moves it on by a random share of the interval", change: {}, expected: { ok: true, attentionAt: 90 } },
    { name: "from the learner's position when he is past the check", change: { position: 50 }, expected: { ok: true, attentionAt: 110 } },
    { name: "an answer sent before reaching the check is refused", change: { position: 20 }, expected: { ok: false, reason: "not-due" } },
    { name: "an answer to an earlier check is refused", change: { answeredAt: 12 }, expected: { ok: false, reason: "stale" } },
    { name: "no check pending", change: { attentionAt: null }, expected: { ok: false, reason: "no-check" } },
  ])("$name", ({ change, expected }) => {
    expect(answerAttention({ ...base, ...change })).toEqual(expected);
  });
  it("answering the same check twice cannot skip the next one", () => {
    const first = answerAttention(base);
    expect(first.ok).toBe(true);
    const next = first.ok ? first.attentionAt : Number.NaN;
    expect(answerAttention({ ...base, attentionAt: next })).toEqual({ ok: false, reason: "stale" });
  });
});

describe("the clock around checks and hidden pages", () => {
  const T = 1_000_000;
  it("an emptied clock holds nothing and fills again from the answer", () => {
    const clock = emptyClock({ availableSeconds: 30, updatedAtMs: T }, T + 1000);
    expect(clock.availableSeconds).toBe(0);
    expect(refillClock(clock, T + 6000).availableSeconds).toBe(5);
  });
  it("a stopped clock does not fill while the page is hidden, and fills again once visible", () => {
    const hidden = markVisibility({ availableSeconds: 1, updatedAtMs: T }, false);
    const later = refillClock(hidden, T + 60_000);
    expect(later.availableSeconds).toBe(1);
    expect(later.updatedAtMs).toBe(T + 60_000);
    const visible = markVisibility(later, true);
    expect(refillClock(visible, T + 65_000).availableSeconds).toBe(6);
  });
  it("a hidden tab playing for a minute earns only what the clock held when it was hidden", () => {
    let clock = markVisibility({ availableSeconds: 2, updatedAtMs: 0 }, false);
    let covered: Interval[] = [];
    for (let second = 5; second <= 60; second += 5) {
      clock = refillClock(clock, second * 1000);
      const result = acceptHeartbeat({ covered, claimed: [[0, second]], clock, maxPlaybackRate: 1.5, durationSeconds: 120 });
      covered = result.intervals;
      clock = result.clock;
    }
    expect(covered).toEqual([[0, 3]]);
  });
  it("playing on while the prompt waits earns nothing beyond the check, and the wait pays for nothing after the answer", () => {
    const at = 20;
    let clock = refillClock(undefined, 0);
    let covered: Interval[] = [];
    // Plays 0–60 at 1×, heartbeats every 5 s, never answering until 60 s.
    for (let second = 5; second <= 60; second += 5) {
      clock = refillClock(clock, second * 1000);
      const result = acceptHeartbeat({
        covered,
        claimed: clipBefore([[0, second]], at),
        clock,
        maxPlaybackRate: 1.5,
        durationSeconds: 120,
      });
      covered = result.intervals;
      clock = result.clock;
    }
    expect(covered).toEqual([[0, 20]]);
    expect(clock.availableSeconds).toBeGreaterThan(20);
    clock = emptyClock(clock, 60_000);
    // The next heartbeat, 2 s after the answer, resends 0–62: only 2 s × 1.5 are credited.
    clock = refillClock(clock, 62_000);
    const after = acceptHeartbeat({ covered, claimed: clipBefore([[0, 62]], 200), clock, maxPlaybackRate: 1.5, durationSeconds: 120 });
    expect(after.intervals).toEqual([[0, 23]]);
  });
});

describe("isPlaybackStep", () => {
  it.each([
    // from, to, wall seconds, rate, playback?
    [10, 10.25, 0.25, 1, true, "the usual quarter-second report"],
    [10, 12, 0, 1, true, "a step up to the floor, whatever the clock"],
    [0, 1.1, 1.1, 1, true, "the first report of a slow phone, a second after the start"],
    [15.9, 18, 2.1, 1, true, "the last stretch before the end, reported late"],
    [10, 15, 4.2, 1, true, "a burst of late reports: the clock allows it"],
    [10, 16, 4, 1.5, true, "at 1.5×, four seconds play six"],
    [10, 30, 0.3, 1, false, "a jump forward: far more than the clock allows"],
    [10, 20, 4, 1, false, "twice what the clock allows"],
    [20, 12, 0.25, 1, false, "backwards is a jump"],
    [10, 13, -5, 1, false, "a clock that went back allows only the floor"],
  ])("%s → %s in %s s at %s×: %s (%s)", (from, to, wall, rate, expected) => {
    expect(isPlaybackStep(from, to, wall, rate)).toBe(expected);
  });
});

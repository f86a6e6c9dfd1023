import { describe, expect, it } from "vitest";
import { applyHeartbeat, type Heartbeat, type HeartbeatOutcome, type LessonWatchState, type ViewingSettings } from "./heartbeat.ts";
import type { CreditClock } from "./watch-intervals.ts";

const NOW = Date.UTC(2026, 11, 2, 8, 0, 0);
const LESSON: ViewingSettings = {
  durationSeconds: 100,
  completionShare: 0.9,
  maxPlaybackRate: 1.5,
  pauseWhenHidden: true,
  attentionCheckMinutes: null,
};
const STATE: LessonWatchState = {
  intervals: [],
  position: 0,
  lastHeartbeatAt: null,
  attentionAt: null,
  prepared: true,
  viewingRecorded: false,
};
/** A clock holding `seconds`, last updated now: pays for seconds × 1.5 media seconds. */
const holding = (seconds: number, extra: Partial<CreditClock> = {}): CreditClock => ({
  availableSeconds: seconds,
  updatedAtMs: NOW,
  ...extra,
});
const CHECKS = { attentionCheckMinutes: 1 } as const; // a check every 60 s, drawn 30–90 s after the last

type Case = {
  name: string;
  state?: Partial<LessonWatchState>;
  clock?: CreditClock;
  heartbeat: Heartbeat;
  lesson?: Partial<ViewingSettings>;
  /** The random draws, in the order they are asked for. */
  draws?: number[];
  expected: Record<string, unknown>;
  /** How many draws the heartbeat takes (default: all of `draws`). */
  drawsTaken?: number;
};

function run(testCase: Case): { outcome: HeartbeatOutcome; drawsTaken: number } {
  const draws = [...(testCase.draws ?? [])];
  let drawsTaken = 0;
  const outcome = applyHeartbeat({
    state: { ...STATE, ...testCase.state },
    clock: testCase.clock,
    heartbeat: testCase.heartbeat,
    lesson: { ...LESSON, ...testCase.lesson },
    nowMs: NOW,
    random: () => {
      drawsTaken += 1;
      const draw = draws.shift();
      if (draw === undefined) throw new Error("an unexpected random draw");
      return draw;
    },
  });
  return { outcome, drawsTaken };
}

const cases: Case[] = [
  // 1. Preparation first.
  {
    name: "1. not prepared: refused, whatever the heartbeat claims or answers",
    state: { prepared: false, attentionAt: 20 },
    clock: holding(30),
    heartbeat: { claimed: [[0, 100]], position: 100, attentionAnswer: 20, visible: false },
    lesson: CHECKS,
    expected: { accepted: false, reason: "not-prepared", state: { ...STATE, prepared: false, attentionAt: 20 }, clock: holding(30) },
    drawsTaken: 0,
  },
  {
    name: "1. not prepared, no clock yet: refused, and no clock is started",
    state: { prepared: false },
    heartbeat: { claimed: [[0, 1]], position: 1 },
    expected: { accepted: false, reason: "not-prepared", clock: undefined },
  },
  // 2. The first check is drawn from where the learner was, before this heartbeat moves him.
  {
    name: "2. first check drawn from the stored position, not the reported one",
    state: { position: 10 },
    clock: holding(30),
    heartbeat: { claimed: [[10, 12]], position: 50 },
    lesson: CHECKS,
    draws: [0],
    expected: { accepted: true, state: { attentionAt: 40, position: 50 }, reply: { attentionAt: 40, attentionDue: true } },
  },
  {
    name: "2. no checks on the lesson: nothing drawn",
    clock: holding(30),
    heartbeat: { claimed: [[0, 2]], position: 2 },
    expected: { accepted: true, state: { attentionAt: null }, reply: { attentionAt: null } },
    drawsTaken: 0,
  },
  // 3. Nothing at or beyond the unanswered check, clipped before the clock pays.
  {
    name: "3. claims beyond the pending check are cut at it",
    state: { attentionAt: 20 },
    clock: holding(30),
    heartbeat: {
      claimed: [
        [0, 5],
        [15, 25],
        [30, 40],
      ],
      position: 40,
    },
    lesson: CHECKS,
    expected: {
      accepted: true,
      reply: {
        intervals: [
          [0, 5],
          [15, 20],
        ],
        watchedSeconds: 10,
        attentionDue: true,
      },
      creditedSeconds: 10,
    },
  },
  {
    name: "3. the cut comes before the clock: what lies beyond the check costs nothing",
    state: { attentionAt: 20, intervals: [[0, 20]] },
    clock: holding(10),
    heartbeat: { claimed: [[0, 40]], position: 40 },
    lesson: CHECKS,
    expected: { accepted: true, reply: { intervals: [[0, 20]] }, creditedSeconds: 0, clock: holding(10) },
  },
  // 4. The learner's clock.
  {
    name: "4. a new clock holds 2 s: 3 media seconds at 1.5×",
    heartbeat: { claimed: [[0, 10]], position: 10 },
    expected: { accepted: true, reply: { intervals: [[0, 3]], watchedSeconds: 3 }, clock: holding(0), creditedSeconds: 3 },
  },
  {
    name: "4. time since the clock's last use fills it, capped at 30 s",
    clock: holding(0, { updatedAtMs: NOW - 600_000 }),
    heartbeat: { claimed: [[0, 100]], position: 60 },
    expected: { accepted: true, reply: { intervals: [[0, 45]] }, clock: holding(0) },
  },
  {
    name: "4. only fresh seconds are credited and paid for",
    state: { intervals: [[0, 10]] },
    clock: holding(4),
    heartbeat: { claimed: [[0, 12]], position: 12 },
    expected: { accepted: true, reply: { intervals: [[0, 12]], watchedSeconds: 12 }, creditedSeconds: 2, clock: holding(4 - 2 / 1.5) },
  },
  {
    name: "4. claims past the end of the video are clipped to it",
    state: { intervals: [[0, 98]] },
    clock: holding(30),
    heartbeat: { claimed: [[90, 120]], position: 120 },
    expected: { accepted: true, reply: { intervals: [[0, 100]] }, creditedSeconds: 2 },
  },
  // 5. The position, within the video.
  {
    name: "5. the position is kept within the video",
    clock: holding(30),
    heartbeat: { claimed: [], position: 250 },
    expected: { accepted: true, state: { position: 100, lastHeartbeatAt: NOW } },
  },
  // 6. The answer to the pending check.
  {
    name: "6. a right answer once reached: the next check from where he is, and the clock emptied",
    state: { attentionAt: 20, intervals: [[0, 20]], position: 20 },
    clock: holding(12),
    heartbeat: { claimed: [[0, 20]], position: 21, attentionAnswer: 20 },
    lesson: CHECKS,
    draws: [0],
    expected: {
      accepted: true,
      attention: "answered",
      state: { attentionAt: 51 },
      reply: { attentionAt: 51, attentionDue: false },
      clock: holding(0),
    },
  },
  {
    name: "6. the answer comes after the credit: this heartbeat is still cut at the old check",
    state: { attentionAt: 20, intervals: [[0, 20]], position: 20 },
    clock: holding(30),
    heartbeat: { claimed: [[0, 35]], position: 35, attentionAnswer: 20 },
    lesson: CHECKS,
    draws: [0],
    expected: { accepted: true, attention: "answered", reply: { intervals: [[0, 20]], attentionAt: 65 }, clock: holding(0) },
  },
  {
    name: "6. reached by what was credited, though he stepped back",
    state: { attentionAt: 20, intervals: [[0, 20]], position: 5 },
    clock: holding(30),
    heartbeat: { claimed: [], position: 5, attentionAnswer: 20 },
    lesson: CHECKS,
    draws: [0],
    expected: { accepted: true, attention: "answered", state: { attentionAt: 50 } },
  },
  {
    name: "6. an answer sent before the check is reached skips nothing",
    state: { attentionAt: 20, intervals: [[0, 5]], position: 5 },
    clock: holding(30),
    heartbeat: { claimed: [[0, 6]], position: 6, attentionAnswer: 20 },
    lesson: CHECKS,
    draws: [0],
    expected: { accepted: true, attention: "not-due", state: { attentionAt: 20 }, clock: holding(30 - 1 / 1.5) },
  },
  {
    name: "6. an answer to another check than the pending one changes nothing",
    state: { attentionAt: 20, intervals: [[0, 20]], position: 21 },
    clock: holding(30),
    heartbeat: { claimed: [], position: 21, attentionAnswer: 12 },
    lesson: CHECKS,
    draws: [0],
    expected: { accepted: true, attention: "stale", state: { attentionAt: 20 }, reply: { attentionDue: true }, clock: holding(30) },
  },
  {
    name: "6. an answer on a lesson without checks is ignored",
    clock: holding(30),
    heartbeat: { claimed: [], position: 0, attentionAnswer: 20 },
    expected: { accepted: true, attention: "none", state: { attentionAt: null } },
    drawsTaken: 0,
  },
  {
    name: "2 then 6: the first draw places the check, the second is the answer's (and counts for nothing here)",
    clock: holding(30),
    heartbeat: { claimed: [], position: 0, attentionAnswer: 45 },
    lesson: CHECKS,
    draws: [0.25, 0.9],
    expected: { accepted: true, attention: "not-due", state: { attentionAt: 45 } },
  },
  // 7. Hidden pages stop the clock, after this heartbeat's credit.
  {
    name: "7. a hidden page still spends what the clock holds, then stops it",
    clock: holding(4),
    heartbeat: { claimed: [[0, 10]], position: 10, visible: false },
    expected: { accepted: true, reply: { intervals: [[0, 6]] }, clock: holding(0, { stopped: true }) },
  },
  {
    name: "7. back in view: the hidden time paid for nothing, the clock runs again",
    clock: holding(1, { updatedAtMs: NOW - 20_000, stopped: true }),
    heartbeat: { claimed: [[0, 10]], position: 10, visible: true },
    expected: { accepted: true, reply: { intervals: [[0, 1.5]] }, clock: holding(0, { stopped: false }) },
  },
  {
    name: "7. a page that says nothing counts as visible",
    clock: holding(1, { stopped: true }),
    heartbeat: { claimed: [], position: 0 },
    expected: { accepted: true, clock: holding(1, { stopped: false }) },
  },
  {
    name: "7. a lesson that plays on in hidden tabs ignores the report",
    clock: holding(4),
    heartbeat: { claimed: [[0, 1]], position: 1, visible: false },
    lesson: { pauseWhenHidden: false },
    expected: { accepted: true, clock: { availableSeconds: 4 - 1 / 1.5, updatedAtMs: NOW } },
  },
  {
    name: "6 then 7: an answer from a hidden page empties the clock and stops it",
    state: { attentionAt: 20, intervals: [[0, 20]], position: 20 },
    clock: holding(12),
    heartbeat: { claimed: [], position: 20, attentionAnswer: 20, visible: false },
    lesson: CHECKS,
    draws: [0],
    expected: { accepted: true, attention: "answered", clock: holding(0, { stopped: true }) },
  },
  // 8. Viewing done at the completion share, recorded once.
  {
    name: "8. reaching the share: complete, and the stage is to be recorded",
    state: { intervals: [[0, 85]] },
    clock: holding(30),
    heartbeat: { claimed: [[0, 90]], position: 90 },
    expected: { accepted: true, reply: { viewingComplete: true }, recordViewing: true },
  },
  {
    name: "8. short of the share: not complete",
    state: { intervals: [[0, 85]] },
    clock: holding(30),
    heartbeat: { claimed: [[0, 89]], position: 89 },
    expected: { accepted: true, reply: { viewingComplete: false }, recordViewing: false },
  },
  {
    name: "8. already recorded: complete, not recorded again",
    state: { intervals: [[0, 95]], viewingRecorded: true },
    clock: holding(30),
    heartbeat: { claimed: [[0, 96]], position: 96 },
    expected: { accepted: true, reply: { viewingComplete: true }, recordViewing: false },
  },
  // 9. What is reported of the check.
  {
    name: "9. a check drawn past the end of the video is never reported (and kept)",
    state: { attentionAt: 120, position: 99 },
    clock: holding(30),
    heartbeat: { claimed: [], position: 99 },
    lesson: CHECKS,
    expected: { accepted: true, state: { attentionAt: 120 }, reply: { attentionAt: null, attentionDue: false } },
  },
  {
    name: "9. a check kept from when the lesson had checks is not reported once it has none",
    state: { attentionAt: 20, position: 30 },
    clock: holding(30),
    heartbeat: { claimed: [], position: 30 },
    expected: { accepted: true, state: { attentionAt: 20 }, reply: { attentionAt: null, attentionDue: false } },
  },
  {
    name: "9. due from one second before the check (the player pauses a little late)",
    state: { attentionAt: 20 },
    clock: holding(30),
    heartbeat: { claimed: [], position: 19 },
    lesson: CHECKS,
    expected: { accepted: true, reply: { attentionAt: 20, attentionDue: true } },
  },
  // 10. Viewing done: no more checks.
  {
    name: "10. reaching the share past a pending check: the check is not reported any more",
    state: { attentionAt: 95, intervals: [[0, 85]], position: 85 },
    clock: holding(30),
    heartbeat: { claimed: [[0, 94.5]], position: 94.5 },
    lesson: CHECKS,
    expected: { accepted: true, recordViewing: true, reply: { viewingComplete: true, attentionAt: null, attentionDue: false } },
  },
  {
    name: "10. once recorded, what plays past the old check is credited and no check is drawn",
    state: { attentionAt: null, intervals: [[0, 92]], position: 92, viewingRecorded: true },
    clock: holding(30),
    heartbeat: { claimed: [[0, 100]], position: 100 },
    lesson: CHECKS,
    expected: { accepted: true, state: { attentionAt: null }, reply: { intervals: [[0, 100]], attentionAt: null, attentionDue: false } },
    drawsTaken: 0,
  },
  {
    name: "10. once recorded, a check kept from before is neither enforced nor reported",
    state: { attentionAt: 93, intervals: [[0, 92]], position: 92, viewingRecorded: true },
    clock: holding(30),
    heartbeat: { claimed: [[0, 100]], position: 100 },
    lesson: CHECKS,
    expected: { accepted: true, reply: { intervals: [[0, 100]], attentionAt: null, attentionDue: false } },
  },
];

describe("applyHeartbeat: every rule, in order", () => {
  it.each(cases)("$name", (testCase) => {
    const { outcome, drawsTaken } = run(testCase);
    expect(outcome).toMatchObject(testCase.expected);
    expect(drawsTaken).toBe(testCase.drawsTaken ?? testCase.draws?.length ?? 0);
  });

  it("a refused heartbeat hands back the very same state", () => {
    const state = { ...STATE, prepared: false };
    const outcome = applyHeartbeat({
      state,
      clock: undefined,
      heartbeat: { claimed: [[0, 5]], position: 5 },
      lesson: LESSON,
      nowMs: NOW,
      random: Math.random,
    });
    expect(outcome.state).toBe(state);
  });

  it("an accepted heartbeat does not change the state it was given", () => {
    const state: LessonWatchState = { ...STATE, intervals: [[0, 10]] };
    const before = structuredClone(state);
    applyHeartbeat({
      state,
      clock: holding(30),
      heartbeat: { claimed: [[0, 40]], position: 40 },
      lesson: LESSON,
      nowMs: NOW,
      random: Math.random,
    });
    expect(state).toEqual(before);
  });
});

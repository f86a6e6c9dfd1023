import { describe, expect, it } from "vitest";
import { decideRestart, RESTART_POLICY, STOP_DEADLINE_MS, STOP_GRACE, type ExitFacts, type RestartDecision } from "./restart-policy.ts";

const policy = { firstDelayMs: 500, factor: 2, maxDelayMs: 30_000, healthyAfterMs: 60_000 };

describe("decideRestart", () => {
  const cases: [string, ExitFacts, RestartDecision][] = [
    ["an exit while the supervisor stops is not restarted", { stopping: true, upForMs: 5, failuresBefore: 3 }, { restart: false }],
    [
      "an exit after a healthy run is failure 1: the first wait",
      { stopping: false, upForMs: 3_600_000, failuresBefore: 0 },
      { restart: true, delayMs: 500, failures: 1 },
    ],
    [
      "a healthy run forgets earlier failures",
      { stopping: false, upForMs: 60_000, failuresBefore: 7 },
      { restart: true, delayMs: 500, failures: 1 },
    ],
    ["the first exit, however early", { stopping: false, upForMs: 100, failuresBefore: 0 }, { restart: true, delayMs: 500, failures: 1 }],
    [
      "a second quick failure waits twice as long",
      { stopping: false, upForMs: 100, failuresBefore: 1 },
      { restart: true, delayMs: 1000, failures: 2 },
    ],
    ["a third quick failure", { stopping: false, upForMs: 59_999, failuresBefore: 2 }, { restart: true, delayMs: 2000, failures: 3 }],
    [
      "the seventh: 32 s capped to 30 s",
      { stopping: false, upForMs: 0, failuresBefore: 6 },
      { restart: true, delayMs: 30_000, failures: 7 },
    ],
    [
      "a long crash loop stays at the cap",
      { stopping: false, upForMs: 0, failuresBefore: 500 },
      { restart: true, delayMs: 30_000, failures: 501 },
    ],
  ];
  it.each(cases)("%s", (_name, facts, expected) => {
    expect(decideRestart(facts, policy)).toEqual(expected);
  });

  it("uses the project's policy by default", () => {
    expect(decideRestart({ stopping: false, upForMs: 0, failuresBefore: 0 })).toEqual({
      restart: true,
      delayMs: RESTART_POLICY.firstDelayMs,
      failures: 1,
    });
  });
});

describe("stop graces", () => {
  it("add up to less than the promised stop deadline, SIGKILL waits included", () => {
    expect(STOP_GRACE.servicesMs + STOP_GRACE.afterKillMs + STOP_GRACE.redisMs + STOP_GRACE.afterKillMs).toBeLessThan(STOP_DEADLINE_MS);
  });
});

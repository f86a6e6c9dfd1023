// What `npm start` does when a process it started exits: start it again or
// not, and after how long. Pure, so the rules are tested with a table; the
// process plumbing lives in scripts/supervisor.ts (docs/decisions/015).

export type RestartPolicy = {
  /** The wait before restarting a process that had been up and healthy. */
  firstDelayMs: number;
  /** Each further failure in a row multiplies the wait by this. */
  factor: number;
  /** The wait never grows past this. */
  maxDelayMs: number;
  /** A process that stayed up this long was healthy: its next exit starts the waits over. */
  healthyAfterMs: number;
};

/** 0.5 s, 1 s, 2 s, … at most 30 s; a minute up and the count starts over. */
export const RESTART_POLICY: Readonly<RestartPolicy> = { firstDelayMs: 500, factor: 2, maxDelayMs: 30_000, healthyAfterMs: 60_000 };

export type ExitFacts = {
  /** The supervisor itself is stopping (Ctrl-C, SIGTERM): an exit is expected then. */
  stopping: boolean;
  /** How long the process had been running when it exited. */
  upForMs: number;
  /** Failures in a row before this one (0 after a healthy run). */
  failuresBefore: number;
};

export type RestartDecision =
  | { restart: false }
  /** `failures` counts this exit: the value to remember for the next one. */
  | { restart: true; delayMs: number; failures: number };

/**
 * Any exit the supervisor did not ask for is unexpected, whatever the exit
 * code: the site and the worker only end on their own when something broke,
 * and so does the embedded Redis. They are restarted for as long as the
 * supervisor runs, each time after a longer wait, up to the cap.
 */
export function decideRestart(facts: ExitFacts, policy: Readonly<RestartPolicy> = RESTART_POLICY): RestartDecision {
  if (facts.stopping) return { restart: false };
  const failures = facts.upForMs >= policy.healthyAfterMs ? 1 : facts.failuresBefore + 1;
  const delayMs = Math.min(policy.maxDelayMs, Math.round(policy.firstDelayMs * policy.factor ** (failures - 1)));
  return { restart: true, delayMs, failures };
}

/**
 * How long a stop may take. The site and the worker go first (the worker needs
 * Redis to hand back its jobs cleanly), then the embedded Redis; whatever is
 * still running after its grace is killed with SIGKILL. Both graces plus the
 * wait after a SIGKILL stay under the 10 s promised for Ctrl-C and SIGTERM.
 */
export const STOP_GRACE = { servicesMs: 6_000, redisMs: 2_500, afterKillMs: 500 } as const;
export const STOP_DEADLINE_MS = 10_000;

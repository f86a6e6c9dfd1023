// While Redis is unreachable every connection of every BullMQ worker reports
// each failed reconnect: several errors a second, for as long as it lasts. The
// worker logs the loss once, a reminder now and then, and the recovery once.
// Pure: the worker feeds it events and writes the line it returns.

export type OutageState = { down: false } | { down: true; since: number; lastLoggedAt: number; errorsSinceLog: number };

export type OutageEvent = { kind: "error"; at: number; message: string } | { kind: "ready"; at: number };

export type OutageLine = { level: "warn" | "info"; message: string; fields: Record<string, unknown> };

export const UP: OutageState = { down: false };
/** While Redis stays down, one reminder line this often. */
export const OUTAGE_REMINDER_MS = 60_000;

/** Errors that mean "Redis cannot be reached", as opposed to a job's or a command's own failure. */
export function isConnectionError(error: { message: string; code?: unknown }): boolean {
  const code = typeof error.code === "string" ? error.code : "";
  if (["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"].includes(code))
    return true;
  return /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|Connection is closed|connect ETIMEDOUT|Stream isn't writeable/i.test(error.message);
}

export function onOutageEvent(
  state: OutageState,
  event: OutageEvent,
  reminderMs = OUTAGE_REMINDER_MS,
): { state: OutageState; line: OutageLine | null } {
  if (event.kind === "ready") {
    if (!state.down) return { state, line: null };
    return { state: UP, line: { level: "info", message: "redis connection back", fields: { downForMs: event.at - state.since } } };
  }
  if (!state.down) {
    return {
      state: { down: true, since: event.at, lastLoggedAt: event.at, errorsSinceLog: 0 },
      line: { level: "warn", message: "redis connection lost: retrying", fields: { err: event.message } },
    };
  }
  if (event.at - state.lastLoggedAt < reminderMs) return { state: { ...state, errorsSinceLog: state.errorsSinceLog + 1 }, line: null };
  return {
    state: { ...state, lastLoggedAt: event.at, errorsSinceLog: 0 },
    line: {
      level: "warn",
      message: "redis still unreachable: retrying",
      fields: { err: event.message, downForMs: event.at - state.since, errorsSinceLog: state.errorsSinceLog + 1 },
    },
  };
}

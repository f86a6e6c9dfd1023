import { describe, expect, it } from "vitest";
import { isConnectionError, onOutageEvent, UP, type OutageEvent, type OutageState } from "./redis-outage.ts";

/** Feeds the events in order and returns the lines that would be logged. */
function replay(events: OutageEvent[], reminderMs = 60_000) {
  let state: OutageState = UP;
  const lines: string[] = [];
  for (const event of events) {
    const next = onOutageEvent(state, event, reminderMs);
    state = next.state;
    if (next.line) lines.push(`${event.at} ${next.line.level} ${next.line.message} ${JSON.stringify(next.line.fields)}`);
  }
  return { lines, state };
}

const refused = (at: number): OutageEvent => ({ kind: "error", at, message: "connect ECONNREFUSED 127.0.0.1:6390" });
const ready = (at: number): OutageEvent => ({ kind: "ready", at });

describe("onOutageEvent", () => {
  it("a ready connection while up logs nothing (the first connect)", () => {
    expect(replay([ready(0)]).lines).toEqual([]);
  });

  it("an outage with errors every few hundred ms logs the loss once and the recovery once", () => {
    const errors = Array.from({ length: 40 }, (_, index) => refused(1000 + index * 250));
    expect(replay([ready(0), ...errors, ready(12_000)]).lines).toEqual([
      `1000 warn redis connection lost: retrying {"err":"connect ECONNREFUSED 127.0.0.1:6390"}`,
      `12000 info redis connection back {"downForMs":11000}`,
    ]);
  });

  it("a long outage adds one reminder a minute, counting the errors it held back", () => {
    const errors = Array.from({ length: 150 }, (_, index) => refused(index * 1000));
    const { lines, state } = replay(errors);
    expect(lines).toEqual([
      `0 warn redis connection lost: retrying {"err":"connect ECONNREFUSED 127.0.0.1:6390"}`,
      `60000 warn redis still unreachable: retrying {"err":"connect ECONNREFUSED 127.0.0.1:6390","downForMs":60000,"errorsSinceLog":60}`,
      `120000 warn redis still unreachable: retrying {"err":"connect ECONNREFUSED 127.0.0.1:6390","downForMs":120000,"errorsSinceLog":60}`,
    ]);
    expect(state).toMatchObject({ down: true, since: 0 });
  });

  it("a second outage is logged again", () => {
    expect(replay([refused(0), refused(10), ready(20), ready(25), refused(30)]).lines).toEqual([
      `0 warn redis connection lost: retrying {"err":"connect ECONNREFUSED 127.0.0.1:6390"}`,
      `20 info redis connection back {"downForMs":20}`,
      `30 warn redis connection lost: retrying {"err":"connect ECONNREFUSED 127.0.0.1:6390"}`,
    ]);
  });
});

describe("isConnectionError", () => {
  it.each([
    [{ message: "connect ECONNREFUSED 127.0.0.1:6390", code: "ECONNREFUSED" }, true],
    [{ message: "read ECONNRESET" }, true],
    [{ message: "Connection is closed." }, true],
    [{ message: "connect ETIMEDOUT" }, true],
    [{ message: "getaddrinfo ENOTFOUND redis", code: "ENOTFOUND" }, true],
    [{ message: "Missing lock for job 12. moveToFinished" }, false],
    [{ message: "ERR unknown command" }, false],
  ])("%j → %s", (error, expected) => {
    expect(isConnectionError(error)).toBe(expected);
  });
});

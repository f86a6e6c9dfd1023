import { describe, expect, it } from "vitest";
import { deviceScreenSession, type DeviceItem } from "./device-session.ts";

const START = Date.parse("2026-12-03T08:00:00Z");
const lesson = { durationSeconds: 100, completionShare: 0.9, maxPlaybackRate: 1, classHours: 0.5, hasQuiz: true };
let sequence = 0;
const item = (body: DeviceItem["body"], sessionId = "s1"): DeviceItem => {
  sequence += 1;
  return { eventId: `e${sequence}`, deviceId: "d1", sequence, sessionId, body };
};
const opened = () => item({ type: "opened", stationId: "st", lessonId: "l1", startedAt: new Date(START).toISOString() });
const sheet = (personId: string, token: string) => item({ type: "answer-sheet", personId, way: "SCREEN", token, answers: { q1: ["A"] } });

const session = (items: DeviceItem[], nowMs = START + 60_000, people = ["p1", "p2"]) =>
  deviceScreenSession({ sessionId: "s1", items, lesson, people: new Set(people), nowMs });

describe("deviceScreenSession", () => {
  it("is null until the device recorded the opening", () => {
    expect(session([item({ type: "arrived", personId: "p1", atMs: 0 })])).toBeNull();
  });

  it("replays the device's own events in sequence order, whatever order they are read in", () => {
    const items = [
      opened(),
      item({ type: "arrived", personId: "p1", atMs: 1000 }),
      item({ type: "played", fromMs: 2000, toMs: 97_000, mediaFrom: 0, mediaTo: 95 }),
    ];
    const shown = session([...items].reverse());
    expect(shown?.presence).toEqual({ p1: [{ fromMs: 1000, toMs: null }] });
    expect(shown?.stretches).toHaveLength(1);
    expect(shown?.screeningShare).toBeCloseTo(0.95);
    expect(shown?.screeningComplete).toBe(true);
  });

  it("judges as the server would: someone not among the station's people is not marked present, a stretch faster than allowed does not count", () => {
    const shown = session([
      opened(),
      item({ type: "arrived", personId: "stranger", atMs: 1000 }),
      item({ type: "played", fromMs: 0, toMs: 10_000, mediaFrom: 0, mediaTo: 90 }),
    ]);
    expect(shown?.presence).toEqual({});
    expect(shown?.stretches).toEqual([]);
    expect(shown?.screeningComplete).toBe(false);
  });

  it("takes one answer sheet per attendee present, the first recorded, as waiting to be uploaded and graded", () => {
    const shown = session([
      opened(),
      item({ type: "arrived", personId: "p1", atMs: 0 }),
      sheet("p1", "t1"),
      sheet("p1", "t2"),
      sheet("p2", "t3"),
    ]);
    expect(shown?.attempts).toEqual({ p1: { way: "SCREEN", status: "WAITING_UPLOAD", passed: null, scorePercent: null } });
  });

  it.each([
    ["the time since the recorded start", START + 120_000, [] as DeviceItem[], 120_000],
    [
      "never before the latest time recorded (a clock set back)",
      START - 5_000,
      [{ ...item({ type: "arrived", personId: "p1", atMs: 30_000 }), sequence: 1_000 }],
      30_000,
    ],
  ])("keeps the session's clock running: %s", (_, nowMs, more, expected) => {
    expect(session([opened(), ...more], nowMs)?.elapsedMs).toBe(expected);
  });

  it("ends at the recorded start plus the close's time on the session clock", () => {
    const shown = session([opened(), item({ type: "closed", atMs: 3_600_000 })]);
    expect(shown?.status).toBe("CLOSED");
    expect(shown?.endedAt).toBe(new Date(START + 3_600_000).toISOString());
  });

  it("reads only its own session's items", () => {
    const shown = session([opened(), item({ type: "arrived", personId: "p1", atMs: 0 }, "other")]);
    expect(shown?.presence).toEqual({});
  });
});

import { describe, expect, it } from "vitest";
import { replaySessionEvents, stateOfApplied, type SessionContext, type SessionEvent, type SessionEventBody } from "./session-events.ts";

const STATION_PEOPLE = new Set(["wang", "li", "zhao", "walk-in-1"]);
const CONTEXT: SessionContext = {
  isStationPerson: (personId) => STATION_PEOPLE.has(personId),
  durationSeconds: 100,
  maxPlaybackRate: 1.5,
};

/** Events from one device, numbered in order; `ids` lets a case send one event twice. */
function events(...bodies: (SessionEventBody | { again: number })[]): SessionEvent[] {
  const made: SessionEvent[] = [];
  bodies.forEach((body, index) => {
    if ("again" in body) {
      const original = made[body.again];
      if (!original) throw new Error("no such event to send again");
      made.push(original);
      return;
    }
    made.push({ eventId: `e${index}`, deviceId: "tv-1", sequence: index + 1, sessionId: "s1", body });
  });
  return made;
}

const OPENED: SessionEventBody = { type: "opened", stationId: "st", lessonId: "lesson" };
const arrived = (personId: string, atMs: number): SessionEventBody => ({ type: "arrived", personId, atMs });
const walkedIn = (personId: string, atMs: number): SessionEventBody => ({ type: "walked-in", personId, name: "刘大爷", phone: null, atMs });
const left = (personId: string, atMs: number): SessionEventBody => ({ type: "left", personId, atMs });
const played = (fromMs: number, toMs: number, mediaFrom: number, mediaTo: number): SessionEventBody => ({
  type: "played",
  fromMs,
  toMs,
  mediaFrom,
  mediaTo,
});

describe("applySessionEvent: what each event may do", () => {
  it.each([
    { name: "nothing before the session is opened", bodies: [arrived("wang", 0)], last: "refused:not-opened" },
    { name: "a session opens once", bodies: [OPENED, OPENED], last: "refused:already-opened" },
    { name: "a station person comes in", bodies: [OPENED, arrived("wang", 0)], last: "applied" },
    {
      name: "someone not of the station is refused (add him as a visitor first)",
      bodies: [OPENED, arrived("stranger", 0)],
      last: "refused:not-station-person",
    },
    { name: "marked present twice", bodies: [OPENED, arrived("wang", 0), arrived("wang", 5)], last: "refused:already-present" },
    { name: "a walk-in comes in", bodies: [OPENED, walkedIn("new-1", 0)], last: "applied" },
    { name: "a walk-in registered twice", bodies: [OPENED, walkedIn("new-1", 0), walkedIn("new-1", 5)], last: "refused:already-present" },
    {
      name: "a walk-in with an id already on the roll",
      bodies: [OPENED, arrived("wang", 0), walkedIn("wang", 5)],
      last: "refused:already-present",
    },
    { name: "a walk-in can leave", bodies: [OPENED, walkedIn("new-1", 0), left("new-1", 5)], last: "applied" },
    { name: "a walk-in at a negative time", bodies: [OPENED, walkedIn("new-1", -1)], last: "refused:bad-times" },
    {
      name: "a walk-in after the close",
      bodies: [OPENED, { type: "closed", atMs: 10 }, walkedIn("new-1", 20)],
      last: "refused:session-closed",
    },
    { name: "leaving without having come", bodies: [OPENED, left("wang", 5)], last: "refused:not-present" },
    { name: "leaving before coming", bodies: [OPENED, arrived("wang", 5000), left("wang", 4000)], last: "refused:before-previous" },
    { name: "coming back after leaving", bodies: [OPENED, arrived("wang", 0), left("wang", 10), arrived("wang", 20)], last: "applied" },
    {
      name: "coming back before he left",
      bodies: [OPENED, arrived("wang", 0), left("wang", 10), arrived("wang", 5)],
      last: "refused:before-previous",
    },
    { name: "a negative time", bodies: [OPENED, arrived("wang", -1)], last: "refused:bad-times" },
    { name: "the screen plays at normal speed", bodies: [OPENED, played(0, 60_000, 0, 60)], last: "applied" },
    { name: "the screen plays at the maximum rate", bodies: [OPENED, played(0, 40_000, 0, 60)], last: "applied" },
    { name: "faster than the maximum rate", bodies: [OPENED, played(0, 30_000, 0, 60)], last: "refused:faster-than-allowed" },
    { name: "beyond the end of the film", bodies: [OPENED, played(0, 60_000, 50, 110)], last: "refused:outside-film" },
    { name: "a stretch that took no time", bodies: [OPENED, played(5000, 5000, 0, 1)], last: "refused:bad-times" },
    {
      name: "two playbacks at once",
      bodies: [OPENED, played(0, 60_000, 0, 60), played(30_000, 50_000, 60, 80)],
      last: "refused:overlaps-playback",
    },
    { name: "one after the other", bodies: [OPENED, played(0, 60_000, 0, 60), played(60_000, 80_000, 60, 80)], last: "applied" },
    {
      name: "minutes name those who spoke",
      bodies: [OPENED, arrived("wang", 0), { type: "minutes", summary: "讨论了……", speakerIds: ["wang"] }],
      last: "applied",
    },
    {
      name: "a speaker who was not there",
      bodies: [OPENED, arrived("wang", 0), { type: "minutes", summary: "讨论了……", speakerIds: ["li"] }],
      last: "refused:speaker-not-present",
    },
    {
      name: "an attendee answers",
      bodies: [OPENED, arrived("wang", 0), { type: "answered", personId: "wang", way: "PAPER", attemptId: "a1" }],
      last: "applied",
    },
    {
      name: "answers entered twice for one attendee",
      bodies: [
        OPENED,
        arrived("wang", 0),
        { type: "answered", personId: "wang", way: "PAPER", attemptId: "a1" },
        { type: "answered", personId: "wang", way: "SCREEN", attemptId: "a2" },
      ],
      last: "refused:answered-twice",
    },
    {
      name: "answers from someone who never came",
      bodies: [OPENED, { type: "answered", personId: "li", way: "ORAL", attemptId: "a1" }],
      last: "refused:not-attendee",
    },
    {
      name: "nothing happens in a closed session",
      bodies: [OPENED, { type: "closed", atMs: 1000 }, arrived("wang", 2000)],
      last: "refused:session-closed",
    },
    {
      name: "paper answers typed in after the close still count",
      bodies: [
        OPENED,
        arrived("wang", 0),
        { type: "closed", atMs: 1000 },
        { type: "answered", personId: "wang", way: "PAPER", attemptId: "a1" },
      ],
      last: "applied",
    },
    {
      name: "closing before what was recorded",
      bodies: [OPENED, played(0, 60_000, 0, 60), { type: "closed", atMs: 30_000 }],
      last: "refused:before-previous",
    },
  ] as { name: string; bodies: SessionEventBody[]; last: string }[])("$name", ({ bodies, last }) => {
    const { results } = replaySessionEvents(events(...bodies), CONTEXT);
    const result = results[results.length - 1];
    expect(result?.outcome === "refused" ? `refused:${result.reason}` : result?.outcome).toBe(last);
  });
});

describe("replaySessionEvents: a whole session, sent twice", () => {
  const session = events(
    OPENED,
    arrived("wang", 0),
    arrived("li", 0),
    played(10_000, 70_000, 0, 60),
    arrived("walk-in-1", 20_000),
    left("li", 50_000),
    played(70_000, 110_000, 60, 100),
    { type: "minutes", summary: "大家谈了发展对象的考察。", speakerIds: ["wang", "walk-in-1", "wang"] },
    { type: "answered", personId: "wang", way: "SCREEN", attemptId: "a1" },
    { type: "closed", atMs: 200_000 },
    { type: "answered", personId: "walk-in-1", way: "PAPER", attemptId: "a2" },
  );

  it("ends with each person's presence, the playback, the minutes and one attempt each", () => {
    const { state, results } = replaySessionEvents(session, CONTEXT);
    expect(results.map((result) => result.outcome)).toEqual(Array(session.length).fill("applied"));
    expect(state?.status).toBe("CLOSED");
    expect(state?.closedAtMs).toBe(200_000);
    // Those still in the room at the close stay to the close.
    expect(Object.fromEntries(state?.presence ?? [])).toEqual({
      wang: [{ fromMs: 0, toMs: 200_000 }],
      li: [{ fromMs: 0, toMs: 50_000 }],
      "walk-in-1": [{ fromMs: 20_000, toMs: 200_000 }],
    });
    expect(state?.stretches).toHaveLength(2);
    expect(state?.minutes?.speakerIds).toEqual(["wang", "walk-in-1"]);
    expect([...(state?.attempts.keys() ?? [])]).toEqual(["wang", "walk-in-1"]);
  });

  it("the outbox sending every event a second time changes nothing: each repeat is a duplicate", () => {
    const once = replaySessionEvents(session, CONTEXT);
    const twice = replaySessionEvents([...session, ...session], CONTEXT);
    expect(twice.results.slice(session.length).map((result) => result.outcome)).toEqual(Array(session.length).fill("duplicate"));
    expect(twice.state).toEqual(once.state);
  });

  it("a refused event changes nothing, and sending it again is a duplicate, not a second refusal", () => {
    const withStranger = events(OPENED, arrived("stranger", 0), { again: 1 });
    const { state, results } = replaySessionEvents(withStranger, CONTEXT);
    expect(results.map((result) => result.outcome)).toEqual(["applied", "refused", "duplicate"]);
    expect(state?.presence.size).toBe(0);
  });
});

describe("stateOfApplied: the events once applied are facts", () => {
  it("rebuilds the state though the station's people and the film have changed since", () => {
    const session = events(OPENED, arrived("wang", 0), played(0, 60_000, 0, 60), { type: "closed", atMs: 70_000 });
    const judged = replaySessionEvents(session, CONTEXT);
    expect(judged.results.every((result) => result.outcome === "applied")).toBe(true);
    // Wang has moved away and the film was cut to 30 s: what happened still stands.
    const rejudged = replaySessionEvents(session, { ...CONTEXT, isStationPerson: () => false, durationSeconds: 30 });
    expect(rejudged.results.map((result) => result.outcome)).toContain("refused");
    expect(stateOfApplied(session)?.presence.get("wang")).toEqual([{ fromMs: 0, toMs: 70_000 }]);
    expect(stateOfApplied(session)?.stretches).toEqual([{ fromMs: 0, toMs: 60_000, mediaFrom: 0, mediaTo: 60 }]);
  });

  it("continues from a state kept from an earlier reading: the later events on top make the same state as all of them", () => {
    const session = events(OPENED, arrived("wang", 0), walkedIn("walk-in-1", 5_000), played(0, 60_000, 0, 60), left("wang", 61_000), {
      type: "closed",
      atMs: 70_000,
    });
    for (let cut = 0; cut <= session.length; cut += 1) {
      const kept = stateOfApplied(session.slice(0, cut));
      expect(stateOfApplied(session.slice(cut), kept)).toEqual(stateOfApplied(session));
    }
    expect(stateOfApplied(session.slice(3), stateOfApplied(session.slice(0, 3)))?.status).toBe("CLOSED");
  });
});

import { describe, expect, it } from "vitest";
import {
  DEFAULT_STATION_GOALS,
  quietStations,
  reportCard,
  stationGoalsFrom,
  stationGoalsSources,
  withStationGoals,
  type SessionForCard,
} from "./report-card.ts";

describe("stationGoalsFrom: the nearest organization's setting wins, goal by goal", () => {
  it.each([
    {
      name: "nobody sets anything: the local practice, 2 sessions and 20 hours",
      documents: [],
      expected: { sessionsPerMonth: 2, showingHoursPerMonth: 20 },
    },
    {
      name: "the county raises sessions, the township lowers hours",
      documents: [{ stationMonthlyGoals: { sessionsPerMonth: 4 } }, { stationMonthlyGoals: { showingHoursPerMonth: 12 } }],
      expected: { sessionsPerMonth: 4, showingHoursPerMonth: 12 },
    },
    {
      name: "the township sets sessions again: its setting wins over the county's",
      documents: [{ stationMonthlyGoals: { sessionsPerMonth: 4 } }, { stationMonthlyGoals: { sessionsPerMonth: 3 } }],
      expected: { sessionsPerMonth: 3, showingHoursPerMonth: 20 },
    },
    {
      name: "a mistyped document is skipped, the rest still apply",
      documents: [{ stationMonthlyGoals: { sessionsPerMonth: 4 } }, { stationMonthlyGoals: { sessionsPerMonth: "四" } }],
      expected: { sessionsPerMonth: 4, showingHoursPerMonth: 20 },
    },
    {
      name: "other rule sets' keys in the same document are left alone",
      documents: [{ annualStudyHours: { MEMBER: 40 }, minCultivationMonthsForTarget: 12 }],
      expected: DEFAULT_STATION_GOALS,
    },
    {
      name: "a negative goal does not read",
      documents: [{ stationMonthlyGoals: { showingHoursPerMonth: -1 } }],
      expected: DEFAULT_STATION_GOALS,
    },
  ])("$name", ({ documents, expected }) => {
    expect(stationGoalsFrom(documents)).toEqual(expected);
  });
});

describe("stationGoalsSources and withStationGoals: who set each goal, and saving an organization's own", () => {
  it("names the nearest organization that set each goal, null where the default applies", () => {
    const chain = [
      { name: "县委组织部", document: { stationMonthlyGoals: { sessionsPerMonth: 4, showingHoursPerMonth: 30 } } },
      { name: "河西乡党委", document: { stationMonthlyGoals: { sessionsPerMonth: 3 } } },
      { name: "河西村党支部", document: { stationMonthlyGoals: { sessionsPerMonth: "三" } } },
    ];
    expect(stationGoalsSources(chain)).toEqual({ sessionsPerMonth: "河西乡党委", showingHoursPerMonth: "县委组织部" });
    expect(stationGoalsSources([{ name: "河西村党支部", document: {} }])).toEqual({ sessionsPerMonth: null, showingHoursPerMonth: null });
  });

  it.each([
    {
      name: "sets one goal, keeps other rule sets' keys",
      before: { annualStudyHours: { MEMBER: 40 } },
      goals: { sessionsPerMonth: 3 },
      after: { annualStudyHours: { MEMBER: 40 }, stationMonthlyGoals: { sessionsPerMonth: 3 } },
    },
    {
      name: "replaces the goals set before",
      before: { stationMonthlyGoals: { sessionsPerMonth: 3, showingHoursPerMonth: 10 } },
      goals: { showingHoursPerMonth: 12 },
      after: { stationMonthlyGoals: { showingHoursPerMonth: 12 } },
    },
    {
      name: "nothing set: the key goes, everything inherits",
      before: { stationMonthlyGoals: { sessionsPerMonth: 3 }, x: 1 },
      goals: {},
      after: { x: 1 },
    },
  ])("$name", ({ before, goals, after }) => {
    expect(withStationGoals(before, goals)).toEqual(after);
  });
});

/** A closed session on a Beijing date and time, `minutes` of film shown. */
const session = (
  startedAt: string,
  minutes: number,
  attendeeIds: string[] = [],
  passedIds: string[] = [],
  extra: Partial<SessionForCard> = {},
): SessionForCard => ({
  startedAt: new Date(`${startedAt}+08:00`),
  closedAt: new Date(new Date(`${startedAt}+08:00`).getTime() + minutes * 60_000),
  cancelled: false,
  shownSeconds: minutes * 60,
  attendeeIds,
  passedIds,
  ...extra,
});

describe("reportCard: a month's sessions against the goals", () => {
  const goals = DEFAULT_STATION_GOALS;

  it("counts held sessions, hours shown, attendances, people and tests passed", () => {
    const card = reportCard({
      month: "2026-11",
      goals,
      sessions: [session("2026-11-06T19:30:00", 600, ["a", "b", "c"], ["a", "b"]), session("2026-11-16T19:30:00", 630, ["a", "d"], ["d"])],
    });
    expect(card).toEqual({
      month: "2026-11",
      goals,
      sessionsHeld: 2,
      sessionsCancelled: 0,
      sessionsMet: true,
      showingHours: 20.5,
      showingMet: true,
      attendances: 5,
      people: 4,
      testsPassed: 3,
    });
  });

  it("a film without a test (nobody passes anything) counts toward both goals like any showing", () => {
    const card = reportCard({
      month: "2026-11",
      goals: { sessionsPerMonth: 2, showingHoursPerMonth: 1 },
      sessions: [session("2026-11-06T19:30:00", 30, ["a", "b"], ["a"]), session("2026-11-16T19:30:00", 30, ["a", "c"], [])],
    });
    expect(card).toMatchObject({ sessionsHeld: 2, sessionsMet: true, showingHours: 1, showingMet: true, attendances: 4, testsPassed: 1 });
  });

  it("short of both goals: says so", () => {
    const card = reportCard({ month: "2026-11", goals, sessions: [session("2026-11-06T19:30:00", 90, ["a"])] });
    expect(card).toMatchObject({ sessionsHeld: 1, sessionsMet: false, showingHours: 1.5, showingMet: false });
  });

  it("a session counts in the month it started on Beijing time (the evening of the 30th, 23:30 UTC on the 30th is December 1st)", () => {
    const lateNovember = { ...session("2026-11-30T23:00:00", 60), startedAt: new Date("2026-11-30T15:00:00Z") };
    const december = { ...session("2026-12-01T07:30:00", 60), startedAt: new Date("2026-11-30T23:30:00Z") };
    expect(reportCard({ month: "2026-11", goals, sessions: [lateNovember, december] }).sessionsHeld).toBe(1);
    expect(reportCard({ month: "2026-12", goals, sessions: [lateNovember, december] }).sessionsHeld).toBe(1);
  });

  it("a running session is not held yet; a cancelled one is counted apart and adds nothing", () => {
    const card = reportCard({
      month: "2026-11",
      goals,
      sessions: [
        session("2026-11-06T19:30:00", 60, ["a"], ["a"], { closedAt: null }),
        session("2026-11-16T19:30:00", 0, ["b"], [], { cancelled: true, closedAt: null }),
      ],
    });
    expect(card).toMatchObject({ sessionsHeld: 0, sessionsCancelled: 1, showingHours: 0, attendances: 0, people: 0, testsPassed: 0 });
  });

  it("the hours goal is met at exactly its hours, not a rounding short of it", () => {
    const justShort = reportCard({
      month: "2026-11",
      goals,
      sessions: [{ ...session("2026-11-06T19:30:00", 0), shownSeconds: 20 * 3600 - 1 }],
    });
    expect(justShort).toMatchObject({ showingHours: 20, showingMet: false });
    const exactly = reportCard({ month: "2026-11", goals, sessions: [session("2026-11-06T19:30:00", 1200)] });
    expect(exactly.showingMet).toBe(true);
  });

  it("a goal of no sessions is met by none", () => {
    expect(reportCard({ month: "2026-11", goals: { sessionsPerMonth: 0, showingHoursPerMonth: 0 }, sessions: [] })).toMatchObject({
      sessionsMet: true,
      showingMet: true,
    });
  });
});

describe("quietStations: held nothing for 30 days", () => {
  const now = new Date("2026-12-02T04:00:00Z");
  const daysAgo = (days: number) => new Date(now.getTime() - days * 24 * 60 * 60 * 1000);

  it.each([
    { name: "last session 29 days ago: not quiet", station: { createdAt: daysAgo(400), lastHeldAt: daysAgo(29) }, expected: [] },
    {
      name: "last session exactly 30 days ago: quiet",
      station: { createdAt: daysAgo(400), lastHeldAt: daysAgo(30) },
      expected: [{ quietDays: 30, neverHeld: false }],
    },
    {
      name: "set up 40 days ago, never held a session: quiet since it was set up",
      station: { createdAt: daysAgo(40), lastHeldAt: null },
      expected: [{ quietDays: 40, neverHeld: true }],
    },
    { name: "set up a week ago, nothing yet: not quiet", station: { createdAt: daysAgo(7), lastHeldAt: null }, expected: [] },
  ])("$name", ({ station, expected }) => {
    expect(quietStations([{ stationId: "s", ...station }], now)).toEqual(expected.map((quiet) => ({ stationId: "s", ...quiet })));
  });

  it("lists the quietest first", () => {
    const list = quietStations(
      [
        { stationId: "a", createdAt: daysAgo(400), lastHeldAt: daysAgo(35) },
        { stationId: "b", createdAt: daysAgo(400), lastHeldAt: daysAgo(90) },
        { stationId: "c", createdAt: daysAgo(400), lastHeldAt: daysAgo(3) },
      ],
      now,
    );
    expect(list.map((quiet) => quiet.stationId)).toEqual(["b", "a"]);
  });
});

import { describe, expect, it } from "vitest";
import { sessionOutcome, type AttendeeRecord, type FilmTerms, type ScreeningStretch } from "./who-earns.ts";

// A 100 s film, 90 % to complete, 0.5 class hours, with a test.
const FILM: FilmTerms = { durationSeconds: 100, completionShare: 0.9, classHours: 0.5, hasQuiz: true };
/** The whole film in one stretch, from 10 s to 110 s of the session. */
const WHOLE: ScreeningStretch[] = [{ fromMs: 10_000, toMs: 110_000, mediaFrom: 0, mediaTo: 100 }];
const allAlong = (personId: string, passed = true): AttendeeRecord => ({ personId, presence: [{ fromMs: 0, toMs: null }], passed });

type Case = {
  name: string;
  film?: Partial<FilmTerms>;
  stretches?: ScreeningStretch[];
  attendee: AttendeeRecord;
  expected: { status: string; hours: number; watchedShare?: number };
};

const cases: Case[] = [
  {
    name: "in the room all along and passed: earns the lesson's hours",
    attendee: allAlong("a"),
    expected: { status: "earns", hours: 0.5, watchedShare: 1 },
  },
  {
    name: "in the room all along, failed the test: attendance, no hours",
    attendee: allAlong("a", false),
    expected: { status: "attended-not-passed", hours: 0 },
  },
  {
    name: "a film without a test: being there is enough",
    film: { hasQuiz: false },
    attendee: allAlong("a", false),
    expected: { status: "earns", hours: 0.5 },
  },
  {
    name: "a film that awards no hours: attendance only, though he passed",
    film: { classHours: 0, hasQuiz: false },
    attendee: allAlong("a"),
    expected: { status: "attended-no-hours", hours: 0 },
  },
  {
    name: "a film without a test, left at the half: no test to make up for it, missed the screening",
    film: { hasQuiz: false },
    attendee: { personId: "a", presence: [{ fromMs: 0, toMs: 60_000 }], passed: false },
    expected: { status: "missed-screening", hours: 0, watchedShare: 0.5 },
  },
  {
    name: "a film without a test, came late by exactly 10 %: present while the screening reached the share, earns",
    film: { hasQuiz: false },
    attendee: { personId: "a", presence: [{ fromMs: 20_000, toMs: null }], passed: false },
    expected: { status: "earns", hours: 0.5, watchedShare: 0.9 },
  },
  {
    name: "a film without a test, the room stopped at 80 %: nobody earns",
    film: { hasQuiz: false },
    stretches: [{ fromMs: 0, toMs: 80_000, mediaFrom: 0, mediaTo: 80 }],
    attendee: allAlong("a", false),
    expected: { status: "screening-incomplete", hours: 0, watchedShare: 0.8 },
  },
  {
    name: "a film without a test or hours, in the room all along: attendance only",
    film: { classHours: 0, hasQuiz: false },
    attendee: allAlong("a", false),
    expected: { status: "attended-no-hours", hours: 0, watchedShare: 1 },
  },
  {
    name: "late by 5 s of a 100 s film (95 % seen): earns",
    attendee: { personId: "a", presence: [{ fromMs: 15_000, toMs: null }], passed: true },
    expected: { status: "earns", hours: 0.5, watchedShare: 0.95 },
  },
  {
    name: "late by exactly 10 % of the film: still earns (the share is reached, not passed)",
    attendee: { personId: "a", presence: [{ fromMs: 20_000, toMs: null }], passed: true },
    expected: { status: "earns", hours: 0.5, watchedShare: 0.9 },
  },
  {
    name: "late by 11 s (89 % seen): missed the screening",
    attendee: { personId: "a", presence: [{ fromMs: 21_000, toMs: null }], passed: true },
    expected: { status: "missed-screening", hours: 0, watchedShare: 0.89 },
  },
  {
    name: "left at the half: missed the screening, though he passed",
    attendee: { personId: "a", presence: [{ fromMs: 0, toMs: 60_000 }], passed: true },
    expected: { status: "missed-screening", hours: 0, watchedShare: 0.5 },
  },
  {
    name: "stepped out for 5 s and came back: the two windows add up",
    attendee: {
      personId: "a",
      presence: [
        { fromMs: 0, toMs: 50_000 },
        { fromMs: 55_000, toMs: null },
      ],
      passed: true,
    },
    expected: { status: "earns", hours: 0.5, watchedShare: 0.95 },
  },
  {
    name: "arrived after the film ended: missed it all",
    attendee: { personId: "a", presence: [{ fromMs: 120_000, toMs: null }], passed: true },
    expected: { status: "missed-screening", hours: 0, watchedShare: 0 },
  },
  {
    name: "the room stopped at 80 %: nobody earns, whoever was there",
    stretches: [{ fromMs: 0, toMs: 80_000, mediaFrom: 0, mediaTo: 80 }],
    attendee: allAlong("a"),
    expected: { status: "screening-incomplete", hours: 0, watchedShare: 0.8 },
  },
  {
    name: "a part played twice counts once for the room",
    stretches: [
      { fromMs: 0, toMs: 60_000, mediaFrom: 0, mediaTo: 60 },
      { fromMs: 60_000, toMs: 90_000, mediaFrom: 30, mediaTo: 60 },
    ],
    attendee: allAlong("a"),
    expected: { status: "screening-incomplete", hours: 0, watchedShare: 0.6 },
  },
  {
    name: "a part he missed, played again after he came: he saw it then",
    stretches: [
      { fromMs: 0, toMs: 100_000, mediaFrom: 0, mediaTo: 100 },
      // The operator goes back to the first 30 s for those who came late.
      { fromMs: 100_000, toMs: 130_000, mediaFrom: 0, mediaTo: 30 },
    ],
    attendee: { personId: "a", presence: [{ fromMs: 30_000, toMs: null }], passed: true },
    expected: { status: "earns", hours: 0.5, watchedShare: 1 },
  },
  {
    name: "played at 1.5×: the media seconds count, not the minutes in the room",
    stretches: [{ fromMs: 0, toMs: 66_667, mediaFrom: 0, mediaTo: 100 }],
    attendee: { personId: "a", presence: [{ fromMs: 0, toMs: 33_333 }], passed: true },
    expected: { status: "missed-screening", hours: 0, watchedShare: 0.5 },
  },
];

describe("sessionOutcome: who earns at a station session", () => {
  it.each(cases)("$name", ({ film, stretches, attendee, expected }) => {
    const outcome = sessionOutcome({ film: { ...FILM, ...film }, stretches: stretches ?? WHOLE, attendees: [attendee] });
    const [only] = outcome.attendees;
    expect(only).toMatchObject({ personId: attendee.personId, status: expected.status, hours: expected.hours });
    if (expected.watchedShare !== undefined) expect(only?.watchedShare).toBeCloseTo(expected.watchedShare, 3);
  });

  it("reports the room's screening: its share, whether it is complete, and the seconds shown once each", () => {
    const outcome = sessionOutcome({
      film: FILM,
      stretches: [
        { fromMs: 0, toMs: 60_000, mediaFrom: 0, mediaTo: 60 },
        { fromMs: 70_000, toMs: 110_000, mediaFrom: 50, mediaTo: 90 },
      ],
      attendees: [],
    });
    expect(outcome).toEqual({ screeningShare: 0.9, screeningComplete: true, shownSeconds: 90, attendees: [] });
  });

  it("shows a film without a test or hours for the station's goal like any other: the same seconds shown", () => {
    const stretches = [{ fromMs: 0, toMs: 60_000, mediaFrom: 0, mediaTo: 60 }];
    const film = sessionOutcome({ film: { ...FILM, classHours: 0, hasQuiz: false }, stretches, attendees: [allAlong("a")] });
    expect(film).toMatchObject({ shownSeconds: 60, screeningShare: 0.6, screeningComplete: false });
    expect(film.shownSeconds).toBe(sessionOutcome({ film: FILM, stretches, attendees: [] }).shownSeconds);
  });

  it("keeps the attendees' order and judges each by himself", () => {
    const outcome = sessionOutcome({
      film: FILM,
      stretches: WHOLE,
      attendees: [allAlong("b", false), allAlong("a"), { personId: "c", presence: [], passed: true }],
    });
    expect(outcome.attendees.map(({ personId, status }) => [personId, status])).toEqual([
      ["b", "attended-not-passed"],
      ["a", "earns"],
      ["c", "missed-screening"],
    ]);
  });

  it("a stretch with no length or running backwards adds nothing", () => {
    const outcome = sessionOutcome({
      film: FILM,
      stretches: [
        { fromMs: 0, toMs: 0, mediaFrom: 0, mediaTo: 100 },
        { fromMs: 0, toMs: 10_000, mediaFrom: 50, mediaTo: 40 },
      ],
      attendees: [allAlong("a")],
    });
    expect(outcome).toMatchObject({ shownSeconds: 0, screeningComplete: false });
    expect(outcome.attendees[0]?.watchedShare).toBe(0);
  });
});

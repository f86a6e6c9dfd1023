import { describe, expect, it } from "vitest";
import {
  checkCorrection,
  correctionReason,
  correctionSource,
  netHours,
  type CorrectionRefusal,
  type CorrectionTarget,
} from "./hours-corrections.ts";

const session: CorrectionTarget = { userId: "u1", category: "STATION_SESSION", classHours: 2, earlierCorrections: [] };
const REASON = "重复登记，同一场收看记了两次";

describe("checkCorrection", () => {
  const cases: {
    name: string;
    target: CorrectionTarget | null;
    learnerId?: string;
    hours: number;
    reason?: string;
    refusals: CorrectionRefusal[];
  }[] = [
    { name: "takes away part of an entry", target: session, hours: -1, refusals: [] },
    { name: "takes away all of it", target: session, hours: -2, refusals: [] },
    { name: "adds hours", target: session, hours: 1.5, refusals: [] },
    { name: "the largest step up", target: session, hours: 8, refusals: [] },
    { name: "two decimals are fine", target: session, hours: 0.25, refusals: [] },
    { name: "an unknown entry", target: null, hours: -1, refusals: [{ field: "entryId", problem: "entryNotFound" }] },
    {
      name: "another learner's entry",
      target: session,
      learnerId: "u2",
      hours: -1,
      refusals: [{ field: "entryId", problem: "otherLearner" }],
    },
    {
      name: "a correction of a correction",
      target: { userId: "u1", category: "CORRECTION", classHours: -1, earlierCorrections: [] },
      hours: 1,
      refusals: [{ field: "entryId", problem: "correctionOfCorrection" }],
    },
    { name: "zero hours", target: session, hours: 0, refusals: [{ field: "classHours", problem: "hoursZero" }] },
    { name: "more than 8", target: session, hours: 8.5, refusals: [{ field: "classHours", problem: "hoursOutOfRange" }] },
    {
      name: "less than −8",
      target: { ...session, classHours: 10 },
      hours: -9,
      refusals: [{ field: "classHours", problem: "hoursOutOfRange" }],
    },
    { name: "not a number", target: session, hours: Number.NaN, refusals: [{ field: "classHours", problem: "hoursOutOfRange" }] },
    { name: "three decimals", target: session, hours: 0.125, refusals: [{ field: "classHours", problem: "hoursPrecision" }] },
    { name: "below zero net", target: session, hours: -2.5, refusals: [{ field: "classHours", problem: "netNegative" }] },
    {
      name: "below zero net after an earlier correction",
      target: { ...session, earlierCorrections: [-1.5] },
      hours: -1,
      refusals: [{ field: "classHours", problem: "netNegative" }],
    },
    { name: "an empty reason", target: session, hours: -1, reason: "   ", refusals: [{ field: "reason", problem: "reasonTooShort" }] },
    {
      name: "a reason too long",
      target: session,
      hours: -1,
      reason: "很".repeat(501),
      refusals: [{ field: "reason", problem: "reasonTooLong" }],
    },
    {
      name: "every field wrong at once, each named",
      target: null,
      hours: 0,
      reason: "",
      refusals: [
        { field: "entryId", problem: "entryNotFound" },
        { field: "classHours", problem: "hoursZero" },
        { field: "reason", problem: "reasonTooShort" },
      ],
    },
  ];
  it.each(cases)("$name", ({ target, learnerId, hours, reason, refusals }) => {
    expect(checkCorrection(target, { learnerId: learnerId ?? "u1", classHours: hours, reason: reason ?? REASON })).toEqual(refusals);
  });
});

describe("netHours and the reason kept in the source", () => {
  it("adds the corrections so far to the entry's hours", () => {
    expect(netHours({ classHours: 2, earlierCorrections: [-0.5, 0.25] })).toBe(1.75);
    expect(netHours({ classHours: 0.1, earlierCorrections: [0.2] })).toBe(0.3);
  });
  it("round-trips the reason", () => {
    expect(correctionReason(correctionSource(`  ${REASON} `))).toBe(REASON);
    expect(correctionReason("lesson:a/b")).toBeNull();
  });
});

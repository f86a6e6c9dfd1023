import { describe, expect, it } from "vitest";
import { lessonHoursKey, stationHoursKey } from "./hours-ledger.ts";
import {
  carriedFrom,
  carriedHours,
  combinedRings,
  combinedWatch,
  fieldsTaken,
  mergeProblems,
  renumberedAttempts,
  type LedgerLine,
  type MergeSide,
  type PersonFacts,
} from "./people-merge.ts";

const side = (overrides: Partial<MergeSide> = {}): MergeSide => ({
  id: "kept",
  name: "周丽",
  idCardNumber: null,
  mergedIntoId: null,
  milestones: 0,
  reachable: true,
  ...overrides,
});

describe("mergeProblems", () => {
  it.each<[string, Partial<MergeSide>, Partial<MergeSide>, string[]]>([
    ["two plain records", {}, { id: "other" }, []],
    ["the same ID-card number on both", { idCardNumber: "X1" }, { id: "other", idCardNumber: "X1" }, []],
    ["an ID-card number on one only", { idCardNumber: "X1" }, { id: "other" }, []],
    ["a record with itself", {}, {}, ["same-record"]],
    ["a record outside the admin's subtrees", {}, { id: "other", reachable: false }, ["outside"]],
    ["a record merged before", {}, { id: "other", mergedIntoId: "third" }, ["already-merged"]],
    ["two different ID-card numbers", { idCardNumber: "X1" }, { id: "other", idCardNumber: "X2" }, ["id-cards-differ"]],
    ["steps of the path to membership on both", { milestones: 2 }, { id: "other", milestones: 1 }, ["both-have-milestones"]],
    ["steps on one only", { milestones: 2 }, { id: "other" }, []],
  ])("%s", (_, kept, other, codes) => {
    expect(mergeProblems(side(kept), side(other)).map((problem) => problem.code)).toEqual(codes);
  });

  it("names the record merged before and counts the steps on each", () => {
    expect(mergeProblems(side({ milestones: 2 }), side({ id: "other", name: "周莉", mergedIntoId: "x", milestones: 3 }))).toEqual([
      { code: "already-merged", params: { name: "周莉" } },
      { code: "both-have-milestones", params: { kept: 2, other: 3 } },
    ]);
  });
});

const facts = (overrides: Partial<PersonFacts> = {}): PersonFacts & { milestones: number } => ({
  phone: null,
  idCardNumber: null,
  gender: null,
  birthDate: null,
  ethnicity: null,
  education: null,
  occupation: null,
  stage: "NONE",
  stageSince: null,
  activistTier: null,
  milestones: 0,
  ...overrides,
});

describe("fieldsTaken", () => {
  it("fills what the kept record lacks and names what differs, keeping the kept value", () => {
    const kept = facts({ phone: "13800000004", birthDate: new Date("1990-05-01"), gender: "F" });
    const other = facts({ phone: "13900000009", birthDate: new Date("1990-05-01"), ethnicity: "回族", occupation: "农民", gender: "M" });
    expect(fieldsTaken(kept, other)).toEqual({ taken: { ethnicity: "回族", occupation: "农民" }, differing: ["phone", "gender"] });
  });

  it("takes the stage with its dates only when the other record holds the steps that set it", () => {
    const since = new Date("2025-03-01");
    const other = { ...facts({ stage: "ACTIVIST", stageSince: since, activistTier: "NEAR_TERM" }), milestones: 2 };
    expect(fieldsTaken(facts(), other).taken).toEqual({ stage: "ACTIVIST", stageSince: since, activistTier: "NEAR_TERM" });
    expect(fieldsTaken({ ...facts({ stage: "APPLICANT" }), milestones: 1 }, other).taken).toEqual({});
    expect(fieldsTaken(facts(), { ...other, milestones: 0 }).taken).toEqual({});
  });
});

describe("combinedRings", () => {
  it("dates each ring by the first time either record reached it", () => {
    const day = (d: number) => new Date(Date.UTC(2026, 0, d));
    const kept = { preparedAt: day(5), viewedAt: day(6), discussedAt: null, testedAt: null, completedAt: null };
    const other = { preparedAt: day(2), viewedAt: null, discussedAt: day(9), testedAt: day(9), completedAt: day(9) };
    expect(combinedRings(kept, other)).toEqual({
      preparedAt: day(2),
      viewedAt: day(6),
      discussedAt: day(9),
      testedAt: day(9),
      completedAt: day(9),
    });
  });
});

describe("combinedWatch", () => {
  it("counts what either played once and resumes where the latest heartbeat left off", () => {
    const combined = combinedWatch(
      { intervals: [[0, 100]], lastPosition: 100, lastHeartbeatAt: new Date("2026-01-01") },
      { intervals: [[50, 150], [200, 210]], lastPosition: 210, lastHeartbeatAt: new Date("2026-01-03") }, // prettier-ignore
    );
    expect(combined).toEqual({
      intervals: [[0, 150], [200, 210]], // prettier-ignore
      watchedSeconds: 160,
      lastPosition: 210,
      lastHeartbeatAt: new Date("2026-01-03"),
    });
    expect(
      combinedWatch(
        { intervals: [], lastPosition: 7, lastHeartbeatAt: new Date() },
        { intervals: [], lastPosition: 9, lastHeartbeatAt: null },
      ).lastPosition,
    ).toBe(7);
  });
});

describe("renumberedAttempts", () => {
  it("numbers the other record's attempts after the kept record's, lesson by lesson, oldest first", () => {
    const at = (d: number) => new Date(Date.UTC(2026, 0, d));
    const renumbered = renumberedAttempts(new Map([["L1", 2]]), [
      { id: "b", lessonId: "L1", attemptNumber: 2, submittedAt: at(4) },
      { id: "a", lessonId: "L1", attemptNumber: 1, submittedAt: at(3) },
      { id: "c", lessonId: "L2", attemptNumber: 1, submittedAt: at(1) },
      { id: "d", lessonId: "L2", attemptNumber: null, submittedAt: at(2) },
    ]);
    expect(renumbered).toEqual([
      { id: "c", attemptNumber: 1 },
      { id: "d", attemptNumber: null },
      { id: "a", attemptNumber: 3 },
      { id: "b", attemptNumber: 4 },
    ]);
  });
});

describe("carriedHours", () => {
  const ids = { keptId: "kept", otherId: "other" };
  const line = (overrides: Partial<LedgerLine>): LedgerLine => ({
    id: "e1",
    category: "ONLINE_STUDY",
    classHours: 1,
    source: "lesson:course/one",
    idempotencyKey: lessonHoursKey("other", "L1"),
    correctsEntryId: null,
    occurredAt: new Date("2026-02-01"),
    lessonId: "L1",
    stationSessionId: null,
    ...overrides,
  });

  it("carries each credit under the key the kept person's own credit would have, on its date", () => {
    const lines = [
      line({}),
      line({
        id: "e2",
        category: "STATION_SESSION",
        classHours: 2,
        source: "station-session:s9",
        idempotencyKey: stationHoursKey("other", "s9"),
        stationSessionId: "row-s9",
      }),
      line({
        id: "e3",
        category: "CONCENTRATED_TRAINING",
        classHours: 8,
        source: "县委党校集中培训",
        idempotencyKey: "concentrated-training:f1",
        lessonId: null,
      }),
    ];
    const { carried, skipped } = carriedHours(lines, new Set(), ids);
    expect(skipped).toEqual([]);
    expect(carried).toEqual([
      { ...pick(lines[0]!), idempotencyKey: lessonHoursKey("kept", "L1"), source: "merged:lesson:course/one" },
      { ...pick(lines[1]!), idempotencyKey: stationHoursKey("kept", "s9"), source: "merged:station-session:s9" },
      { ...pick(lines[2]!), idempotencyKey: "merge:e3", source: "merged:县委党校集中培训" },
    ]);
    expect(carriedFrom(carried[2]!.source)).toBe("县委党校集中培训");
    expect(carriedFrom("lesson:course/one")).toBeNull();
  });

  it("skips a credit the kept person already holds, so nothing counts twice", () => {
    const { carried, skipped } = carriedHours([line({})], new Set([lessonHoursKey("kept", "L1")]), ids);
    expect(carried).toEqual([]);
    expect(skipped).toEqual([{ source: "lesson:course/one", classHours: 1 }]);
  });

  it("takes the corrections into the credit they correct, and carries nothing for a credit corrected away", () => {
    const lines = [
      line({ classHours: 2 }),
      line({ id: "c1", category: "CORRECTION", classHours: -0.5, correctsEntryId: "e1", idempotencyKey: "correction:k1", lessonId: null }),
      line({ id: "e2", classHours: 1, idempotencyKey: lessonHoursKey("other", "L2"), lessonId: "L2" }),
      line({ id: "c2", category: "CORRECTION", classHours: -1, correctsEntryId: "e2", idempotencyKey: "correction:k2", lessonId: null }),
    ];
    const { carried } = carriedHours(lines, new Set(), ids);
    expect(carried.map((entry) => [entry.lessonId, entry.classHours])).toEqual([["L1", 1.5]]);
  });

  it("does not read another person's id out of a key", () => {
    const { carried } = carriedHours(
      [line({ idempotencyKey: lessonHoursKey("third", "L1") })],
      new Set([lessonHoursKey("kept", "L1")]),
      ids,
    );
    expect(carried.map((entry) => entry.idempotencyKey)).toEqual(["merge:e1"]);
  });
});

function pick(line: LedgerLine) {
  const { id: _id, correctsEntryId: _corrects, ...rest } = line;
  return rest;
}

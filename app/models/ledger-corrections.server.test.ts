// 学时更正 and the yearly view on a real database: corrections are new entries
// that keep the chain intact, refusals write nothing, the audit log names who
// and why; a learner's years count against the target for his role.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSampleData, setUpAppEnvironment, type AppEnvironment, userIdsByUsername } from "../../tests/helpers/app-environment.ts";

let app: AppEnvironment;
const load = async () => ({
  ...(await import("./ledger.server.ts")),
  ...(await import("./learner-record.server.ts")),
});
let m: Awaited<ReturnType<typeof load>>;
let prisma: Awaited<ReturnType<typeof loadSampleData>>;
const ids = new Map<string, string>();
const REASON = "同一场收看重复登记";

async function entry(
  username: string,
  key: string,
  classHours: number,
  occurredAt: string,
  category: "STATION_SESSION" | "ONLINE_STUDY" = "STATION_SESSION",
) {
  const appended = await m.appendLedgerEntry({
    userId: ids.get(username)!,
    category,
    classHours,
    source: `station-session:${key}`,
    idempotencyKey: key,
    occurredAt: new Date(occurredAt),
  });
  return appended.id;
}

function correct(learner: string, entryId: string, classHours: number, reason = REASON, idempotencyKey = randomUUID()) {
  return m.correctLedgerEntry({
    learnerId: ids.get(learner)!,
    entryId,
    classHours,
    reason,
    recordedById: ids.get("chengguan")!,
    idempotencyKey,
  });
}

beforeAll(async () => {
  app = await setUpAppEnvironment();
  m = await load();
  prisma = await loadSampleData();
  for (const [username, id] of await userIdsByUsername()) ids.set(username, id);
});

afterAll(async () => app?.cleanup());

describe("correctLedgerEntry", () => {
  it("appends a correction that refers to the entry, keeps the chain whole and audits who and why", async () => {
    const original = await entry("xueyuan", "c-1", 2, "2026-03-01T02:00:00Z");
    const outcome = await correct("xueyuan", original, -1);
    expect(outcome).toMatchObject({ ok: true, created: true });
    if (!outcome.ok) return;

    const row = await prisma.hoursLedgerEntry.findUniqueOrThrow({ where: { id: outcome.id } });
    expect(row).toMatchObject({
      category: "CORRECTION",
      classHours: -1,
      correctsEntryId: original,
      recordedById: ids.get("chengguan"),
      sequence: 2,
    });
    expect(row.source).toBe(`correction:${REASON}`);
    // The original is untouched.
    expect(await prisma.hoursLedgerEntry.findUniqueOrThrow({ where: { id: original }, select: { classHours: true } })).toEqual({
      classHours: 2,
    });
    expect((await m.verifyAllChains()).breaks).toEqual([]);

    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entityType: "HoursLedgerEntry", entityId: outcome.id } });
    expect(audit).toMatchObject({ action: "ledger.correct", actorId: ids.get("chengguan") });
    expect(JSON.parse(audit.detailsJson)).toEqual({
      learnerId: ids.get("xueyuan"),
      correctsEntryId: original,
      classHours: -1,
      reason: REASON,
    });
  });

  it("the same form sent twice appends once and audits once", async () => {
    const original = await entry("xueyuan", "c-2", 1, "2026-03-02T02:00:00Z");
    const key = randomUUID();
    const first = await correct("xueyuan", original, -1, REASON, key);
    // The replay would now be refused (net below 0) if it were checked again: it is recognised instead.
    const second = await correct("xueyuan", original, -1, REASON, key);
    expect(first).toMatchObject({ ok: true, created: true });
    expect(second).toEqual({ ok: true, id: first.ok ? first.id : "", created: false });
    expect(await prisma.auditLog.count({ where: { entityId: first.ok ? first.id : "" } })).toBe(1);
  });

  it("refuses, naming the field, and writes nothing", async () => {
    const mine = await entry("fazhan", "c-3", 2, "2026-04-01T02:00:00Z");
    const someoneElses = await entry("yubei", "c-4", 2, "2026-04-01T02:00:00Z");
    const earlier = await correct("fazhan", mine, -1.5);
    expect(earlier.ok).toBe(true);
    const before = await prisma.hoursLedgerEntry.count();
    const auditsBefore = await prisma.auditLog.count();

    const cases: { name: string; entryId: string; hours: number; reason?: string; field: string; problem: string }[] = [
      { name: "another learner's entry", entryId: someoneElses, hours: -1, field: "entryId", problem: "otherLearner" },
      { name: "no such entry", entryId: "nope", hours: -1, field: "entryId", problem: "entryNotFound" },
      { name: "a correction", entryId: earlier.ok ? earlier.id : "", hours: 1, field: "entryId", problem: "correctionOfCorrection" },
      { name: "below zero after the earlier correction", entryId: mine, hours: -1, field: "classHours", problem: "netNegative" },
      { name: "more than 8", entryId: mine, hours: 9, field: "classHours", problem: "hoursOutOfRange" },
      { name: "less than -8", entryId: mine, hours: -8.5, field: "classHours", problem: "hoursOutOfRange" },
      { name: "zero", entryId: mine, hours: 0, field: "classHours", problem: "hoursZero" },
      { name: "no reason", entryId: mine, hours: 1, reason: "  ", field: "reason", problem: "reasonTooShort" },
    ];
    for (const { name, entryId, hours, reason, field, problem } of cases) {
      expect(await correct("fazhan", entryId, hours, reason ?? REASON), name).toEqual({ ok: false, refusals: [{ field, problem }] });
    }
    expect(await prisma.hoursLedgerEntry.count()).toBe(before);
    expect(await prisma.auditLog.count()).toBe(auditsBefore);
    // What is left may still be taken away exactly.
    expect(await correct("fazhan", mine, -0.5)).toMatchObject({ ok: true, created: true });
  });
});

describe("the learner's record: by year, against the target for his role", () => {
  it("counts a correction in the year of the entry it corrects and lists the current year", async () => {
    const old = await entry("liudong", "y-1", 6, "2025-11-20T02:00:00Z");
    await entry("liudong", "y-2", 2, "2026-02-01T02:00:00Z", "ONLINE_STUDY");
    await correct("liudong", old, -2); // made now, about 2025

    const record = await m.loadLearnerRecord(ids.get("liudong")!, new Date("2027-01-10T00:00:00Z"));
    expect(record.studyGroup).toBe("MEMBER");
    expect(record.years.map((year) => [year.year, year.total, year.target, year.remaining])).toEqual([
      [2027, 0, 32, 32],
      [2026, 2, 32, 30],
      [2025, 4, 32, 28],
    ]);
    const correction = record.entries.find((row) => row.category === "CORRECTION");
    expect(correction).toMatchObject({ reason: REASON, corrects: { id: old, occurredAt: "2025-11-20" }, classHours: -2 });
    expect(record.entries.find((row) => row.id === old)).toMatchObject({ corrected: true, netHours: 4 });
  });

  it("a trainer (branch secretary) is held to 56 hours, a learner to 32", async () => {
    const trainer = await m.loadLearnerRecord(ids.get("peiyang")!);
    expect(trainer.studyGroup).toBe("SECRETARY_OR_COMMITTEE");
    expect(trainer.years[0]?.target).toBe(56);
    expect((await m.loadLearnerRecord(ids.get("xueyuan")!)).years[0]?.target).toBe(32);
  });

  it("organizations' settings override the targets, the nearest organization last", async () => {
    const county = await prisma.organization.findUniqueOrThrow({ where: { code: "county" }, select: { id: true, policyJson: true } });
    const branch = await prisma.organization.findUniqueOrThrow({ where: { code: "chengguan-1" }, select: { id: true, policyJson: true } });
    try {
      await prisma.organization.update({
        where: { id: county.id },
        data: { policyJson: JSON.stringify({ annualStudyHours: { MEMBER: 40, SECRETARY_OR_COMMITTEE: 60 } }) },
      });
      await prisma.organization.update({
        where: { id: branch.id },
        data: { policyJson: JSON.stringify({ annualStudyHours: { MEMBER: 36 } }) },
      });
      expect((await m.loadLearnerRecord(ids.get("xueyuan")!)).years[0]?.target).toBe(36);
      expect((await m.loadLearnerRecord(ids.get("peiyang")!)).years[0]?.target).toBe(60);
      expect((await m.loadLearnerRecord(ids.get("yubei")!)).years[0]?.target).toBe(40);
      // A broken setting does not break the page.
      await prisma.organization.update({ where: { id: branch.id }, data: { policyJson: "{not json" } });
      expect((await m.loadLearnerRecord(ids.get("xueyuan")!)).years[0]?.target).toBe(40);
    } finally {
      await prisma.organization.update({ where: { id: county.id }, data: { policyJson: county.policyJson } });
      await prisma.organization.update({ where: { id: branch.id }, data: { policyJson: branch.policyJson } });
    }
  });
});

// 学时台账: each learner's entries form a hash chain, so changing, removing or
// reordering any stored entry is detectable. Corrections are new entries.
import { createHash } from "node:crypto";

export type LedgerCategory = "ONLINE_STUDY" | "STATION_SESSION" | "CONCENTRATED_TRAINING" | "CORRECTION";
export const LEDGER_CATEGORIES: readonly LedgerCategory[] = ["ONLINE_STUDY", "STATION_SESSION", "CONCENTRATED_TRAINING", "CORRECTION"];

/** The key under which a completed lesson's hours are written once per learner. */
export function lessonHoursKey(userId: string, lessonId: string) {
  return `lesson-complete:${userId}:${lessonId}`;
}

/** The key under which a learner's part in a station session is written once. */
export function stationHoursKey(userId: string, stationSessionClientId: string) {
  return `station-session:${stationSessionClientId}:${userId}`;
}

/** The hash before a learner's first entry. */
export const GENESIS_HASH = "0".repeat(64);

/** The fields a hash covers: everything that gives an entry its meaning. */
export type LedgerFacts = {
  userId: string;
  sequence: number;
  category: LedgerCategory;
  classHours: number;
  source: string;
  idempotencyKey: string;
  correctsEntryId: string | null;
  occurredAt: Date;
};

export type ChainedEntry = LedgerFacts & { id: string; prevHash: string; hash: string };

export function entryHash(prevHash: string, facts: LedgerFacts): string {
  // A fixed field order and fixed number formatting make the hash reproducible.
  const canonical = JSON.stringify([
    prevHash,
    facts.userId,
    facts.sequence,
    facts.category,
    facts.classHours.toFixed(2),
    facts.source,
    facts.idempotencyKey,
    facts.correctsEntryId,
    facts.occurredAt.toISOString(),
  ]);
  return createHash("sha256").update(canonical).digest("hex");
}

/** The next entry of a chain whose last entry is `last` (undefined for the first). */
export function chainNext(last: Pick<ChainedEntry, "sequence" | "hash"> | undefined, facts: Omit<LedgerFacts, "sequence">) {
  const sequence = (last?.sequence ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const full: LedgerFacts = { ...facts, sequence };
  return { ...full, prevHash, hash: entryHash(prevHash, full) };
}

/** What is wrong: a gap or repeat in the numbering, a link to a previous entry that is not there, or contents changed. */
export type ChainBreakKind = "sequence" | "prevHash" | "hash";
export type ChainBreak = { entryId: string; sequence: number; kind: ChainBreakKind; problem: string };

/** Checks one learner's entries in sequence order; names the first broken one. */
export function verifyChain(entries: readonly ChainedEntry[]): ChainBreak | null {
  let prevHash = GENESIS_HASH;
  let expectedSequence = 1;
  for (const entry of entries) {
    if (entry.sequence !== expectedSequence) {
      return {
        entryId: entry.id,
        sequence: entry.sequence,
        kind: "sequence",
        problem: `sequence ${entry.sequence}, expected ${expectedSequence}`,
      };
    }
    if (entry.prevHash !== prevHash) {
      return { entryId: entry.id, sequence: entry.sequence, kind: "prevHash", problem: "prevHash does not match the previous entry" };
    }
    if (entryHash(prevHash, entry) !== entry.hash) {
      return { entryId: entry.id, sequence: entry.sequence, kind: "hash", problem: "hash does not match the entry's contents" };
    }
    prevHash = entry.hash;
    expectedSequence += 1;
  }
  return null;
}

export type HoursSummary = { total: number; byCategory: Record<LedgerCategory, number> };

export function summarizeHours(entries: readonly Pick<LedgerFacts, "category" | "classHours">[]): HoursSummary {
  const byCategory: Record<LedgerCategory, number> = {
    ONLINE_STUDY: 0,
    STATION_SESSION: 0,
    CONCENTRATED_TRAINING: 0,
    CORRECTION: 0,
  };
  for (const entry of entries) byCategory[entry.category] += entry.classHours;
  const total = Object.values(byCategory).reduce((sum, hours) => sum + hours, 0);
  return { total: Math.round(total * 100) / 100, byCategory };
}

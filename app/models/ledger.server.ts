// The training-hour ledger: append-only, one hash chain per learner.
import { checkCorrection, correctionSource, type CorrectionRefusal } from "~/domain/hours-corrections.ts";
import { chainNext, verifyChain, type ChainBreak, type ChainedEntry, type LedgerCategory } from "~/domain/hours-ledger.ts";
import { getPrisma } from "~/utils/db.server.ts";
import { recordAudit } from "./audit.server.ts";
import { isUniqueViolation } from "./prisma-errors.server.ts";

export type NewLedgerEntry = {
  userId: string;
  category: LedgerCategory;
  classHours: number;
  source: string;
  idempotencyKey: string;
  occurredAt: Date;
  lessonId?: string;
  stationSessionId?: string;
  correctsEntryId?: string;
  recordedById?: string;
};

const CHAIN_SELECT = {
  id: true,
  userId: true,
  sequence: true,
  category: true,
  classHours: true,
  source: true,
  idempotencyKey: true,
  correctsEntryId: true,
  occurredAt: true,
  prevHash: true,
  hash: true,
} as const;

/**
 * Appends an entry, or returns the existing one with the same idempotency key.
 * No transaction: two writers racing for the same sequence number collide on
 * the (userId, sequence) unique constraint and the loser re-reads and retries,
 * which SQLite's WAL handles without lock waits inside a transaction.
 */
export async function appendLedgerEntry(entry: NewLedgerEntry): Promise<{ id: string; created: boolean }> {
  const prisma = await getPrisma();
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const existing = await prisma.hoursLedgerEntry.findUnique({ where: { idempotencyKey: entry.idempotencyKey }, select: { id: true } });
    if (existing) return { id: existing.id, created: false };
    const last = await prisma.hoursLedgerEntry.findFirst({
      where: { userId: entry.userId },
      orderBy: { sequence: "desc" },
      select: { sequence: true, hash: true },
    });
    const chained = chainNext(last ?? undefined, {
      userId: entry.userId,
      category: entry.category,
      classHours: entry.classHours,
      source: entry.source,
      idempotencyKey: entry.idempotencyKey,
      correctsEntryId: entry.correctsEntryId ?? null,
      occurredAt: entry.occurredAt,
    });
    try {
      const created = await prisma.hoursLedgerEntry.create({
        data: {
          ...chained,
          lessonId: entry.lessonId,
          stationSessionId: entry.stationSessionId,
          recordedById: entry.recordedById,
        },
        select: { id: true },
      });
      return { id: created.id, created: true };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw new Error(`ledger append for ${entry.userId} kept colliding; giving up after 20 tries`);
}

export async function listLedgerEntries(userId: string) {
  const prisma = await getPrisma();
  const entries = await prisma.hoursLedgerEntry.findMany({
    where: { userId },
    orderBy: { sequence: "asc" },
    select: { ...CHAIN_SELECT, lesson: { select: { title: true, course: { select: { title: true } } } } },
  });
  // The column is a plain string (decision 002); the domain works with the union.
  return entries.map((entry) => ({ ...entry, category: entry.category as LedgerCategory }));
}

/** A learner's whole chain as the domain checks it. */
export async function ledgerChain(userId: string): Promise<ChainedEntry[]> {
  const prisma = await getPrisma();
  const entries = await prisma.hoursLedgerEntry.findMany({ where: { userId }, orderBy: { sequence: "asc" }, select: CHAIN_SELECT });
  return entries.map((entry) => ({ ...entry, category: entry.category as LedgerCategory }));
}

export async function trainingHours(userId: string): Promise<number> {
  const prisma = await getPrisma();
  const sum = await prisma.hoursLedgerEntry.aggregate({ where: { userId }, _sum: { classHours: true } });
  return Math.round((sum._sum.classHours ?? 0) * 100) / 100;
}

/** Verifies every learner's chain; returns the first break of each broken chain. */
export async function verifyAllChains(): Promise<{ checkedUsers: number; breaks: (ChainBreak & { userId: string })[] }> {
  const prisma = await getPrisma();
  const users = await prisma.hoursLedgerEntry.findMany({ distinct: ["userId"], select: { userId: true } });
  const breaks: (ChainBreak & { userId: string })[] = [];
  for (const { userId } of users) {
    const entries = await prisma.hoursLedgerEntry.findMany({ where: { userId }, orderBy: { sequence: "asc" }, select: CHAIN_SELECT });
    const broken = verifyChain(entries.map((entry) => ({ ...entry, category: entry.category as LedgerCategory })));
    if (broken) breaks.push({ ...broken, userId });
  }
  return { checkedUsers: users.length, breaks };
}

export type CorrectionInput = {
  learnerId: string;
  entryId: string;
  classHours: number;
  reason: string;
  recordedById: string;
  /** From the form, so a resubmitted form (a retry, a double tap) appends nothing more. */
  idempotencyKey: string;
  occurredAt?: Date;
};

export type CorrectionOutcome = { ok: true; id: string; created: boolean } | { ok: false; refusals: CorrectionRefusal[] };

/**
 * 学时更正: appends a CORRECTION entry referring to `entryId`, after
 * app/domain/hours-corrections.ts has agreed, and writes who did it and why
 * to the audit log. Nothing already in the ledger is changed.
 *
 * The audit row follows the append rather than sharing a transaction with it
 * (decision 002 keeps appends out of transactions); the entry itself already
 * names who (`recordedById`) and why (`source`, under the hash).
 *
 * Two admins correcting the same entry in the same instant could both pass the
 * net-hours check; corrections are rare and both would be on the audit log, so
 * this is accepted rather than serialised (decision 008).
 */
export async function correctLedgerEntry(input: CorrectionInput): Promise<CorrectionOutcome> {
  const prisma = await getPrisma();
  const key = `correction:${input.idempotencyKey}`;
  // A replay of a correction that went through is a success, not a refusal
  // (the net-hours check would otherwise refuse the same form the second time).
  const replay = await prisma.hoursLedgerEntry.findUnique({ where: { idempotencyKey: key }, select: { id: true, userId: true } });
  if (replay) {
    // Keys are fresh UUIDs per form; one reused for another learner is a forged form.
    if (replay.userId !== input.learnerId) throw new Error(`correction key ${input.idempotencyKey} belongs to another learner`);
    return { ok: true, id: replay.id, created: false };
  }

  const target = await prisma.hoursLedgerEntry.findUnique({
    where: { id: input.entryId },
    select: { userId: true, category: true, classHours: true, correctedBy: { select: { classHours: true } } },
  });
  const refusals = checkCorrection(
    target
      ? {
          userId: target.userId,
          category: target.category as LedgerCategory,
          classHours: target.classHours,
          earlierCorrections: target.correctedBy.map((correction) => correction.classHours),
        }
      : null,
    { learnerId: input.learnerId, classHours: input.classHours, reason: input.reason },
  );
  if (refusals.length > 0) return { ok: false, refusals };

  const reason = input.reason.trim();
  const appended = await appendLedgerEntry({
    userId: input.learnerId,
    category: "CORRECTION",
    classHours: input.classHours,
    source: correctionSource(reason),
    idempotencyKey: key,
    occurredAt: input.occurredAt ?? new Date(),
    correctsEntryId: input.entryId,
    recordedById: input.recordedById,
  });
  if (appended.created) {
    const learner = await prisma.user.findUnique({ where: { id: input.learnerId }, select: { homeOrgId: true } });
    await recordAudit({
      actorId: input.recordedById,
      orgId: learner?.homeOrgId ?? null,
      action: "ledger.correct",
      entityType: "HoursLedgerEntry",
      entityId: appended.id,
      details: { learnerId: input.learnerId, correctsEntryId: input.entryId, classHours: input.classHours, reason },
    });
  }
  return { ok: true, ...appended };
}

export async function lessonLedgerEntry(userId: string, lessonId: string) {
  const prisma = await getPrisma();
  return prisma.hoursLedgerEntry.findFirst({
    where: { userId, lessonId, category: "ONLINE_STUDY" },
    select: { id: true, classHours: true, occurredAt: true },
  });
}

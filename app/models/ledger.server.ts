// The training-hour ledger: append-only, one hash chain per learner.
import { chainNext, verifyChain, type ChainBreak, type LedgerCategory } from "~/domain/hours-ledger.ts";
import { getPrisma } from "~/utils/db.server.ts";
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
  return prisma.hoursLedgerEntry.findMany({
    where: { userId },
    orderBy: { sequence: "asc" },
    select: { ...CHAIN_SELECT, lesson: { select: { title: true, course: { select: { title: true } } } } },
  });
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

export async function lessonLedgerEntry(userId: string, lessonId: string) {
  const prisma = await getPrisma();
  return prisma.hoursLedgerEntry.findFirst({
    where: { userId, lessonId, category: "ONLINE_STUDY" },
    select: { id: true, classHours: true, occurredAt: true },
  });
}

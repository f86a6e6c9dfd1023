// 合并人员记录: the kept record takes over every row the other held, in one
// transaction with its audit entries; the other is closed and points to the kept
// one. The rules are in app/domain/people-merge.ts.
import { chainNext, type LedgerCategory } from "~/domain/hours-ledger.ts";
import {
  carriedHours,
  combinedRings,
  combinedWatch,
  fieldsTaken,
  mergeProblems,
  renumberedAttempts,
  type MergeProblem,
  type PersonFacts,
} from "~/domain/people-merge.ts";
import { isoDate, maskIdCard } from "~/domain/people.ts";
import type { Prisma } from "~/generated/prisma/client.ts";
import { getPrisma } from "~/utils/db.server.ts";
import { enqueueEligibility, enqueueHoursMany, queueOrLeaveForSweep } from "~/utils/queues.server.ts";
import { recordAudit } from "./audit.server.ts";
import { isUniqueViolation } from "./prisma-errors.server.ts";

type Db = Prisma.TransactionClient;

const SIDE_SELECT = {
  id: true,
  name: true,
  username: true,
  phone: true,
  idCardNumber: true,
  gender: true,
  birthDate: true,
  ethnicity: true,
  education: true,
  occupation: true,
  stage: true,
  stageSince: true,
  activistTier: true,
  mergedIntoId: true,
  deactivatedAt: true,
  homeOrgId: true,
  homeOrg: { select: { name: true, path: true } },
  _count: {
    select: {
      milestones: true,
      lessonProgress: true,
      attempts: true,
      ledger: true,
      attendances: true,
      stationVisitorLinks: true,
      thoughtReports: true,
      roles: true,
    },
  },
} as const;

async function readSide(db: Db, personId: string, roots: readonly string[]) {
  const person = await db.user.findUnique({ where: { id: personId }, select: SIDE_SELECT });
  if (!person) return null;
  const hours = await db.hoursLedgerEntry.aggregate({ where: { userId: personId }, _sum: { classHours: true } });
  const path = person.homeOrg?.path;
  return {
    ...person,
    hours: Math.round((hours._sum.classHours ?? 0) * 100) / 100,
    reachable: path !== undefined && roots.some((root) => path.startsWith(root)),
  };
}

type Side = NonNullable<Awaited<ReturnType<typeof readSide>>>;

const asFacts = (side: Side): PersonFacts & { milestones: number } => ({ ...side, milestones: side._count.milestones });
const asMergeSide = (side: Side) => ({ ...side, milestones: side._count.milestones });

/** The two records side by side, what the kept one would take, and why they may not be merged, if so. */
export async function mergePreview(keptId: string, otherId: string, roots: readonly string[]) {
  const prisma = await getPrisma();
  const [kept, other] = await Promise.all([readSide(prisma, keptId, roots), readSide(prisma, otherId, roots)]);
  if (!kept || !other) return null;
  const problems = mergeProblems(asMergeSide(kept), asMergeSide(other));
  const { taken, differing } = fieldsTaken(asFacts(kept), asFacts(other));
  const shown = (side: Side) => {
    const { idCardNumber, ...rest } = side;
    return { ...rest, idCardMasked: idCardNumber ? maskIdCard(idCardNumber) : null };
  };
  return { kept: shown(kept), other: shown(other), problems, taken: Object.keys(taken), differing };
}

/** People of the admin's subtrees another record might be merged with: by name, phone or ID-card number. */
export async function mergeCandidates(personId: string, roots: readonly string[], search: string) {
  const prisma = await getPrisma();
  const person = await prisma.user.findUniqueOrThrow({ where: { id: personId }, select: { name: true } });
  const text = search.trim();
  const people = await prisma.user.findMany({
    where: {
      id: { not: personId },
      mergedIntoId: null,
      homeOrg: { OR: roots.map((root) => ({ path: { startsWith: root } })) },
      OR: text
        ? [{ name: { contains: text } }, { phone: { contains: text } }, { idCardNumber: text.toUpperCase() }]
        : [{ name: person.name }],
    },
    orderBy: { name: "asc" },
    take: 50,
    select: { id: true, name: true, phone: true, birthDate: true, deactivatedAt: true, homeOrg: { select: { name: true } } },
  });
  return people.map((candidate) => ({
    id: candidate.id,
    name: candidate.name,
    phone: candidate.phone,
    birthDate: candidate.birthDate ? isoDate(candidate.birthDate) : null,
    deactivated: candidate.deactivatedAt !== null,
    orgName: candidate.homeOrg?.name ?? "",
  }));
}

export type MergeOutcome = { ok: true; carriedHours: number; skippedHours: number } | { ok: false; problems: MergeProblem[] };

/**
 * Merges `otherId` into `keptId`. Everything is written in one transaction; a writer
 * that appended to the kept person's ledger meanwhile makes it fail on the chain's
 * unique key, and it is taken again from the start.
 */
export async function mergePeople(input: {
  keptId: string;
  otherId: string;
  roots: readonly string[];
  actorId: string;
}): Promise<MergeOutcome> {
  const prisma = await getPrisma();
  for (let attempt = 0; ; attempt += 1) {
    try {
      const outcome = await prisma.$transaction((tx) => mergeIn(tx, input));
      if (outcome.ok) await followUp(input.keptId);
      return outcome;
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 4) throw error;
    }
  }
}

async function mergeIn(
  tx: Db,
  input: { keptId: string; otherId: string; roots: readonly string[]; actorId: string },
): Promise<MergeOutcome> {
  const [kept, other] = await Promise.all([readSide(tx, input.keptId, input.roots), readSide(tx, input.otherId, input.roots)]);
  if (!kept || !other) return { ok: false, problems: [{ code: "outside" }] };
  const problems = mergeProblems(asMergeSide(kept), asMergeSide(other));
  if (problems.length > 0) return { ok: false, problems };
  const { taken, differing } = fieldsTaken(asFacts(kept), asFacts(other));
  const accountMoves = kept.username === null && other.username !== null;
  const keptId = kept.id;
  const otherId = other.id;

  // The other record lets go of what is unique first, so the kept one can take it.
  await tx.user.update({
    where: { id: otherId },
    data: { phone: null, idCardNumber: null, username: null, mergedIntoId: keptId, deactivatedAt: other.deactivatedAt ?? new Date() },
  });
  await tx.user.update({ where: { id: keptId }, data: { ...taken, ...(accountMoves ? { username: other.username } : {}) } });
  if (accountMoves) await tx.password.updateMany({ where: { userId: otherId }, data: { userId: keptId } });
  await tx.session.deleteMany({ where: { userId: otherId } });

  const moved = {
    roles: await moveUnlessHeld(
      await tx.roleAssignment.findMany({ where: { userId: otherId }, select: { id: true, orgId: true, role: true } }),
      new Set((await tx.roleAssignment.findMany({ where: { userId: keptId } })).map((held) => `${held.orgId}:${held.role}`)),
      (row) => `${row.orgId}:${row.role}`,
      (row) => tx.roleAssignment.update({ where: { id: row.id }, data: { userId: keptId } }),
    ),
    stationsOperated: await moveUnlessHeld(
      await tx.stationOperator.findMany({ where: { userId: otherId } }),
      new Set((await tx.stationOperator.findMany({ where: { userId: keptId } })).map((row) => row.stationId)),
      (row) => row.stationId,
      (row) =>
        tx.stationOperator.update({ where: { stationId_userId: { stationId: row.stationId, userId: otherId } }, data: { userId: keptId } }),
    ),
    attendances: await moveUnlessHeld(
      await tx.stationAttendance.findMany({ where: { userId: otherId }, select: { id: true, sessionId: true } }),
      new Set((await tx.stationAttendance.findMany({ where: { userId: keptId } })).map((row) => row.sessionId)),
      (row) => row.sessionId,
      (row) => tx.stationAttendance.update({ where: { id: row.id }, data: { userId: keptId } }),
    ),
    lessons: await mergeLessonProgress(tx, keptId, otherId),
    films: await mergeWatchProgress(tx, keptId, otherId),
    attempts: await moveAttempts(tx, keptId, otherId),
    ...(await repoint(tx, keptId, otherId)),
  };
  // A verdict is computed from the records; the kept person's is computed again from all of them.
  await tx.eligibilityResult.deleteMany({ where: { userId: { in: [keptId, otherId] } } });
  const hours = await carryHours(tx, keptId, otherId, input.actorId);

  const details = {
    kept: { id: keptId, name: kept.name },
    merged: {
      id: otherId,
      name: other.name,
      phone: other.phone,
      username: other.username,
      idCard: other.idCardNumber ? maskIdCard(other.idCardNumber) : null,
    },
    taken: Object.keys(taken),
    differing,
    accountMoved: accountMoves,
    moved,
    carriedHours: hours.carriedHours,
    skippedHours: hours.skippedHours,
  };
  for (const entityId of [keptId, otherId])
    await recordAudit(
      { actorId: input.actorId, orgId: kept.homeOrgId, action: "person.merged", entityType: "User", entityId, details },
      tx,
    );
  return { ok: true, ...hours };
}

/** Moves each row the kept person has no row of the same kind for; a duplicate stays with the closed record. */
async function moveUnlessHeld<Row>(rows: Row[], held: Set<string>, keyOf: (row: Row) => string, move: (row: Row) => Promise<unknown>) {
  let count = 0;
  for (const row of rows) {
    if (held.has(keyOf(row))) continue;
    await move(row);
    count += 1;
  }
  return count;
}

async function mergeLessonProgress(tx: Db, keptId: string, otherId: string) {
  const keptRows = new Map((await tx.lessonProgress.findMany({ where: { userId: keptId } })).map((row) => [row.lessonId, row]));
  const otherRows = await tx.lessonProgress.findMany({ where: { userId: otherId } });
  for (const row of otherRows) {
    const mine = keptRows.get(row.lessonId);
    if (mine) await tx.lessonProgress.update({ where: { id: mine.id }, data: combinedRings(mine, row) });
    else await tx.lessonProgress.update({ where: { id: row.id }, data: { userId: keptId } });
  }
  return otherRows.length;
}

async function mergeWatchProgress(tx: Db, keptId: string, otherId: string) {
  const keptRows = new Map((await tx.watchProgress.findMany({ where: { userId: keptId } })).map((row) => [row.lessonId, row]));
  const otherRows = await tx.watchProgress.findMany({ where: { userId: otherId } });
  const facts = (row: (typeof otherRows)[number]) => ({
    intervals: JSON.parse(row.intervalsJson) as [number, number][],
    lastPosition: row.lastPosition,
    lastHeartbeatAt: row.lastHeartbeatAt,
  });
  for (const row of otherRows) {
    const mine = keptRows.get(row.lessonId);
    if (!mine) {
      await tx.watchProgress.update({ where: { id: row.id }, data: { userId: keptId } });
      continue;
    }
    const { intervals, ...rest } = combinedWatch(facts(mine), facts(row));
    await tx.watchProgress.update({ where: { id: mine.id }, data: { ...rest, intervalsJson: JSON.stringify(intervals) } });
  }
  return otherRows.length;
}

async function moveAttempts(tx: Db, keptId: string, otherId: string) {
  const highest = await tx.quizAttempt.groupBy({ by: ["lessonId"], where: { userId: keptId }, _max: { attemptNumber: true } });
  const attempts = await tx.quizAttempt.findMany({
    where: { userId: otherId },
    select: { id: true, lessonId: true, attemptNumber: true, submittedAt: true },
  });
  const numbered = renumberedAttempts(new Map(highest.map((row) => [row.lessonId, row._max.attemptNumber ?? 0])), attempts);
  for (const attempt of numbered)
    await tx.quizAttempt.update({ where: { id: attempt.id }, data: { userId: keptId, attemptNumber: attempt.attemptNumber } });
  await tx.quizDraw.updateMany({ where: { userId: otherId }, data: { userId: keptId } });
  return numbered.length;
}

/** The rows with no key of their own to collide on: each simply names the kept person now. */
async function repoint(tx: Db, keptId: string, otherId: string) {
  const to = { userId: keptId };
  const from = { userId: otherId };
  const counts = await Promise.all([
    tx.developmentMilestone.updateMany({ where: from, data: to }),
    tx.thoughtReport.updateMany({ where: from, data: to }),
    tx.opinionPoll.updateMany({ where: from, data: to }),
    tx.branchVote.updateMany({ where: from, data: to }),
    tx.publicNotice.updateMany({ where: from, data: to }),
    tx.entrustedTraining.updateMany({ where: from, data: to }),
    tx.orgTransfer.updateMany({ where: from, data: to }),
    tx.stationVisitor.updateMany({ where: from, data: to }),
    tx.discussionPost.updateMany({ where: { authorId: otherId }, data: { authorId: keptId } }),
    tx.cultivationContact.updateMany({ where: { learnerId: otherId }, data: { learnerId: keptId } }),
    tx.cultivationContact.updateMany({ where: { contactId: otherId }, data: { contactId: keptId } }),
  ]);
  const [milestones, thoughtReports, polls, votes, notices, entrusted, transfers, visitors, posts, contacts, cultivating] = counts.map(
    (result) => result.count,
  );
  return { milestones, thoughtReports, polls, votes, notices, entrusted, transfers, visitors, posts, contacts, cultivating };
}

/** Appends the other's hours to the kept person's chain (app/domain/people-merge.ts says which); neither chain is rewritten. */
async function carryHours(tx: Db, keptId: string, otherId: string, actorId: string) {
  const [lines, keptKeys, last] = await Promise.all([
    tx.hoursLedgerEntry.findMany({ where: { userId: otherId }, orderBy: { sequence: "asc" } }),
    tx.hoursLedgerEntry.findMany({ where: { userId: keptId }, select: { idempotencyKey: true } }),
    tx.hoursLedgerEntry.findFirst({ where: { userId: keptId }, orderBy: { sequence: "desc" }, select: { sequence: true, hash: true } }),
  ]);
  const { carried, skipped } = carriedHours(
    lines.map((line) => ({ ...line, category: line.category as LedgerCategory })),
    new Set(keptKeys.map((row) => row.idempotencyKey)),
    { keptId, otherId },
  );
  let previous = last ?? undefined;
  for (const entry of carried) {
    const chained = chainNext(previous, { ...entry, userId: keptId, correctsEntryId: null });
    await tx.hoursLedgerEntry.create({
      data: { ...chained, lessonId: entry.lessonId, stationSessionId: entry.stationSessionId, recordedById: actorId },
    });
    previous = chained;
  }
  const total = (hours: { classHours: number }[]) => Math.round(hours.reduce((sum, entry) => sum + entry.classHours, 0) * 100) / 100;
  return { carriedHours: total(carried), skippedHours: total(skipped) };
}

/** After the commit: the kept person's verdict again, and hours for a lesson only the combined record completes. */
async function followUp(keptId: string) {
  const prisma = await getPrisma();
  const completed = await prisma.lessonProgress.findMany({
    where: { userId: keptId, completedAt: { not: null } },
    select: { lessonId: true },
  });
  await queueOrLeaveForSweep(() => enqueueHoursMany(completed.map((row) => ({ userId: keptId, lessonId: row.lessonId }))), {
    what: "hours after a merge",
    keptId,
  });
  await queueOrLeaveForSweep(() => enqueueEligibility(keptId, "records merged"), { what: "eligibility after a merge", keptId });
}

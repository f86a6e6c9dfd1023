// What a learner (or his trainer) sees of his record: hours, completions, eligibility.
import type { Role } from "~/domain/access.ts";
import { correctionReason, netHours } from "~/domain/hours-corrections.ts";
import { summarizeHours } from "~/domain/hours-ledger.ts";
import { annualTargetsFrom, studyGroupFor, yearlyProgress } from "~/domain/study-targets.ts";
import { getPrisma } from "~/utils/db.server.ts";
import { getEligibility } from "./eligibility.server.ts";
import { listLedgerEntries } from "./ledger.server.ts";
import { policyDocumentsAlong } from "./org-policy.server.ts";
import { beijingDate, beijingYear } from "~/domain/calendar.ts";

/** The settings documents of an organization and its ancestors, root first. */
async function policiesAlong(orgPath: string | undefined): Promise<unknown[]> {
  return orgPath ? (await policyDocumentsAlong(orgPath)).map((org) => org.document) : [];
}

type LedgerRows = Awaited<ReturnType<typeof listLedgerEntries>>;

/** What a ledger row says, in words: the lesson, or for a correction the entry it corrects and why. */
export function describeEntries(entries: LedgerRows) {
  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  const correctionsOf = new Map<string, number[]>();
  for (const entry of entries) {
    if (entry.correctsEntryId)
      correctionsOf.set(entry.correctsEntryId, [...(correctionsOf.get(entry.correctsEntryId) ?? []), entry.classHours]);
  }
  const titleOf = (entry: LedgerRows[number]) => (entry.lesson ? `${entry.lesson.course.title} · ${entry.lesson.title}` : entry.source);
  return entries.map((entry) => {
    const corrected = entry.correctsEntryId ? byId.get(entry.correctsEntryId) : undefined;
    const corrections = correctionsOf.get(entry.id) ?? [];
    return {
      id: entry.id,
      sequence: entry.sequence,
      occurredAt: beijingDate(entry.occurredAt),
      category: entry.category,
      classHours: entry.classHours,
      title: corrected ? titleOf(corrected) : titleOf(entry),
      corrects: corrected ? { id: corrected.id, occurredAt: beijingDate(corrected.occurredAt) } : null,
      reason: entry.category === "CORRECTION" ? correctionReason(entry.source) : null,
      /** Hours after the corrections made to this entry; what a further correction may take away. */
      netHours: netHours({ classHours: entry.classHours, earlierCorrections: corrections }),
      corrected: corrections.length > 0,
    };
  });
}

export async function loadLearnerRecord(userId: string, now = new Date()) {
  const prisma = await getPrisma();
  const [person, entries, eligibility, completed] = await Promise.all([
    prisma.user.findUniqueOrThrow({
      where: { id: userId },
      select: { id: true, name: true, stage: true, homeOrg: { select: { name: true, path: true } }, roles: { select: { role: true } } },
    }),
    listLedgerEntries(userId),
    getEligibility(userId),
    prisma.lessonProgress.count({ where: { userId, completedAt: { not: null } } }),
  ]);
  const summary = summarizeHours(entries);
  const studyGroup = studyGroupFor(person.roles.map((held) => held.role as Role));
  const targets = annualTargetsFrom(await policiesAlong(person.homeOrg?.path));
  return {
    person: { id: person.id, name: person.name, stage: person.stage, homeOrg: person.homeOrg ? { name: person.homeOrg.name } : null },
    completedLessons: completed,
    summary,
    studyGroup,
    years: yearlyProgress(entries, targets[studyGroup], beijingYear(now)),
    entries: describeEntries(entries),
    eligibility: eligibility.map((result) => ({
      nextStage: result.nextStage,
      status: result.status,
      earliestOn: result.earliestOn,
      reasons: result.reasons,
    })),
  };
}

export type LearnerRecordData = Awaited<ReturnType<typeof loadLearnerRecord>>;

/** Learners whose home branch or training branch lies in one of the given subtrees. */
export async function listLearnersIn(orgPaths: string[]) {
  if (orgPaths.length === 0) return [];
  const prisma = await getPrisma();
  const inSubtree = orgPaths.map((path) => ({ path: { startsWith: path } }));
  const learners = await prisma.user.findMany({
    where: {
      // A deactivated record (a merged one among them) is nobody's learner any more: his hours would count twice.
      deactivatedAt: null,
      OR: [{ homeOrg: { OR: inSubtree } }, { entrustedTraining: { some: { endedOn: null, trainingOrg: { OR: inSubtree } } } }],
    },
    orderBy: { name: "asc" },
    take: 500,
    select: {
      id: true,
      name: true,
      stage: true,
      homeOrg: { select: { name: true } },
      _count: { select: { lessonProgress: { where: { completedAt: { not: null } } } } },
    },
  });
  const hours = await prisma.hoursLedgerEntry.groupBy({
    by: ["userId"],
    where: { userId: { in: learners.map((learner) => learner.id) } },
    _sum: { classHours: true },
  });
  const hoursByUser = new Map(hours.map((row) => [row.userId, row._sum.classHours ?? 0]));
  return learners.map((learner) => ({
    id: learner.id,
    name: learner.name,
    stage: learner.stage,
    branch: learner.homeOrg?.name ?? "",
    completedLessons: learner._count.lessonProgress,
    hours: Math.round((hoursByUser.get(learner.id) ?? 0) * 100) / 100,
  }));
}

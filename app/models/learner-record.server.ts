// What a learner (or his trainer) sees of his record: hours, completions, eligibility.
import { summarizeHours, type LedgerCategory } from "~/domain/hours-ledger.ts";
import { getPrisma } from "~/utils/db.server.ts";
import { getEligibility } from "./eligibility.server.ts";
import { listLedgerEntries } from "./ledger.server.ts";

export async function loadLearnerRecord(userId: string) {
  const prisma = await getPrisma();
  const [person, entries, eligibility, completed] = await Promise.all([
    prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, name: true, stage: true, homeOrg: { select: { name: true } } } }),
    listLedgerEntries(userId),
    getEligibility(userId),
    prisma.lessonProgress.count({ where: { userId, completedAt: { not: null } } }),
  ]);
  const summary = summarizeHours(entries.map((entry) => ({ category: entry.category as LedgerCategory, classHours: entry.classHours })));
  return {
    person,
    completedLessons: completed,
    summary,
    entries: entries.map((entry) => ({
      id: entry.id,
      occurredAt: entry.occurredAt.toISOString().slice(0, 10),
      category: entry.category,
      classHours: entry.classHours,
      title: entry.lesson ? `${entry.lesson.course.title} · ${entry.lesson.title}` : entry.source,
    })),
    eligibility: eligibility.map((result) => ({
      nextStage: result.nextStage,
      status: result.status,
      earliestOn: result.earliestOn?.toISOString().slice(0, 10) ?? null,
      reasons: JSON.parse(result.reasonsJson) as { rule: string; article: string; evidence: string; remedy: string }[],
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
      OR: [
        { homeOrg: { OR: inSubtree } },
        { entrustedTraining: { some: { endedOn: null, trainingOrg: { OR: inSubtree } } } },
      ],
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

// 思想汇报 in the database: the learner hands one in, his contact (or a trainer)
// answers it, audited.
import { getPrisma } from "~/utils/db.server.ts";
import { recordAudit } from "./audit.server.ts";

export async function submitThoughtReport(userId: string, body: string) {
  const prisma = await getPrisma();
  return prisma.thoughtReport.create({ data: { userId, body: body.trim() }, select: { id: true } });
}

export async function listThoughtReports(userId: string) {
  const prisma = await getPrisma();
  return prisma.thoughtReport.findMany({
    where: { userId },
    orderBy: { submittedAt: "desc" },
    take: 100,
    select: { id: true, body: true, submittedAt: true, comment: true, reviewedAt: true, reviewer: { select: { name: true } } },
  });
}

export async function findThoughtReport(reportId: string) {
  const prisma = await getPrisma();
  return prisma.thoughtReport.findUnique({ where: { id: reportId }, select: { id: true, userId: true, reviewedAt: true } });
}

/** The contact's (or a trainer's) answer to a report; a later comment replaces an earlier one, and both are audited. */
export async function commentOnThoughtReport(params: { reportId: string; reviewerId: string; comment: string; learnerId: string }) {
  const prisma = await getPrisma();
  await prisma.$transaction(async (tx) => {
    await tx.thoughtReport.update({
      where: { id: params.reportId },
      data: { comment: params.comment.trim(), reviewerId: params.reviewerId, reviewedAt: new Date() },
    });
    await recordAudit(
      {
        actorId: params.reviewerId,
        action: "development.thought_report.commented",
        entityType: "ThoughtReport",
        entityId: params.reportId,
        details: { learnerId: params.learnerId, comment: params.comment.trim() },
      },
      tx,
    );
  });
}

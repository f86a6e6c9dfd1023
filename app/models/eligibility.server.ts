// Recomputes and stores a person's eligibility verdict from his records.
import { evaluateEligibility, RULE_SET_VERSION, type DevelopmentStage } from "~/domain/eligibility.ts";
import { getPrisma } from "~/utils/db.server.ts";
import { trainingHours } from "./ledger.server.ts";

export async function recomputeEligibility(userId: string, today = new Date()) {
  const prisma = await getPrisma();
  const person = await prisma.user.findUnique({ where: { id: userId }, select: { stage: true, stageSince: true } });
  if (!person) return null;
  const verdict = evaluateEligibility(
    { stage: person.stage as DevelopmentStage, stageSince: person.stageSince, trainingHours: await trainingHours(userId) },
    today,
  );
  if (!verdict) return null;
  const data = {
    status: verdict.status,
    earliestOn: verdict.earliestOn,
    reasonsJson: JSON.stringify(verdict.reasons),
    ruleSetVersion: RULE_SET_VERSION,
    computedAt: today,
  };
  await prisma.eligibilityResult.upsert({
    where: { userId_nextStage: { userId, nextStage: verdict.nextStage } },
    create: { userId, nextStage: verdict.nextStage, ...data },
    update: data,
  });
  return verdict;
}

export async function getEligibility(userId: string) {
  const prisma = await getPrisma();
  return prisma.eligibilityResult.findMany({
    where: { userId },
    select: { nextStage: true, status: true, earliestOn: true, reasonsJson: true, computedAt: true },
  });
}

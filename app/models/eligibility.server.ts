// Recomputes and stores a person's eligibility verdict from his records.

import { RULE_SET_VERSION } from "~/domain/development/rule-set.ts";
import { getPrisma } from "~/utils/db.server.ts";
import { judgePerson } from "./development.server.ts";
import { isoDay } from "~/domain/calendar.ts";

export async function recomputeEligibility(userId: string, today = new Date()) {
  const prisma = await getPrisma();
  const verdict = await judgePerson(userId, today);
  if (!verdict) {
    // Off the path or at its end: an old verdict about a step he has taken no longer applies.
    await prisma.eligibilityResult.deleteMany({ where: { userId } });
    return null;
  }
  const previous = await prisma.eligibilityResult.findUnique({
    where: { userId_nextStage: { userId, nextStage: verdict.nextStage } },
    select: { status: true, eligibleSince: true },
  });
  const eligibleSince = verdict.status !== "ELIGIBLE" ? null : previous?.status === "ELIGIBLE" ? previous.eligibleSince : today;
  const data = {
    status: verdict.status,
    eligibleSince,
    earliestOn: verdict.earliestOn,
    reasonsJson: JSON.stringify(verdict.reasons.map(({ metOn, ...reason }) => ({ ...reason, ...(metOn ? { metOn: isoDay(metOn) } : {}) }))),
    ruleSetVersion: RULE_SET_VERSION,
    computedAt: today,
  };
  await prisma.$transaction([
    // One verdict per person: the one about his next step.
    prisma.eligibilityResult.deleteMany({ where: { userId, nextStage: { not: verdict.nextStage } } }),
    prisma.eligibilityResult.upsert({
      where: { userId_nextStage: { userId, nextStage: verdict.nextStage } },
      create: { userId, nextStage: verdict.nextStage, ...data },
      update: data,
    }),
  ]);
  return verdict;
}

export async function getEligibility(userId: string) {
  const prisma = await getPrisma();
  return prisma.eligibilityResult.findMany({
    where: { userId },
    select: { nextStage: true, status: true, earliestOn: true, reasonsJson: true, computedAt: true },
  });
}

// Recomputes and stores a person's eligibility verdict from his records, and
// reads stored verdicts back. A stored verdict carries the rule-set version it
// was computed under: one of another version (or in an older shape) is stale
// and is never shown as it is; it is judged afresh from the records instead,
// and rewritten by the next recompute.
import { isoDay } from "~/domain/calendar.ts";
import type { Stage, Status } from "~/domain/development/evaluate.ts";
import { RULE_SET_VERSION } from "~/domain/development/rule-set.ts";
import { getPrisma } from "~/utils/db.server.ts";
import { judgePerson } from "./development.server.ts";
import { readStoredReasons, storedReason, type ShownReason } from "./verdict-json.server.ts";

export async function recomputeEligibility(userId: string, today = new Date()) {
  const prisma = await getPrisma();
  const record = await prisma.user.findUnique({ where: { id: userId }, select: { mergedIntoId: true } });
  // A merged record's steps are the kept record's now: a job queued before the merge judges nobody.
  const verdict = record?.mergedIntoId ? null : await judgePerson(userId, today);
  if (!verdict) {
    // Off the path or at its end (or merged): an old verdict about a step he has taken no longer applies.
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
    reasonsJson: JSON.stringify(verdict.reasons.map(storedReason)),
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

export type ShownVerdict = {
  nextStage: Stage;
  status: Status;
  earliestOn: string | null;
  eligibleSince: string | null;
  reasons: ShownReason[];
  computedAt: string;
};

/** A person's verdict about his next step: the stored one, or when it is stale, judged afresh from his records. */
export async function getEligibility(userId: string, today = new Date()): Promise<ShownVerdict[]> {
  const prisma = await getPrisma();
  const rows = await prisma.eligibilityResult.findMany({
    where: { userId },
    select: {
      nextStage: true,
      status: true,
      earliestOn: true,
      eligibleSince: true,
      reasonsJson: true,
      ruleSetVersion: true,
      computedAt: true,
    },
  });
  const shown: ShownVerdict[] = [];
  for (const row of rows) {
    const reasons = readStoredReasons(row);
    if (reasons) {
      shown.push({
        nextStage: row.nextStage as Stage,
        status: row.status as Status,
        earliestOn: row.earliestOn ? isoDay(row.earliestOn) : null,
        eligibleSince: row.eligibleSince ? isoDay(row.eligibleSince) : null,
        reasons,
        computedAt: row.computedAt.toISOString(),
      });
      continue;
    }
    const verdict = await judgePerson(userId, new Date(`${isoDay(today)}T00:00:00Z`));
    if (verdict) {
      shown.push({
        nextStage: verdict.nextStage,
        status: verdict.status,
        earliestOn: verdict.earliestOn ? isoDay(verdict.earliestOn) : null,
        eligibleSince: null,
        reasons: verdict.reasons.map(storedReason),
        computedAt: today.toISOString(),
      });
    }
  }
  return shown;
}

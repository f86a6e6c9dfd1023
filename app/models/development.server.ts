// 发展党员记录 in the database: the facts the engine judges, the organization
// that leads a person's development, recording a step with who recorded it
// (audit) in the same transaction, the timeline and the development desk's
// list. The policy lives in org-policy.server.ts, thought reports in
// thought-report.server.ts, stored verdicts in eligibility.server.ts.
import type { ConcentratedTraining } from "~/domain/development/concentrated-training.ts";

import { dueItems } from "~/domain/development/due.ts";
import { evaluate, noFacts, type Facts, type Purpose, type Stage } from "~/domain/development/evaluate.ts";
import { applyMilestone, checkRecord, fillStageDate, RECORD_KINDS, type AnyRecordInput } from "~/domain/development/records.ts";
import type { Problem } from "~/utils/problems.ts";
import type { Prisma } from "~/generated/prisma/client.ts";
import { getPrisma } from "~/utils/db.server.ts";
import { recordAudit } from "./audit.server.ts";
import { appendLedgerEntry } from "./ledger.server.ts";
import { policyForPath } from "./org-policy.server.ts";
import { readStoredReasons, storedReason } from "./verdict-json.server.ts";
import { beijingDate, isoDay } from "~/domain/calendar.ts";

type Db = Prisma.TransactionClient;

/** A milestone's details as its form sent them; a row that no longer reads counts as none. */
function details(json: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Everything recorded about a person, as the engine's facts. */
export async function loadFacts(userId: string, db?: Db): Promise<Facts | null> {
  const prisma = db ?? (await getPrisma());
  const person = await prisma.user.findUnique({
    where: { id: userId },
    select: {
      stage: true,
      stageSince: true,
      birthDate: true,
      milestones: { orderBy: [{ occurredOn: "asc" }, { createdAt: "asc" }], select: { step: true, occurredOn: true, detailsJson: true } },
      contacts: { where: { endedOn: null }, select: { id: true } },
      thoughtReports: { select: { submittedAt: true } },
      polls: { select: { purpose: true, scope: true, approve: true, total: true, heldOn: true } },
      votes: { select: { purpose: true, heldOn: true, entitledMembers: true, present: true, yesVotes: true, advanceYes: true } },
    },
  });
  if (!person) return null;
  const [notices, trainingEntries, completedCourses] = await Promise.all([
    prisma.publicNotice.findMany({
      where: { userId },
      select: { purpose: true, startsOn: true, endsOn: true, objections: true, objectionsCleared: true },
    }),
    prisma.hoursLedgerEntry.findMany({
      where: {
        userId,
        OR: [{ category: "CONCENTRATED_TRAINING" }, { category: "CORRECTION", corrects: { category: "CONCENTRATED_TRAINING" } }],
      },
      select: { classHours: true },
    }),
    completedCourseSlugs(userId, prisma),
  ]);

  const facts: Facts = {
    ...noFacts(),
    stage: person.stage as Stage,
    birthDate: person.birthDate,
    contacts: person.contacts.length,
    thoughtReports: person.thoughtReports.map((report) => report.submittedAt),
    concentratedTrainingHours: Math.round(trainingEntries.reduce((sum, entry) => sum + entry.classHours, 0) * 100) / 100,
    completedCourses,
    polls: person.polls.map((poll) => ({ ...poll, purpose: poll.purpose as Purpose, scope: poll.scope as "RESIDENCE" | "WORKPLACE" })),
    notices: notices.map((notice) => ({ ...notice, purpose: notice.purpose as Purpose })),
    votes: person.votes.map((vote) => ({
      purpose: vote.purpose as Purpose,
      heldOn: vote.heldOn,
      entitled: vote.entitledMembers,
      present: vote.present,
      yes: vote.yesVotes,
      advanceYes: vote.advanceYes,
    })),
  };
  // Milestones in date order: a later record of the same kind replaces an earlier one.
  for (const milestone of person.milestones) applyMilestone(facts, milestone.step, milestone.occurredOn, details(milestone.detailsJson));
  // Records are calendar days; a stage date stored with a time of day is read as its day in Beijing.
  fillStageDate(facts, person.stageSince ? new Date(`${beijingDate(person.stageSince)}T00:00:00Z`) : null);
  return facts;
}

/** Courses of which the person completed every lesson. */
async function completedCourseSlugs(userId: string, prisma: Db): Promise<string[]> {
  const courses = await prisma.course.findMany({
    select: { slug: true, lessons: { select: { progress: { where: { userId, completedAt: { not: null } }, select: { id: true } } } } },
  });
  return courses
    .filter((course) => course.lessons.length > 0 && course.lessons.every((lesson) => lesson.progress.length > 0))
    .map((course) => course.slug);
}

/**
 * The organization that leads a person's development: the one training him
 * when he is entrusted to another (委托培养: the receiving one leads), else his
 * home organization.
 */
export async function leadingOrganization(userId: string, db?: Db) {
  const prisma = db ?? (await getPrisma());
  const entrusted = await prisma.entrustedTraining.findFirst({
    where: { userId, endedOn: null },
    orderBy: { startedOn: "desc" },
    select: { trainingOrg: { select: { id: true, path: true } } },
  });
  if (entrusted) return entrusted.trainingOrg;
  const person = await prisma.user.findUnique({ where: { id: userId }, select: { homeOrg: { select: { id: true, path: true } } } });
  return person?.homeOrg ?? null;
}

export type RecordOutcome = { ok: true; id: string } | { ok: false; problems: Problem[] };

/**
 * Records one step for a person: checked against what is already recorded,
 * written with its audit entry in one transaction. A stage change moves the
 * person. Nothing is written when anything is wrong (problems are codes under
 * development.problems).
 */
export async function recordStep(params: {
  recorderId: string;
  userId: string;
  record: AnyRecordInput;
  today: Date;
}): Promise<RecordOutcome> {
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    const facts = await loadFacts(params.userId, tx);
    if (!facts) return { ok: false, problems: [{ field: "", code: "noSuchPerson" }] };
    const problems = checkRecord(facts, params.record, params.today);
    if (problems.length > 0) return { ok: false, problems };
    const org = await leadingOrganization(params.userId, tx);
    if (!org) return { ok: false, problems: [{ field: "", code: "noOrganization" }] };
    const id = await writeRecord(tx, { recorderId: params.recorderId, userId: params.userId, orgId: org.id }, params.record);
    await recordAudit(
      {
        actorId: params.recorderId,
        orgId: org.id,
        action: `development.${params.record.kind.toLowerCase()}`,
        entityType: "User",
        entityId: params.userId,
        details: { recordId: id, ...params.record.input },
      },
      tx,
    );
    return { ok: true, id };
  });
}

async function writeRecord(tx: Db, params: { recorderId: string; userId: string; orgId: string }, record: AnyRecordInput): Promise<string> {
  const { occurredOn, note, ...rest } = record.input;
  const recordedById = params.recorderId;
  switch (record.kind) {
    case "CONTACT_ASSIGNED": {
      const input = record.input;
      if (input.replaces) {
        await tx.cultivationContact.updateMany({
          where: { learnerId: params.userId, contactId: input.replaces, endedOn: null },
          data: { endedOn: occurredOn },
        });
      }
      const contact = await tx.cultivationContact.create({
        data: { learnerId: params.userId, contactId: input.contactId, assignedOn: occurredOn },
        select: { id: true },
      });
      return contact.id;
    }
    case "POLL": {
      const input = record.input;
      const poll = await tx.opinionPoll.create({
        data: {
          userId: params.userId,
          purpose: input.purpose,
          scope: input.scope,
          approve: input.approve,
          total: input.total,
          heldOn: occurredOn,
          recordedById,
        },
        select: { id: true },
      });
      return poll.id;
    }
    case "NOTICE": {
      const input = record.input;
      const notice = await tx.publicNotice.create({
        data: {
          orgId: params.orgId,
          userId: params.userId,
          purpose: input.purpose,
          title: input.purpose === "ADMISSION" ? "发展党员公示" : "预备党员转正公示",
          body: note,
          startsOn: occurredOn,
          endsOn: input.endsOn,
          objections: input.objections,
          objectionsCleared: input.objectionsCleared,
        },
        select: { id: true },
      });
      return notice.id;
    }
    case "VOTE": {
      const input = record.input;
      const vote = await tx.branchVote.create({
        data: {
          userId: params.userId,
          orgId: params.orgId,
          purpose: input.purpose,
          heldOn: occurredOn,
          entitledMembers: input.entitled,
          present: input.present,
          yesVotes: input.yes,
          advanceYes: input.advanceYes,
          recordedById,
        },
        select: { id: true },
      });
      return vote.id;
    }
    default: {
      const milestone = await tx.developmentMilestone.create({
        data: {
          userId: params.userId,
          orgId: params.orgId,
          step: record.kind,
          occurredOn,
          detailsJson: JSON.stringify({ ...rest, note }),
          recordedById,
        },
        select: { id: true },
      });
      const definition = RECORD_KINDS[record.kind];
      if ("to" in definition) {
        await tx.user.update({ where: { id: params.userId }, data: { stage: definition.to, stageSince: occurredOn } });
      }
      if (record.kind === "ACTIVIST_CONFIRMED" || record.kind === "TIER_SET") {
        await tx.user.update({ where: { id: params.userId }, data: { activistTier: record.input.tier } });
      }
      return milestone.id;
    }
  }
}

/** Judges a person from his records under his leading organization's policy. */
export async function judgePerson(userId: string, today: Date) {
  const facts = await loadFacts(userId);
  if (!facts) return null;
  const org = await leadingOrganization(userId);
  return evaluate(facts, await policyForPath(org?.path ?? null), today);
}

export type TimelineEvent = { id: string; on: string; kind: string; details: Record<string, unknown>; recordedBy: string | null };

/** Everything recorded about a person's development, oldest first. */
export async function loadTimeline(userId: string): Promise<TimelineEvent[]> {
  const prisma = await getPrisma();
  const [milestones, contacts, polls, votes, notices, reports] = await Promise.all([
    prisma.developmentMilestone.findMany({
      where: { userId },
      select: { id: true, step: true, occurredOn: true, detailsJson: true, recordedBy: { select: { name: true } } },
    }),
    prisma.cultivationContact.findMany({
      where: { learnerId: userId },
      select: { id: true, assignedOn: true, endedOn: true, contact: { select: { name: true } } },
    }),
    prisma.opinionPoll.findMany({
      where: { userId },
      select: { id: true, heldOn: true, purpose: true, scope: true, approve: true, total: true },
    }),
    prisma.branchVote.findMany({
      where: { userId },
      select: { id: true, heldOn: true, purpose: true, entitledMembers: true, present: true, yesVotes: true, advanceYes: true },
    }),
    prisma.publicNotice.findMany({
      where: { userId },
      select: { id: true, startsOn: true, endsOn: true, purpose: true, objections: true, objectionsCleared: true },
    }),
    prisma.thoughtReport.findMany({ where: { userId }, select: { id: true, submittedAt: true, reviewedAt: true } }),
  ]);
  const events: TimelineEvent[] = [
    ...milestones.map((m) => ({
      id: m.id,
      on: isoDay(m.occurredOn),
      kind: m.step,
      details: details(m.detailsJson),
      recordedBy: m.recordedBy.name,
    })),
    ...contacts.map((c) => ({
      id: c.id,
      on: isoDay(c.assignedOn),
      kind: "CONTACT_ASSIGNED",
      details: { contact: c.contact.name, endedOn: c.endedOn ? isoDay(c.endedOn) : null },
      recordedBy: null,
    })),
    ...polls.map((p) => ({
      id: p.id,
      on: isoDay(p.heldOn),
      kind: "POLL",
      details: { purpose: p.purpose, scope: p.scope, approve: p.approve, total: p.total },
      recordedBy: null,
    })),
    ...votes.map((v) => ({
      id: v.id,
      on: isoDay(v.heldOn),
      kind: "VOTE",
      details: { purpose: v.purpose, entitled: v.entitledMembers, present: v.present, yes: v.yesVotes, advanceYes: v.advanceYes },
      recordedBy: null,
    })),
    ...notices.map((n) => ({
      id: n.id,
      on: isoDay(n.startsOn),
      kind: "NOTICE",
      details: { purpose: n.purpose, endsOn: isoDay(n.endsOn), objections: n.objections, objectionsCleared: n.objectionsCleared },
      recordedBy: null,
    })),
    ...reports.map((r) => ({
      id: r.id,
      on: isoDay(r.submittedAt),
      kind: "THOUGHT_REPORT",
      details: { reviewed: r.reviewedAt !== null },
      recordedBy: null,
    })),
  ];
  return events.sort((a, b) => a.on.localeCompare(b.on));
}

const ON_THE_PATH: Stage[] = ["APPLICANT", "ACTIVIST", "DEVELOPMENT_TARGET", "PROBATIONARY"];

/**
 * People on the path in the given subtrees (home or training organization),
 * with their verdict and what is due. `today` is the server's day. A stored
 * verdict of another rule-set version is stale: he is judged afresh here.
 */
export async function listPeopleOnPath(orgPaths: string[], today: Date) {
  if (orgPaths.length === 0) return [];
  const prisma = await getPrisma();
  const inSubtree = orgPaths.map((path) => ({ path: { startsWith: path } }));
  const people = await prisma.user.findMany({
    where: {
      stage: { in: ON_THE_PATH },
      OR: [{ homeOrg: { OR: inSubtree } }, { entrustedTraining: { some: { endedOn: null, trainingOrg: { OR: inSubtree } } } }],
    },
    orderBy: [{ stage: "asc" }, { name: "asc" }],
    take: 500,
    select: {
      id: true,
      name: true,
      stage: true,
      activistTier: true,
      homeOrg: { select: { name: true } },
      eligibility: {
        select: { nextStage: true, status: true, earliestOn: true, eligibleSince: true, reasonsJson: true, ruleSetVersion: true },
      },
    },
  });
  return Promise.all(
    people.map(async (person) => {
      const facts = await loadFacts(person.id);
      const org = await leadingOrganization(person.id);
      const policy = await policyForPath(org?.path ?? null);
      const stored = person.eligibility[0];
      const storedReasons = stored ? readStoredReasons(stored) : null;
      const fresh = !storedReasons && facts ? evaluate(facts, policy, today) : null;
      const verdict =
        stored && storedReasons
          ? {
              nextStage: stored.nextStage as Stage,
              status: stored.status,
              earliestOn: stored.earliestOn ? isoDay(stored.earliestOn) : null,
              eligibleSince: stored.eligibleSince ? isoDay(stored.eligibleSince) : null,
              reasons: storedReasons,
            }
          : stored && fresh
            ? {
                nextStage: fresh.nextStage,
                status: fresh.status,
                earliestOn: fresh.earliestOn ? isoDay(fresh.earliestOn) : null,
                eligibleSince: null,
                reasons: fresh.reasons.map(storedReason),
              }
            : null;
      return {
        id: person.id,
        name: person.name,
        stage: person.stage as Stage,
        tier: person.activistTier,
        branch: person.homeOrg?.name ?? "",
        verdict,
        due: facts ? dueItems(facts, policy, today) : [],
      };
    }),
  );
}

/** Full members in the given subtrees: who may be named a cultivation contact. */
export async function listFullMembersIn(orgPaths: string[]) {
  if (orgPaths.length === 0) return [];
  const prisma = await getPrisma();
  return prisma.user.findMany({
    where: { stage: "FULL_MEMBER", homeOrg: { OR: orgPaths.map((path) => ({ path: { startsWith: path } })) } },
    orderBy: { name: "asc" },
    take: 500,
    select: { id: true, name: true },
  });
}

/** Everyone whose verdict a policy change of this organization can change: home or training organization below it. */
function onPathUnder(orgPath: string) {
  const inSubtree = { path: { startsWith: orgPath } };
  return {
    stage: { in: ON_THE_PATH },
    OR: [{ homeOrg: inSubtree }, { entrustedTraining: { some: { endedOn: null, trainingOrg: inSubtree } } }],
  };
}

/** One page of them, by id after `after`. */
export async function peopleUnder(orgPath: string, after: string | null, take: number) {
  const prisma = await getPrisma();
  return prisma.user.findMany({
    where: { ...onPathUnder(orgPath), ...(after ? { id: { gt: after } } : {}) },
    orderBy: { id: "asc" },
    take,
    select: { id: true },
  });
}

export async function countPeopleUnder(orgPath: string) {
  const prisma = await getPrisma();
  return prisma.user.count({ where: onPathUnder(orgPath) });
}

/** Concentrated training hours into the ledger (a repeat of the same form adds nothing), audited. */
export async function recordConcentratedTraining(params: { learnerId: string; recordedById: string; training: ConcentratedTraining }) {
  const { training } = params;
  const appended = await appendLedgerEntry({
    userId: params.learnerId,
    category: "CONCENTRATED_TRAINING",
    classHours: training.classHours,
    source: `concentrated-training:${training.trainingName}`,
    idempotencyKey: `concentrated-training:${training.idempotencyKey}`,
    occurredAt: training.occurredOn,
    recordedById: params.recordedById,
  });
  if (appended.created) {
    await recordAudit({
      actorId: params.recordedById,
      action: "development.concentrated_training",
      entityType: "HoursLedgerEntry",
      entityId: appended.id,
      details: { learnerId: params.learnerId, ...training },
    });
  }
  return appended;
}

/** The development page's header: who he is, where, and his current contacts. */
export async function developmentPerson(userId: string) {
  const prisma = await getPrisma();
  const person = await prisma.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      name: true,
      stage: true,
      activistTier: true,
      homeOrg: { select: { name: true } },
      contacts: { where: { endedOn: null }, select: { contact: { select: { id: true, name: true } } } },
    },
  });
  if (!person) return null;
  return {
    person: {
      id: person.id,
      name: person.name,
      stage: person.stage as Stage,
      tier: person.activistTier,
      branch: person.homeOrg?.name ?? "",
    },
    currentContacts: person.contacts.map((row) => row.contact),
  };
}

/** An organization's path, for the policy recompute below it. */
export async function organizationPath(orgId: string) {
  const prisma = await getPrisma();
  return (await prisma.organization.findUnique({ where: { id: orgId }, select: { path: true } }))?.path ?? null;
}

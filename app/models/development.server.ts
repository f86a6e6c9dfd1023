// 发展党员记录 in the database: the facts the engine judges, the policy of the
// organization that leads a person's development, and recording a step with
// who recorded it (audit) in the same transaction.
import type { ConcentratedTraining } from "~/domain/development/concentrated-training.ts";

import { dueItems } from "~/domain/development/due.ts";
import { evaluate, noFacts, type Facts, type InspectionResult, type Purpose, type RecommendationSource, type ReviewConclusion, type Stage } from "~/domain/development/evaluate.ts";
import { developmentOverrideIn, resolvePolicy, withDevelopmentOverride, type Policy, type PolicyOverride } from "~/domain/development/policy.ts";
import { checkRecord, parseRecord, RECORD_KINDS, type AnyRecordInput, type RecordKind } from "~/domain/development/records.ts";
import type { FigureProblem } from "~/domain/development/votes-and-polls.ts";
import type { Prisma } from "~/generated/prisma/client.ts";
import { getPrisma } from "~/utils/db.server.ts";
import { recordAudit } from "./audit.server.ts";
import { appendLedgerEntry } from "./ledger.server.ts";
import { policyDocumentsAlong, readPolicyDocument } from "./org-policy.server.ts";
import { beijingDate, isoDay } from "~/domain/calendar.ts";

type Db = Prisma.TransactionClient;

const details = <T>(json: string): T => JSON.parse(json) as T;

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
    prisma.publicNotice.findMany({ where: { userId }, select: { purpose: true, startsOn: true, endsOn: true, objections: true, objectionsCleared: true } }),
    prisma.hoursLedgerEntry.findMany({
      where: { userId, OR: [{ category: "CONCENTRATED_TRAINING" }, { category: "CORRECTION", corrects: { category: "CONCENTRATED_TRAINING" } }] },
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
  for (const milestone of person.milestones) {
    const on = milestone.occurredOn;
    switch (milestone.step as RecordKind) {
      case "APPLICATION_SUBMITTED":
        facts.appliedOn = on;
        break;
      case "APPLICATION_TALK":
        facts.applicationTalkOn = on;
        break;
      case "RECOMMENDATION":
        facts.recommendations.push({ on, source: details<{ source: RecommendationSource }>(milestone.detailsJson).source });
        break;
      case "ACTIVIST_CONFIRMED":
        facts.activistSince = on;
        break;
      case "ASSESSMENT":
        facts.assessments.push({ on, passed: details<{ passed: boolean }>(milestone.detailsJson).passed });
        break;
      case "OPINIONS_HEARD":
        facts.opinionsHeardOn = on;
        break;
      case "TARGET_CONFIRMED":
        facts.targetSince = on;
        break;
      case "SPONSORS":
        facts.sponsors = 2;
        break;
      case "POLITICAL_REVIEW":
        facts.politicalReview = { on, conclusion: details<{ conclusion: ReviewConclusion }>(milestone.detailsJson).conclusion };
        break;
      case "INSPECTION": {
        const inspection = details<{ result: InspectionResult; strongObjections: boolean }>(milestone.detailsJson);
        facts.inspection = { on, result: inspection.result, strongObjections: inspection.strongObjections };
        break;
      }
      case "COMMITTEE_REVIEW":
        facts.committeeReviewOn = on;
        break;
      case "PRE_REVIEW":
        facts.preReview = { on, approved: details<{ approved: boolean }>(milestone.detailsJson).approved };
        break;
      case "ADMITTED":
        facts.admittedOn = on;
        break;
      case "PROBATION_EXTENDED":
        facts.probationExtensionMonths = details<{ months: number }>(milestone.detailsJson).months;
        break;
      case "OATH":
        facts.oathOn = on;
        break;
      case "CONVERSION_APPLIED":
        facts.conversionAppliedOn = on;
        break;
      default:
        break;
    }
  }
  // People whose stage was set before their steps were recorded here: the date
  // the server stored for entering the stage stands in for the missing record.
  // Records are calendar days; a stage date stored with a time of day is read as its day in Beijing.
  const since = person.stageSince ? new Date(`${beijingDate(person.stageSince)}T00:00:00Z`) : null;
  if (since) {
    if (facts.stage === "APPLICANT") facts.appliedOn ??= since;
    if (facts.stage === "ACTIVIST") facts.activistSince ??= since;
    if (facts.stage === "DEVELOPMENT_TARGET") facts.targetSince ??= since;
    if (facts.stage === "PROBATIONARY") facts.admittedOn ??= since;
  }
  return facts;
}

/** Courses of which the person completed every lesson. */
async function completedCourseSlugs(userId: string, prisma: Db): Promise<string[]> {
  const courses = await prisma.course.findMany({
    select: { slug: true, lessons: { select: { progress: { where: { userId, completedAt: { not: null } }, select: { id: true } } } } },
  });
  return courses.filter((course) => course.lessons.length > 0 && course.lessons.every((lesson) => lesson.progress.length > 0)).map((course) => course.slug);
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

/** The development overrides along a path, root first. */
async function overridesAlong(orgPath: string, prisma: Db): Promise<PolicyOverride[]> {
  return (await policyDocumentsAlong(orgPath, prisma)).map((org) => developmentOverrideIn(org.document));
}

export async function policyForPath(orgPath: string | null, db?: Db): Promise<Policy> {
  const prisma = db ?? (await getPrisma());
  return resolveOrThrow(orgPath ? await overridesAlong(orgPath, prisma) : [], orgPath);
}

function resolveOrThrow(overrides: PolicyOverride[], orgPath: string | null): Policy {
  const resolved = resolvePolicy(overrides);
  // resolvePolicy refuses only an inconsistent pair, which saving a policy already refuses.
  if (!resolved.ok) throw new Error(`inconsistent policy along ${orgPath}: ${resolved.problems.map((p) => p.message).join("; ")}`);
  return resolved.policy;
}

export type RecordOutcome = { ok: true; id: string } | { ok: false; problems: FigureProblem[] };

/**
 * Records one step for a person: parsed, checked against what is already
 * recorded, written with its audit entry in one transaction. A stage change
 * moves the person. Nothing is written when anything is wrong.
 */
export async function recordStep(params: { recorderId: string; userId: string; kind: RecordKind; form: Record<string, unknown>; today: Date }): Promise<RecordOutcome> {
  const parsed = parseRecord(params.kind, params.form);
  if (!parsed.ok) return parsed;
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    const facts = await loadFacts(params.userId, tx);
    if (!facts) return { ok: false, problems: [{ field: "userId", message: "没有这个人 (no such person)" }] };
    const problems = checkRecord(facts, parsed.record, params.today);
    if (problems.length > 0) return { ok: false, problems };
    const org = await leadingOrganization(params.userId, tx);
    if (!org) return { ok: false, problems: [{ field: "userId", message: "此人没有所属党组织 (the person belongs to no organization)" }] };
    const id = await writeRecord(tx, { ...params, orgId: org.id }, parsed.record);
    await recordAudit(
      {
        actorId: params.recorderId,
        orgId: org.id,
        action: `development.${params.kind.toLowerCase()}`,
        entityType: "User",
        entityId: params.userId,
        details: { recordId: id, ...parsed.record.input },
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
        await tx.cultivationContact.updateMany({ where: { learnerId: params.userId, contactId: input.replaces, endedOn: null }, data: { endedOn: occurredOn } });
      }
      const contact = await tx.cultivationContact.create({ data: { learnerId: params.userId, contactId: input.contactId, assignedOn: occurredOn }, select: { id: true } });
      return contact.id;
    }
    case "POLL": {
      const input = record.input;
      const poll = await tx.opinionPoll.create({
        data: { userId: params.userId, purpose: input.purpose, scope: input.scope, approve: input.approve, total: input.total, heldOn: occurredOn, recordedById },
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
        data: { userId: params.userId, orgId: params.orgId, step: record.kind, occurredOn, detailsJson: JSON.stringify({ ...rest, note }), recordedById },
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
    prisma.developmentMilestone.findMany({ where: { userId }, select: { id: true, step: true, occurredOn: true, detailsJson: true, recordedBy: { select: { name: true } } } }),
    prisma.cultivationContact.findMany({ where: { learnerId: userId }, select: { id: true, assignedOn: true, endedOn: true, contact: { select: { name: true } } } }),
    prisma.opinionPoll.findMany({ where: { userId }, select: { id: true, heldOn: true, purpose: true, scope: true, approve: true, total: true } }),
    prisma.branchVote.findMany({ where: { userId }, select: { id: true, heldOn: true, purpose: true, entitledMembers: true, present: true, yesVotes: true, advanceYes: true } }),
    prisma.publicNotice.findMany({ where: { userId }, select: { id: true, startsOn: true, endsOn: true, purpose: true, objections: true, objectionsCleared: true } }),
    prisma.thoughtReport.findMany({ where: { userId }, select: { id: true, submittedAt: true, reviewedAt: true } }),
  ]);
  const events: TimelineEvent[] = [
    ...milestones.map((m) => ({ id: m.id, on: isoDay(m.occurredOn), kind: m.step, details: details<Record<string, unknown>>(m.detailsJson), recordedBy: m.recordedBy.name })),
    ...contacts.map((c) => ({ id: c.id, on: isoDay(c.assignedOn), kind: "CONTACT_ASSIGNED", details: { contact: c.contact.name, endedOn: c.endedOn ? isoDay(c.endedOn) : null }, recordedBy: null })),
    ...polls.map((p) => ({ id: p.id, on: isoDay(p.heldOn), kind: "POLL", details: { purpose: p.purpose, scope: p.scope, approve: p.approve, total: p.total }, recordedBy: null })),
    ...votes.map((v) => ({
      id: v.id,
      on: isoDay(v.heldOn),
      kind: "VOTE",
      details: { purpose: v.purpose, entitled: v.entitledMembers, present: v.present, yes: v.yesVotes, advanceYes: v.advanceYes },
      recordedBy: null,
    })),
    ...notices.map((n) => ({ id: n.id, on: isoDay(n.startsOn), kind: "NOTICE", details: { purpose: n.purpose, endsOn: isoDay(n.endsOn), objections: n.objections, objectionsCleared: n.objectionsCleared }, recordedBy: null })),
    ...reports.map((r) => ({ id: r.id, on: isoDay(r.submittedAt), kind: "THOUGHT_REPORT", details: { reviewed: r.reviewedAt !== null }, recordedBy: null })),
  ];
  return events.sort((a, b) => a.on.localeCompare(b.on));
}

const ON_THE_PATH: Stage[] = ["APPLICANT", "ACTIVIST", "DEVELOPMENT_TARGET", "PROBATIONARY"];

/**
 * People on the path in the given subtrees (home or training organization),
 * with their stored verdict and what is due. `today` is the server's day.
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
      eligibility: { select: { nextStage: true, status: true, earliestOn: true, eligibleSince: true, reasonsJson: true } },
    },
  });
  return Promise.all(
    people.map(async (person) => {
      const facts = await loadFacts(person.id);
      const org = await leadingOrganization(person.id);
      const verdict = person.eligibility[0];
      return {
        id: person.id,
        name: person.name,
        stage: person.stage as Stage,
        tier: person.activistTier,
        branch: person.homeOrg?.name ?? "",
        verdict: verdict
          ? {
              nextStage: verdict.nextStage,
              status: verdict.status,
              earliestOn: verdict.earliestOn ? isoDay(verdict.earliestOn) : null,
              eligibleSince: verdict.eligibleSince ? isoDay(verdict.eligibleSince) : null,
              reasons: JSON.parse(verdict.reasonsJson) as { rule: string; remedy: string; effect: string }[],
            }
          : null,
        due: facts ? dueItems(facts, await policyForPath(org?.path ?? null), today) : [],
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

// ─── 思想汇报 ───────────────────────────────────────────────────────────────

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

/** Whether `contactId` is one of the learner's current cultivation contacts. */
export async function isCurrentContact(learnerId: string, contactId: string) {
  const prisma = await getPrisma();
  return (await prisma.cultivationContact.count({ where: { learnerId, contactId, endedOn: null } })) > 0;
}

/** The contact's (or a trainer's) answer to a report; a later comment replaces an earlier one, and both are audited. */
export async function commentOnThoughtReport(params: { reportId: string; reviewerId: string; comment: string; learnerId: string }) {
  const prisma = await getPrisma();
  await prisma.$transaction(async (tx) => {
    await tx.thoughtReport.update({ where: { id: params.reportId }, data: { comment: params.comment.trim(), reviewerId: params.reviewerId, reviewedAt: new Date() } });
    await recordAudit(
      { actorId: params.reviewerId, action: "development.thought_report.commented", entityType: "ThoughtReport", entityId: params.reportId, details: { learnerId: params.learnerId, comment: params.comment.trim() } },
      tx,
    );
  });
}

// ─── 发展党员政策 ───────────────────────────────────────────────────────────

/** An organization's own overrides, and for each setting the value in force and who set it. */
export async function policyView(orgId: string) {
  const prisma = await getPrisma();
  const org = await prisma.organization.findUniqueOrThrow({ where: { id: orgId }, select: { id: true, name: true, path: true } });
  const chain = (await policyDocumentsAlong(org.path, prisma)).map((node) => ({ name: node.name, override: developmentOverrideIn(node.document) }));
  const effective = resolveOrThrow(chain.map((node) => node.override), org.path);
  const source = Object.fromEntries(
    (Object.keys(effective) as (keyof Policy)[]).map((key) => {
      const setter = [...chain].reverse().find((node) => node.override[key] !== undefined);
      return [key, setter ? setter.name : null];
    }),
  ) as Record<keyof Policy, string | null>;
  return { org: { id: org.id, name: org.name }, own: chain[chain.length - 1]?.override ?? {}, effective, source };
}

/**
 * Saves an organization's overrides with an audit entry. Refused when the
 * result would be inconsistent for it or for any organization below it (each
 * problem names the organization).
 */
export async function savePolicy(params: { orgId: string; override: PolicyOverride; actorId: string }): Promise<{ ok: true } | { ok: false; problems: FigureProblem[] }> {
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    const org = await tx.organization.findUniqueOrThrow({ where: { id: params.orgId }, select: { id: true, path: true, policyJson: true } });
    const before = readPolicyDocument(org.policyJson);
    const after = withDevelopmentOverride(before, params.override);
    // The organization, its ancestors and everything below, read once: each node's chain is a prefix of its path.
    const nodes = await tx.organization.findMany({
      where: { OR: [{ id: { in: org.path.split("/").filter(Boolean) } }, { path: { startsWith: org.path } }] },
      select: { id: true, name: true, path: true, policyJson: true },
    });
    const overrideOf = new Map(nodes.map((node) => [node.id, developmentOverrideIn(node.id === org.id ? after : readPolicyDocument(node.policyJson))]));
    const problems: FigureProblem[] = [];
    for (const node of nodes.filter((candidate) => candidate.path.startsWith(org.path))) {
      const chain = node.path.split("/").filter(Boolean).map((id) => overrideOf.get(id) ?? {});
      const resolved = resolvePolicy(chain);
      if (!resolved.ok) problems.push(...resolved.problems.map((problem) => ({ field: problem.field, message: `${node.name}：${problem.message}` })));
    }
    if (problems.length > 0) return { ok: false as const, problems };
    await tx.organization.update({ where: { id: org.id }, data: { policyJson: JSON.stringify(after) } });
    await recordAudit({ actorId: params.actorId, orgId: org.id, action: "development.policy.changed", entityType: "Organization", entityId: org.id, details: { before, after } }, tx);
    return { ok: true as const };
  });
}

/** Everyone whose verdict a policy change of this organization can change: home or training organization below it. */
function onPathUnder(orgPath: string) {
  const inSubtree = { path: { startsWith: orgPath } };
  return { stage: { in: ON_THE_PATH }, OR: [{ homeOrg: inSubtree }, { entrustedTraining: { some: { endedOn: null, trainingOrg: inSubtree } } }] };
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

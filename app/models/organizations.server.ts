// 党组织管理: the organization tree of an admin's subtree, and its changes —
// create, rename, move (with the path of every organization below rewritten),
// close (撤销) — and entrusted training (委托培养). The decisions are
// app/domain/organizations.ts's; each change and its audit entry are written
// in one transaction (decision record 028).
import { beijingToday } from "~/domain/calendar.ts";
import {
  childPath,
  closeProblems,
  creationProblems,
  endTrainingProblems,
  entrustProblems,
  generatedCode,
  inTreeOrder,
  isOrgKind,
  mobileProblems,
  moveProblems,
  renameProblems,
  rewrittenPaths,
  rootIdOf,
  type CloseFacts,
  type NewOrganizationForm,
  type OrgFacts,
} from "~/domain/organizations.ts";
import type { Prisma } from "~/generated/prisma/client.ts";
import type { Problem } from "~/utils/problems.ts";
import { getPrisma } from "~/utils/db.server.ts";
import { recordAudit } from "./audit.server.ts";
import { isUniqueViolation } from "./prisma-errors.server.ts";

type Db = Prisma.TransactionClient;

export type Outcome<Value = object> = ({ ok: true } & Value) | { ok: false; problems: Problem[] };

const underRoots = (roots: readonly string[]) => roots.map((root) => ({ path: { startsWith: root } }));

/** A person who counts as one of an organization's people: not deactivated, not merged into another record. */
const ACTIVE_PERSON = { deactivatedAt: null, mergedIntoId: null } as const;

const FACT_FIELDS = { id: true, code: true, name: true, kind: true, path: true, parentId: true, closedAt: true } as const;

type OrgRow = { id: string; code: string; name: string; kind: string; path: string; parentId: string | null; closedAt: Date | null };

/** An organization row as the rules see it; one whose kind is not known (a hand-edited row) reads as a branch, which nothing sits under. */
function factsOf(row: OrgRow): OrgFacts & { name: string } {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    kind: isOrgKind(row.kind) ? row.kind : "BRANCH",
    path: row.path,
    parentId: row.parentId,
    closed: row.closedAt !== null,
  };
}

class Refused extends Error {
  constructor(readonly problems: Problem[]) {
    super("refused");
  }
}

/** Runs a change in one transaction; a refusal found inside it (the rows changed under it) rolls it back and is answered. */
async function inTransaction<Value extends object>(change: (tx: Db) => Promise<Outcome<Value>>): Promise<Outcome<Value>> {
  const prisma = await getPrisma();
  try {
    return await prisma.$transaction(change);
  } catch (error) {
    if (error instanceof Refused) return { ok: false, problems: error.problems };
    throw error;
  }
}

// ─── Reading ───────────────────────────────────────────────────────────────

/**
 * The organizations of the admin's subtrees in tree order, each with its depth,
 * kind, code, how many people it has at home and whether it is closed. Only
 * what the tree page shows, so that a county's hundreds of branches stay light.
 */
export async function organizationTree(roots: readonly string[]) {
  if (roots.length === 0) return [];
  const prisma = await getPrisma();
  const rows = await prisma.organization.findMany({
    where: { OR: underRoots(roots) },
    select: {
      id: true,
      code: true,
      name: true,
      kind: true,
      isMobile: true,
      path: true,
      parentId: true,
      closedAt: true,
      _count: { select: { members: { where: ACTIVE_PERSON } } },
    },
  });
  return inTreeOrder(rows).map((row) => ({
    id: row.id,
    code: row.code,
    name: row.name,
    kind: row.kind,
    isMobile: row.isMobile,
    closed: row.closedAt !== null,
    people: row._count.members,
    depth: row.depth,
  }));
}

/**
 * The open organizations of the admin's subtrees, tree order, as rules' facts:
 * what a form may offer (a parent, a person's organization, a role's). The
 * depth counts from 1 at the top of his subtree, as the indented selects and
 * the org picker take it.
 */
export async function openOrganizationsUnder(roots: readonly string[]) {
  if (roots.length === 0) return [];
  const prisma = await getPrisma();
  const rows = await prisma.organization.findMany({ where: { OR: underRoots(roots), closedAt: null }, select: FACT_FIELDS });
  return inTreeOrder(rows).map((row) => ({ ...factsOf(row), depth: row.depth + 1 }));
}

/** One organization as the rules see it, or null. */
export async function organizationFacts(orgId: string, db?: Db) {
  const prisma = db ?? (await getPrisma());
  const row = orgId ? await prisma.organization.findUnique({ where: { id: orgId }, select: FACT_FIELDS }) : null;
  return row ? factsOf(row) : null;
}

/**
 * What is still in an organization, for the close rule. One query after the
 * other: inside a transaction they share one connection, where queries sent
 * together only queue (and node-postgres warns that it will refuse them).
 */
async function closeFacts(db: Db, orgId: string): Promise<CloseFacts> {
  const people = await db.user.count({ where: { homeOrgId: orgId, ...ACTIVE_PERSON } });
  const openChildren = await db.organization.count({ where: { parentId: orgId, closedAt: null } });
  const stations = await db.station.count({ where: { orgId } });
  const trainees = await db.entrustedTraining.count({ where: { trainingOrgId: orgId, endedOn: null } });
  return { people, openChildren, stations, trainees };
}

const TRAINING_FIELDS = {
  id: true,
  startedOn: true,
  endedOn: true,
  user: { select: { id: true, name: true } },
  trainingOrg: { select: { id: true, name: true } },
  homeOrg: { select: { id: true, name: true, path: true } },
} as const;

/** How many ended entrusted trainings an organization's page lists (the open ones are all listed). */
const ENDED_TRAININGS_SHOWN = 50;
/** How many of the people still at home in an organization its page names (the count says the rest). */
const PEOPLE_NAMED = 20;

/**
 * An organization's page: the organization, its parent and the organizations
 * directly under it, what would stop it being closed, and its entrusted
 * training both ways (people of elsewhere trained here, people of here trained
 * elsewhere): every open one and the latest ended ones. Null when there is none.
 */
export async function organizationPage(orgId: string) {
  const prisma = await getPrisma();
  const org = await prisma.organization.findUnique({
    where: { id: orgId },
    select: {
      ...FACT_FIELDS,
      isMobile: true,
      createdAt: true,
      parent: { select: { id: true, name: true } },
      children: {
        select: { id: true, name: true, code: true, kind: true, closedAt: true, path: true, parentId: true },
      },
    },
  });
  if (!org) return null;
  const trainings = (where: Prisma.EntrustedTrainingWhereInput) =>
    Promise.all([
      prisma.entrustedTraining.findMany({ where: { ...where, endedOn: null }, orderBy: { startedOn: "desc" }, select: TRAINING_FIELDS }),
      prisma.entrustedTraining.findMany({
        where: { ...where, endedOn: { not: null } },
        orderBy: { endedOn: "desc" },
        take: ENDED_TRAININGS_SHOWN,
        select: TRAINING_FIELDS,
      }),
    ]).then(([open, ended]) => [...open, ...ended]);
  const [facts, trainedHere, trainedElsewhere, people] = await Promise.all([
    closeFacts(prisma, org.id),
    trainings({ trainingOrgId: org.id }),
    trainings({ homeOrgId: org.id }),
    prisma.user.findMany({
      where: { homeOrgId: org.id, ...ACTIVE_PERSON },
      orderBy: { name: "asc" },
      select: { id: true, name: true, entrustedTraining: { where: { endedOn: null }, select: { id: true } } },
    }),
  ]);
  return {
    org: { ...factsOf(org), isMobile: org.isMobile, createdAt: org.createdAt, closedAt: org.closedAt, parent: org.parent },
    children: inTreeOrder(org.children).map((child) => ({
      id: child.id,
      name: child.name,
      code: child.code,
      kind: child.kind,
      closed: child.closedAt !== null,
    })),
    closeFacts: facts,
    trainedHere,
    trainedElsewhere,
    /** The people of here who may be entrusted: those not trained elsewhere already. */
    /** The first of the people at home here, named where a refusal to close says who is still here. */
    peopleHere: people.slice(0, PEOPLE_NAMED).map(({ id, name }) => ({ id, name })),
    entrustable: people.filter((person) => person.entrustedTraining.length === 0).map(({ id, name }) => ({ id, name })),
  };
}

/** The open organizations of the county a path lies in, tree order: where its people may be entrusted for training. */
export async function trainingOrganizationsFor(orgPath: string) {
  const prisma = await getPrisma();
  const rows = await prisma.organization.findMany({
    where: { path: { startsWith: `/${rootIdOf(orgPath)}/` }, closedAt: null },
    select: { id: true, name: true, kind: true, path: true, parentId: true },
  });
  return inTreeOrder(rows).map((row) => ({ id: row.id, name: row.name, depth: row.depth }));
}

/** The entrusted training of an id, with the path of the organization that entrusted him (whose admins may end it); null for none. */
export async function entrustedTraining(trainingId: string) {
  const prisma = await getPrisma();
  return trainingId ? prisma.entrustedTraining.findUnique({ where: { id: trainingId }, select: TRAINING_FIELDS }) : null;
}

// ─── Changes ───────────────────────────────────────────────────────────────

async function siblingNames(db: Db, parentId: string | null, exceptId: string | null) {
  const siblings = await db.organization.findMany({
    where: { parentId, closedAt: null, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { name: true },
  });
  return siblings.map((sibling) => sibling.name);
}

/** Codes that begin as a generated one under this parent would (hexi-…), to find the first free number. */
async function codesLike(db: Db, parentCode: string) {
  const rows = await db.organization.findMany({ where: { code: { startsWith: parentCode.slice(0, 20) } }, select: { code: true } });
  return new Set(rows.map((row) => row.code));
}

/**
 * Creates an organization under `form.parentId`, which must lie in one of the
 * admin's subtrees (`roots`), with its code (or one generated when the form
 * left it empty), and the audit entry. The path needs the new row's id, so the
 * row is made with a placeholder path and given its own in the same transaction.
 */
export async function createOrganization(params: {
  form: NewOrganizationForm;
  roots: readonly string[];
  actorId: string;
}): Promise<Outcome<{ id: string; code: string }>> {
  const { form, roots, actorId } = params;
  // Two admins may generate the same next code at once: the second tries the next number.
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await inTransaction(async (tx): Promise<Outcome<{ id: string; code: string }>> => {
        const parent = await organizationFacts(form.parentId, tx);
        // One after the other, as everywhere in a transaction (see closeFacts).
        const holder = form.code ? await tx.organization.findUnique({ where: { code: form.code }, select: { id: true } }) : null;
        const names = parent ? await siblingNames(tx, parent.id, null) : [];
        const problems = creationProblems(form, { parent, roots, codeTaken: holder !== null, siblingNames: names });
        if (problems.length > 0 || !parent) return { ok: false as const, problems };
        const code = form.code || generatedCode(parent.code, await codesLike(tx, parent.code));
        const created = await tx.organization.create({
          data: {
            code,
            name: form.name,
            kind: form.kind,
            isMobile: form.isMobile,
            parentId: parent.id,
            path: `pending:${code}`,
          },
          select: { id: true },
        });
        const path = childPath(parent.path, created.id);
        await tx.organization.update({ where: { id: created.id }, data: { path } });
        await recordAudit(
          {
            actorId,
            orgId: created.id,
            action: "organization.create",
            entityType: "Organization",
            entityId: created.id,
            details: { after: { code, name: form.name, kind: form.kind, isMobile: form.isMobile, parentId: parent.id, path } },
          },
          tx,
        );
        return { ok: true as const, id: created.id, code };
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      if (form.code) return { ok: false, problems: [{ field: "code", code: "code-taken", params: { code: form.code } }] };
      if (attempt >= 2) throw error;
    }
  }
}

/** Renames an organization (its code stays: files and imports know it by its code), with the audit entry. */
export async function renameOrganization(params: { orgId: string; name: string; actorId: string }): Promise<Outcome> {
  return inTransaction(async (tx) => {
    const org = await organizationFacts(params.orgId, tx);
    if (!org) return { ok: false as const, problems: [{ field: "", code: "org-changed" }] };
    const problems = renameProblems(org, params.name, await siblingNames(tx, org.parentId, org.id));
    if (problems.length > 0) return { ok: false as const, problems };
    const updated = await tx.organization.updateMany({ where: { id: org.id, closedAt: null }, data: { name: params.name } });
    if (updated.count === 0) throw new Refused([{ field: "name", code: "org-closed" }]);
    await recordAudit(
      {
        actorId: params.actorId,
        orgId: org.id,
        action: "organization.rename",
        entityType: "Organization",
        entityId: org.id,
        details: { before: { name: org.name }, after: { name: params.name } },
      },
      tx,
    );
    return { ok: true as const };
  });
}

/** Marks an organization a mobile branch (流动党支部) or not, with the audit entry. */
export async function setOrganizationMobile(params: { orgId: string; isMobile: boolean; actorId: string }): Promise<Outcome> {
  return inTransaction(async (tx): Promise<Outcome> => {
    const row = await tx.organization.findUnique({ where: { id: params.orgId }, select: { ...FACT_FIELDS, isMobile: true } });
    if (!row) return { ok: false, problems: [{ field: "isMobile", code: "org-changed" }] };
    const problems = mobileProblems({ ...factsOf(row), isMobile: row.isMobile }, params.isMobile);
    if (problems.length > 0) return { ok: false, problems };
    const updated = await tx.organization.updateMany({
      where: { id: row.id, closedAt: null, isMobile: row.isMobile },
      data: { isMobile: params.isMobile },
    });
    if (updated.count === 0) throw new Refused([{ field: "isMobile", code: "org-changed" }]);
    await recordAudit(
      {
        actorId: params.actorId,
        orgId: row.id,
        action: "organization.mobile",
        entityType: "Organization",
        entityId: row.id,
        details: { before: { isMobile: row.isMobile }, after: { isMobile: params.isMobile } },
      },
      tx,
    );
    return { ok: true };
  });
}

/**
 * Moves an organization under another of the admin's subtrees: its parent,
 * and the path of it and of every organization below it, in one transaction
 * with the audit entry. Each row is rewritten only if its path is still the
 * one read, and the new parent only if it is still where it was read and
 * open, so that a move made meanwhile by someone else (which could otherwise
 * make a loop) refuses this one instead.
 */
export async function moveOrganization(params: {
  orgId: string;
  parentId: string;
  roots: readonly string[];
  actorId: string;
}): Promise<Outcome<{ moved: number }>> {
  return inTransaction(async (tx): Promise<Outcome<{ moved: number }>> => {
    const org = await organizationFacts(params.orgId, tx);
    const target = await organizationFacts(params.parentId, tx);
    if (!org) return { ok: false as const, problems: [{ field: "parentId", code: "org-changed" }] };
    const problems = moveProblems(org, target, params.roots);
    if (problems.length > 0 || !target) return { ok: false as const, problems };
    // The new parent first: it holds still (a row lock on PostgreSQL) while the subtree is rewritten.
    const held = await tx.organization.updateMany({
      where: { id: target.id, path: target.path, closedAt: null },
      data: { updatedAt: new Date() },
    });
    if (held.count === 0) throw new Refused([{ field: "parentId", code: "org-changed" }]);
    const subtree = await tx.organization.findMany({ where: { path: { startsWith: org.path } }, select: { id: true, path: true } });
    const moves = rewrittenPaths(org, target.path, subtree);
    // No two rows can meet on a path while this runs: every path ends in its own row's id.
    for (const move of moves) {
      const updated = await tx.organization.updateMany({
        where: { id: move.id, path: move.from },
        data: move.id === org.id ? { path: move.to, parentId: target.id } : { path: move.to },
      });
      if (updated.count === 0) throw new Refused([{ field: "parentId", code: "org-changed" }]);
    }
    await recordAudit(
      {
        actorId: params.actorId,
        orgId: org.id,
        action: "organization.move",
        entityType: "Organization",
        entityId: org.id,
        details: {
          before: { parentId: org.parentId, path: org.path },
          after: { parentId: target.id, path: childPath(target.path, org.id) },
          organizationsBelow: moves.length - 1,
        },
      },
      tx,
    );
    return { ok: true as const, moved: moves.length };
  });
}

/** Closes (撤销) an organization that has nothing left in it: closedAt set, every record kept, with the audit entry. */
export async function closeOrganization(params: {
  orgId: string;
  roots: readonly string[];
  actorId: string;
  now?: Date;
}): Promise<Outcome> {
  return inTransaction(async (tx) => {
    const org = await organizationFacts(params.orgId, tx);
    if (!org) return { ok: false as const, problems: [{ field: "", code: "org-changed" }] };
    const facts = await closeFacts(tx, org.id);
    const problems = closeProblems(org, facts, params.roots);
    if (problems.length > 0) return { ok: false as const, problems };
    const closedAt = params.now ?? new Date();
    const updated = await tx.organization.updateMany({ where: { id: org.id, closedAt: null }, data: { closedAt } });
    if (updated.count === 0) throw new Refused([{ field: "", code: "org-closed" }]);
    await recordAudit(
      {
        actorId: params.actorId,
        orgId: org.id,
        action: "organization.close",
        entityType: "Organization",
        entityId: org.id,
        details: { closedAt: closedAt.toISOString(), code: org.code, name: org.name, path: org.path },
      },
      tx,
    );
    return { ok: true as const };
  });
}

/**
 * Starts an entrusted training (委托培养) of a person of `homeOrgId` at
 * `trainingOrgId` from `startedOn`, with the audit entry. The admin's right
 * over the home organization is the route's check; the rest is entrustProblems'.
 */
export async function startEntrustedTraining(params: {
  homeOrgId: string;
  userId: string;
  trainingOrgId: string;
  startedOn: Date;
  actorId: string;
  now?: Date;
}): Promise<Outcome<{ id: string }>> {
  return inTransaction(async (tx): Promise<Outcome<{ id: string }>> => {
    const home = await organizationFacts(params.homeOrgId, tx);
    const person = await tx.user.findUnique({
      where: { id: params.userId },
      select: { homeOrgId: true, deactivatedAt: true, mergedIntoId: true },
    });
    const trainingOrg = await organizationFacts(params.trainingOrgId, tx);
    const open = await tx.entrustedTraining.findFirst({
      where: { userId: params.userId, endedOn: null },
      select: { trainingOrg: { select: { name: true } } },
    });
    if (!home) return { ok: false as const, problems: [{ field: "", code: "org-changed" }] };
    const problems = entrustProblems({
      home,
      person: person && { homeOrgId: person.homeOrgId, active: person.deactivatedAt === null && person.mergedIntoId === null },
      trainingOrg,
      openTrainingOrgName: open?.trainingOrg.name ?? null,
      startedOn: params.startedOn,
      today: beijingToday(params.now).date,
    });
    if (problems.length > 0 || !trainingOrg) return { ok: false as const, problems };
    const training = await tx.entrustedTraining.create({
      data: { userId: params.userId, trainingOrgId: trainingOrg.id, homeOrgId: home.id, startedOn: params.startedOn },
      select: { id: true },
    });
    await recordAudit(
      {
        actorId: params.actorId,
        orgId: home.id,
        action: "entrusted-training.start",
        entityType: "EntrustedTraining",
        entityId: training.id,
        details: {
          userId: params.userId,
          homeOrgId: home.id,
          trainingOrgId: trainingOrg.id,
          startedOn: params.startedOn.toISOString().slice(0, 10),
        },
      },
      tx,
    );
    return { ok: true as const, id: training.id };
  });
}

/** Ends an entrusted training on `endedOn` (not before its start, not after today), with the audit entry. */
export async function endEntrustedTraining(params: { trainingId: string; endedOn: Date; actorId: string; now?: Date }): Promise<Outcome> {
  return inTransaction(async (tx) => {
    const training = await tx.entrustedTraining.findUnique({
      where: { id: params.trainingId },
      select: { id: true, userId: true, homeOrgId: true, trainingOrgId: true, startedOn: true, endedOn: true },
    });
    if (!training) return { ok: false as const, problems: [{ field: "endedOn", code: "training-ended" }] };
    const problems = endTrainingProblems(training, params.endedOn, beijingToday(params.now).date);
    if (problems.length > 0) return { ok: false as const, problems };
    const updated = await tx.entrustedTraining.updateMany({ where: { id: training.id, endedOn: null }, data: { endedOn: params.endedOn } });
    if (updated.count === 0) throw new Refused([{ field: "endedOn", code: "training-ended" }]);
    await recordAudit(
      {
        actorId: params.actorId,
        orgId: training.homeOrgId,
        action: "entrusted-training.end",
        entityType: "EntrustedTraining",
        entityId: training.id,
        details: {
          userId: training.userId,
          trainingOrgId: training.trainingOrgId,
          startedOn: training.startedOn.toISOString().slice(0, 10),
          endedOn: params.endedOn.toISOString().slice(0, 10),
        },
      },
      tx,
    );
    return { ok: true as const };
  });
}

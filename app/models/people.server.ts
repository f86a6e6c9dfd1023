// 人员管理: the people of an admin's subtree, their records, accounts and roles,
// each change audited in the transaction that makes it. The rules are in
// app/domain/people.ts and app/domain/accounts.ts; what needs the database (a
// phone or ID-card number another person has, an organization reachable and
// open, a name taken) is checked here.
import { pinyin } from "pinyin-pro";
import type { HeldRole, Role } from "~/domain/access.ts";
import { roleChangeProblem, suggestedUsername, type AssignableRole, type RoleProblem } from "~/domain/accounts.ts";
import { isoDate, maskIdCard, personProblems, type PersonFields, type PersonProblem } from "~/domain/people.ts";
import { getPrisma } from "~/utils/db.server.ts";
import { recordAudit } from "./audit.server.ts";
import { isUniqueViolation } from "./prisma-errors.server.ts";
import { issueOneTimePassword } from "./user.server.ts";

const LIST_LIMIT = 200;

const underRoots = (roots: readonly string[]) => ({ OR: roots.map((root) => ({ path: { startsWith: root } })) });

/** The people of the subtrees, a name, phone or pinyin-initials search narrowing them; the first 200 and how many there are. */
export async function peopleIn(roots: readonly string[], options: { search: string; includeDeactivated: boolean }) {
  if (roots.length === 0) return { people: [], total: 0 };
  const prisma = await getPrisma();
  const search = options.search.trim();
  const where = {
    homeOrg: underRoots(roots),
    mergedIntoId: null,
    ...(options.includeDeactivated ? {} : { deactivatedAt: null }),
    ...(search
      ? { OR: [{ name: { contains: search } }, { phone: { contains: search } }, { username: { contains: search.toLowerCase() } }] }
      : {}),
  };
  const [people, total] = await Promise.all([
    prisma.user.findMany({
      where,
      orderBy: [{ homeOrg: { path: "asc" } }, { name: "asc" }],
      take: LIST_LIMIT,
      select: {
        id: true,
        name: true,
        gender: true,
        phone: true,
        stage: true,
        username: true,
        deactivatedAt: true,
        homeOrg: { select: { name: true } },
        roles: { select: { role: true } },
      },
    }),
    prisma.user.count({ where }),
  ]);
  return {
    total,
    people: people.map((person) => ({
      id: person.id,
      name: person.name,
      gender: person.gender,
      phone: person.phone,
      stage: person.stage,
      orgName: person.homeOrg?.name ?? "",
      hasAccount: person.username !== null,
      deactivated: person.deactivatedAt !== null,
      roles: [...new Set(person.roles.map((held) => held.role))],
    })),
  };
}

/** The columns of a person's record (PersonFields), as the form and the roster read and write them. */
export const PERSON_FIELDS_SELECT = {
  name: true,
  gender: true,
  birthDate: true,
  ethnicity: true,
  education: true,
  isRural: true,
  occupation: true,
  phone: true,
  idCardNumber: true,
  stage: true,
  stageSince: true,
  activistTier: true,
} as const;

/** One person's record as his admin edits it, the ID-card number masked (revealIdCard gives it whole, audited). */
export async function personRecord(personId: string) {
  const prisma = await getPrisma();
  const person = await prisma.user.findUnique({
    where: { id: personId },
    select: {
      id: true,
      ...PERSON_FIELDS_SELECT,
      username: true,
      deactivatedAt: true,
      homeOrg: { select: { id: true, name: true, path: true } },
      password: { select: { mustChange: true } },
      roles: { orderBy: { createdAt: "asc" }, select: { id: true, role: true, org: { select: { id: true, name: true, path: true } } } },
      orgTransfers: {
        orderBy: { transferredOn: "desc" },
        select: { transferredOn: true, fromOrg: { select: { name: true } }, toOrg: { select: { name: true } } },
      },
    },
  });
  if (!person) return null;
  const { idCardNumber, ...rest } = person;
  return { ...rest, idCardMasked: idCardNumber ? maskIdCard(idCardNumber) : null };
}

/** The whole ID-card number, for an admin of the person's subtree; each look is audited (who, whose, when). */
export async function revealIdCard(personId: string, actorId: string): Promise<string | null> {
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    const person = await tx.user.findUniqueOrThrow({ where: { id: personId }, select: { idCardNumber: true, homeOrgId: true } });
    if (person.idCardNumber)
      await recordAudit({ actorId, orgId: person.homeOrgId, action: "person.id-card-viewed", entityType: "User", entityId: personId }, tx);
    return person.idCardNumber;
  });
}

/** The person holding this phone or ID-card number, other than `exceptId`: two records of one person are merged, not made. */
async function takenProblems(fields: Pick<PersonFields, "phone" | "idCardNumber">, exceptId: string | null): Promise<PersonProblem[]> {
  const prisma = await getPrisma();
  const problems: PersonProblem[] = [];
  const others = await prisma.user.findMany({
    where: {
      OR: [...(fields.phone ? [{ phone: fields.phone }] : []), ...(fields.idCardNumber ? [{ idCardNumber: fields.idCardNumber }] : [])],
      ...(exceptId ? { NOT: { id: exceptId } } : {}),
    },
    select: { name: true, phone: true, idCardNumber: true, homeOrg: { select: { name: true } } },
  });
  if (!fields.phone && !fields.idCardNumber) return [];
  for (const other of others) {
    const params = { name: other.name, org: other.homeOrg?.name ?? "" };
    if (fields.phone && other.phone === fields.phone) problems.push({ field: "phone", code: "phone-taken", params });
    if (fields.idCardNumber && other.idCardNumber === fields.idCardNumber)
      problems.push({ field: "idCardNumber", code: "id-card-taken", params });
  }
  return problems;
}

/** What an audit entry says of a field's value: an ID-card number masked (the log is read more widely than the record). */
function auditValue(field: keyof PersonFields, value: unknown): unknown {
  if (value instanceof Date) return isoDate(value);
  if (field === "idCardNumber" && typeof value === "string") return maskIdCard(value);
  return value;
}

type SaveOutcome = { ok: true; personId: string } | { ok: false; problems: PersonProblem[] };

/** A new person in an open organization of the admin's subtrees; no account yet (createAccount gives him one). */
export async function createPerson(input: {
  fields: PersonFields;
  orgId: string;
  roots: readonly string[];
  actorId: string;
}): Promise<SaveOutcome> {
  const prisma = await getPrisma();
  const org = await prisma.organization.findFirst({
    where: { id: input.orgId, ...underRoots(input.roots) },
    select: { id: true, closedAt: true },
  });
  if (!org) return { ok: false, problems: [{ field: "orgId", code: "org-outside" }] };
  if (org.closedAt) return { ok: false, problems: [{ field: "orgId", code: "org-closed" }] };
  const problems = [...personProblems(input.fields, new Date()), ...(await takenProblems(input.fields, null))];
  if (problems.length > 0) return { ok: false, problems };
  try {
    const personId = await prisma.$transaction(async (tx) => {
      const person = await tx.user.create({ data: { ...input.fields, homeOrgId: org.id }, select: { id: true } });
      await recordAudit({ actorId: input.actorId, orgId: org.id, action: "person.created", entityType: "User", entityId: person.id }, tx);
      return person.id;
    });
    return { ok: true, personId };
  } catch (error) {
    // Another admin saved the same phone or number a moment ago.
    if (isUniqueViolation(error)) return { ok: false, problems: await takenProblems(input.fields, null) };
    throw error;
  }
}

/**
 * A person's record changed; the audit entry lists each field changed, from and to. An
 * empty ID-card number keeps the one on record: the form never shows it whole to edit.
 */
export async function updatePerson(input: { personId: string; fields: PersonFields; actorId: string }): Promise<SaveOutcome> {
  const prisma = await getPrisma();
  const before = await prisma.user.findUniqueOrThrow({ where: { id: input.personId } });
  input = { ...input, fields: { ...input.fields, idCardNumber: input.fields.idCardNumber ?? before.idCardNumber } };
  const problems = [...personProblems(input.fields, new Date()), ...(await takenProblems(input.fields, input.personId))];
  if (problems.length > 0) return { ok: false, problems };
  const changed = (Object.keys(input.fields) as (keyof PersonFields)[]).filter(
    (field) => String(auditValue(field, before[field])) !== String(auditValue(field, input.fields[field])),
  );
  if (changed.length === 0) return { ok: true, personId: input.personId };
  const details = Object.fromEntries(
    changed.map((field) => [field, { from: auditValue(field, before[field]), to: auditValue(field, input.fields[field]) }]),
  );
  try {
    await prisma.$transaction(async (tx) => {
      await tx.user.update({ where: { id: input.personId }, data: input.fields });
      await recordAudit(
        {
          actorId: input.actorId,
          orgId: before.homeOrgId,
          action: "person.updated",
          entityType: "User",
          entityId: input.personId,
          details,
        },
        tx,
      );
    });
    return { ok: true, personId: input.personId };
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, problems: await takenProblems(input.fields, input.personId) };
    throw error;
  }
}

/**
 * 停用 or back in use. A deactivated person keeps every record; he cannot sign in (his
 * open sessions end now) and rosters leave him out.
 */
export async function setPersonActive(input: { personId: string; active: boolean; actorId: string }) {
  const prisma = await getPrisma();
  await prisma.$transaction(async (tx) => {
    const person = await tx.user.update({
      where: { id: input.personId },
      data: { deactivatedAt: input.active ? null : new Date() },
      select: { homeOrgId: true },
    });
    if (!input.active) await tx.session.deleteMany({ where: { userId: input.personId } });
    await recordAudit(
      {
        actorId: input.actorId,
        orgId: person.homeOrgId,
        action: input.active ? "person.reactivated" : "person.deactivated",
        entityType: "User",
        entityId: input.personId,
      },
      tx,
    );
  });
}

/** A sign-in name proposed for a person: his name's pinyin, numbered when taken. */
export async function proposedUsername(name: string): Promise<string> {
  const prisma = await getPrisma();
  const base = pinyin(name, { toneType: "none", type: "array", nonZh: "removed" }).join("");
  const taken = await prisma.user.findMany({
    where: { username: { startsWith: base.toLowerCase() || "user" } },
    select: { username: true },
  });
  return suggestedUsername(base, new Set(taken.flatMap((user) => (user.username ? [user.username] : []))));
}

/**
 * An account for a person who had none: the sign-in name, a learner role at his home
 * organization, and a one-time password (answered, to hand over) that his first
 * sign-in replaces.
 */
export async function createAccount(input: {
  personId: string;
  username: string;
  actorId: string;
}): Promise<{ ok: true; oneTimePassword: string } | { ok: false; problem: "username-taken" | "has-account" }> {
  const prisma = await getPrisma();
  const person = await prisma.user.findUniqueOrThrow({ where: { id: input.personId }, select: { username: true, homeOrgId: true } });
  if (person.username !== null) return { ok: false, problem: "has-account" };
  try {
    await prisma.$transaction(async (tx) => {
      await tx.user.update({ where: { id: input.personId }, data: { username: input.username } });
      if (person.homeOrgId)
        await tx.roleAssignment.upsert({
          where: { userId_orgId_role: { userId: input.personId, orgId: person.homeOrgId, role: "LEARNER" } },
          create: { userId: input.personId, orgId: person.homeOrgId, role: "LEARNER" },
          update: {},
        });
      await recordAudit(
        {
          actorId: input.actorId,
          orgId: person.homeOrgId,
          action: "account.created",
          entityType: "User",
          entityId: input.personId,
          details: { username: input.username },
        },
        tx,
      );
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, problem: "username-taken" };
    throw error;
  }
  return { ok: true, oneTimePassword: await issueOneTimePassword(input.personId) };
}

/** Gives or withdraws a role at an organization, if the admin may (roleChangeProblem); audited. */
export async function changeRole(input: {
  kind: "assign" | "withdraw";
  personId: string;
  role: AssignableRole;
  orgId: string;
  admin: { id: string; roles: readonly HeldRole[] };
}): Promise<{ ok: true } | { ok: false; problem: RoleProblem }> {
  const prisma = await getPrisma();
  const [org, person] = await Promise.all([
    prisma.organization.findUnique({ where: { id: input.orgId }, select: { path: true, closedAt: true } }),
    prisma.user.findUniqueOrThrow({ where: { id: input.personId }, select: { deactivatedAt: true } }),
  ]);
  if (!org || (input.kind === "assign" && org.closedAt)) return { ok: false, problem: "org-outside" };
  if (input.kind === "assign" && person.deactivatedAt) return { ok: false, problem: "person-deactivated" };
  const problem = roleChangeProblem(
    { kind: input.kind, role: input.role as Role, orgPath: org.path, personId: input.personId },
    input.admin,
  );
  if (problem) return { ok: false, problem };
  const key = { userId: input.personId, orgId: input.orgId, role: input.role };
  const outcome = await prisma.$transaction(async (tx) => {
    if (input.kind === "assign") {
      if (await tx.roleAssignment.findUnique({ where: { userId_orgId_role: key } })) return "already-held" as const;
      await tx.roleAssignment.create({ data: key });
    } else {
      const removed = await tx.roleAssignment.deleteMany({ where: key });
      if (removed.count === 0) return null;
    }
    await recordAudit(
      {
        actorId: input.admin.id,
        orgId: input.orgId,
        action: input.kind === "assign" ? "role.assigned" : "role.withdrawn",
        entityType: "User",
        entityId: input.personId,
        details: { role: input.role },
      },
      tx,
    );
    return null;
  });
  return outcome ? { ok: false, problem: outcome } : { ok: true };
}

export type TransferProblem = "org-outside" | "org-closed" | "same-org" | "date-future" | "date-before-last";

/**
 * 转接组织关系: the person belongs to another organization from the date given. His
 * records (hours, development steps, roles) stay his; the roles he held at the old
 * organization stay until an admin withdraws them.
 */
export async function transferPerson(input: {
  personId: string;
  toOrgId: string;
  transferredOn: Date;
  roots: readonly string[];
  actorId: string;
}): Promise<{ ok: true } | { ok: false; problem: TransferProblem; params?: Record<string, string> }> {
  const prisma = await getPrisma();
  const [person, to, last] = await Promise.all([
    prisma.user.findUniqueOrThrow({ where: { id: input.personId }, select: { homeOrgId: true } }),
    prisma.organization.findFirst({ where: { id: input.toOrgId, ...underRoots(input.roots) }, select: { id: true, closedAt: true } }),
    prisma.orgTransfer.findFirst({
      where: { userId: input.personId },
      orderBy: { transferredOn: "desc" },
      select: { transferredOn: true },
    }),
  ]);
  if (!to) return { ok: false, problem: "org-outside" };
  if (to.closedAt) return { ok: false, problem: "org-closed" };
  if (to.id === person.homeOrgId) return { ok: false, problem: "same-org" };
  if (input.transferredOn > new Date()) return { ok: false, problem: "date-future" };
  if (last && input.transferredOn < last.transferredOn)
    return { ok: false, problem: "date-before-last", params: { date: isoDate(last.transferredOn) } };
  await prisma.$transaction(async (tx) => {
    await tx.orgTransfer.create({
      data: {
        userId: input.personId,
        fromOrgId: person.homeOrgId,
        toOrgId: to.id,
        transferredOn: input.transferredOn,
        recordedById: input.actorId,
      },
    });
    await tx.user.update({ where: { id: input.personId }, data: { homeOrgId: to.id } });
    await recordAudit(
      {
        actorId: input.actorId,
        orgId: to.id,
        action: "person.transferred",
        entityType: "User",
        entityId: input.personId,
        details: { fromOrgId: person.homeOrgId, toOrgId: to.id, transferredOn: isoDate(input.transferredOn) },
      },
      tx,
    );
  });
  return { ok: true };
}

export type PlatformAdminProblem = "no-such-account" | "already-held" | "not-held" | "last-platform-admin";

/**
 * The platform admin role, given and withdrawn only from the server's command line
 * (npm run platform-admin): it reaches every organization, so no admin in the browser
 * hands it out. It is held at the root of the person's own tree (the first root when
 * he belongs to none); the last one is not withdrawn, or nobody could give it again
 * but someone with the server's shell.
 */
export async function changePlatformAdmin(
  kind: "grant" | "withdraw",
  username: string,
): Promise<{ ok: true; name: string; orgName: string } | { ok: false; problem: PlatformAdminProblem }> {
  const prisma = await getPrisma();
  const person = await prisma.user.findUnique({
    where: { username },
    select: { id: true, name: true, deactivatedAt: true, homeOrg: { select: { path: true } } },
  });
  if (!person || person.deactivatedAt) return { ok: false, problem: "no-such-account" };
  return prisma.$transaction(async (tx) => {
    const held = await tx.roleAssignment.findMany({ where: { userId: person.id, role: "PLATFORM_ADMIN" }, select: { org: true } });
    if (kind === "grant" && held.length > 0) return { ok: false, problem: "already-held" } as const;
    if (kind === "withdraw" && held.length === 0) return { ok: false, problem: "not-held" } as const;
    if (kind === "withdraw" && (await tx.roleAssignment.count({ where: { role: "PLATFORM_ADMIN", userId: { not: person.id } } })) === 0)
      return { ok: false, problem: "last-platform-admin" } as const;
    const rootId = person.homeOrg?.path.split("/").filter(Boolean)[0];
    const org =
      kind === "withdraw"
        ? held[0]!.org
        : ((rootId ? await tx.organization.findUnique({ where: { id: rootId } }) : null) ??
          (await tx.organization.findFirstOrThrow({ where: { parentId: null }, orderBy: { createdAt: "asc" } })));
    if (kind === "grant") await tx.roleAssignment.create({ data: { userId: person.id, orgId: org.id, role: "PLATFORM_ADMIN" } });
    else await tx.roleAssignment.deleteMany({ where: { userId: person.id, role: "PLATFORM_ADMIN" } });
    await recordAudit(
      {
        actorId: null,
        orgId: org.id,
        action: kind === "grant" ? "role.assigned" : "role.withdrawn",
        entityType: "User",
        entityId: person.id,
        details: { role: "PLATFORM_ADMIN", by: "command-line" },
      },
      tx,
    );
    return { ok: true, name: person.name, orgName: org.name } as const;
  });
}

/** Who holds the platform admin role, by sign-in name. */
export async function platformAdmins(): Promise<{ username: string; name: string }[]> {
  const prisma = await getPrisma();
  const held = await prisma.roleAssignment.findMany({
    where: { role: "PLATFORM_ADMIN" },
    select: { user: { select: { username: true, name: true } } },
    orderBy: { createdAt: "asc" },
  });
  return [...new Map(held.map(({ user }) => [user.username ?? "", { username: user.username ?? "", name: user.name }])).values()];
}

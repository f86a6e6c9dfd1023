// An organization's settings document (`Organization.policyJson`): one JSON
// object shared by every rule set that reads settings down the tree (annual
// study targets, development policy, station goals). Each reader picks its own keys. The
// development policy is read and saved here: the policy along a path, the
// policy page's view, and a save checked against the whole subtree.
import {
  checkPolicyTree,
  developmentOverrideIn,
  resolvePolicy,
  withDevelopmentOverride,
  type Policy,
  type PolicyOverride,
} from "~/domain/development/policy.ts";
import {
  ownStationGoals,
  stationGoalsFrom,
  stationGoalsSources,
  withStationGoals,
  type GoalsOverrideValue,
} from "~/domain/station/report-card.ts";
import type { Prisma } from "~/generated/prisma/client.ts";
import type { Problem } from "~/utils/problems.ts";
import { getPrisma } from "~/utils/db.server.ts";
import { recordAudit } from "./audit.server.ts";

type Db = Prisma.TransactionClient;

export type PolicyDocument = Record<string, unknown>;

/** A stored document; one that no longer reads counts as empty (the defaults apply), not as an error. */
export function readPolicyDocument(json: string): PolicyDocument {
  try {
    const value: unknown = JSON.parse(json);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as PolicyDocument) : {};
  } catch {
    return {};
  }
}

/** The organizations along a path, root first, each with its document. */
export async function policyDocumentsAlong(orgPath: string, db?: Db) {
  const prisma = db ?? (await getPrisma());
  const ids = orgPath.split("/").filter(Boolean);
  const orgs = await prisma.organization.findMany({
    where: { id: { in: ids } },
    select: { id: true, name: true, path: true, policyJson: true },
  });
  return orgs
    .sort((a, b) => a.path.length - b.path.length)
    .map((org) => ({ id: org.id, name: org.name, path: org.path, document: readPolicyDocument(org.policyJson) }));
}

function resolveOrThrow(overrides: PolicyOverride[], orgPath: string | null): Policy {
  const resolved = resolvePolicy(overrides);
  // resolvePolicy refuses only an inconsistent pair, which saving a policy already refuses.
  if (!resolved.ok) throw new Error(`inconsistent policy along ${orgPath}: ${resolved.problems.map((p) => p.code).join("; ")}`);
  return resolved.policy;
}

/** The development policy in force at an organization (the defaults when there is none). */
export async function policyForPath(orgPath: string | null, db?: Db): Promise<Policy> {
  if (!orgPath) return resolveOrThrow([], orgPath);
  const along = await policyDocumentsAlong(orgPath, db);
  return resolveOrThrow(
    along.map((org) => developmentOverrideIn(org.document)),
    orgPath,
  );
}

/**
 * The organizations below the given roots, tree order: whose policy an admin
 * holding org:manage at those roots may set. An empty root ("") reaches every
 * organization (a platform admin).
 */
export async function organizationsUnder(roots: readonly string[]) {
  if (roots.length === 0) return [];
  const prisma = await getPrisma();
  return prisma.organization.findMany({
    where: { OR: roots.map((root) => ({ path: { startsWith: root } })) },
    orderBy: { path: "asc" },
    select: { id: true, name: true, path: true },
  });
}

/** One organization, if it lies below one of the roots. */
export async function organizationUnder(roots: readonly string[], orgId: string) {
  if (roots.length === 0 || !orgId) return null;
  const prisma = await getPrisma();
  return prisma.organization.findFirst({
    where: { id: orgId, OR: roots.map((root) => ({ path: { startsWith: root } })) },
    select: { id: true, name: true, path: true },
  });
}

/** An organization's own overrides, and for each setting the value in force and who set it. */
export async function policyView(orgId: string) {
  const prisma = await getPrisma();
  const org = await prisma.organization.findUniqueOrThrow({ where: { id: orgId }, select: { id: true, name: true, path: true } });
  const chain = (await policyDocumentsAlong(org.path, prisma)).map((node) => ({
    name: node.name,
    override: developmentOverrideIn(node.document),
  }));
  const effective = resolveOrThrow(
    chain.map((node) => node.override),
    org.path,
  );
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
 * problem names the organization; the decision is checkPolicyTree's).
 */
export async function savePolicy(params: {
  orgId: string;
  override: PolicyOverride;
  actorId: string;
}): Promise<{ ok: true } | { ok: false; problems: Problem[] }> {
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    const org = await tx.organization.findUniqueOrThrow({
      where: { id: params.orgId },
      select: { id: true, path: true, policyJson: true },
    });
    const before = readPolicyDocument(org.policyJson);
    const after = withDevelopmentOverride(before, params.override);
    // The organization, its ancestors and everything below, read once.
    const nodes = await tx.organization.findMany({
      where: { OR: [{ id: { in: org.path.split("/").filter(Boolean) } }, { path: { startsWith: org.path } }] },
      select: { id: true, name: true, path: true, policyJson: true },
    });
    const problems = checkPolicyTree(
      nodes.map((node) => ({
        id: node.id,
        name: node.name,
        path: node.path,
        override: developmentOverrideIn(readPolicyDocument(node.policyJson)),
      })),
      org.id,
      developmentOverrideIn(after),
    );
    if (problems.length > 0) return { ok: false as const, problems };
    await tx.organization.update({ where: { id: org.id }, data: { policyJson: JSON.stringify(after) } });
    await recordAudit(
      {
        actorId: params.actorId,
        orgId: org.id,
        action: "development.policy.changed",
        entityType: "Organization",
        entityId: org.id,
        details: { before, after },
      },
      tx,
    );
    return { ok: true as const };
  });
}

/** An organization's own station goals, the goals in force and who set each (docs/decisions/022). */
export async function stationGoalsView(orgId: string) {
  const prisma = await getPrisma();
  const org = await prisma.organization.findUniqueOrThrow({ where: { id: orgId }, select: { id: true, name: true, path: true } });
  const chain = await policyDocumentsAlong(org.path, prisma);
  return {
    org: { id: org.id, name: org.name },
    own: ownStationGoals(chain[chain.length - 1]?.document ?? {}),
    effective: stationGoalsFrom(chain.map((node) => node.document)),
    source: stationGoalsSources(chain),
  };
}

/** Saves an organization's own station goals (empty: inherit), with an audit entry. */
export async function saveStationGoals(params: { orgId: string; goals: GoalsOverrideValue; actorId: string }) {
  const prisma = await getPrisma();
  await prisma.$transaction(async (tx) => {
    const org = await tx.organization.findUniqueOrThrow({ where: { id: params.orgId }, select: { id: true, policyJson: true } });
    const before = readPolicyDocument(org.policyJson);
    const after = withStationGoals(before, params.goals);
    await tx.organization.update({ where: { id: org.id }, data: { policyJson: JSON.stringify(after) } });
    await recordAudit(
      {
        actorId: params.actorId,
        orgId: org.id,
        action: "station.goals.changed",
        entityType: "Organization",
        entityId: org.id,
        details: { before: before.stationMonthlyGoals ?? null, after: after.stationMonthlyGoals ?? null },
      },
      tx,
    );
  });
}

// 站点管理: adding and editing a station, its operators (专人负责) and the
// STATION_OPERATOR role that goes with being one; the decisions are
// app/domain/station/station-admin.ts's, every change is audited in the same
// transaction (decision record 023).
import { isRole, type HeldRole } from "~/domain/access.ts";
import {
  operatorRolePlan,
  stationProblems,
  type Connectivity,
  type OperatorFacts,
  type StationForm,
} from "~/domain/station/station-admin.ts";
import type { Prisma } from "~/generated/prisma/client.ts";
import type { Problem } from "~/utils/problems.ts";
import { getPrisma } from "~/utils/db.server.ts";
import { recordAudit } from "./audit.server.ts";
import { isUniqueViolation } from "./prisma-errors.server.ts";

type Db = Prisma.TransactionClient;

/** The audit action that marks a role as given by the station pages (and so theirs to withdraw). */
export const ROLE_GIVEN = "station.operator.role-granted";
export const ROLE_WITHDRAWN = "station.operator.role-withdrawn";

const underRoots = (roots: readonly string[]) => roots.map((root) => ({ path: { startsWith: root } }));

/** The ids of the stations whose organization lies below one of the roots: those an admin may edit. */
export async function stationIdsUnder(roots: readonly string[]): Promise<string[]> {
  if (roots.length === 0) return [];
  const prisma = await getPrisma();
  const stations = await prisma.station.findMany({ where: { org: { OR: underRoots(roots) } }, select: { id: true } });
  return stations.map((station) => station.id);
}

/** A station as its edit page shows it, with what decides whether its number and organization may change; null when there is none. */
export async function stationForEditing(code: string) {
  const prisma = await getPrisma();
  const station = await prisma.station.findUnique({
    where: { code },
    select: {
      id: true,
      code: true,
      name: true,
      village: true,
      address: true,
      equipment: true,
      connectivity: true,
      runningSessionClientId: true,
      org: { select: { id: true, name: true, path: true } },
      operators: { orderBy: { createdAt: "asc" }, select: { user: { select: { id: true, name: true, phone: true } } } },
      _count: { select: { sessions: true } },
    },
  });
  if (!station) return null;
  const { operators, _count, runningSessionClientId, ...rest } = station;
  return {
    ...rest,
    operators: operators.map((operator) => operator.user),
    hasSessions: _count.sessions > 0,
    running: runningSessionClientId !== null,
  };
}

/** The people who may be named operators of a station of this organization: those whose home organization is it or below it. */
export async function operatorCandidates(orgPath: string) {
  const prisma = await getPrisma();
  return prisma.user.findMany({
    where: { homeOrg: { path: { startsWith: orgPath } } },
    orderBy: [{ homeOrg: { path: "asc" } }, { name: "asc" }],
    select: { id: true, name: true, phone: true, homeOrg: { select: { name: true } } },
  });
}

const STATION_FIELDS = {
  id: true,
  code: true,
  name: true,
  village: true,
  address: true,
  equipment: true,
  connectivity: true,
  orgId: true,
  runningSessionClientId: true,
  operators: { orderBy: { createdAt: "asc" }, select: { userId: true } },
  _count: { select: { sessions: true } },
} as const;

/** What the audit keeps of a station: every field the form sets. */
function auditView(station: {
  code: string;
  name: string;
  village: string;
  address: string;
  equipment: string;
  connectivity: string;
  orgId: string;
  operatorIds: readonly string[];
}) {
  const { code, name, village, address, equipment, connectivity, orgId, operatorIds } = station;
  return { code, name, village, address, equipment, connectivity, orgId, operatorIds: [...operatorIds] };
}

/** The facts the role plan needs about each person who is or will be an operator of the station. */
async function operatorFacts(tx: Db, stationId: string | null, userIds: readonly string[]): Promise<OperatorFacts[]> {
  if (userIds.length === 0) return [];
  const [assignments, elsewhere] = await Promise.all([
    tx.roleAssignment.findMany({
      where: { userId: { in: [...userIds] } },
      select: { id: true, userId: true, role: true, org: { select: { path: true } } },
    }),
    tx.stationOperator.findMany({
      where: { userId: { in: [...userIds] }, ...(stationId ? { stationId: { not: stationId } } : {}) },
      select: { userId: true, station: { select: { org: { select: { path: true } } } } },
    }),
  ]);
  const operatorRoles = assignments.filter((assignment) => assignment.role === "STATION_OPERATOR");
  const givenIds = new Set(
    (
      await tx.auditLog.findMany({
        where: { action: ROLE_GIVEN, entityType: "RoleAssignment", entityId: { in: operatorRoles.map((assignment) => assignment.id) } },
        select: { entityId: true },
      })
    ).map((entry) => entry.entityId),
  );
  return userIds.map((userId) => ({
    userId,
    roles: assignments.flatMap((assignment): HeldRole[] =>
      assignment.userId === userId && isRole(assignment.role) ? [{ role: assignment.role, orgPath: assignment.org.path }] : [],
    ),
    given: operatorRoles
      .filter((assignment) => assignment.userId === userId && givenIds.has(assignment.id))
      .map((assignment) => ({ assignmentId: assignment.id, orgPath: assignment.org.path })),
    otherStationOrgPaths: elsewhere.filter((row) => row.userId === userId).map((row) => row.station.org.path),
  }));
}

export type SaveStationOutcome = { ok: true; code: string } | { ok: false; problems: Problem[] };

class Refused extends Error {
  constructor(readonly problems: Problem[]) {
    super("refused");
  }
}

/**
 * Adds a station (stationId null) or saves one, with its operators, the
 * STATION_OPERATOR roles that go with them and an audit entry for each
 * change, all in one transaction. `roots`: the subtrees where the admin holds
 * org:manage; the organization asked for must lie in one of them.
 */
export async function saveStation(params: {
  stationId: string | null;
  form: StationForm;
  roots: readonly string[];
  actorId: string;
}): Promise<SaveStationOutcome> {
  const prisma = await getPrisma();
  const { form, actorId } = params;
  try {
    return await prisma.$transaction(async (tx) => {
      const current = params.stationId
        ? await tx.station.findUniqueOrThrow({ where: { id: params.stationId }, select: STATION_FIELDS })
        : null;
      const operatorIds = [...new Set(form.operatorIds)];
      const [org, holder, picked] = await Promise.all([
        params.roots.length === 0
          ? null
          : tx.organization.findFirst({ where: { id: form.orgId, OR: underRoots(params.roots) }, select: { id: true, path: true } }),
        tx.station.findUnique({ where: { code: form.code }, select: { id: true } }),
        tx.user.findMany({ where: { id: { in: operatorIds } }, select: { id: true, name: true, homeOrg: { select: { path: true } } } }),
      ]);
      const problems = stationProblems(
        { code: form.code, orgId: form.orgId, operatorIds },
        {
          current: current && {
            code: current.code,
            orgId: current.orgId,
            hasSessions: current._count.sessions > 0 || current.runningSessionClientId !== null,
            running: current.runningSessionClientId !== null,
          },
          codeTaken: holder !== null && holder.id !== current?.id,
          orgInReach: org !== null,
          eligible: new Set(picked.filter((person) => org && person.homeOrg?.path.startsWith(org.path)).map((person) => person.id)),
          names: new Map(picked.map((person) => [person.id, person.name])),
        },
      );
      if (problems.length > 0 || !org) return { ok: false as const, problems };

      const fields = {
        code: form.code,
        name: form.name,
        village: form.village,
        address: form.address,
        equipment: form.equipment,
        connectivity: form.connectivity satisfies Connectivity,
        orgId: org.id,
      };
      let stationId: string;
      if (current) {
        stationId = current.id;
        // Moved only while nothing runs there: a session opened since the check above makes this update miss.
        const moving = current.orgId !== org.id;
        const updated = await tx.station.updateMany({
          where: { id: current.id, ...(moving ? { runningSessionClientId: null } : {}) },
          data: fields,
        });
        if (updated.count === 0) throw new Refused([{ field: "orgId", code: "org-running" }]);
      } else {
        stationId = (await tx.station.create({ data: fields, select: { id: true } })).id;
      }

      const before = current?.operators.map((operator) => operator.userId) ?? [];
      const removed = before.filter((userId) => !operatorIds.includes(userId));
      const added = operatorIds.filter((userId) => !before.includes(userId));
      if (removed.length > 0) await tx.stationOperator.deleteMany({ where: { stationId, userId: { in: removed } } });
      for (const userId of added) await tx.stationOperator.create({ data: { stationId, userId } });

      const plan = operatorRolePlan({
        stationOrgPath: org.path,
        operatorsAfter: operatorIds,
        people: await operatorFacts(tx, stationId, [...new Set([...before, ...operatorIds])]),
      });
      for (const userId of plan.grant) {
        const role = await tx.roleAssignment.create({ data: { userId, orgId: org.id, role: "STATION_OPERATOR" }, select: { id: true } });
        await recordAudit(
          {
            actorId,
            orgId: org.id,
            action: ROLE_GIVEN,
            entityType: "RoleAssignment",
            entityId: role.id,
            details: { userId, role: "STATION_OPERATOR", stationId, stationCode: form.code },
          },
          tx,
        );
      }
      for (const { userId, assignmentId } of plan.withdraw) {
        const role = await tx.roleAssignment.delete({ where: { id: assignmentId }, select: { orgId: true } });
        await recordAudit(
          {
            actorId,
            orgId: role.orgId,
            action: ROLE_WITHDRAWN,
            entityType: "RoleAssignment",
            entityId: assignmentId,
            details: { userId, role: "STATION_OPERATOR", stationId, stationCode: form.code },
          },
          tx,
        );
      }

      const after = auditView({ ...fields, operatorIds });
      await recordAudit(
        {
          actorId,
          orgId: org.id,
          action: current ? "station.update" : "station.create",
          entityType: "Station",
          entityId: stationId,
          details: current ? { before: auditView({ ...current, operatorIds: before }), after } : { after },
        },
        tx,
      );
      return { ok: true as const, code: form.code };
    });
  } catch (error) {
    if (error instanceof Refused) return { ok: false, problems: error.problems };
    // Two admins giving the same number at once: the second finds it taken.
    if (isUniqueViolation(error)) {
      const holder = await prisma.station.findUnique({ where: { code: form.code }, select: { id: true } });
      if (holder && holder.id !== params.stationId)
        return { ok: false, problems: [{ field: "code", code: "code-taken", params: { code: form.code } }] };
    }
    throw error;
  }
}

// 站点人员: who a station serves, with how often each came, and the villagers
// registered there; registering one outside a roll call, and linking a
// villager's record to the account he got later (his attendance follows him).
import { randomUUID } from "node:crypto";
import {
  linkProblem,
  phoneMatches,
  registrationProblem,
  type AccountHolder,
  type LinkProblem,
  type RegistrationProblem,
} from "~/domain/station/station-people.ts";
import { getPrisma } from "~/utils/db.server.ts";
import { recordAudit } from "./audit.server.ts";
import { stationSessionState } from "./station-session.server.ts";

type StationRef = { id: string; orgPath: string };

/** The sessions (their device-made ids) each person on the station's rolls attended, closed ones only if asked; a late arrival counts once. */
async function sessionsAttended(stationId: string, closedOnly = false): Promise<Map<string, string[]>> {
  const prisma = await getPrisma();
  const sessions = await prisma.stationSession.findMany({
    where: { stationId, ...(closedOnly ? { endedAt: { not: null } } : {}) },
    select: { clientId: true },
  });
  const attended = new Map<string, string[]>();
  for (const session of sessions) {
    const state = await stationSessionState(session.clientId);
    for (const personId of state?.presence.keys() ?? []) attended.set(personId, [...(attended.get(personId) ?? []), session.clientId]);
  }
  return attended;
}

async function membersOf(orgPath: string) {
  const prisma = await getPrisma();
  return prisma.user.findMany({
    where: { homeOrg: { path: { startsWith: orgPath } } },
    orderBy: { name: "asc" },
    select: { id: true, name: true, phone: true, stage: true, homeOrg: { select: { name: true } } },
  });
}

async function villagersOf(stationId: string) {
  const prisma = await getPrisma();
  return prisma.stationVisitor.findMany({
    where: { stationId },
    orderBy: { createdAt: "asc" },
    select: { id: true, name: true, phone: true, userId: true, createdAt: true, user: { select: { name: true, phone: true } } },
  });
}

/** The people page: members and activists of the station's organizations, then its villagers with the accounts they may have become. */
export async function stationPeoplePage(station: StationRef) {
  const prisma = await getPrisma();
  const [members, villagers, attended] = await Promise.all([
    membersOf(station.orgPath),
    villagersOf(station.id),
    sessionsAttended(station.id),
  ]);
  const linked = new Set(villagers.flatMap((villager) => (villager.userId ? [villager.userId] : [])));
  const phones = villagers.flatMap((villager) => (villager.userId === null && villager.phone ? [villager.phone] : []));
  const accounts = phones.length
    ? await prisma.user.findMany({
        where: { phone: { in: phones } },
        select: { id: true, name: true, phone: true, homeOrg: { select: { name: true } } },
      })
    : [];
  const matches = phoneMatches(villagers, accounts, linked);
  const orgNameOf = new Map(accounts.map((account) => [account.id, account.homeOrg?.name ?? null]));
  return {
    members: members.map((member) => ({
      id: member.id,
      name: member.name,
      phone: member.phone,
      stage: member.stage,
      orgName: member.homeOrg?.name ?? null,
      attended: attended.get(member.id)?.length ?? 0,
    })),
    villagers: villagers.map((villager) => ({
      id: villager.id,
      name: villager.name,
      phone: villager.phone,
      registeredAt: villager.createdAt,
      attended: attended.get(villager.id)?.length ?? 0,
      account: villager.user && { name: villager.user.name, phone: villager.user.phone },
      candidates: (matches.get(villager.id) ?? []).map((candidate: AccountHolder) => ({
        id: candidate.id,
        name: candidate.name,
        orgName: orgNameOf.get(candidate.id) ?? null,
      })),
    })),
  };
}

export type RegisterOutcome = { ok: true; id: string } | { ok: false; problem: RegistrationProblem };

/** Registers a villager at the station, outside any roll call; the next roll call finds him among its people. */
export async function registerVillager(
  station: StationRef,
  villager: { name: string; phone: string | null },
  registeredById: string,
): Promise<RegisterOutcome> {
  const prisma = await getPrisma();
  const [members, villagers] = await Promise.all([membersOf(station.orgPath), villagersOf(station.id)]);
  const problem = registrationProblem(villager.phone, villagers, members);
  if (problem) return { ok: false, problem };
  const id = randomUUID();
  await prisma.$transaction(async (tx) => {
    const { orgId } = await tx.station.findUniqueOrThrow({ where: { id: station.id }, select: { orgId: true } });
    await tx.stationVisitor.create({
      data: { id, stationId: station.id, name: villager.name, phone: villager.phone },
      select: { id: true },
    });
    await recordAudit(
      {
        actorId: registeredById,
        orgId,
        action: "station.villager.register",
        entityType: "StationVisitor",
        entityId: id,
        details: villager,
      },
      tx,
    );
  });
  return { ok: true, id };
}

export type LinkOutcome = { ok: true; account: string; closedSessions: string[] } | { ok: false; problem: LinkProblem | "unknown" };

/**
 * Links a villager's record to an account, as the person confirming it says:
 * from now on his attendance is that account's. Returns the closed sessions he
 * attended, whose hours the caller queues for the account (the hours worker
 * gives each at most once).
 */
export async function linkVillager(
  station: StationRef,
  villagerId: string,
  accountId: string,
  confirmedById: string,
): Promise<LinkOutcome> {
  const prisma = await getPrisma();
  const stationId = station.id;
  const outcome = await prisma.$transaction(async (tx): Promise<LinkOutcome> => {
    const villager = await tx.stationVisitor.findFirst({
      where: { id: villagerId, stationId },
      select: { userId: true, name: true, phone: true, station: { select: { orgId: true } } },
    });
    const account = await tx.user.findUnique({
      where: { id: accountId },
      select: { name: true, phone: true, homeOrg: { select: { path: true } } },
    });
    if (!villager || !account) return { ok: false, problem: "unknown" };
    const linked = await tx.stationVisitor.findMany({ where: { stationId, userId: { not: null } }, select: { userId: true } });
    const servedByStation = account.homeOrg?.path.startsWith(station.orgPath) ?? false;
    const problem = linkProblem(
      villager,
      { id: accountId, phone: account.phone, servedByStation },
      new Set(linked.map((row) => row.userId!)),
    );
    if (problem) return { ok: false, problem };
    // Only an unlinked record is taken: two people confirming at once link it once.
    const taken = await tx.stationVisitor.updateMany({ where: { id: villagerId, userId: null }, data: { userId: accountId } });
    if (taken.count === 0) return { ok: false, problem: "already-linked" };
    await recordAudit(
      {
        actorId: confirmedById,
        orgId: villager.station.orgId,
        action: "station.villager.link",
        entityType: "StationVisitor",
        entityId: villagerId,
        details: {
          accountId,
          villager: { name: villager.name, phone: villager.phone },
          account: { name: account.name, phone: account.phone },
        },
      },
      tx,
    );
    return { ok: true, account: account.name, closedSessions: [] };
  });
  if (!outcome.ok) return outcome;
  const attended = (await sessionsAttended(stationId, true)).get(villagerId) ?? [];
  return { ...outcome, closedSessions: attended };
}

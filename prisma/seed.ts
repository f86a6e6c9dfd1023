// Seeds the sample organization, accounts and station. Idempotent: every row is
// found by its natural key (org code, username, station code) and updated.

import { recomputeEligibility } from "~/models/eligibility.server.ts";
import { hashPassword } from "~/models/user.server.ts";
import { getPrisma } from "~/utils/db.server.ts";
import { SAMPLE_ACCOUNTS, SAMPLE_ORGS, SAMPLE_PASSWORD, SAMPLE_STATION } from "./sample-data.ts";
import { addMonths } from "~/domain/calendar.ts";

export async function seed(today = new Date()) {
  const prisma = await getPrisma();
  const orgIds = new Map<string, { id: string; path: string }>();
  for (const org of SAMPLE_ORGS) {
    const parent = org.parent ? orgIds.get(org.parent) : undefined;
    const existing = await prisma.organization.findUnique({ where: { code: org.code }, select: { id: true, path: true } });
    const saved =
      existing ??
      (await prisma.$transaction(async (tx) => {
        const created = await tx.organization.create({
          data: {
            code: org.code,
            name: org.name,
            kind: org.kind,
            isMobile: org.isMobile ?? false,
            parentId: parent?.id,
            path: `pending:${org.code}`,
          },
          select: { id: true },
        });
        return tx.organization.update({
          where: { id: created.id },
          data: { path: `${parent?.path ?? "/"}${created.id}/` },
          select: { id: true, path: true },
        });
      }));
    await prisma.organization.update({
      where: { id: saved.id },
      data: { name: org.name, kind: org.kind, isMobile: org.isMobile ?? false },
    });
    orgIds.set(org.code, saved);
  }
  const org = (code: string) => {
    const found = orgIds.get(code);
    if (!found) throw new Error(`sample data names an unknown organization: ${code}`);
    return found.id;
  };

  const passwordHash = await hashPassword(SAMPLE_PASSWORD);
  const userIds = new Map<string, string>();
  for (const account of SAMPLE_ACCOUNTS) {
    const profile = {
      phone: account.phone,
      name: account.name,
      gender: account.gender,
      birthDate: new Date(Date.UTC(account.birthYear, 0, 1)),
      education: account.education,
      isRural: account.isRural,
      homeOrgId: org(account.homeOrg),
      activistTier: account.activistTier ?? null,
    };
    const existing = await prisma.user.findUnique({ where: { username: account.username }, select: { id: true } });
    // The stage and its date are facts learners' records build on: set them once, never reset.
    const user = existing
      ? await prisma.user.update({ where: { id: existing.id }, data: profile, select: { id: true } })
      : await prisma.user.create({
          data: {
            username: account.username,
            ...profile,
            stage: account.stage,
            stageSince: account.stageMonthsAgo !== undefined ? addMonths(today, -account.stageMonthsAgo) : null,
          },
          select: { id: true },
        });
    userIds.set(account.username, user.id);
    await prisma.password.upsert({ where: { userId: user.id }, create: { userId: user.id, hash: passwordHash }, update: {} });
    for (const held of account.roles) {
      const key = { userId: user.id, orgId: org(held.org), role: held.role };
      await prisma.roleAssignment.upsert({ where: { userId_orgId_role: key }, create: key, update: {} });
    }
    if (account.entrustedTo) {
      const trainingOrgId = org(account.entrustedTo);
      const current = await prisma.entrustedTraining.findFirst({
        where: { userId: user.id, trainingOrgId, endedOn: null },
        select: { id: true },
      });
      if (!current) {
        await prisma.entrustedTraining.create({
          data: { userId: user.id, trainingOrgId, homeOrgId: org(account.homeOrg), startedOn: addMonths(today, -6) },
        });
      }
    }
  }

  const station = {
    name: SAMPLE_STATION.name,
    orgId: org(SAMPLE_STATION.org),
    village: SAMPLE_STATION.village,
    address: SAMPLE_STATION.address,
    equipment: SAMPLE_STATION.equipment,
    connectivity: SAMPLE_STATION.connectivity,
  };
  const { id: stationId } = await prisma.station.upsert({
    where: { code: SAMPLE_STATION.code },
    create: { code: SAMPLE_STATION.code, ...station },
    update: station,
  });
  for (const username of SAMPLE_STATION.operators) {
    const userId = userIds.get(username)!;
    await prisma.stationOperator.upsert({ where: { stationId_userId: { stationId, userId } }, create: { stationId, userId }, update: {} });
  }
  // The development desk opens with a verdict for everyone, not "not judged yet".
  for (const id of userIds.values()) await recomputeEligibility(id, today);
  return { organizations: orgIds.size, accounts: userIds.size };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  seed()
    .then(async (counts) => {
      console.log(`示例数据就绪 / sample data ready: ${counts.organizations} organizations, ${counts.accounts} accounts, 1 station`);
      await (await getPrisma()).$disconnect();
    })
    .catch((error: unknown) => {
      console.error(`导入示例数据失败 / seeding failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    });
}

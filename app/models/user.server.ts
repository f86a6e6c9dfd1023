// People, their passwords and the roles they hold.
import bcrypt from "bcryptjs";
import type { HeldRole, Role } from "~/domain/access.ts";
import { getPrisma } from "~/utils/db.server.ts";

const BCRYPT_COST = 10;
let dummyHash: Promise<string> | undefined;

export function hashPassword(password: string) {
  return bcrypt.hash(password, BCRYPT_COST);
}

/** The account a username or phone number signs in to, with its password's hash; null for none. */
export async function signInAccount(identifier: string): Promise<{ id: string; hash: string | null } | null> {
  const prisma = await getPrisma();
  const user = await prisma.user.findFirst({
    where: { OR: [{ username: identifier }, { phone: identifier }] },
    select: { id: true, password: { select: { hash: true } } },
  });
  return user ? { id: user.id, hash: user.password?.hash ?? null } : null;
}

/** Whether the password is the account's. With no account (or no password) a dummy hash is compared, so timing does not tell who exists. */
export async function passwordMatches(account: { hash: string | null } | null, password: string): Promise<boolean> {
  dummyHash ??= bcrypt.hash("no-such-user", BCRYPT_COST);
  const valid = await bcrypt.compare(password, account?.hash ?? (await dummyHash));
  return valid && Boolean(account?.hash);
}

export async function getUserForSession(userId: string) {
  const prisma = await getPrisma();
  return prisma.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      name: true,
      username: true,
      stage: true,
      homeOrgId: true,
      largeText: true,
      readAloud: true,
      homeOrg: { select: { id: true, name: true, path: true } },
      roles: { select: { role: true, org: { select: { id: true, name: true, path: true } } } },
    },
  });
}

/** 大字 and 朗读: display preferences kept with the person, so they follow him to any device. */
export type DisplayPreferences = { largeText: boolean; readAloud: boolean };

export async function updateDisplayPreferences(userId: string, changes: Partial<DisplayPreferences>): Promise<DisplayPreferences> {
  const prisma = await getPrisma();
  return prisma.user.update({ where: { id: userId }, data: changes, select: { largeText: true, readAloud: true } });
}

export type SessionUser = NonNullable<Awaited<ReturnType<typeof getUserForSession>>>;

export function heldRoles(user: SessionUser): HeldRole[] {
  return user.roles.map((held) => ({ role: held.role as Role, orgPath: held.org.path }));
}

/** The organizations a learner belongs to: his home branch and any branch training him. */
export async function learnerOrgPaths(userId: string): Promise<string[]> {
  const prisma = await getPrisma();
  const user = await prisma.user.findUnique({
    where: { id: userId },
    select: {
      homeOrg: { select: { path: true } },
      entrustedTraining: { where: { endedOn: null }, select: { trainingOrg: { select: { path: true } } } },
    },
  });
  if (!user) return [];
  return [user.homeOrg?.path, ...user.entrustedTraining.map((entrusted) => entrusted.trainingOrg.path)].filter((path): path is string =>
    Boolean(path),
  );
}

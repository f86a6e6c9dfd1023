// People, their passwords and the roles they hold.
import { randomInt } from "node:crypto";
import bcrypt from "bcryptjs";
import type { HeldRole, Role } from "~/domain/access.ts";
import { getPrisma } from "~/utils/db.server.ts";

const BCRYPT_COST = 10;
let dummyHash: Promise<string> | undefined;

export function hashPassword(password: string) {
  return bcrypt.hash(password, BCRYPT_COST);
}

/** The account a username or phone number signs in to, with its password's hash and whether it is a one-time one; null for none. */
export async function signInAccount(identifier: string): Promise<{ id: string; hash: string | null; mustChange: boolean } | null> {
  const prisma = await getPrisma();
  const user = await prisma.user.findFirst({
    where: { OR: [{ username: identifier }, { phone: identifier }], deactivatedAt: null },
    select: { id: true, password: { select: { hash: true, mustChange: true } } },
  });
  return user ? { id: user.id, hash: user.password?.hash ?? null, mustChange: user.password?.mustChange ?? false } : null;
}

/** Whether the password is the account's. With no account (or no password) a dummy hash is compared, so timing does not tell who exists. */
export async function passwordMatches(account: { hash: string | null } | null, password: string): Promise<boolean> {
  dummyHash ??= bcrypt.hash("no-such-user", BCRYPT_COST);
  const valid = await bcrypt.compare(password, account?.hash ?? (await dummyHash));
  return valid && Boolean(account?.hash);
}

/** Sets a person's password; `mustChange` makes it a one-time one, which his next sign-in must replace. */
export async function setPassword(userId: string, password: string, options: { mustChange: boolean }) {
  const prisma = await getPrisma();
  const hash = await hashPassword(password);
  await prisma.password.upsert({
    where: { userId },
    create: { userId, hash, mustChange: options.mustChange },
    update: { hash, mustChange: options.mustChange },
  });
}

/** Letters and digits that cannot be mistaken for one another when read out or copied from paper (no 0/O, 1/l/I). */
const ONE_TIME_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
const ONE_TIME_LENGTH = 10;

/**
 * A new one-time password for someone who forgot his: it replaces his
 * password, his open sessions end, and his next sign-in must set his own.
 * Answers it, to be handed to him; it is kept only as a hash.
 */
export async function issueOneTimePassword(userId: string): Promise<string> {
  const password = Array.from({ length: ONE_TIME_LENGTH }, () => ONE_TIME_ALPHABET[randomInt(ONE_TIME_ALPHABET.length)]).join("");
  await setPassword(userId, password, { mustChange: true });
  const prisma = await getPrisma();
  await prisma.session.deleteMany({ where: { userId } });
  return password;
}

/** Who an account is, as an admin sees it before handing out a one-time password. */
export async function accountSummary(userId: string) {
  const prisma = await getPrisma();
  return prisma.user.findUnique({
    where: { id: userId },
    select: { id: true, name: true, username: true, homeOrg: { select: { name: true } }, password: { select: { mustChange: true } } },
  });
}

/** What a person's own password is checked against when he changes it. */
export async function passwordOfUser(userId: string): Promise<{ hash: string | null }> {
  const prisma = await getPrisma();
  const password = await prisma.password.findUnique({ where: { userId }, select: { hash: true } });
  return { hash: password?.hash ?? null };
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
      password: { select: { mustChange: true } },
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

/** The path of the person's own organization; null for no such person (or one with none). */
export async function homeOrgPathOf(userId: string): Promise<string | null> {
  const prisma = await getPrisma();
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { homeOrg: { select: { path: true } } } });
  return user?.homeOrg?.path ?? null;
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

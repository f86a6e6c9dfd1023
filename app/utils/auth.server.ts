// Sign-in sessions: a signed, httpOnly cookie holds the id of a Session row, so
// signing out (or expiry) revokes it on the server.
import { createCookieSessionStorage, redirect, type SessionStorage } from "@remix-run/node";
import { failureKey, type SignInStop } from "~/domain/sign-in-guard.ts";
import { recordAudit } from "~/models/audit.server.ts";
import { getUserForSession, passwordMatches, signInAccount, type SessionUser } from "~/models/user.server.ts";
import { getPrisma } from "./db.server.ts";
import { env, sessionSecret } from "./env.server.ts";
import { isSameSitePath } from "./misc.ts";
import { clearWrongPasswords, countWrongPassword, signInStop } from "./sign-in-guard.server.ts";

export const SESSION_DAYS = 30;
const SESSION_KEY = "sessionId";

type SessionData = { sessionId: string };
let storage: SessionStorage<SessionData> | undefined;

/** Made on first use, when the data folder (and its secret) is known. */
function sessionStorage() {
  storage ??= createCookieSessionStorage<SessionData>({
    cookie: {
      name: "sihuan_session",
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: env.COOKIE_SECURE === "true",
      secrets: [sessionSecret()],
    },
  });
  return storage;
}

function loginRedirect(request: Request, reason?: "expired") {
  const url = new URL(request.url);
  const params = new URLSearchParams({ redirectTo: `${url.pathname}${url.search}` });
  if (reason) params.set("reason", reason);
  return redirect(`/login?${params}`);
}

async function readSession(request: Request) {
  const cookieSession = await sessionStorage().getSession(request.headers.get("Cookie"));
  const sessionId: unknown = cookieSession.get(SESSION_KEY);
  return { cookieSession, sessionId: typeof sessionId === "string" ? sessionId : null };
}

/** How long the heartbeat endpoint trusts a session it has looked up: a sign-out reaches it within this time. */
export const SESSION_CACHE_MS = 30_000;
const sessionCache = new Map<string, { userId: string; expiresAt: number; checkedAt: number }>();
const verifiedCookies = new Map<string, string>();
const MAX_VERIFIED_COOKIES = 50_000;

/**
 * The signed-in user's id for a hot path: the signature is checked on every
 * call, the session row at most every SESSION_CACHE_MS.
 */
export async function sessionUserId(cookieHeader: string | undefined, now = Date.now()): Promise<string | null> {
  if (!cookieHeader) return null;
  // A Cookie header seen before was verified then: the same bytes need no second HMAC.
  let sessionId = verifiedCookies.get(cookieHeader);
  if (sessionId === undefined) {
    const value: unknown = (await sessionStorage().getSession(cookieHeader)).get(SESSION_KEY);
    if (typeof value !== "string") return null;
    if (verifiedCookies.size >= MAX_VERIFIED_COOKIES) verifiedCookies.clear();
    verifiedCookies.set(cookieHeader, value);
    sessionId = value;
  }
  let cached = sessionCache.get(sessionId);
  if (!cached || now - cached.checkedAt > SESSION_CACHE_MS) {
    const prisma = await getPrisma();
    const row = await prisma.session.findUnique({ where: { id: sessionId }, select: { userId: true, expiresAt: true } });
    if (!row) {
      sessionCache.delete(sessionId);
      return null;
    }
    cached = { userId: row.userId, expiresAt: row.expiresAt.getTime(), checkedAt: now };
    sessionCache.set(sessionId, cached);
  }
  return cached.expiresAt > now ? cached.userId : null;
}

/** The signed-in user, or null. An expired session counts as none. */
export async function getSessionUser(request: Request): Promise<{ user: SessionUser | null; expired: boolean }> {
  const { sessionId } = await readSession(request);
  if (!sessionId) return { user: null, expired: false };
  const prisma = await getPrisma();
  const session = await prisma.session.findUnique({ where: { id: sessionId }, select: { userId: true, expiresAt: true } });
  if (!session || session.expiresAt <= new Date()) return { user: null, expired: true };
  return { user: await getUserForSession(session.userId), expired: false };
}

/** Where someone signed in with a one-time password sets his own; until he does, every other page sends him there. */
export const PASSWORD_PAGE = "/me/password";

export async function requireUser(request: Request): Promise<SessionUser> {
  const { user, expired } = await getSessionUser(request);
  if (!user) throw loginRedirect(request, expired ? "expired" : undefined);
  if (user.password?.mustChange && new URL(request.url).pathname !== PASSWORD_PAGE) throw redirect(PASSWORD_PAGE);
  return user;
}

/**
 * Signs in with a username or phone number and a password, from `address`
 * (the client's). Answers the new session (and whether the password was a
 * one-time one, to be replaced before anything else), or why not: a wrong name or
 * password (`stop` null), or a stop (app/domain/sign-in-guard.ts), which is
 * audited when this attempt brings it about. While stopped the password is
 * not even compared, so the right one does not get in either.
 */
export async function login(
  identifier: string,
  password: string,
  address: string,
): Promise<{ session: { id: string; expiresAt: Date }; mustChangePassword: boolean } | { session: null; stop: SignInStop | null }> {
  const account = await signInAccount(identifier);
  const key = failureKey(account?.id ?? null, identifier);
  const stopped = await signInStop(key, address);
  if (stopped) return { session: null, stop: stopped };
  if (!(await passwordMatches(account, password))) {
    const stop = await countWrongPassword(key, address);
    if (stop) {
      await recordAudit({
        actorId: null,
        action: stop.reason === "account-locked" ? "auth.account-locked" : "auth.address-limited",
        entityType: stop.reason === "account-locked" && account ? "User" : "SignIn",
        entityId: stop.reason === "account-locked" ? (account?.id ?? key) : address,
        details: { identifier, address, minutes: stop.minutes },
      });
    }
    return { session: null, stop };
  }
  await clearWrongPasswords(key);
  const prisma = await getPrisma();
  const session = await prisma.session.create({
    data: { userId: account!.id, expiresAt: new Date(Date.now() + SESSION_DAYS * 24 * 3600 * 1000) },
    select: { id: true, expiresAt: true },
  });
  return { session, mustChangePassword: account!.mustChange };
}

export async function commitLoginSession(request: Request, session: { id: string; expiresAt: Date }) {
  const { cookieSession } = await readSession(request);
  cookieSession.set(SESSION_KEY, session.id);
  return sessionStorage().commitSession(cookieSession, { expires: session.expiresAt });
}

export async function logout(request: Request) {
  const { cookieSession, sessionId } = await readSession(request);
  if (sessionId) {
    const prisma = await getPrisma();
    await prisma.session.deleteMany({ where: { id: sessionId } });
  }
  return redirect("/login?reason=signedOut", { headers: { "Set-Cookie": await sessionStorage().destroySession(cookieSession) } });
}

/** Only same-site paths: an open redirect would let a link send users elsewhere. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/courses"): string {
  // isSameSitePath also refuses tabs and newlines, which browsers drop: "/\t/evil.example" would become "//evil.example".
  return typeof to === "string" && isSameSitePath(to) ? to : fallback;
}

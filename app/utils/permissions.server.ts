// The one permission check used by every loader and action: loads the facts
// and asks app/domain/access.ts. Throws 403 (or the login redirect).
import { can, type Permission } from "~/domain/access.ts";
import { heldRoles, homeOrgPathOf, learnerOrgPaths, type SessionUser } from "~/models/user.server.ts";
import { requireUser } from "./auth.server.ts";

function forbidden(): Response {
  return new Response("Forbidden", { status: 403 });
}

/** Org paths where the user holds `permission`: the roots of the subtrees he reaches. */
export function permittedRoots(user: SessionUser, permission: Permission): string[] {
  return heldRoles(user)
    .filter((held) => can([held], permission, [held.orgPath]))
    .map((held) => held.orgPath);
}

/** The signed-in user, who must hold `permission` at some organization (lists are then scoped to his subtrees). */
export async function requirePermission(request: Request, permission: Permission): Promise<SessionUser> {
  const user = await requireUser(request);
  if (permittedRoots(user, permission).length === 0) throw forbidden();
  return user;
}

/** The signed-in user, who must hold `permission` over the organization at `orgPath` (a station's, say). */
export async function requirePermissionAt(request: Request, permission: Permission, orgPath: string): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!can(heldRoles(user), permission, [orgPath])) throw forbidden();
  return user;
}

/**
 * The signed-in user, who must hold `permission` over the learner's
 * organizations; a learner always may study on his own records.
 */
export async function requireLearnerPermission(request: Request, permission: Permission, learnerId: string): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!(await hasLearnerPermission(user, permission, learnerId))) throw forbidden();
  return user;
}

/** The same decision without throwing: for a page that shows a form only to those who may use it. */
export async function hasLearnerPermission(user: SessionUser, permission: Permission, learnerId: string): Promise<boolean> {
  if (permission === "study" && user.id === learnerId) return true;
  return can(heldRoles(user), permission, await learnerOrgPaths(learnerId));
}

/**
 * The signed-in user, who must hold `permission` over the person's own
 * organization: his account (a password, a role) is his home organization's
 * business, not that of a branch training him.
 */
export async function requireHomeOrgPermission(request: Request, permission: Permission, personId: string): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!(await hasHomeOrgPermission(user, permission, personId))) throw forbidden();
  return user;
}

/** The same decision without throwing. */
export async function hasHomeOrgPermission(user: SessionUser, permission: Permission, personId: string): Promise<boolean> {
  const homePath = await homeOrgPathOf(personId);
  return homePath !== null && can(heldRoles(user), permission, [homePath]);
}

/** Where this admin may set his organizations' settings: the subtrees where he holds org:manage (a platform admin: every organization). */
export function manageableRoots(user: SessionUser): string[] {
  return user.roles.some((held) => held.role === "PLATFORM_ADMIN") ? [""] : permittedRoots(user, "org:manage");
}

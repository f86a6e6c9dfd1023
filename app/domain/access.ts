// Who may do what, where. A role is held at an organization and reaches that
// organization's whole subtree, nothing outside it. This is the one place that
// decides; app/utils/permissions.server.ts only loads the facts and asks here.

export type Role = "LEARNER" | "STATION_OPERATOR" | "TRAINER" | "ORG_ADMIN" | "PLATFORM_ADMIN";
export const ROLES: readonly Role[] = ["LEARNER", "STATION_OPERATOR", "TRAINER", "ORG_ADMIN", "PLATFORM_ADMIN"];

export type Permission =
  /** study courses, post in discussions, take tests (on one's own records) */
  | "study"
  /** see a learner's progress, hours and development records */
  | "learner:view"
  /** record a station session and its attendance */
  | "station:operate"
  /** record a step of a person's development (发展党员) */
  | "development:record"
  /** manage the organization: people, courses assigned, reports */
  | "org:manage"
  /** hide a learner's discussion post, with a reason (讨论管理) */
  | "discussion:moderate";

const GRANTS: Record<Role, readonly Permission[]> = {
  LEARNER: ["study"],
  STATION_OPERATOR: ["study", "station:operate"],
  TRAINER: ["study", "learner:view", "development:record", "discussion:moderate"],
  ORG_ADMIN: ["study", "learner:view", "development:record", "station:operate", "org:manage", "discussion:moderate"],
  PLATFORM_ADMIN: ["study", "learner:view", "development:record", "station:operate", "org:manage", "discussion:moderate"],
};

export type HeldRole = { role: Role; orgPath: string };

/** Materialized paths "/a/b/c/": the subtree of /a/b/ is every path that starts with it. */
export function isWithin(orgPath: string, ancestorPath: string): boolean {
  return orgPath.startsWith(ancestorPath);
}

export function roleGrants(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/**
 * May someone holding `roles` exercise `permission` on something that belongs to
 * the organizations at `targetOrgPaths`? (A learner trained elsewhere belongs to
 * both his home branch and the branch that trains him.) Platform admins reach
 * everything.
 */
export function can(roles: readonly HeldRole[], permission: Permission, targetOrgPaths: readonly string[]): boolean {
  return roles.some(
    (held) =>
      roleGrants(held.role, permission) &&
      (held.role === "PLATFORM_ADMIN" || targetOrgPaths.some((target) => isWithin(target, held.orgPath))),
  );
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

// 账号与角色: who may be given a sign-in name and which roles an admin may hand
// out. Pure; app/models/people.server.ts stores what these allow.
import { z } from "zod";
import { can, isWithin, type HeldRole, type Role } from "./access.ts";

/** What an admin hands out in the browser. The platform admin role is given only from the command line (npm run platform-admin). */
export const ASSIGNABLE_ROLES = ["LEARNER", "STATION_OPERATOR", "TRAINER", "ORG_ADMIN"] as const satisfies readonly Role[];
export type AssignableRole = (typeof ASSIGNABLE_ROLES)[number];

/** Letters, digits and . _ -, from a letter, 3 to 32 long: typed on a phone's keyboard without switching to Chinese input. */
export const USERNAME_PATTERN = /^[a-z][a-z0-9._-]{2,31}$/;

export type UsernameProblem = "username-format" | "username-taken" | "username-is-phone";

/** What is wrong with a new sign-in name, or null. A phone number is refused as a name: it would sign in to whoever has that phone. */
export function usernameProblem(username: string): UsernameProblem | null {
  if (/^\d+$/.test(username)) return "username-is-phone";
  return USERNAME_PATTERN.test(username) ? null : "username-format";
}

/**
 * A sign-in name made from the name's pinyin (already worked out, without tones), the first
 * of base, base2, base3… not taken; "user" when the pinyin gives no letters.
 */
export function suggestedUsername(pinyin: string, taken: ReadonlySet<string>): string {
  const letters = pinyin
    .toLowerCase()
    .replace(/[^a-z]/g, "")
    .slice(0, 28);
  const base = letters.length >= 3 ? letters : `${letters}user`;
  if (!taken.has(base)) return base;
  for (let suffix = 2; ; suffix++) if (!taken.has(`${base}${suffix}`)) return `${base}${suffix}`;
}

export const AccountFormSchema = z.object({
  username: z
    .string({ required_error: "people.account.problems.username-format" })
    .trim()
    .toLowerCase()
    .superRefine((username, context) => {
      const problem = usernameProblem(username);
      if (problem) context.addIssue({ code: z.ZodIssueCode.custom, message: `people.account.problems.${problem}` });
    }),
});

export type RoleProblem = "org-outside" | "already-held" | "own-admin-role" | "person-deactivated";

/**
 * Whether an admin may give `role` at the organization at `orgPath`: it lies in a subtree
 * he manages. Withdrawing is judged the same way, and an admin does not withdraw his
 * own admin role (he would lose the page he is on; another admin does it).
 */
export function roleChangeProblem(
  change: { kind: "assign" | "withdraw"; role: Role; orgPath: string; personId: string },
  admin: { id: string; roles: readonly HeldRole[] },
): RoleProblem | null {
  if (!can(admin.roles, "org:manage", [change.orgPath])) return "org-outside";
  if (change.kind === "withdraw" && change.personId === admin.id && change.role === "ORG_ADMIN") return "own-admin-role";
  return null;
}

/** Whether a role held at `heldAt` is one the admin may see and change on a person's page. */
export function roleVisibleTo(heldAt: string, adminRoots: readonly string[]): boolean {
  return adminRoots.some((root) => isWithin(heldAt, root));
}

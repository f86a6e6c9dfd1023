// The station's people (站点人员): the members and activists of the
// organizations it serves, and the villagers registered there. A villager
// registered at the station (at a roll call or on the people page) may later
// get an account of his own; his visitor record is then linked to it, so his
// attendance follows him. The link is proposed by phone and made by a person.
import { z } from "zod";

/** A mainland mobile number: 11 digits starting with 1. */
export const MOBILE_PHONE = /^1\d{10}$/;

/**
 * A phone number as people type it: full-width digits (１３８…), spaces and
 * hyphens between groups, a leading +86 or 86. Returns the bare 11 digits, or
 * the trimmed text unchanged when it is not recognisably a mobile number (the
 * form then says so).
 */
export function normalizePhone(typed: string): string {
  const halfWidth = typed.replace(/[０-９]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xff10 + 0x30));
  const bare = halfWidth.replace(/[\s\-－()（）]/g, "").replace(/^(\+|＋)?86(?=1\d{10}$)/, "");
  return MOBILE_PHONE.test(bare) ? bare : typed.trim();
}

/** A villager as the operator writes him down, at a roll call or on the people page: a name, and a phone if he gives one. */
export const VillagerSchema = z.object({
  name: z
    .string({ required_error: "station.tv.walkInProblems.name" })
    .trim()
    .min(1, "station.tv.walkInProblems.name")
    .max(50, "station.tv.walkInProblems.name"),
  phone: z.preprocess(
    (value) => (typeof value === "string" ? normalizePhone(value) || undefined : value),
    z.string().regex(MOBILE_PHONE, "station.tv.walkInProblems.phone").optional(),
  ),
});

export type RegisteredVillager = { id: string; name: string; phone: string | null };
export type AccountHolder = { id: string; name: string; phone: string | null };

export type RegistrationProblem =
  /** Another villager of this station already gave that phone. */
  | { kind: "phone-registered"; name: string }
  /** That phone is the account of someone the station already serves: pick him at the roll call instead. */
  | { kind: "phone-of-member"; name: string };

/**
 * Why a villager may not be registered with this phone, or null. Without a
 * phone there is nothing to compare: two 王芳 may well be two people.
 */
export function registrationProblem(
  phone: string | null,
  villagers: readonly RegisteredVillager[],
  members: readonly AccountHolder[],
): RegistrationProblem | null {
  if (phone === null) return null;
  const member = members.find((person) => person.phone === phone);
  if (member) return { kind: "phone-of-member", name: member.name };
  const villager = villagers.find((person) => person.phone === phone);
  if (villager) return { kind: "phone-registered", name: villager.name };
  return null;
}

export type LinkProblem =
  | "already-linked"
  /** The account is one of the station's villagers' already. */
  | "account-taken"
  /** Neither his phone nor one of the station's organizations: nothing says it is him. */
  | "not-him";

/**
 * Whether a villager's record may be linked to this account, or why not. The
 * account must have the villager's phone, or belong to one of the
 * organizations the station serves (a villager who gave no phone, picked by
 * the person who knows him).
 */
export function linkProblem(
  villager: { userId: string | null; phone: string | null },
  account: { id: string; phone: string | null; servedByStation: boolean },
  linkedAccounts: ReadonlySet<string>,
): LinkProblem | null {
  if (villager.userId !== null) return "already-linked";
  if (linkedAccounts.has(account.id)) return "account-taken";
  const samePhone = villager.phone !== null && villager.phone === account.phone;
  if (!samePhone && !account.servedByStation) return "not-him";
  return null;
}

/**
 * For each unlinked villager with a phone, the accounts with the same phone:
 * the people he may have become. A proposal only; a person confirms it.
 */
export function phoneMatches(
  villagers: readonly (RegisteredVillager & { userId: string | null })[],
  accounts: readonly AccountHolder[],
  linkedAccounts: ReadonlySet<string>,
): Map<string, AccountHolder[]> {
  const byPhone = new Map<string, AccountHolder[]>();
  for (const account of accounts) {
    if (account.phone === null || linkedAccounts.has(account.id)) continue;
    byPhone.set(account.phone, [...(byPhone.get(account.phone) ?? []), account]);
  }
  const matches = new Map<string, AccountHolder[]>();
  for (const villager of villagers) {
    if (villager.userId !== null || villager.phone === null) continue;
    const candidates = byPhone.get(villager.phone);
    if (candidates) matches.set(villager.id, candidates);
  }
  return matches;
}

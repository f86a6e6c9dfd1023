// 登录保护: when wrong passwords stop sign-in (issue #12). An account is
// locked for a quarter of an hour after five wrong passwords in a row; an
// address that sends many wrong passwords, to whatever accounts, waits as
// long. Pure: the counting lives in app/utils/sign-in-guard.server.ts.

export const FAILURES_BEFORE_LOCK = 5;
export const LOCK_SECONDS = 15 * 60;
/** Wrong passwords count toward a lock for this long after the first of them; a right one clears them. */
export const FAILURE_WINDOW_SECONDS = 60 * 60;

/** Wrong passwords from one address within ADDRESS_WINDOW_SECONDS before it must wait: a village office shares one address. */
export const ADDRESS_FAILURES_ALLOWED = 30;
export const ADDRESS_WINDOW_SECONDS = 15 * 60;
export const ADDRESS_BLOCK_SECONDS = 15 * 60;

/** Why a sign-in is not tried, and for how many more minutes. */
export type SignInStop = { reason: "account-locked" | "address-limited"; minutes: number };

/** Whole minutes left, rounded up: a wait of a few seconds is still "1 分钟". */
export function minutesLeft(milliseconds: number): number {
  return Math.max(1, Math.ceil(milliseconds / 60_000));
}

/**
 * What an account's failures are counted under: the account when the name or
 * phone typed is one, so its username and its phone share one count; else
 * the words typed, folded, so an unknown name is stopped the same way and
 * the answer tells no one which names exist.
 */
export function failureKey(accountId: string | null, identifier: string): string {
  return accountId !== null ? `account:${accountId}` : `typed:${identifier.trim().toLowerCase()}`;
}

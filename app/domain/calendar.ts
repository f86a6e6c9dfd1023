// The one calendar of the platform. China has one time zone and no daylight
// saving, so "today" and a study year are Beijing's (UTC+8) on the server and in
// the browser alike. Records keep calendar days as the UTC midnight of that day,
// so date arithmetic here works on UTC fields only.

export const BEIJING_OFFSET_MINUTES = 8 * 60;
const BEIJING_OFFSET_MS = BEIJING_OFFSET_MINUTES * 60_000;
const DAY_MS = 86_400_000;

/** The calendar day (YYYY-MM-DD) a stored day (UTC midnight) stands for. */
export const isoDay = (date: Date): string => date.toISOString().slice(0, 10);

/** The calendar date (YYYY-MM-DD) of an instant in Beijing. */
export function beijingDate(instant: Date): string {
  return new Date(instant.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

export function beijingYear(instant: Date): number {
  return Number(beijingDate(instant).slice(0, 4));
}

/** "YYYY-MM-DD HH:MM" in Beijing, for an instant given as a Date or an ISO string. */
export function beijingDateTime(instant: Date | string): string {
  const time = typeof instant === "string" ? Date.parse(instant) : instant.getTime();
  return new Date(time + BEIJING_OFFSET_MS).toISOString().slice(0, 16).replace("T", " ");
}

/** Today in Beijing: its text and the UTC midnight the records use for it. */
export function beijingToday(now: Date = new Date()): { text: string; date: Date } {
  const text = beijingDate(now);
  return { text, date: new Date(`${text}T00:00:00Z`) };
}

export function addMonths(date: Date, months: number): Date {
  const result = new Date(date);
  const dayOfMonth = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  // 31 August + 6 months is the last day of February, not 3 March.
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(dayOfMonth, lastDay));
  return result;
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

/** Whole months from `from` to `to` (0 when `to` is earlier). */
export function wholeMonthsBetween(from: Date, to: Date): number {
  let count = (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + (to.getUTCMonth() - from.getUTCMonth());
  while (count > 0 && addMonths(from, count) > to) count -= 1;
  return Math.max(0, count);
}

// 播放计划: when a station plays what. A plan entry recurs by a rule the
// village knows by name: fixed days of the month ("逢六": the 6th, 16th and
// 26th), weekdays, or a single date. Dates are calendar days on Beijing time,
// written YYYY-MM-DD; a rule never invents a day a month does not have.

export type Recurrence =
  /** One showing on one day. */
  | { kind: "once"; date: string }
  /** 逢N: every day of the month whose last digit is N (逢六 → 6, 16, 26; 逢十 → 10, 20, 30). */
  | { kind: "digit"; digit: number }
  /** Named days of the month, e.g. the 1st and the 15th. */
  | { kind: "monthDays"; days: readonly number[] }
  /** Days of the week, 1 = Monday … 7 = Sunday. */
  | { kind: "weekly"; weekdays: readonly number[] };

export type ScheduleProblem = "digit-out-of-range" | "day-out-of-range" | "weekday-out-of-range" | "no-days" | "bad-date";

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function parseDate(text: string): { year: number; month: number; day: number } | null {
  const match = DATE.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

const pad = (value: number) => String(value).padStart(2, "0");
const dateText = (year: number, month: number, day: number) => `${year}-${pad(month)}-${pad(day)}`;

/** The day of the week of a calendar day, 1 = Monday … 7 = Sunday (the weekly rule's numbering). */
export function weekdayOf(year: number, month: number, day: number): number {
  return ((new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7) + 1;
}

/** What is wrong with a rule as entered, or null: the form names the problem. */
export function recurrenceProblem(rule: Recurrence): ScheduleProblem | null {
  switch (rule.kind) {
    case "once":
      return parseDate(rule.date) ? null : "bad-date";
    case "digit":
      // 逢零 would be the 10th, 20th and 30th: that is 逢十, written with 0.
      return Number.isInteger(rule.digit) && rule.digit >= 0 && rule.digit <= 9 ? null : "digit-out-of-range";
    case "monthDays":
      if (rule.days.length === 0) return "no-days";
      return rule.days.every((day) => Number.isInteger(day) && day >= 1 && day <= 31) ? null : "day-out-of-range";
    case "weekly":
      if (rule.weekdays.length === 0) return "no-days";
      return rule.weekdays.every((day) => Number.isInteger(day) && day >= 1 && day <= 7) ? null : "weekday-out-of-range";
  }
}

/** The days of `month` (1–12) of `year` on which the rule falls, in order. A day the month lacks (the 31st of April) is skipped. */
export function occurrencesInMonth(rule: Recurrence, year: number, month: number): string[] {
  if (recurrenceProblem(rule) !== null) return [];
  const last = daysInMonth(year, month);
  const days: number[] = [];
  for (let day = 1; day <= last; day += 1) {
    const weekday = weekdayOf(year, month, day);
    const falls =
      rule.kind === "once"
        ? rule.date === dateText(year, month, day)
        : rule.kind === "digit"
          ? day % 10 === rule.digit
          : rule.kind === "monthDays"
            ? rule.days.includes(day)
            : rule.weekdays.includes(weekday);
    if (falls) days.push(day);
  }
  return days.map((day) => dateText(year, month, day));
}

/** The first day on or after `from` (YYYY-MM-DD) on which any of the rules falls, looking at most a year ahead; null if none. */
export function nextOccurrence(rules: readonly Recurrence[], from: string): string | null {
  const start = parseDate(from);
  if (!start) return null;
  for (let step = 0; step <= 12; step += 1) {
    const month = ((start.month - 1 + step) % 12) + 1;
    const year = start.year + Math.floor((start.month - 1 + step) / 12);
    const candidates = rules
      .flatMap((rule) => occurrencesInMonth(rule, year, month))
      .filter((date) => date >= from)
      .sort();
    if (candidates.length > 0) return candidates[0]!;
  }
  return null;
}

/** A plan line as the month's schedule reads it: its rule and time (HH:MM) with whatever the page shows of it. */
export type PlanLine<T> = { rule: Recurrence; time: string; entry: T };

/** Every showing of `month` the lines plan, by date and time: the printable monthly schedule. */
export function monthSchedule<T>(lines: readonly PlanLine<T>[], year: number, month: number): { date: string; time: string; entry: T }[] {
  return lines
    .flatMap((line) => occurrencesInMonth(line.rule, year, month).map((date) => ({ date, time: line.time, entry: line.entry })))
    .sort((a, b) => a.date.localeCompare(b.date) || a.time.localeCompare(b.time));
}

/**
 * The next showing the lines plan from `now` (a Beijing date and HH:MM time):
 * a showing later today still counts, one earlier today is past. Null when
 * no line falls within a year.
 */
export function nextShowing<T>(
  lines: readonly PlanLine<T>[],
  now: { date: string; time: string },
): { date: string; time: string; entry: T } | null {
  const start = parseDate(now.date);
  if (!start) return null;
  const tomorrow = new Date(Date.UTC(start.year, start.month - 1, start.day + 1)).toISOString().slice(0, 10);
  const candidates = lines.flatMap((line) => {
    const first = nextOccurrence([line.rule], now.date);
    const date = first === now.date && line.time < now.time ? nextOccurrence([line.rule], tomorrow) : first;
    return date === null ? [] : [{ date, time: line.time, entry: line.entry }];
  });
  return candidates.sort((a, b) => a.date.localeCompare(b.date) || a.time.localeCompare(b.time))[0] ?? null;
}

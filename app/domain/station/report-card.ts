// 月报卡 and the stations gone quiet. A station's monthly goals (local practice:
// group study at least twice a month, about 20 hours of showing) are an
// organization setting, inherited down the tree like the development policy;
// the report card puts a month's sessions against them, and the township and
// county see which stations have held nothing for 30 days. Pure.
import { z } from "zod";
import { beijingDate } from "../calendar.ts";
import { inheritedSettings } from "../inherited-settings.ts";

export type StationGoals = {
  /** Group sessions a month. */
  sessionsPerMonth: number;
  /** Hours of showing a month. */
  showingHoursPerMonth: number;
};

/** A local practice (a county's station rules), not a national rule: organizations set their own. */
export const DEFAULT_STATION_GOALS: StationGoals = { sessionsPerMonth: 2, showingHoursPerMonth: 20 };

/** Days without a session after which a station counts as gone quiet. */
export const QUIET_AFTER_DAYS = 30;

/** An organization's own goals, as stored in its settings document (each goal optional: missing inherits). */
export const GoalsOverride = z.object({
  sessionsPerMonth: z.number().int().min(0).max(100).optional(),
  showingHoursPerMonth: z.number().min(0).max(744).optional(),
});

export type GoalsOverrideValue = z.infer<typeof GoalsOverride>;

/** An organization's own goals from its settings document; one that does not read sets nothing. */
export function ownStationGoals(document: unknown): GoalsOverrideValue {
  const part = (document as { stationMonthlyGoals?: unknown } | null)?.stationMonthlyGoals;
  const parsed = GoalsOverride.safeParse(part);
  return parsed.success ? parsed.data : {};
}

/** Who set each goal in force along the path (root first): the nearest organization that set it, or null for the default. */
export function stationGoalsSources(
  chainRootFirst: readonly { name: string; document: unknown }[],
): Record<keyof StationGoals, string | null> {
  const setter = (goal: keyof StationGoals) =>
    [...chainRootFirst].reverse().find((node) => ownStationGoals(node.document)[goal] !== undefined)?.name ?? null;
  return { sessionsPerMonth: setter("sessionsPerMonth"), showingHoursPerMonth: setter("showingHoursPerMonth") };
}

/** The document with these goals as the organization's own (an empty override removes them: everything inherits). */
export function withStationGoals(document: Record<string, unknown>, goals: GoalsOverrideValue): Record<string, unknown> {
  const { stationMonthlyGoals: _old, ...rest } = document;
  const own = Object.fromEntries(Object.entries(goals).filter(([, value]) => value !== undefined));
  return Object.keys(own).length > 0 ? { ...rest, stationMonthlyGoals: own } : rest;
}

/** The goals after the organizations' settings documents (`stationMonthlyGoals`), root first: the nearest setting of each goal wins. */
export function stationGoalsFrom(documentsRootFirst: readonly unknown[], defaults: StationGoals = DEFAULT_STATION_GOALS): StationGoals {
  return inheritedSettings(documentsRootFirst, "stationMonthlyGoals", GoalsOverride, defaults);
}

/** What the operator writes in the work log: a cancelled showing counts on the card, apart from the sessions held. */
export const LOG_NOTE_KINDS = ["FAULT", "CANCELLED", "NOTE"] as const;
export type LogNoteKind = (typeof LOG_NOTE_KINDS)[number];

/** One session as the report card counts it. */
export type SessionForCard = {
  startedAt: Date;
  /** Null: still running, or cancelled before it started. */
  closedAt: Date | null;
  cancelled: boolean;
  /** Media seconds really shown, each once. */
  shownSeconds: number;
  /** The people on the roll call. */
  attendeeIds: readonly string[];
  /** Of them, those who passed the test. */
  passedIds: readonly string[];
};

export type ReportCard = {
  /** YYYY-MM on Beijing time. */
  month: string;
  goals: StationGoals;
  sessionsHeld: number;
  sessionsCancelled: number;
  sessionsMet: boolean;
  showingHours: number;
  showingMet: boolean;
  /** Attendances (a person at two sessions counts twice). */
  attendances: number;
  /** Different people who came. */
  people: number;
  testsPassed: number;
};

const HOURS_DECIMALS = 100;

/**
 * The month's card. A session counts in the month it started (Beijing time),
 * once it was closed; a running one is not yet held, a cancelled one is
 * counted apart.
 */
export function reportCard(params: { month: string; goals: StationGoals; sessions: readonly SessionForCard[] }): ReportCard {
  const { month, goals } = params;
  const ofMonth = params.sessions.filter((session) => beijingDate(session.startedAt).startsWith(`${month}-`));
  const held = ofMonth.filter((session) => !session.cancelled && session.closedAt !== null);
  const shownSeconds = held.reduce((sum, session) => sum + session.shownSeconds, 0);
  const showingHours = Math.round((shownSeconds / 3600) * HOURS_DECIMALS) / HOURS_DECIMALS;
  return {
    month,
    goals,
    sessionsHeld: held.length,
    sessionsCancelled: ofMonth.filter((session) => session.cancelled).length,
    sessionsMet: held.length >= goals.sessionsPerMonth,
    showingHours,
    showingMet: shownSeconds >= goals.showingHoursPerMonth * 3600,
    attendances: held.reduce((sum, session) => sum + session.attendeeIds.length, 0),
    people: new Set(held.flatMap((session) => session.attendeeIds)).size,
    testsPassed: held.reduce((sum, session) => sum + session.passedIds.length, 0),
  };
}

export type StationActivity = { stationId: string; createdAt: Date; lastHeldAt: Date | null };

export type QuietStation = {
  stationId: string;
  /** Whole days since its last session, or since it was set up if it never held one. */
  quietDays: number;
  neverHeld: boolean;
};

const DAY_MS = 24 * 60 * 60 * 1000;

/** The stations that have held nothing for `QUIET_AFTER_DAYS` days or more, quietest first. */
export function quietStations(stations: readonly StationActivity[], now: Date, afterDays = QUIET_AFTER_DAYS): QuietStation[] {
  return stations
    .map((station) => ({
      stationId: station.stationId,
      quietDays: Math.floor((now.getTime() - (station.lastHeldAt ?? station.createdAt).getTime()) / DAY_MS),
      neverHeld: station.lastHeldAt === null,
    }))
    .filter((station) => station.quietDays >= afterDays)
    .sort((a, b) => b.quietDays - a.quietDays || a.stationId.localeCompare(b.stationId));
}

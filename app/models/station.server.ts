// 远程教育站点: the stations of an admin's subtree with this month's report card
// and how long each has been quiet (app/domain/station/report-card.ts).
import { z } from "zod";
import { beijingDate, beijingDateTime } from "~/domain/calendar.ts";
import {
  quietStations,
  reportCard,
  type LogNoteKind,
  stationGoalsFrom,
  type ReportCard,
  type SessionForCard,
} from "~/domain/station/report-card.ts";
import { nextShowing, type Recurrence } from "~/domain/station/schedule.ts";
import { sessionOutcome } from "~/domain/station/who-earns.ts";
import { getPrisma } from "~/utils/db.server.ts";
import { COURSE_SHARING_SELECT, courseVisibleTo } from "./course.server.ts";
import { decodeColumn } from "./json-columns.server.ts";
import { policyDocumentsAlong } from "./org-policy.server.ts";
import { stationSessionState } from "./station-session.server.ts";

export type StationOverview = {
  id: string;
  code: string;
  name: string;
  address: string;
  orgName: string;
  operatorNames: string[];
  connectivity: string;
  card: ReportCard;
  /** Days without a session, when 30 or more. */
  quietDays: number | null;
  neverHeld: boolean;
  /** The next showing on the playback schedule, Beijing date and time. */
  next: { date: string; time: string; lessonTitle: string } | null;
  /** This month's closed sessions whose device's clock was wrong (recorded under their upload date). */
  dateFlagged: number;
};

type ClosedSession = {
  clientId: string;
  startedAt: Date;
  endedAt: Date | null;
  lessonId: string;
  deviceStartedAt: Date | null;
  dateFlag: string | null;
};

/** What the work log and the overview read of a closed session. */
const CLOSED_SESSION_SELECT = {
  clientId: true,
  startedAt: true,
  endedAt: true,
  lessonId: true,
  deviceStartedAt: true,
  dateFlag: true,
} as const;

/** A closed session as the report card counts it and the work log lists it, from its events. */
async function closedSessionSummary(session: ClosedSession) {
  const prisma = await getPrisma();
  const [state, lesson] = await Promise.all([
    stationSessionState(session.clientId),
    prisma.lesson.findUniqueOrThrow({
      where: { id: session.lessonId },
      select: { title: true, durationSeconds: true, completionShare: true },
    }),
  ]);
  const attemptIds = [...(state?.attempts.values() ?? [])].map((attempt) => attempt.attemptId);
  const passed = await prisma.quizAttempt.findMany({ where: { id: { in: attemptIds }, passed: true }, select: { id: true } });
  const passedIds = new Set(passed.map((attempt) => attempt.id));
  const screening = sessionOutcome({
    film: { durationSeconds: lesson.durationSeconds, completionShare: lesson.completionShare, classHours: 0, hasQuiz: false },
    stretches: state?.stretches ?? [],
    attendees: [],
  });
  const card: SessionForCard = {
    startedAt: session.startedAt,
    closedAt: session.endedAt,
    cancelled: false,
    shownSeconds: screening.shownSeconds,
    attendeeIds: [...(state?.presence.keys() ?? [])],
    passedIds: [...(state?.attempts ?? [])].filter(([, attempt]) => passedIds.has(attempt.attemptId)).map(([personId]) => personId),
  };
  return {
    card,
    clientId: session.clientId,
    startedAt: session.startedAt,
    lessonTitle: lesson.title,
    screeningShare: screening.screeningShare,
    screeningComplete: screening.screeningComplete,
    answered: state?.attempts.size ?? 0,
    minutes: state?.minutes?.summary ?? null,
    /** Why the device's date was not believed, with the date it gave; null when it was (or gave none). */
    dateFlag:
      session.dateFlag !== null && session.deviceStartedAt !== null
        ? { flag: session.dateFlag, deviceStartedAt: session.deviceStartedAt }
        : null,
  };
}

/** A cancelled showing written in the work log, as the report card counts it (on its day, noon Beijing time). */
function cancelledForCard(onDate: string): SessionForCard {
  return {
    startedAt: new Date(`${onDate}T12:00:00+08:00`),
    closedAt: null,
    cancelled: true,
    shownSeconds: 0,
    attendeeIds: [],
    passedIds: [],
  };
}

async function goalsOf(orgPath: string) {
  return stationGoalsFrom((await policyDocumentsAlong(orgPath)).map((org) => org.document));
}

/** The stations below `roots` (org paths), each with this month's card (Beijing time); the quietest first, then by name. */
export async function stationsOverview(roots: readonly string[], now = new Date()): Promise<StationOverview[]> {
  if (roots.length === 0) return [];
  const prisma = await getPrisma();
  const month = beijingDate(now).slice(0, 7);
  const stations = await prisma.station.findMany({
    where: { OR: roots.map((root) => ({ org: { path: { startsWith: root } } })) },
    orderBy: { name: "asc" },
    select: {
      id: true,
      code: true,
      name: true,
      address: true,
      connectivity: true,
      createdAt: true,
      org: { select: { name: true, path: true } },
      operators: { orderBy: { createdAt: "asc" }, select: { user: { select: { name: true } } } },
      sessions: {
        where: { endedAt: { not: null } },
        orderBy: { startedAt: "desc" },
        select: CLOSED_SESSION_SELECT,
      },
    },
  });
  const overviews = await Promise.all(
    stations.map(async (station) => {
      const { card, summaries } = await monthCard(station.id, station.org.path, month, station.sessions);
      const next = await nextPlannedShowing(station.id, now);
      const [quiet] = quietStations(
        [{ stationId: station.id, createdAt: station.createdAt, lastHeldAt: station.sessions[0]?.startedAt ?? null }],
        now,
      );
      return {
        id: station.id,
        code: station.code,
        name: station.name,
        address: station.address,
        orgName: station.org.name,
        operatorNames: station.operators.map((operator) => operator.user.name),
        connectivity: station.connectivity,
        card,
        quietDays: quiet?.quietDays ?? null,
        neverHeld: quiet?.neverHeld ?? station.sessions.length === 0,
        next: next && { date: next.date, time: next.time, lessonTitle: next.lessonTitle },
        dateFlagged: summaries.filter((summary) => summary.dateFlag !== null).length,
      };
    }),
  );
  return overviews.sort((a, b) => (b.quietDays ?? -1) - (a.quietDays ?? -1) || a.name.localeCompare(b.name, "zh-CN"));
}

/** The month's report card of a station, from its closed sessions and the showings its work log says were cancelled. */
async function monthCard(stationId: string, orgPath: string, month: string, closedSessions: readonly ClosedSession[]) {
  const prisma = await getPrisma();
  const ofMonth = closedSessions.filter((session) => beijingDate(session.startedAt).startsWith(`${month}-`));
  const [goals, summaries, cancelled] = await Promise.all([
    goalsOf(orgPath),
    Promise.all(ofMonth.map(closedSessionSummary)),
    prisma.stationLogNote.findMany({
      where: { stationId, kind: "CANCELLED", onDate: { startsWith: `${month}-` } },
      select: { onDate: true },
    }),
  ]);
  const sessions = [...summaries.map((summary) => summary.card), ...cancelled.map((note) => cancelledForCard(note.onDate))];
  return { card: reportCard({ month, goals, sessions }), summaries };
}

/**
 * 学用登记 and 月报卡 of one station for a month (YYYY-MM, Beijing time): the
 * card against the goals, each closed session as its events recorded it, and
 * the notes written in the log, oldest first.
 */
export async function stationMonthLog(station: { id: string; orgPath: string }, month: string) {
  const prisma = await getPrisma();
  const [sessions, notes] = await Promise.all([
    prisma.stationSession.findMany({
      where: { stationId: station.id, endedAt: { not: null } },
      orderBy: { startedAt: "asc" },
      select: CLOSED_SESSION_SELECT,
    }),
    prisma.stationLogNote.findMany({
      where: { stationId: station.id, onDate: { startsWith: `${month}-` } },
      orderBy: [{ onDate: "asc" }, { createdAt: "asc" }],
      select: { id: true, kind: true, onDate: true, text: true, createdBy: { select: { name: true } } },
    }),
  ]);
  const { card, summaries } = await monthCard(station.id, station.orgPath, month, sessions);
  return {
    card,
    sessions: summaries.map(({ card: counted, ...summary }) => ({
      ...summary,
      present: counted.attendeeIds.length,
      passed: counted.passedIds.length,
      shownHours: Math.round((counted.shownSeconds / 3600) * 100) / 100,
    })),
    notes: notes.map((note) => ({ id: note.id, kind: note.kind, onDate: note.onDate, text: note.text, by: note.createdBy.name })),
  };
}

export async function addLogNote(note: { stationId: string; kind: LogNoteKind; onDate: string; text: string; createdById: string }) {
  const prisma = await getPrisma();
  return prisma.stationLogNote.create({ data: note, select: { id: true } });
}

/** The next showing on a station's playback schedule from now (Beijing date and time), or null. */
export async function nextPlannedShowing(stationId: string, now = new Date()) {
  const plan = await stationPlan(stationId);
  const nowText = beijingDateTime(now);
  const next = nextShowing(
    plan.map((line) => ({ rule: line.rule, time: line.time, entry: line })),
    { date: nowText.slice(0, 10), time: nowText.slice(11, 16) },
  );
  return next && { date: next.date, time: next.time, lessonId: next.entry.lessonId, lessonTitle: next.entry.lessonTitle };
}

/** The station of that code, with its organization's path for the permission check; null when there is none. */
export async function stationByCode(code: string) {
  const prisma = await getPrisma();
  return prisma.station.findUnique({
    where: { code },
    select: {
      id: true,
      code: true,
      name: true,
      address: true,
      runningSessionClientId: true,
      org: { select: { name: true, path: true } },
    },
  });
}

const RecurrenceSchema: z.ZodType<Recurrence> = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("once"), date: z.string() }),
  z.object({ kind: z.literal("digit"), digit: z.number().int() }),
  z.object({ kind: z.literal("monthDays"), days: z.array(z.number().int()) }),
  z.object({ kind: z.literal("weekly"), weekdays: z.array(z.number().int()) }),
]);

/** The lines of a station's playback schedule, oldest first. */
export async function stationPlan(stationId: string) {
  const prisma = await getPrisma();
  const entries = await prisma.stationPlanEntry.findMany({
    where: { stationId },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      recurrenceJson: true,
      time: true,
      mode: true,
      venue: true,
      place: true,
      lesson: { select: { id: true, title: true } },
    },
  });
  return entries.map((entry) => ({
    id: entry.id,
    lessonId: entry.lesson.id,
    lessonTitle: entry.lesson.title,
    rule: decodeColumn(RecurrenceSchema, entry.recurrenceJson, {
      table: "StationPlanEntry",
      id: entry.id,
      column: "recurrenceJson",
      expected: "a schedule rule",
    }),
    time: entry.time,
    mode: entry.mode,
    venue: entry.venue,
    place: entry.place,
  }));
}

export async function addPlanEntry(params: {
  stationId: string;
  lessonId: string;
  rule: Recurrence;
  time: string;
  mode: string;
  venue: string;
  place: string;
  createdById: string;
}) {
  const prisma = await getPrisma();
  const { rule, ...rest } = params;
  return prisma.stationPlanEntry.create({ data: { ...rest, recurrenceJson: JSON.stringify(rule) }, select: { id: true } });
}

/** Removes a line of this station's plan; false when there is no such line (gone already, or another station's). */
export async function removePlanEntry(stationId: string, entryId: string): Promise<boolean> {
  const prisma = await getPrisma();
  return (await prisma.stationPlanEntry.deleteMany({ where: { id: entryId, stationId } })).count === 1;
}

/** Whether a lesson exists (a plan names only lessons the catalog has). */
/** Whether the lesson exists and its course's sharing lets the station's organization (at `orgPath`) show it. */
export async function lessonExists(lessonId: string, orgPath: string): Promise<boolean> {
  const prisma = await getPrisma();
  const lesson = await prisma.lesson.findUnique({ where: { id: lessonId }, select: { course: { select: COURSE_SHARING_SELECT } } });
  return lesson !== null && courseVisibleTo(lesson.course, [orgPath]);
}

/** Every lesson the station's organization (at `orgPath`) may show, by course, for the lesson pickers. */
export async function lessonsToPlan(orgPath: string) {
  const prisma = await getPrisma();
  const lessons = await prisma.lesson.findMany({
    orderBy: [{ course: { title: "asc" } }, { sortOrder: "asc" }],
    select: { id: true, title: true, course: { select: { title: true, ...COURSE_SHARING_SELECT } } },
  });
  return lessons
    .filter((lesson) => courseVisibleTo(lesson.course, [orgPath]))
    .map(({ course, ...lesson }) => ({ ...lesson, course: { title: course.title } }));
}

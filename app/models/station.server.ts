// 远程教育站点: the stations of an admin's subtree with this month's report card
// and how long each has been quiet (app/domain/station/report-card.ts).
import { z } from "zod";
import { beijingDate, beijingDateTime } from "~/domain/calendar.ts";
import { quietStations, reportCard, stationGoalsFrom, type ReportCard, type SessionForCard } from "~/domain/station/report-card.ts";
import { nextShowing, type Recurrence } from "~/domain/station/schedule.ts";
import { sessionOutcome } from "~/domain/station/who-earns.ts";
import { getPrisma } from "~/utils/db.server.ts";
import { decodeColumn } from "./json-columns.server.ts";
import { policyDocumentsAlong } from "./org-policy.server.ts";
import { stationSessionState } from "./station-session.server.ts";

export type StationOverview = {
  id: string;
  code: string;
  name: string;
  address: string;
  orgName: string;
  operatorName: string | null;
  connectivity: string;
  card: ReportCard;
  /** Days without a session, when 30 or more. */
  quietDays: number | null;
  neverHeld: boolean;
  /** The next showing on the playback schedule, Beijing date and time. */
  next: { date: string; time: string; lessonTitle: string } | null;
};

/** A closed session as the report card counts it, from its events. */
async function sessionForCard(session: {
  clientId: string;
  startedAt: Date;
  endedAt: Date | null;
  lessonId: string;
}): Promise<SessionForCard> {
  const prisma = await getPrisma();
  const [state, lesson] = await Promise.all([
    stationSessionState(session.clientId),
    prisma.lesson.findUniqueOrThrow({ where: { id: session.lessonId }, select: { durationSeconds: true } }),
  ]);
  const attemptIds = [...(state?.attempts.values() ?? [])].map((attempt) => attempt.attemptId);
  const passed = await prisma.quizAttempt.findMany({ where: { id: { in: attemptIds }, passed: true }, select: { id: true } });
  const passedIds = new Set(passed.map((attempt) => attempt.id));
  const shown = sessionOutcome({
    film: { durationSeconds: lesson.durationSeconds, completionShare: 1, classHours: 0, hasQuiz: false },
    stretches: state?.stretches ?? [],
    attendees: [],
  }).shownSeconds;
  return {
    startedAt: session.startedAt,
    closedAt: session.endedAt,
    cancelled: false,
    shownSeconds: shown,
    attendeeIds: [...(state?.presence.keys() ?? [])],
    passedIds: [...(state?.attempts ?? [])].filter(([, attempt]) => passedIds.has(attempt.attemptId)).map(([personId]) => personId),
  };
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
      operator: { select: { name: true } },
      sessions: {
        where: { endedAt: { not: null } },
        orderBy: { startedAt: "desc" },
        select: { clientId: true, startedAt: true, endedAt: true, lessonId: true },
      },
    },
  });
  const overviews = await Promise.all(
    stations.map(async (station) => {
      const goals = stationGoalsFrom((await policyDocumentsAlong(station.org.path)).map((org) => org.document));
      const ofMonth = station.sessions.filter((session) => beijingDate(session.startedAt).startsWith(`${month}-`));
      const card = reportCard({ month, goals, sessions: await Promise.all(ofMonth.map(sessionForCard)) });
      const plan = await stationPlan(station.id);
      const nowText = beijingDateTime(now);
      const next = nextShowing(
        plan.map((line) => ({ rule: line.rule, time: line.time, entry: line.lessonTitle })),
        { date: nowText.slice(0, 10), time: nowText.slice(11, 16) },
      );
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
        operatorName: station.operator?.name ?? null,
        connectivity: station.connectivity,
        card,
        quietDays: quiet?.quietDays ?? null,
        neverHeld: quiet?.neverHeld ?? station.sessions.length === 0,
        next: next && { date: next.date, time: next.time, lessonTitle: next.entry },
      };
    }),
  );
  return overviews.sort((a, b) => (b.quietDays ?? -1) - (a.quietDays ?? -1) || a.name.localeCompare(b.name, "zh-CN"));
}

/** The station of that code, with its organization's path for the permission check; null when there is none. */
export async function stationByCode(code: string) {
  const prisma = await getPrisma();
  return prisma.station.findUnique({
    where: { code },
    select: { id: true, code: true, name: true, address: true, org: { select: { name: true, path: true } } },
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
export async function lessonExists(lessonId: string): Promise<boolean> {
  const prisma = await getPrisma();
  return (await prisma.lesson.count({ where: { id: lessonId } })) > 0;
}

/** Every lesson, by course, for the plan's lesson picker. */
export async function lessonsToPlan() {
  const prisma = await getPrisma();
  return prisma.lesson.findMany({
    orderBy: [{ course: { title: "asc" } }, { sortOrder: "asc" }],
    select: { id: true, title: true, course: { select: { title: true } } },
  });
}

// What the station's screen shows (TV mode): the station's people for the
// roll call, a session as its events made it, each attendee's test as the
// grading worker left it, and the outcome of a closed session. Reads only; the
// session changes through its events (station-session.server.ts).
import { pinyin } from "pinyin-pro";
import { hasQuiz } from "~/domain/four-rings.ts";
import { sessionOutcome, type AttendeeStatus } from "~/domain/station/who-earns.ts";
import type { AnswerWay, SessionState } from "~/domain/station/session-events.ts";
import { getPrisma } from "~/utils/db.server.ts";
import { stationSessionState } from "./station-session.server.ts";

export type StationPerson = {
  id: string;
  name: string;
  /** The first letters of his name in pinyin (王建国 → wjg), for a search typed on a remote's keypad. */
  initials: string;
  phone: string | null;
  orgId: string | null;
  orgName: string | null;
  /** A member or activist with an account (takes the test); false for a villager registered at the station. */
  hasAccount: boolean;
};

function initialsOf(name: string): string {
  return pinyin(name, { pattern: "first", toneType: "none", type: "array" }).join("").toLowerCase();
}

/** The people a station serves: those of its organization and the ones below it, then the villagers registered there. */
export async function stationPeople(station: { id: string; orgPath: string }): Promise<StationPerson[]> {
  const prisma = await getPrisma();
  const [users, visitors] = await Promise.all([
    prisma.user.findMany({
      where: { homeOrg: { path: { startsWith: station.orgPath } } },
      orderBy: { name: "asc" },
      select: { id: true, name: true, phone: true, homeOrg: { select: { id: true, name: true } } },
    }),
    prisma.stationVisitor.findMany({
      where: { stationId: station.id },
      orderBy: { createdAt: "asc" },
      select: { id: true, name: true, phone: true, userId: true },
    }),
  ]);
  return [
    ...users.map((user) => ({
      id: user.id,
      name: user.name,
      initials: initialsOf(user.name),
      phone: user.phone,
      orgId: user.homeOrg?.id ?? null,
      orgName: user.homeOrg?.name ?? null,
      hasAccount: true,
    })),
    ...visitors.map((visitor) => ({
      id: visitor.id,
      name: visitor.name,
      initials: initialsOf(visitor.name),
      phone: visitor.phone,
      orgId: null,
      orgName: null,
      hasAccount: visitor.userId !== null,
    })),
  ];
}

export type AttemptOnScreen = { way: AnswerWay; status: string; passed: boolean | null; scorePercent: number | null };

/** The attempt each attendee took, as the grading worker has left it so far. */
async function attemptsOnScreen(state: SessionState): Promise<Record<string, AttemptOnScreen>> {
  const prisma = await getPrisma();
  const rows = await prisma.quizAttempt.findMany({
    where: { id: { in: [...state.attempts.values()].map((attempt) => attempt.attemptId) } },
    select: { id: true, status: true, passed: true, scorePercent: true },
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return Object.fromEntries(
    [...state.attempts].flatMap(([personId, attempt]) => {
      const row = byId.get(attempt.attemptId);
      return row ? [[personId, { way: attempt.way, status: row.status, passed: row.passed, scorePercent: row.scorePercent }]] : [];
    }),
  );
}

export type ScreenSession = Awaited<ReturnType<typeof screenSession>>;

/**
 * A session of this station as its screen shows it, or null when there is no
 * such session here. `elapsedMs` is where the session's clock stands now (at
 * least the latest time recorded), for a screen that was reloaded mid-session.
 */
export async function screenSession(stationId: string, sessionClientId: string, now = new Date()) {
  const prisma = await getPrisma();
  const session = await prisma.stationSession.findUnique({
    where: { clientId: sessionClientId },
    select: { stationId: true, lessonId: true, startedAt: true, endedAt: true, testCode: true },
  });
  if (!session || session.stationId !== stationId) return null;
  const state = await stationSessionState(sessionClientId);
  if (!state) return null;
  const lesson = await prisma.lesson.findUniqueOrThrow({
    where: { id: session.lessonId },
    select: {
      durationSeconds: true,
      completionShare: true,
      classHours: true,
      passPercent: true,
    },
  });
  const attempts = await attemptsOnScreen(state);
  const latestMs = Math.max(
    0,
    ...state.stretches.map((stretch) => stretch.toMs),
    ...[...state.presence.values()].flat().flatMap((window) => [window.fromMs, window.toMs ?? 0]),
  );
  const withQuiz = hasQuiz(lesson);
  const outcome = sessionOutcome({
    film: {
      durationSeconds: lesson.durationSeconds,
      completionShare: lesson.completionShare,
      classHours: lesson.classHours,
      hasQuiz: withQuiz,
    },
    stretches: state.stretches,
    attendees: [...state.presence].map(([personId, presence]) => ({ personId, presence, passed: attempts[personId]?.passed === true })),
  });
  return {
    clientId: sessionClientId,
    lessonId: session.lessonId,
    status: state.status,
    startedAt: session.startedAt.toISOString(),
    endedAt: session.endedAt?.toISOString() ?? null,
    testCode: session.testCode,
    elapsedMs: state.status === "OPEN" ? Math.max(latestMs, now.getTime() - session.startedAt.getTime()) : (state.closedAtMs ?? latestMs),
    presence: Object.fromEntries([...state.presence].map(([personId, windows]) => [personId, windows.map((window) => ({ ...window }))])),
    stretches: state.stretches.map((stretch) => ({ ...stretch })),
    minutes: state.minutes ? { summary: state.minutes.summary, speakerIds: [...state.minutes.speakerIds] } : null,
    attempts,
    hasQuiz: withQuiz,
    screeningShare: outcome.screeningShare,
    screeningComplete: outcome.screeningComplete,
    outcomes: Object.fromEntries(
      outcome.attendees.map((attendee) => [attendee.personId, { status: attendee.status, hours: attendee.hours }]),
    ) as Record<string, { status: AttendeeStatus; hours: number }>,
  };
}

/** The running session whose test code this is, with its station; null once it closed (the code is cleared) or for a wrong code. */
export async function sessionByTestCode(code: string) {
  const prisma = await getPrisma();
  const session = await prisma.stationSession.findUnique({
    where: { testCode: code },
    select: { clientId: true, stationId: true, lessonId: true, station: { select: { name: true, org: { select: { path: true } } } } },
  });
  return session;
}

/** Who opened the session: the operator whose sign-in vouches for answers given on attendees' own phones. */
export async function sessionOpenerId(sessionClientId: string): Promise<string | null> {
  const prisma = await getPrisma();
  const opened = await prisma.stationEvent.findFirst({
    where: { sessionClientId, type: "opened", outcome: "APPLIED" },
    select: { recordedById: true },
  });
  return opened?.recordedById ?? null;
}

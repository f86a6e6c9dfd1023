// The station screen's data when the server cannot be reached (decision 026):
// the station, its people and the lesson from the kit the device downloaded,
// the session from what the device recorded. The same shape the server's
// loader gives, so one screen shows either.
import { deviceScreenSession } from "~/domain/station/device-session.ts";
import { paperFor, type KitLesson, type StationKit } from "~/domain/station/kit.ts";
import type { StationPerson } from "~/models/station-screen.server.ts";
import { journalOf, journalSessions, kitOf } from "~/station-app/outbox.ts";
import { ScreenQuery } from "./screen-address.ts";

/** Why the device cannot show the screen offline: the words are stationApp.offline.<reason>. */
export class NothingOnDevice extends Error {
  constructor(readonly reason: "noStation" | "noKit") {
    super(reason);
  }
}

/** The kit's people and the villagers this device registered at its roll calls since. */
function peopleOf(kit: StationKit, walkIns: readonly StationPerson[]): StationPerson[] {
  const known = new Set(kit.people.map((person) => person.id));
  return [...kit.people, ...walkIns.filter((person) => !known.has(person.id))];
}

async function walkInsOf(stationCode: string): Promise<StationPerson[]> {
  const sessions = await journalSessions(stationCode);
  const journals = await Promise.all(sessions.map((session) => journalOf(session.sessionId)));
  return journals.flat().flatMap((item) =>
    item.body.type === "walked-in"
      ? [
          {
            id: item.body.personId,
            name: item.body.name,
            initials: "",
            phone: item.body.phone,
            orgId: null,
            orgName: null,
            hasAccount: false,
          },
        ]
      : [],
  );
}

/** The session the device last began at this station and has not closed, if any. */
async function runningOnDevice(stationCode: string, kit: StationKit): Promise<string | null> {
  for (const { sessionId } of await journalSessions(stationCode)) {
    const items = await journalOf(sessionId);
    const lesson = kit.lessons.find((candidate) =>
      items.some((item) => item.body.type === "opened" && item.body.lessonId === candidate.id),
    );
    if (!items.some((item) => item.body.type === "closed") && lesson) return sessionId;
  }
  return null;
}

const lessonOnScreen = (lesson: KitLesson) => ({
  title: lesson.title,
  guideHtml: lesson.guideHtml,
  thinking: lesson.thinking,
  video: lesson.video,
  durationSeconds: lesson.durationSeconds,
  completionShare: lesson.completionShare,
  maxPlaybackRate: lesson.maxPlaybackRate,
  discussionPrompt: lesson.discussionPrompt,
});

export async function deviceScreen(stationCode: string, url: URL) {
  const kit = await kitOf(stationCode);
  if (!kit) throw new NothingOnDevice("noStation");
  const people = peopleOf(kit, await walkInsOf(stationCode));
  const base = {
    station: { code: kit.station.code, name: kit.station.name, orgName: kit.station.orgName },
    people,
    stationId: kit.station.id,
  };
  const query = ScreenQuery.safeParse(Object.fromEntries(url.searchParams));
  // A query the screen never makes (typed in by hand): read as the bare address.
  const { session: asked, ring, person: personId, way } = query.success ? query.data : {};
  const sessionId = asked ?? (await runningOnDevice(stationCode, kit));
  if (!sessionId) {
    return {
      ...base,
      session: null,
      lessons: kit.lessons.map((lesson) => ({ id: lesson.id, title: lesson.title, course: { title: lesson.courseTitle } })),
      next: null,
    };
  }
  const items = await journalOf(sessionId);
  const opened = items.find((item) => item.body.type === "opened");
  const lesson = kit.lessons.find((candidate) => opened?.body.type === "opened" && opened.body.lessonId === candidate.id);
  if (!lesson) throw new NothingOnDevice("noKit");
  const session = deviceScreenSession({
    sessionId,
    items,
    lesson,
    people: new Set(people.map((person) => person.id)),
    nowMs: Date.now(),
  });
  if (!session) throw new NothingOnDevice("noKit");
  const drawn = personId && way && !session.attempts[personId] && lesson.passPercent !== null ? paperFor(lesson, personId) : null;
  return {
    ...base,
    session,
    ring: ring ?? (session.status === "OPEN" ? "ROLL" : "CLOSE"),
    lesson: lessonOnScreen(lesson),
    paper:
      drawn && way && lesson.passPercent !== null
        ? { personId: drawn.personId, way, passPercent: lesson.passPercent, token: drawn.token, questions: drawn.questions }
        : null,
    phone: null,
  };
}

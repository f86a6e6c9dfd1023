// 站点离线包 on the server: the lessons a station may download with their
// sizes (the download page), the kit itself (app/domain/station/kit.ts), and
// the record of which device downloaded which lesson when, which the upload
// later checks a session's date against.
import fs from "node:fs/promises";
import path from "node:path";
import { marked } from "marked";
import { beijingDate } from "~/domain/calendar.ts";
import { hasQuiz } from "~/domain/four-rings.ts";
import {
  KIT_VERSION,
  lessonBytes,
  plannedDatesAhead,
  type DownloadChoice,
  type KitFile,
  type KitLesson,
  type KitPaper,
  type StationKit,
} from "~/domain/station/kit.ts";
import { getPrisma } from "~/utils/db.server.ts";
import { contentDir } from "~/utils/env.server.ts";
import { log } from "~/utils/log.server.ts";
import { getLessonById, lessonVideo, type LessonWithQuestions } from "./course.server.ts";
import { decodeSubtitles, type Subtitle } from "./json-columns.server.ts";
import { isUniqueViolation } from "./prisma-errors.server.ts";
import { openPaper } from "./quiz.server.ts";
import { stationPeople, type StationPerson } from "./station-screen.server.ts";
import { accountOfStationPerson } from "./station-session.server.ts";
import { lessonsToPlan, stationPlan } from "./station.server.ts";

/** A station as stationByCode gives it. */
export type KitStation = { id: string; code: string; name: string; org: { name: string; path: string } };

/** The size of a file of the content folder (served under /media), or null when it is not there. */
async function mediaBytes(relative: string): Promise<number | null> {
  const root = contentDir();
  const absolute = path.resolve(root, relative);
  if (!absolute.startsWith(root + path.sep)) return null;
  try {
    const stat = await fs.stat(absolute);
    return stat.isFile() ? stat.size : null;
  } catch {
    return null;
  }
}

/**
 * The files a device caches to play the lesson offline, at the addresses the
 * player asks for (lessonVideo, the subtitle tracks). A file missing from the
 * content folder is left out and logged: the rest still downloads.
 */
async function lessonFiles(lesson: { id: string; videoFile: string | null; subtitles: readonly Subtitle[] }): Promise<KitFile[]> {
  const wanted = [
    ...(lesson.videoFile ? [{ file: lesson.videoFile, kind: "video" as const }] : []),
    ...lesson.subtitles.map((track) => ({ file: track.file, kind: "subtitle" as const })),
  ];
  const files = await Promise.all(
    wanted.map(async ({ file, kind }) => {
      const bytes = await mediaBytes(file);
      if (bytes === null) log.warn({ lessonId: lesson.id, file }, "lesson media file missing from the content folder");
      return bytes === null ? [] : [{ url: `/media/${file}`, bytes, kind }];
    }),
  );
  return files.flat();
}

/** The lessons the station's organization may show (lessonsToPlan), by id. */
async function showableLessons(orgPath: string) {
  return new Map((await lessonsToPlan(orgPath)).map((lesson) => [lesson.id, lesson]));
}

/** Of these lesson ids, those the station may not download: no such lesson, or its course's sharing hides it from the station. */
export async function lessonsOutOfReach(station: { org: { path: string } }, lessonIds: readonly string[]): Promise<string[]> {
  const showable = await showableLessons(station.org.path);
  return lessonIds.filter((lessonId) => !showable.has(lessonId));
}

/**
 * What the download page offers: every lesson the station may show, with the
 * size of its files and the days of the coming two weeks its playback
 * schedule shows it (Beijing time).
 */
export async function stationDownloadChoices(station: { id: string; org: { path: string } }, now = new Date()): Promise<DownloadChoice[]> {
  const prisma = await getPrisma();
  const [lessons, plan] = await Promise.all([lessonsToPlan(station.org.path), stationPlan(station.id)]);
  const media = await prisma.lesson.findMany({
    where: { id: { in: lessons.map((lesson) => lesson.id) } },
    select: { id: true, videoFile: true, subtitlesJson: true },
  });
  const bytesOf = new Map(
    await Promise.all(
      media.map(
        async (row) =>
          [row.id, lessonBytes({ files: await lessonFiles({ ...row, subtitles: decodeSubtitles(row.id, row.subtitlesJson) }) })] as const,
      ),
    ),
  );
  const today = beijingDate(now);
  return lessons.map((lesson) => {
    const plannedDates = plannedDatesAhead(
      plan.filter((line) => line.lessonId === lesson.id).map((line) => line.rule),
      today,
    );
    return {
      id: lesson.id,
      title: lesson.title,
      courseTitle: lesson.course.title,
      bytes: bytesOf.get(lesson.id) ?? 0,
      plannedWithinTwoWeeks: plannedDates.length > 0,
      plannedDates,
    };
  });
}

/** The account behind each of the station's people who has one (a visitor's is the account he got later). */
async function accountsOfPeople(stationId: string, people: readonly StationPerson[]): Promise<Map<string, string>> {
  const pairs = await Promise.all(
    people
      .filter((person) => person.hasAccount)
      .map(async (person) => [person.id, await accountOfStationPerson(stationId, person.id)] as const),
  );
  return new Map(pairs.flatMap(([personId, account]) => (account === null ? [] : [[personId, account] as const])));
}

/**
 * One paper per person with an account, drawn on the server as the screen
 * draws it (openPaper: the paper not yet answered is kept, so a second
 * download gives the same one). Two people on one account (a villager whose
 * visitor record got the account of a listed member) share his paper: each
 * account is drawn for once, as two draws for one account at once would make two papers.
 */
async function papersOf(lesson: LessonWithQuestions, accounts: ReadonlyMap<string, string>): Promise<KitPaper[]> {
  if (!hasQuiz(lesson)) return [];
  const byAccount = new Map(
    await Promise.all([...new Set(accounts.values())].map(async (account) => [account, await openPaper(account, lesson)] as const)),
  );
  return [...accounts].map(([personId, account]) => {
    const paper = byAccount.get(account)!;
    return {
      personId,
      token: paper.token,
      questions: paper.questions.map((question) => ({
        id: question.id,
        type: question.type,
        prompt: question.prompt,
        options: [...question.options],
      })),
    };
  });
}

async function kitLesson(lesson: LessonWithQuestions, accounts: ReadonlyMap<string, string>): Promise<KitLesson> {
  const [guideHtml, files, papers] = await Promise.all([
    marked.parse(lesson.guideMarkdown),
    lessonFiles(lesson),
    papersOf(lesson, accounts),
  ]);
  return {
    id: lesson.id,
    title: lesson.title,
    courseTitle: lesson.course.title,
    guideHtml,
    thinking: lesson.thinking,
    discussionPrompt: lesson.discussionPrompt,
    durationSeconds: lesson.durationSeconds,
    completionShare: lesson.completionShare,
    maxPlaybackRate: lesson.maxPlaybackRate,
    passPercent: lesson.passPercent,
    hasQuiz: hasQuiz(lesson),
    classHours: lesson.classHours,
    video: lessonVideo(lesson),
    files,
    papers,
  };
}

export class LessonOutOfReach extends Error {
  constructor(readonly lessonIds: readonly string[]) {
    super(`lessons out of the station's reach: ${lessonIds.join(", ")}`);
  }
}

/**
 * The kit a station's device downloads for these lessons (in the order
 * asked, each once): the station's people and, per lesson, everything its
 * screen needs offline. Throws LessonOutOfReach for a lesson the station may
 * not show (callers ask lessonsOutOfReach first). Once the kit is made, the
 * download is recorded for the device (recordStationDownloads) at the kit's
 * `downloadedAt`.
 */
export async function stationKit(
  { station, deviceId, lessonIds }: { station: KitStation; deviceId: string; lessonIds: readonly string[] },
  now = new Date(),
): Promise<StationKit> {
  const ids = [...new Set(lessonIds)];
  const outOfReach = await lessonsOutOfReach(station, ids);
  if (outOfReach.length > 0) throw new LessonOutOfReach(outOfReach);
  const people = await stationPeople({ id: station.id, orgPath: station.org.path });
  const [accounts, lessons] = await Promise.all([accountsOfPeople(station.id, people), Promise.all(ids.map(getLessonById))]);
  const kitLessons: KitLesson[] = [];
  // One lesson after another: each draws a paper per account.
  for (const [index, lesson] of lessons.entries()) {
    if (!lesson) throw new LessonOutOfReach([ids[index]!]);
    kitLessons.push(await kitLesson(lesson, accounts));
  }
  await recordStationDownloads({ stationId: station.id, deviceId, lessonIds: ids, at: now });
  return {
    version: KIT_VERSION,
    downloadedAt: now.toISOString(),
    station: { id: station.id, code: station.code, name: station.name, orgName: station.org.name },
    people,
    lessons: kitLessons,
  };
}

/**
 * Records that this device of the station downloaded these lessons at `at`:
 * the first download's time is kept, the last one's moves on. A download
 * racing another for the same lesson and device finds the row made and
 * updates it.
 */
export async function recordStationDownloads(download: {
  stationId: string;
  deviceId: string;
  lessonIds: readonly string[];
  at: Date;
}): Promise<void> {
  const prisma = await getPrisma();
  const { stationId, deviceId, at } = download;
  const upsertAll = () =>
    prisma.$transaction(
      [...new Set(download.lessonIds)].map((lessonId) =>
        prisma.stationDownload.upsert({
          where: { stationId_deviceId_lessonId: { stationId, deviceId, lessonId } },
          create: { stationId, deviceId, lessonId, firstDownloadedAt: at, lastDownloadedAt: at },
          update: { lastDownloadedAt: at },
          select: { id: true },
        }),
      ),
    );
  try {
    await upsertAll();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    await upsertAll();
  }
}

/** A device's downloads at a station, by lesson: when it first and last downloaded each. */
export async function stationDownloads(stationId: string, deviceId: string) {
  const prisma = await getPrisma();
  return prisma.stationDownload.findMany({
    where: { stationId, deviceId },
    orderBy: { firstDownloadedAt: "asc" },
    select: { lessonId: true, firstDownloadedAt: true, lastDownloadedAt: true },
  });
}

// 站点离线包: what a station's device downloads before a day without network
// (issue #11): the station's people, and per lesson its pages, its media files
// to cache and one server-drawn paper per person with an account. No quiz
// answers are ever in it. Types and pure rules only: the device's code reads
// this module too.
import type { Subtitle } from "~/models/json-columns.server.ts";
import type { StationPerson } from "~/models/station-screen.server.ts";
import { occurrencesInMonth, type Recurrence } from "./schedule.ts";

/** The kit's shape; a device holding a kit of another version downloads it again. */
export const KIT_VERSION = 1;
/** At most this many lessons in one download. */
export const MAX_KIT_LESSONS = 20;
/** "The next two weeks of the schedule": today (Beijing) and the 13 days after it. */
export const DOWNLOAD_AHEAD_DAYS = 14;

/** A same-origin file the device caches for the lesson (/media/…), with its size on the server. */
export type KitFile = { url: string; bytes: number; kind: "video" | "subtitle" };

/** A question as the paper shows it: the options in the order drawn, nothing of the answer. */
export type KitQuestion = { id: string; type: string; prompt: string; options: string[] };

/** The paper drawn on the server for one of the station's people (his account's), kept until he answers. */
export type KitPaper = { personId: string; token: string; questions: KitQuestion[] };

export type KitLesson = {
  id: string;
  title: string;
  courseTitle: string;
  guideHtml: string;
  thinking: string[];
  discussionPrompt: string;
  durationSeconds: number;
  completionShare: number;
  maxPlaybackRate: number;
  passPercent: number | null;
  hasQuiz: boolean;
  classHours: number;
  video: { src: string | null; muxPlaybackId: string | null; subtitles: Subtitle[] };
  files: KitFile[];
  /** One per person with an account; none for a film without a quiz. */
  papers: KitPaper[];
};

export type StationKit = {
  version: typeof KIT_VERSION;
  /** Server time of the download, ISO 8601. */
  downloadedAt: string;
  station: { id: string; code: string; name: string; orgName: string };
  people: StationPerson[];
  lessons: KitLesson[];
};

/** A lesson the download page offers. */
export type DownloadChoice = {
  id: string;
  title: string;
  courseTitle: string;
  /** The sum of its files' sizes. */
  bytes: number;
  plannedWithinTwoWeeks: boolean;
  /** The days of the coming two weeks the playback schedule shows it (YYYY-MM-DD, Beijing). */
  plannedDates: string[];
};

/** What a lesson takes on the device: the sum of its files. */
export function lessonBytes(lesson: { files: readonly { bytes: number }[] }): number {
  return lesson.files.reduce((sum, file) => sum + file.bytes, 0);
}

/** One person's paper in a downloaded lesson, or null (no account, or a film without a quiz). */
export function paperFor(lesson: Pick<KitLesson, "papers">, personId: string): KitPaper | null {
  return lesson.papers.find((paper) => paper.personId === personId) ?? null;
}

/** The calendar days from `from` (YYYY-MM-DD) on, `days` of them. */
export function daysFrom(from: string, days: number): string[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  if (Number.isNaN(start)) return [];
  return Array.from({ length: Math.max(0, days) }, (_, index) => new Date(start + index * 86_400_000).toISOString().slice(0, 10));
}

/** The days among the `days` from `from` on which one of the rules falls, in order, each once. */
export function plannedDatesAhead(rules: readonly Recurrence[], from: string, days = DOWNLOAD_AHEAD_DAYS): string[] {
  const window = daysFrom(from, days);
  if (window.length === 0) return [];
  const first = window[0]!;
  const last = window[window.length - 1]!;
  const months = [...new Set(window.map((day) => day.slice(0, 7)))];
  const dates = months.flatMap((month) =>
    rules.flatMap((rule) => occurrencesInMonth(rule, Number(month.slice(0, 4)), Number(month.slice(5, 7)))),
  );
  return [...new Set(dates.filter((date) => date >= first && date <= last))].sort();
}

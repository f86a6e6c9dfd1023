// Imports the course files under content/ into the database: all or nothing,
// idempotent, and blind to learner records (progress, attempts, ledger).
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { classHoursForDuration } from "~/domain/class-hours.ts";
import { parseCourseFile, type CourseFile } from "~/domain/content/course-file.ts";
import {
  checkCourseLessons,
  parseLessonFile,
  type LessonFile,
  type LocatedLesson,
  type QuestionFileType,
  type QuizQuestionFile,
} from "~/domain/content/lesson-file.ts";
import { bilingual, type ContentProblem, formatFieldPath, type LineLocator, quote, sortProblems } from "~/domain/content/problems.ts";
import type { RevealPolicy } from "~/domain/quiz-rules.ts";
import type { Prisma, PrismaClient } from "~/generated/prisma/client.ts";

/**
 * Bump when the mapping from files to rows changes, so that the next import
 * rewrites rows whose source files did not change.
 */
const RECORD_FORMAT = 2;

const REVEAL_IN_DB: Record<LessonFile["revealAnswers"], RevealPolicy> = {
  always: "ALWAYS",
  "after-pass": "AFTER_PASS",
};

const QUESTION_TYPE_IN_DB: Record<QuestionFileType, string> = {
  single: "SINGLE",
  multiple: "MULTIPLE",
  truefalse: "TRUE_FALSE",
  fill: "FILL",
  short: "SHORT",
};

export interface LoadedLesson {
  file: string;
  lesson: LessonFile;
  lineOf: LineLocator;
}

export interface LoadedCourse {
  /** The course folder's name, equal to its slug. */
  folder: string;
  file: string;
  course: CourseFile;
  /** Where each field of course.yaml is written. */
  lineOf: LineLocator;
  lessons: LoadedLesson[];
}

export interface ContentTree {
  courses: LoadedCourse[];
  problems: ContentProblem[];
}

export interface LoadOptions {
  /** Problems name files relative to this folder (default: the working directory). */
  relativeTo?: string;
}

export interface ImportOptions extends LoadOptions {
  /** Compare with the database and report what would change, writing nothing. */
  dryRun?: boolean;
}

export interface ImportSummary {
  coursesCreated: number;
  coursesUpdated: number;
  lessonsCreated: number;
  lessonsUpdated: number;
  /** Courses and lessons whose content hash matched: not written at all. */
  unchanged: number;
  questionsRetired: number;
}

export interface CourseOutcome {
  slug: string;
  title: string;
  status: "created" | "updated" | "unchanged";
  lessonsCreated: number;
  lessonsUpdated: number;
  lessonsUnchanged: number;
  questionsRetired: number;
  /**
   * Lessons in the database that no file describes any more. They are kept:
   * learners' progress and hours point at them.
   */
  lessonsNotInContent: string[];
}

export type ImportResult =
  { ok: true; dryRun: boolean; summary: ImportSummary; courses: CourseOutcome[] } | { ok: false; problems: ContentProblem[] };

// ─── Reading and validating the tree ──────────────────────────────────────

/**
 * Reads and validates every course under `<contentDir>/courses`, including
 * that each media and subtitle file exists. Never touches the database.
 */
export async function loadContent(contentDir: string, options: LoadOptions = {}): Promise<ContentTree> {
  const relativeTo = path.resolve(options.relativeTo ?? process.cwd());
  const display = (absolute: string) => {
    const relative = path.relative(relativeTo, absolute);
    const shown = relative.startsWith("..") || path.isAbsolute(relative) ? absolute : relative;
    return shown.split(path.sep).join("/");
  };

  const coursesDir = path.resolve(contentDir, "courses");
  const problems: ContentProblem[] = [];
  const courses: LoadedCourse[] = [];

  const entries = await readDirOrNull(coursesDir);
  if (!entries) {
    problems.push({
      file: display(coursesDir),
      line: 1,
      field: "",
      message: bilingual("找不到课程文件夹", "the courses folder does not exist"),
    });
    return { courses, problems };
  }

  const folders = entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith("."))
    .map((entry) => entry.name)
    .sort();
  for (const folder of folders) {
    const loaded = await loadCourse(path.join(coursesDir, folder), folder, display);
    problems.push(...loaded.problems);
    if (loaded.course) courses.push(loaded.course);
  }
  return { courses, problems: sortProblems(problems) };
}

async function loadCourse(
  courseDir: string,
  folder: string,
  display: (absolute: string) => string,
): Promise<{ course?: LoadedCourse; problems: ContentProblem[] }> {
  const problems: ContentProblem[] = [];
  const courseFile = display(path.join(courseDir, "course.yaml"));
  const courseText = await readFileOrNull(path.join(courseDir, "course.yaml"));
  const parsedCourse = courseText === null ? null : parseCourseFile(courseFile, courseText);
  if (parsedCourse === null) {
    problems.push({
      file: courseFile,
      line: 1,
      field: "",
      message: bilingual("缺少 course.yaml", "every course folder needs a course.yaml"),
    });
  } else if (!parsedCourse.ok) {
    problems.push(...parsedCourse.problems);
  }

  const lessonsDir = path.join(courseDir, "lessons");
  const lessonNames = ((await readDirOrNull(lessonsDir)) ?? [])
    .filter((entry) => entry.isFile() && entry.name.endsWith(".md"))
    .map((entry) => entry.name)
    .sort();
  if (lessonNames.length === 0) {
    problems.push({
      file: courseFile,
      line: 1,
      field: "",
      message: bilingual("课程没有课时：lessons/ 下应至少有一个 .md 文件", "expected at least one lesson file in lessons/"),
    });
  }

  const lessons: LoadedLesson[] = [];
  for (const name of lessonNames) {
    const absolute = path.join(lessonsDir, name);
    const file = display(absolute);
    const parsed = parseLessonFile(file, await fs.readFile(absolute, "utf8"));
    if (!parsed.ok) {
      problems.push(...parsed.problems);
      continue;
    }
    const missing = await missingMedia(courseDir, file, parsed.value, parsed.lineOf);
    problems.push(...missing);
    lessons.push({ file, lesson: parsed.value, lineOf: parsed.lineOf });
  }

  problems.push(...checkCourseLessons(lessons.map((l): LocatedLesson => ({ file: l.file, value: l.lesson, lineOf: l.lineOf }))));

  if (problems.length > 0 || !parsedCourse?.ok) return { problems };
  return { course: { folder, file: courseFile, course: parsedCourse.value, lineOf: parsedCourse.lineOf, lessons }, problems };
}

async function missingMedia(courseDir: string, file: string, lesson: LessonFile, lineOf: LineLocator): Promise<ContentProblem[]> {
  const wanted: Array<{ path: Array<string | number>; relative: string }> = [];
  if (lesson.video.file !== undefined) wanted.push({ path: ["video", "file"], relative: lesson.video.file });
  lesson.subtitles.forEach((subtitle, index) => wanted.push({ path: ["subtitles", index, "file"], relative: subtitle.file }));

  const problems: ContentProblem[] = [];
  for (const item of wanted) {
    if (await isFile(path.join(courseDir, item.relative))) continue;
    problems.push({
      file,
      line: lineOf(item.path),
      field: formatFieldPath(item.path),
      message: bilingual(`找不到文件${quote(item.relative)}`, `file not found; expected it in the course folder at ${item.relative}`),
    });
  }
  return problems;
}

async function readDirOrNull(dir: string) {
  try {
    return await fs.readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

async function readFileOrNull(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, "utf8");
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

function isNotFound(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}

// ─── Files to rows ─────────────────────────────────────────────────────────

interface CourseRecord {
  slug: string;
  title: string;
  summary: string;
  audienceJson: string;
  category: string;
  department: string;
  ownerOrgId: string | null;
  /** Written when the course is created only: afterwards its owner's admins decide (片库管理). */
  sharing: string;
  sortOrder: number;
  contentHash: string;
}

interface QuestionRecord {
  key: string;
  type: string;
  prompt: string;
  optionsJson: string;
  answerJson: string;
  explanation: string;
  points: number;
  sortOrder: number;
}

interface LessonRecord {
  slug: string;
  title: string;
  sortOrder: number;
  guideMarkdown: string;
  thinkingJson: string;
  videoFile: string | null;
  muxPlaybackId: string | null;
  subtitlesJson: string;
  spokenLanguage: string;
  category: string | null;
  audienceJson: string | null;
  department: string | null;
  durationSeconds: number;
  completionShare: number;
  maxPlaybackRate: number;
  pauseWhenHidden: boolean;
  noSeekingAhead: boolean;
  attentionCheckMinutes: number | null;
  discussionPrompt: string;
  discussionMinLength: number;
  /** null: a film without a quiz */
  passPercent: number | null;
  questionsPerAttempt: number | null;
  attemptLimit: number | null;
  partialCredit: boolean;
  revealAnswers: RevealPolicy;
  classHours: number;
  contentHash: string;
}

interface CoursePlan {
  course: CourseRecord;
  lessons: Array<{ lesson: LessonRecord; questions: QuestionRecord[] }>;
}

function hashOf(value: unknown): string {
  return createHash("sha256")
    .update(JSON.stringify([RECORD_FORMAT, value]))
    .digest("hex");
}

function toQuestionRecord(question: QuizQuestionFile, index: number): QuestionRecord {
  return {
    key: question.id,
    type: QUESTION_TYPE_IN_DB[question.type],
    prompt: question.prompt,
    optionsJson: JSON.stringify("options" in question ? question.options : []),
    answerJson: JSON.stringify(question.answer),
    explanation: question.explanation ?? "",
    points: question.points,
    sortOrder: index + 1,
  };
}

/** Media paths are stored relative to content/, which is what the media server serves. */
function contentPath(folder: string, relative: string): string {
  return `courses/${folder}/${relative}`;
}

function toPlan(loaded: LoadedCourse, owners: ReadonlyMap<string, string>): CoursePlan {
  const { course, folder } = loaded;
  const courseFields = {
    slug: course.slug,
    title: course.title,
    summary: course.summary,
    audienceJson: JSON.stringify(course.audience),
    category: course.category,
    department: course.department,
    ownerOrgId: course.owner === undefined ? null : (owners.get(course.owner) ?? null),
    sharing: course.sharing,
    sortOrder: course.order,
  };
  return {
    // The owner by its code: the hash is the files', whatever the database's ids.
    course: { ...courseFields, contentHash: hashOf({ ...courseFields, ownerOrgId: course.owner ?? null }) },
    lessons: loaded.lessons.map(({ lesson }) => {
      // A film without a quiz has no questions (and no pass mark): a quiz taken out retires its questions.
      const questions = (lesson.quiz ?? []).map(toQuestionRecord);
      const fields = {
        slug: lesson.slug,
        title: lesson.title,
        sortOrder: lesson.order,
        guideMarkdown: lesson.guideMarkdown,
        thinkingJson: JSON.stringify(lesson.thinkingQuestions),
        videoFile: lesson.video.file === undefined ? null : contentPath(folder, lesson.video.file),
        muxPlaybackId: lesson.video.muxPlaybackId ?? null,
        subtitlesJson: JSON.stringify(lesson.subtitles.map((s) => ({ lang: s.lang, label: s.label, file: contentPath(folder, s.file) }))),
        spokenLanguage: lesson.spokenLanguage,
        category: lesson.category ?? null,
        audienceJson: lesson.audience === undefined ? null : JSON.stringify(lesson.audience),
        department: lesson.department ?? null,
        durationSeconds: lesson.durationSeconds,
        completionShare: lesson.completionShare,
        maxPlaybackRate: lesson.maxPlaybackRate,
        pauseWhenHidden: lesson.pauseWhenHidden,
        noSeekingAhead: lesson.noSeekingAhead,
        attentionCheckMinutes: lesson.attentionCheckMinutes ?? null,
        discussionPrompt: lesson.discussion.prompt,
        discussionMinLength: lesson.discussion.minLength,
        passPercent: lesson.passPercent ?? null,
        questionsPerAttempt: lesson.questionsPerAttempt ?? null,
        attemptLimit: lesson.attemptLimit ?? null,
        partialCredit: lesson.partialCredit,
        revealAnswers: REVEAL_IN_DB[lesson.revealAnswers],
        classHours: lesson.classHours ?? classHoursForDuration(lesson.durationSeconds, course.classHoursRule),
      };
      return { lesson: { ...fields, contentHash: hashOf({ fields, questions }) }, questions };
    }),
  };
}

// ─── Writing ───────────────────────────────────────────────────────────────

type Db = Prisma.TransactionClient;

/**
 * Validates the whole tree first; with any problem it writes nothing and
 * returns every problem. Otherwise it upserts courses, lessons and questions
 * in one transaction, skipping rows whose content hash is unchanged.
 */
export async function importContent(prisma: PrismaClient, contentDir: string, options: ImportOptions = {}): Promise<ImportResult> {
  const tree = await loadContent(contentDir, options);
  if (tree.problems.length > 0) return { ok: false, problems: tree.problems };

  const owners = await ownerOrganizations(prisma, tree.courses);
  if (owners.problems.length > 0) return { ok: false, problems: owners.problems };
  const plans = tree.courses.map((course) => toPlan(course, owners.ids));
  const dryRun = options.dryRun ?? false;
  const courses = dryRun
    ? await syncAll(prisma, plans, false)
    : await prisma.$transaction(
        async (tx) => {
          await takeWriteLock(tx);
          return syncAll(tx, plans, true);
        },
        // A large tree is many small statements; the default 5 s is too tight.
        { maxWait: 10_000, timeout: 120_000 },
      );

  const summary: ImportSummary = {
    coursesCreated: 0,
    coursesUpdated: 0,
    lessonsCreated: 0,
    lessonsUpdated: 0,
    unchanged: 0,
    questionsRetired: 0,
  };
  for (const outcome of courses) {
    if (outcome.status === "created") summary.coursesCreated += 1;
    else if (outcome.status === "updated") summary.coursesUpdated += 1;
    else summary.unchanged += 1;
    summary.lessonsCreated += outcome.lessonsCreated;
    summary.lessonsUpdated += outcome.lessonsUpdated;
    summary.unchanged += outcome.lessonsUnchanged;
    summary.questionsRetired += outcome.questionsRetired;
  }
  return { ok: true, dryRun, summary, courses };
}

/**
 * The owner organizations the course files name, by code. A code the
 * organization tree does not have is a problem of its course.yaml: the course
 * would otherwise land in the central library, shared with everyone.
 */
async function ownerOrganizations(
  prisma: PrismaClient,
  courses: LoadedCourse[],
): Promise<{ ids: Map<string, string>; problems: ContentProblem[] }> {
  const codes = [...new Set(courses.flatMap((loaded) => (loaded.course.owner === undefined ? [] : [loaded.course.owner])))];
  const found =
    codes.length === 0 ? [] : await prisma.organization.findMany({ where: { code: { in: codes } }, select: { id: true, code: true } });
  const ids = new Map(found.map((organization) => [organization.code, organization.id]));
  const problems = courses.flatMap((loaded): ContentProblem[] => {
    const owner = loaded.course.owner;
    if (owner === undefined || ids.has(owner)) return [];
    return [
      {
        file: loaded.file,
        line: loaded.lineOf(["owner"]),
        field: "owner",
        message: bilingual(
          `没有代码为${quote(owner)}的党组织，请写组织架构里已有的组织代码`,
          `no organization has the code "${owner}"; expected the code of an organization in the tree`,
        ),
      },
    ];
  });
  return { ids, problems: sortProblems(problems) };
}

/**
 * SQLite starts the adapter's transactions deferred: one that reads first and
 * then writes fails with SQLITE_BUSY if a worker wrote in between, and the busy
 * timeout cannot help. A write that matches no row takes the write lock up
 * front, where the busy timeout does apply. On PostgreSQL it is a no-op.
 */
async function takeWriteLock(tx: Db) {
  await tx.$executeRawUnsafe('UPDATE "Course" SET "slug" = "slug" WHERE 1 = 0');
}

async function syncAll(db: Db, plans: CoursePlan[], write: boolean): Promise<CourseOutcome[]> {
  const outcomes: CourseOutcome[] = [];
  for (const plan of plans) outcomes.push(await syncCourse(db, plan, write));
  return outcomes;
}

async function syncCourse(db: Db, plan: CoursePlan, write: boolean): Promise<CourseOutcome> {
  const outcome: CourseOutcome = {
    slug: plan.course.slug,
    title: plan.course.title,
    status: "unchanged",
    lessonsCreated: 0,
    lessonsUpdated: 0,
    lessonsUnchanged: 0,
    questionsRetired: 0,
    lessonsNotInContent: [],
  };

  const existing = await db.course.findUnique({
    where: { slug: plan.course.slug },
    select: { id: true, contentHash: true },
  });
  let courseId = existing?.id;
  if (!existing) {
    outcome.status = "created";
    if (write) courseId = (await db.course.create({ data: plan.course, select: { id: true } })).id;
  } else if (existing.contentHash !== plan.course.contentHash) {
    outcome.status = "updated";
    // The sharing stays as the owner's admins last set it.
    const { sharing: _initialSharing, ...fields } = plan.course;
    if (write) await db.course.update({ where: { id: existing.id }, data: fields, select: { id: true } });
  }

  if (courseId === undefined) {
    // Only in a dry run: the course does not exist yet, so every lesson is new.
    outcome.lessonsCreated = plan.lessons.length;
    return outcome;
  }

  const stored = await db.lesson.findMany({
    where: { courseId },
    select: { id: true, slug: true, contentHash: true },
  });
  const storedBySlug = new Map(stored.map((lesson) => [lesson.slug, lesson]));
  const inContent = new Set(plan.lessons.map((l) => l.lesson.slug));
  outcome.lessonsNotInContent = stored
    .filter((l) => !inContent.has(l.slug))
    .map((l) => l.slug)
    .sort();

  for (const { lesson, questions } of plan.lessons) {
    const current = storedBySlug.get(lesson.slug);
    if (!current) {
      outcome.lessonsCreated += 1;
      if (write) {
        const created = await db.lesson.create({ data: { ...lesson, courseId }, select: { id: true } });
        await db.question.createMany({ data: questions.map((q) => ({ ...q, lessonId: created.id })) });
      }
    } else if (current.contentHash !== lesson.contentHash) {
      outcome.lessonsUpdated += 1;
      if (write) {
        await db.lesson.update({ where: { id: current.id }, data: lesson, select: { id: true } });
      }
      outcome.questionsRetired += await syncQuestions(db, current.id, questions, write);
    } else {
      outcome.lessonsUnchanged += 1;
    }
  }
  return outcome;
}

const QUESTION_FIELDS = [
  "type",
  "prompt",
  "optionsJson",
  "answerJson",
  "explanation",
  "points",
  "sortOrder",
] as const satisfies ReadonlyArray<keyof QuestionRecord>;

/**
 * Questions are matched by their key. One that left the file is retired, not
 * deleted: submitted answers reference it. Unchanged ones are not written, so
 * their updatedAt keeps meaning "last edited".
 */
async function syncQuestions(db: Db, lessonId: string, questions: QuestionRecord[], write: boolean): Promise<number> {
  const stored = await db.question.findMany({
    where: { lessonId },
    select: {
      id: true,
      key: true,
      retired: true,
      type: true,
      prompt: true,
      optionsJson: true,
      answerJson: true,
      explanation: true,
      points: true,
      sortOrder: true,
    },
  });
  const storedByKey = new Map(stored.map((q) => [q.key, q]));
  const keys = new Set(questions.map((q) => q.key));

  for (const question of questions) {
    const current = storedByKey.get(question.key);
    if (!current) {
      if (write) await db.question.create({ data: { ...question, lessonId }, select: { id: true } });
    } else if (current.retired || QUESTION_FIELDS.some((field) => current[field] !== question[field])) {
      if (write) {
        await db.question.update({
          where: { id: current.id },
          data: { ...question, retired: false },
          select: { id: true },
        });
      }
    }
  }

  const toRetire = stored.filter((q) => !q.retired && !keys.has(q.key));
  if (write && toRetire.length > 0) {
    await db.question.updateMany({
      where: { id: { in: toRetire.map((q) => q.id) } },
      data: { retired: true },
    });
  }
  return toRetire.length;
}

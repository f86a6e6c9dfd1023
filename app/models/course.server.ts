// Courses and lessons as the learner sees them (imported from content/).
// The JSON columns are decoded by app/models/json-columns.server.ts, each by its own schema.
import { effectiveFacets, visibleTo, type Category } from "~/domain/content/catalog.ts";
import type { Prisma } from "~/generated/prisma/client.ts";
import { getPrisma } from "~/utils/db.server.ts";
import { decodeAudience, decodeOptions, decodeSubtitles, decodeThinking } from "./json-columns.server.ts";
import { heldRoles, learnerOrgPaths, type SessionUser } from "./user.server.ts";

/**
 * The organizations whose shared courses a viewer sees (catalog.ts visibleTo):
 * his home organization, any training him, and each where he holds a role.
 */
export async function catalogViewerPaths(user: SessionUser): Promise<string[]> {
  return [...new Set([...(await learnerOrgPaths(user.id)), ...heldRoles(user).map((held) => held.orgPath)])];
}

/** What visibleTo needs of a course row. */
export const COURSE_SHARING_SELECT = { sharing: true, ownerOrg: { select: { path: true } } } as const satisfies Prisma.CourseSelect;

export function courseVisibleTo(course: Prisma.CourseGetPayload<{ select: typeof COURSE_SHARING_SELECT }>, viewerPaths: readonly string[]) {
  return visibleTo({ ownerPath: course.ownerOrg?.path ?? null, sharing: course.sharing }, viewerPaths);
}

/**
 * The catalog as one learner sees it: every course his organizations may see
 * (catalogViewerPaths), with its lessons, each lesson with its effective
 * facets (app/domain/content/catalog.ts), its languages and his progress.
 */
export async function listCoursesWithProgress(userId: string, viewerPaths: readonly string[]) {
  const prisma = await getPrisma();
  const rows = await prisma.course.findMany({
    orderBy: [{ sortOrder: "asc" }, { title: "asc" }],
    select: {
      ...COURSE_SHARING_SELECT,
      id: true,
      slug: true,
      title: true,
      summary: true,
      category: true,
      audienceJson: true,
      department: true,
      lessons: {
        orderBy: { sortOrder: "asc" },
        select: {
          id: true,
          slug: true,
          title: true,
          guideMarkdown: true,
          category: true,
          audienceJson: true,
          department: true,
          spokenLanguage: true,
          subtitlesJson: true,
          classHours: true,
          durationSeconds: true,
          progress: { where: { userId }, select: { completedAt: true, preparedAt: true } },
        },
      },
    },
  });
  const courses = rows.filter((row) => courseVisibleTo(row, viewerPaths));
  return courses.map(({ audienceJson, lessons, sharing: _sharing, ownerOrg: _ownerOrg, ...course }) => {
    const courseFacets = { category: course.category as Category, audience: decodeAudience("Course", course.id, audienceJson) };
    return {
      ...course,
      ...courseFacets,
      lessons: lessons.map(({ guideMarkdown, audienceJson: ownAudience, subtitlesJson, progress, ...lesson }) => ({
        id: lesson.id,
        slug: lesson.slug,
        title: lesson.title,
        text: guideMarkdown,
        ...effectiveFacets(courseFacets, {
          category: lesson.category as Category | null,
          audience: ownAudience === null ? null : decodeAudience("Lesson", lesson.id, ownAudience),
        }),
        department: lesson.department ?? course.department,
        languages: [...new Set([lesson.spokenLanguage, ...decodeSubtitles(lesson.id, subtitlesJson).map((track) => track.lang)])],
        classHours: lesson.classHours,
        durationSeconds: lesson.durationSeconds,
        progress: progress[0] ?? null,
      })),
    };
  });
}

const LESSON_SELECT = {
  id: true,
  slug: true,
  title: true,
  guideMarkdown: true,
  thinkingJson: true,
  videoFile: true,
  muxPlaybackId: true,
  subtitlesJson: true,
  durationSeconds: true,
  completionShare: true,
  maxPlaybackRate: true,
  pauseWhenHidden: true,
  noSeekingAhead: true,
  attentionCheckMinutes: true,
  discussionPrompt: true,
  discussionMinLength: true,
  passPercent: true,
  questionsPerAttempt: true,
  attemptLimit: true,
  revealAnswers: true,
  classHours: true,
  course: { select: { slug: true, title: true, ...COURSE_SHARING_SELECT } },
  questions: {
    where: { retired: false },
    orderBy: { sortOrder: "asc" },
    select: { id: true, type: true, prompt: true, optionsJson: true },
  },
} as const satisfies Prisma.LessonSelect;

function decodedLesson(row: Prisma.LessonGetPayload<{ select: typeof LESSON_SELECT }>) {
  const {
    thinkingJson,
    subtitlesJson,
    questions,
    course: { slug, title },
    ...lesson
  } = row;
  return {
    ...lesson,
    course: { slug, title },
    thinking: decodeThinking(row.id, thinkingJson),
    subtitles: decodeSubtitles(row.id, subtitlesJson),
    questions: questions.map(({ optionsJson, ...question }) => ({ ...question, options: decodeOptions(question.id, optionsJson) })),
  };
}

export type LessonWithQuestions = ReturnType<typeof decodedLesson>;

/**
 * A lesson with its JSON columns decoded (thinking, subtitles, each question's
 * options); null when there is none or its course's sharing hides it from the viewer.
 */
export async function getLessonBySlugs(courseSlug: string, lessonSlug: string, viewerPaths: readonly string[]) {
  const prisma = await getPrisma();
  const row = await prisma.lesson.findFirst({ where: { slug: lessonSlug, course: { slug: courseSlug } }, select: LESSON_SELECT });
  return row && courseVisibleTo(row.course, viewerPaths) ? decodedLesson(row) : null;
}

/** Where a lesson's video plays from: a file served under /media, or Mux; with its subtitle tracks. */
export function lessonVideo(lesson: Pick<LessonWithQuestions, "videoFile" | "muxPlaybackId" | "subtitles">) {
  return { src: lesson.videoFile ? `/media/${lesson.videoFile}` : null, muxPlaybackId: lesson.muxPlaybackId, subtitles: lesson.subtitles };
}

/** The same, by the lesson's id (a station shows a lesson outside its course's page). */
export async function getLessonById(lessonId: string) {
  const prisma = await getPrisma();
  const row = await prisma.lesson.findUnique({ where: { id: lessonId }, select: LESSON_SELECT });
  return row ? decodedLesson(row) : null;
}

export async function getLessonTiming(lessonId: string) {
  const prisma = await getPrisma();
  return prisma.lesson.findUnique({
    where: { id: lessonId },
    select: {
      id: true,
      durationSeconds: true,
      completionShare: true,
      maxPlaybackRate: true,
      classHours: true,
      slug: true,
      course: { select: { slug: true } },
    },
  });
}

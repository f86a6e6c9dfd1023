// Courses and lessons as the learner sees them (imported from content/).
// The JSON columns are decoded here, once, each by its own schema: a row that
// does not hold what the importer writes fails loudly, naming the row and column.
import { z } from "zod";
import { getPrisma } from "~/utils/db.server.ts";

const TextListSchema = z.array(z.string());
const SubtitlesSchema = z.array(z.object({ lang: z.string().min(1), label: z.string(), file: z.string().min(1) }));

export type Subtitle = z.infer<typeof SubtitlesSchema>[number];

/** A JSON column read through its schema; a clear error (table, row, column, what is expected) when it does not fit. */
function decodeColumn<T>(schema: z.ZodType<T>, raw: string, where: { table: string; id: string; column: string; expected: string }): T {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new Error(`${where.table} ${where.id}: ${where.column} is not JSON (expected ${where.expected})`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${where.table} ${where.id}: ${where.column} should be ${where.expected} (at ${issue?.path.join(".") || "top"}: ${issue?.message ?? "invalid"})`);
  }
  return parsed.data;
}

/** Lesson.thinkingJson: the thinking questions, a list of texts. */
export function decodeThinking(lessonId: string, raw: string): string[] {
  return decodeColumn(TextListSchema, raw, { table: "Lesson", id: lessonId, column: "thinkingJson", expected: "a list of texts" });
}

/** Lesson.subtitlesJson: the subtitle tracks, each { lang, label, file }. */
export function decodeSubtitles(lessonId: string, raw: string): Subtitle[] {
  return decodeColumn(SubtitlesSchema, raw, { table: "Lesson", id: lessonId, column: "subtitlesJson", expected: "a list of { lang, label, file }" });
}

/** Question.optionsJson: the choices of a question (empty for fill-in and short answers). */
export function decodeOptions(questionId: string, raw: string): string[] {
  return decodeColumn(TextListSchema, raw, { table: "Question", id: questionId, column: "optionsJson", expected: "a list of texts" });
}

export async function listCoursesWithProgress(userId: string) {
  const prisma = await getPrisma();
  return prisma.course.findMany({
    orderBy: [{ sortOrder: "asc" }, { title: "asc" }],
    select: {
      id: true,
      slug: true,
      title: true,
      summary: true,
      lessons: {
        orderBy: { sortOrder: "asc" },
        select: {
          id: true,
          slug: true,
          title: true,
          classHours: true,
          durationSeconds: true,
          progress: { where: { userId }, select: { completedAt: true, preparedAt: true } },
        },
      },
    },
  });
}

/** A lesson with its JSON columns decoded (thinking, subtitles, each question's options). */
export async function getLessonBySlugs(courseSlug: string, lessonSlug: string) {
  const prisma = await getPrisma();
  const row = await prisma.lesson.findFirst({
    where: { slug: lessonSlug, course: { slug: courseSlug } },
    select: {
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
      course: { select: { slug: true, title: true } },
      questions: {
        where: { retired: false },
        orderBy: { sortOrder: "asc" },
        select: { id: true, type: true, prompt: true, optionsJson: true },
      },
    },
  });
  if (!row) return null;
  const { thinkingJson, subtitlesJson, questions, ...lesson } = row;
  return {
    ...lesson,
    thinking: decodeThinking(row.id, thinkingJson),
    subtitles: decodeSubtitles(row.id, subtitlesJson),
    questions: questions.map(({ optionsJson, ...question }) => ({ ...question, options: decodeOptions(question.id, optionsJson) })),
  };
}

export async function getLessonTiming(lessonId: string) {
  const prisma = await getPrisma();
  return prisma.lesson.findUnique({
    where: { id: lessonId },
    select: { id: true, durationSeconds: true, completionShare: true, maxPlaybackRate: true, classHours: true, slug: true, course: { select: { slug: true } } },
  });
}

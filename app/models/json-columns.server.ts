// The JSON columns, decoded in one place: each column is read through its own
// schema, and a row that does not hold what the app writes fails loudly, naming
// the table, the row, the column and what was expected (decision 020).
import { z } from "zod";
import type { Response } from "~/domain/grading.ts";
import type { DrawnItem } from "~/domain/quiz-draw.ts";
import type { Interval } from "~/domain/watch-intervals.ts";

type Where = { table: string; id: string; column: string; expected: string };

/** A JSON column read through its schema; a clear error when it does not fit. */
export function decodeColumn<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, raw: string, where: Where): T {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new Error(`${where.table} ${where.id}: ${where.column} is not JSON (expected ${where.expected})`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `${where.table} ${where.id}: ${where.column} should be ${where.expected} (at ${issue?.path.join(".") || "top"}: ${issue?.message ?? "invalid"})`,
    );
  }
  return parsed.data;
}

const TextListSchema = z.array(z.string());
const SubtitlesSchema = z.array(z.object({ lang: z.string().min(1), label: z.string(), file: z.string().min(1) }));
const DrawnItemsSchema = z.array(z.object({ questionId: z.string().min(1), options: z.array(z.string()) }));
const ResponseSchema = z.union([z.string(), z.array(z.string()), z.null()]);
const IntervalsSchema = z.array(z.tuple([z.number().finite(), z.number().finite()]));

export type Subtitle = z.infer<typeof SubtitlesSchema>[number];

/** Lesson.thinkingJson: the thinking questions, a list of texts. */
export function decodeThinking(lessonId: string, raw: string): string[] {
  return decodeColumn(TextListSchema, raw, { table: "Lesson", id: lessonId, column: "thinkingJson", expected: "a list of texts" });
}

/** Course.audienceJson and Lesson.audienceJson: the audience tags (分层施教), a list of texts. */
export function decodeAudience(table: "Course" | "Lesson", id: string, raw: string): string[] {
  return decodeColumn(TextListSchema, raw, { table, id, column: "audienceJson", expected: "a list of texts" });
}

/** Lesson.subtitlesJson: the subtitle tracks, each { lang, label, file }. */
export function decodeSubtitles(lessonId: string, raw: string): Subtitle[] {
  return decodeColumn(SubtitlesSchema, raw, {
    table: "Lesson",
    id: lessonId,
    column: "subtitlesJson",
    expected: "a list of { lang, label, file }",
  });
}

/** Question.optionsJson: the choices of a question (empty for fill-in and short answers). */
export function decodeOptions(questionId: string, raw: string): string[] {
  return decodeColumn(TextListSchema, raw, { table: "Question", id: questionId, column: "optionsJson", expected: "a list of texts" });
}

/** Question.answerJson: the answer key, whose shape depends on the question type (the grading rules read it). */
export function decodeAnswerKey(questionId: string, raw: string): unknown {
  return decodeColumn(z.unknown(), raw, { table: "Question", id: questionId, column: "answerJson", expected: "the answer key" });
}

/** QuizDraw.itemsJson: the paper as drawn, each question with its options in the order shown. */
export function decodeDrawnItems(drawId: string, raw: string): DrawnItem[] {
  return decodeColumn(DrawnItemsSchema, raw, {
    table: "QuizDraw",
    id: drawId,
    column: "itemsJson",
    expected: "a list of { questionId, options }",
  });
}

/** QuizAnswer.responseJson: what the learner answered (a text, several choices, or nothing). */
export function decodeResponse(answerId: string, raw: string): Response {
  return decodeColumn(ResponseSchema, raw, {
    table: "QuizAnswer",
    id: answerId,
    column: "responseJson",
    expected: "a text, a list of texts or null",
  });
}

/** WatchProgress.intervalsJson: the media ranges really played, each [start, end] in seconds. */
export function decodeIntervals(watchId: string, raw: string): Interval[] {
  return decodeColumn(IntervalsSchema, raw, {
    table: "WatchProgress",
    id: watchId,
    column: "intervalsJson",
    expected: "a list of [start, end] pairs of seconds",
  });
}

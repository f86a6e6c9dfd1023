// A lesson file, `content/courses/<course>/lessons/<NN>-<slug>.md`: YAML front
// matter for the four stages, then the guide (备课 material) in Markdown.
import { z } from "zod";
import { bilingual, type ContentProblem, type LineLocator, type ParsedFile, problemsFromZod, quote, sortProblems } from "./problems.ts";
import { answerText, atLeastOne, category, intRange, mediaPath, nonEmptyText, numberRange, slug, strictObject } from "./schema-parts.ts";
import { readYaml } from "./yaml-source.ts";

export const QUESTION_TYPES = ["single", "multiple", "truefalse", "fill", "short"] as const;
export const REVEAL_ANSWERS = ["always", "after-pass"] as const;
export type QuestionFileType = (typeof QUESTION_TYPES)[number];

const questionId = z.preprocess(
  (value) => (typeof value === "number" ? String(value) : value),
  z
    .string()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/,
      bilingual("应为字母、数字、下划线或连字符，如 q1", "expected letters, digits, _ or -, e.g. q1"),
    ),
);

const questionBase = {
  id: questionId,
  prompt: nonEmptyText,
  explanation: z.string().trim().optional(),
  points: intRange(1, 100).default(1),
};

const choiceOptions = z.array(answerText).min(2, bilingual("选择题至少需要 2 个选项", "a choice question needs at least 2 options"));

const questionSchema = z
  .discriminatedUnion("type", [
    strictObject({
      ...questionBase,
      type: z.literal("single"),
      options: choiceOptions,
      answer: answerText,
    }),
    strictObject({
      ...questionBase,
      type: z.literal("multiple"),
      options: choiceOptions,
      answer: z
        .array(answerText, {
          invalid_type_error: bilingual("多选题的答案应为选项列表", "expected a list of option texts"),
        })
        .min(1, bilingual("至少需要 1 个正确选项", "needs at least one correct option")),
    }),
    strictObject({
      ...questionBase,
      type: z.literal("truefalse"),
      answer: z.boolean({
        invalid_type_error: bilingual("判断题的答案应为 true 或 false", "expected true or false"),
      }),
    }),
    strictObject({
      ...questionBase,
      type: z.literal("fill"),
      answer: z
        .array(answerText, {
          invalid_type_error: bilingual("填空题的答案应为可接受答案的列表", "expected a list of accepted answers"),
        })
        .min(1, bilingual("至少需要 1 个可接受的答案", "needs at least one accepted answer")),
    }),
    strictObject({ ...questionBase, type: z.literal("short"), answer: nonEmptyText }),
  ])
  .superRefine((question, ctx) => {
    if (question.type !== "single" && question.type !== "multiple") return;
    const seen = new Set<string>();
    question.options.forEach((option, index) => {
      if (seen.has(option)) {
        ctx.addIssue({
          code: "custom",
          path: ["options", index],
          message: bilingual(`选项${quote(option)}重复`, "options must be distinct"),
        });
      }
      seen.add(option);
    });
    const answers = question.type === "single" ? [question.answer] : question.answer;
    const chosen = new Set<string>();
    answers.forEach((answer, index) => {
      const path = question.type === "single" ? ["answer"] : ["answer", index];
      if (!seen.has(answer)) {
        ctx.addIssue({
          code: "custom",
          path,
          message: bilingual(
            `${quote(answer)}不在选项中`,
            `answer is not among the options; expected one of: ${question.options.join(", ")}`,
          ),
        });
      } else if (chosen.has(answer)) {
        ctx.addIssue({
          code: "custom",
          path,
          message: bilingual(`答案${quote(answer)}重复`, "the same option is listed twice"),
        });
      }
      chosen.add(answer);
    });
  });

const videoSchema = strictObject({
  file: mediaPath.optional(),
  muxPlaybackId: nonEmptyText.optional(),
}).superRefine((video, ctx) => {
  if ((video.file === undefined) === (video.muxPlaybackId === undefined)) {
    ctx.addIssue({
      code: "custom",
      path: video.file === undefined ? [] : ["muxPlaybackId"],
      message: bilingual("file 与 muxPlaybackId 必须且只能写一个", "expected exactly one of file and muxPlaybackId"),
    });
  }
});

const languageTag = z
  .string()
  .regex(
    /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/,
    bilingual("应为语言代码，如 zh-CN、en、ug", "expected a language tag such as zh-CN, en, ug"),
  );

const subtitleSchema = strictObject({
  lang: languageTag,
  label: nonEmptyText,
  file: mediaPath,
});

export const lessonFileSchema = strictObject({
  slug,
  title: nonEmptyText,
  order: intRange(0, 9999),
  video: videoSchema,
  subtitles: z.array(subtitleSchema).default([]),
  /** The language spoken in the video; the subtitles add theirs. */
  spokenLanguage: languageTag.default("zh-CN"),
  /** The film library's facets where the lesson differs from its course. */
  category: category.optional(),
  audience: z.array(nonEmptyText).optional(),
  department: nonEmptyText.optional(),
  durationSeconds: intRange(1, 14_400),
  /** Absent: the course's classHoursRule (or the default rule) converts durationSeconds; 0: the film awards no hours. */
  classHours: numberRange(0, 8).optional(),
  /** With the quiz only: a film without a quiz has no pass mark (docs/decisions/025). */
  passPercent: intRange(1, 100).optional(),
  questionsPerAttempt: intRange(1, 1000).optional(),
  attemptLimit: intRange(1, 1000).optional(),
  /** Multiple choice earns a share of its points for a partly right choice (rule in app/domain/grading.ts). */
  partialCredit: z.boolean({ invalid_type_error: bilingual("应为 true 或 false", "expected true or false") }).default(false),
  /** When the learner sees the key and the explanations: after grading, or only once he passed. */
  revealAnswers: z
    .enum(REVEAL_ANSWERS, {
      errorMap: () => ({
        message: bilingual("应为 always（评分后显示）或 after-pass（通过后显示）", "expected always or after-pass"),
      }),
    })
    .default("always"),
  completionShare: numberRange(0.5, 1).default(0.9),
  maxPlaybackRate: numberRange(1, 4).default(1.5),
  /** The player pauses when the page is hidden; a hidden page earns no credit (docs/decisions/012). */
  pauseWhenHidden: z.boolean({ invalid_type_error: bilingual("应为 true 或 false", "expected true or false") }).default(true),
  /** No seeking past the furthest point watched: a UX rule, skipped parts never earn credit anyway. */
  noSeekingAhead: z.boolean({ invalid_type_error: bilingual("应为 true 或 false", "expected true or false") }).default(false),
  /** An attention check at a random point around every this many minutes of the video; absent: none. */
  attentionCheckMinutes: numberRange(0.5, 120).optional(),
  /** 思考题: carried into the film (带着问题观片). */
  thinkingQuestions: atLeastOne(nonEmptyText, "思考题", "thinking question"),
  discussion: strictObject({ prompt: nonEmptyText, minLength: intRange(1, 5000).default(20) }),
  /** Absent: a film without a quiz (no testing ring); then no passPercent and no other quiz setting. */
  quiz: atLeastOne(questionSchema, "测试题", "quiz question").optional(),
}).superRefine((lesson, ctx) => {
  if (lesson.quiz !== undefined && lesson.passPercent === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["passPercent"],
      message: bilingual("有测试题时必须写及格分数 passPercent（1–100）", "a lesson with a quiz needs passPercent (1 to 100)"),
    });
  }
  if (lesson.quiz !== undefined && lesson.questionsPerAttempt !== undefined && lesson.questionsPerAttempt > lesson.quiz.length) {
    ctx.addIssue({
      code: "custom",
      path: ["questionsPerAttempt"],
      message: bilingual(
        `每次抽题 ${lesson.questionsPerAttempt} 道，但只有 ${lesson.quiz.length} 道题`,
        `expected at most the number of questions (${lesson.quiz.length})`,
      ),
    });
  }
});

export type LessonFrontMatter = z.output<typeof lessonFileSchema>;
export type QuizQuestionFile = NonNullable<LessonFrontMatter["quiz"]>[number];
export type LessonFile = LessonFrontMatter & { guideMarkdown: string };

const LESSON_FILE_NAME = /^(\d+)-(.+)\.md$/;

/**
 * Duplicates are looked for in the raw data, not after Zod: a file with a
 * typo elsewhere still gets every duplicate reported in the same run.
 */
function findDuplicates(
  file: string,
  data: unknown,
  list: "quiz" | "subtitles",
  key: "id" | "lang",
  lineOf: LineLocator,
): ContentProblem[] {
  const items = (data as Record<string, unknown> | null)?.[list];
  if (!Array.isArray(items)) return [];
  const seen = new Set<string>();
  const problems: ContentProblem[] = [];
  items.forEach((item: unknown, index) => {
    const raw = (item as Record<string, unknown> | null)?.[key];
    if (typeof raw !== "string" && typeof raw !== "number") return;
    const value = String(raw);
    if (seen.has(value)) {
      problems.push({
        file,
        line: lineOf([list, index, key]),
        field: `${list}[${index}].${key}`,
        message:
          list === "quiz"
            ? bilingual(`题目编号${quote(value)}重复`, "question id must be unique within the lesson")
            : bilingual(`字幕语言${quote(value)}重复`, "expected one subtitle file per language"),
      });
    }
    seen.add(value);
  });
  return problems;
}

/** The settings of the testing ring: they mean nothing in a lesson without a quiz. */
const QUIZ_SETTINGS = ["passPercent", "questionsPerAttempt", "attemptLimit", "partialCredit", "revealAnswers"] as const;

/**
 * A lesson without a `quiz` section is a film without a test; a quiz setting
 * written there is a mistake (a quiz left out by accident, or a setting left
 * behind), so each one is named. Read from the raw data: the defaults hide them after Zod.
 */
function quizSettingsWithoutQuiz(file: string, data: unknown, lineOf: LineLocator): ContentProblem[] {
  const fields = data as Record<string, unknown> | null;
  if (fields === null || typeof fields !== "object" || "quiz" in fields) return [];
  return QUIZ_SETTINGS.filter((key) => key in fields).map((key) => ({
    file,
    line: lineOf([key]),
    field: key,
    message: bilingual(
      `本课没有测试题（quiz），${key} 无用：要么加上 quiz，要么删去 ${key}`,
      `this lesson has no quiz, so ${key} means nothing: add a quiz section or remove ${key}`,
    ),
  }));
}

interface FrontMatterSplit {
  yaml: string;
  /** Line of the .md file on which the YAML starts. */
  yamlFirstLine: number;
  body: string;
  bodyFirstLine: number;
}

function splitFrontMatter(file: string, text: string): FrontMatterSplit | ContentProblem {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  if (lines[0]?.trimEnd() !== "---") {
    return {
      file,
      line: 1,
      field: "",
      message: bilingual(
        "缺少 YAML 前言：文件第一行应为 ---，随后是课时设置，再以 --- 结束",
        "missing front matter: the first line must be --- followed by the lesson settings and a closing ---",
      ),
    };
  }
  const close = lines.findIndex((line, index) => index > 0 && line.trimEnd() === "---");
  if (close < 0) {
    return {
      file,
      line: 1,
      field: "",
      message: bilingual("YAML 前言没有结束行 ---", "front matter is not closed by a --- line"),
    };
  }
  return {
    yaml: lines.slice(1, close).join("\n"),
    yamlFirstLine: 2,
    body: lines.slice(close + 1).join("\n"),
    bodyFirstLine: close + 2,
  };
}

/**
 * Parses and validates one lesson file. `relativePath` is used verbatim in the
 * problems; its file name must be `<NN>-<slug>.md` with the lesson's slug.
 */
export function parseLessonFile(relativePath: string, text: string): ParsedFile<LessonFile> {
  const split = splitFrontMatter(relativePath, text);
  if ("message" in split) return { ok: false, problems: [split] };

  const source = readYaml(relativePath, split.yaml, split.yamlFirstLine);
  const problems: ContentProblem[] = source.ok ? [] : [...source.problems];
  const guideMarkdown = split.body.trim();
  if (guideMarkdown === "") {
    problems.push({
      file: relativePath,
      line: Math.min(split.bodyFirstLine, text.split(/\r?\n/).length),
      field: "guide",
      message: bilingual(
        "学习指南为空：前言之后应写本课的 Markdown 导学内容",
        "the guide is empty: expected Markdown after the front matter",
      ),
    });
  }
  if (!source.ok) return { ok: false, problems };

  const result = lessonFileSchema.safeParse(source.data);
  if (!result.success) {
    problems.push(...problemsFromZod(relativePath, result.error, source.data, source.lineOf));
  }

  problems.push(
    ...findDuplicates(relativePath, source.data, "quiz", "id", source.lineOf),
    ...findDuplicates(relativePath, source.data, "subtitles", "lang", source.lineOf),
    ...quizSettingsWithoutQuiz(relativePath, source.data, source.lineOf),
  );

  const fileName = relativePath.split("/").pop() ?? relativePath;
  const nameMatch = LESSON_FILE_NAME.exec(fileName);
  const rawSlug = (source.data as { slug?: unknown } | null)?.slug;
  if (!nameMatch) {
    problems.push({
      file: relativePath,
      line: 1,
      field: "",
      message: bilingual(
        `文件名${quote(fileName)}应为“序号-课时slug.md”，如 01-rudang-shenqing.md`,
        "file name must be <NN>-<lesson-slug>.md, e.g. 01-rudang-shenqing.md",
      ),
    });
  } else if (typeof rawSlug === "string" && rawSlug !== nameMatch[2]) {
    problems.push({
      file: relativePath,
      line: source.lineOf(["slug"]),
      field: "slug",
      message: bilingual(`${quote(rawSlug)}与文件名${quote(fileName)}不一致`, `slug must match the file name; expected "${nameMatch[2]}"`),
    });
  }

  if (problems.length > 0 || !result.success) return { ok: false, problems: sortProblems(problems) };
  return { ok: true, value: { ...result.data, guideMarkdown }, lineOf: source.lineOf };
}

/** A lesson that parsed, with where it came from: input to the cross-file checks. */
export interface LocatedLesson {
  file: string;
  value: Pick<LessonFile, "slug" | "order">;
  lineOf: LineLocator;
}

/** Checks across the lessons of one course: slugs and orders must be unique. */
export function checkCourseLessons(lessons: readonly LocatedLesson[]): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const slugs = new Map<string, string>();
  const orders = new Map<number, string>();
  for (const lesson of lessons) {
    const fileName = lesson.file.split("/").pop() ?? lesson.file;
    const slugOwner = slugs.get(lesson.value.slug);
    if (slugOwner !== undefined) {
      problems.push({
        file: lesson.file,
        line: lesson.lineOf(["slug"]),
        field: "slug",
        message: bilingual(
          `${quote(lesson.value.slug)}已被 ${slugOwner} 使用`,
          `lesson slug must be unique in the course; also used by ${slugOwner}`,
        ),
      });
    } else {
      slugs.set(lesson.value.slug, fileName);
    }
    const orderOwner = orders.get(lesson.value.order);
    if (orderOwner !== undefined) {
      problems.push({
        file: lesson.file,
        line: lesson.lineOf(["order"]),
        field: "order",
        message: bilingual(
          `序号 ${lesson.value.order} 已被 ${orderOwner} 使用`,
          `lesson order must be unique in the course; also used by ${orderOwner}`,
        ),
      });
    } else {
      orders.set(lesson.value.order, fileName);
    }
  }
  return problems;
}

import { describe, expect, it } from "vitest";
import { checkCourseLessons, parseLessonFile, type LocatedLesson } from "./lesson-file.ts";
import { formatProblem, type ContentProblem } from "./problems.ts";

const FILE = "content/courses/fazhan-dangyuan/lessons/01-rudang-shenqing.md";

// Line numbers in the cases below refer to this text.
const VALID = `---
slug: rudang-shenqing
title: 第一课 入党申请
order: 1
video:
  file: media/01-rudang-shenqing.mp4
subtitles:
  - { lang: zh-CN, label: 中文, file: media/01-rudang-shenqing.zh-CN.vtt }
durationSeconds: 24
classHours: 0.5
passPercent: 60
questionsPerAttempt: 2
thinkingQuestions: ["为什么要写入党申请书？"]
discussion: { prompt: "谈谈你的入党动机。" }
quiz:
  - id: q1
    type: single
    prompt: 入党申请书应向谁提交？
    options: [党支部, 村委会]
    answer: 党支部
  - id: q2
    type: multiple
    prompt: 哪些属于发展党员的阶段？
    options: [入党积极分子, 发展对象, 预备党员]
    answer: [入党积极分子, 发展对象]
  - id: q3
    type: truefalse
    prompt: 预备期为一年。
    answer: true
  - id: q4
    type: fill
    prompt: 入党申请人须年满 ___ 岁。
    answer: [18, 十八]
  - id: q5
    type: short
    prompt: 简述入党的程序。
    answer: 申请、培养、考察、接收。
---
# 导学

本课介绍入党申请。
`;

function edit(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`test fixture does not contain ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

function problemsOf(text: string, file = FILE): ContentProblem[] {
  const result = parseLessonFile(file, text);
  return result.ok ? [] : result.problems;
}

describe("parseLessonFile: a valid lesson", () => {
  it("returns the lesson with defaults applied and the guide as the body", () => {
    const result = parseLessonFile(FILE, VALID);
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
    const lesson = result.value;
    expect(lesson).toMatchObject({
      slug: "rudang-shenqing",
      order: 1,
      video: { file: "media/01-rudang-shenqing.mp4" },
      subtitles: [{ lang: "zh-CN", label: "中文", file: "media/01-rudang-shenqing.zh-CN.vtt" }],
      classHours: 0.5,
      completionShare: 0.9,
      maxPlaybackRate: 1.5,
      discussion: { prompt: "谈谈你的入党动机。", minLength: 20 },
      partialCredit: false,
      revealAnswers: "always",
      pauseWhenHidden: true,
      noSeekingAhead: false,
      guideMarkdown: "# 导学\n\n本课介绍入党申请。",
    });
    expect(lesson.attentionCheckMinutes).toBeUndefined();
    expect(lesson.quiz?.map((q) => q.type)).toEqual(["single", "multiple", "truefalse", "fill", "short"]);
    // YAML reads 18 as a number; the learner types text, so it is kept as text.
    expect(lesson.quiz?.[3]).toMatchObject({ answer: ["18", "十八"], points: 1 });
    expect(result.lineOf(["quiz", 2, "answer"])).toBe(29);
    expect(result.lineOf(["video", "file"])).toBe(6);
  });

  it("reads the quiz settings: partial credit and when answers are revealed", () => {
    const text = edit(VALID, "passPercent: 60", "passPercent: 60\nattemptLimit: 3\npartialCredit: true\nrevealAnswers: after-pass");
    const result = parseLessonFile(FILE, text);
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
    expect(result.value).toMatchObject({ questionsPerAttempt: 2, attemptLimit: 3, partialCredit: true, revealAnswers: "after-pass" });
  });

  // A film without a quiz: no quiz section, no pass mark; the file's lines keep their numbers up to the quiz.
  const FILM = edit(
    edit(VALID, "passPercent: 60\nquestionsPerAttempt: 2\n", ""),
    VALID.slice(VALID.indexOf("quiz:\n"), VALID.indexOf("---\n# ")),
    "",
  );

  it("reads a film without a quiz: no questions and no pass mark", () => {
    const result = parseLessonFile(FILE, FILM);
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
    expect(result.value.quiz).toBeUndefined();
    expect(result.value.passPercent).toBeUndefined();
    expect(result.value.discussion.prompt).toBe("谈谈你的入党动机。");
  });

  it("takes classHours 0: a film that awards no hours", () => {
    const result = parseLessonFile(FILE, edit(FILM, "classHours: 0.5", "classHours: 0"));
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
    expect(result.value.classHours).toBe(0);
    expect(problemsOf(edit(FILM, "classHours: 0.5", "classHours: -0.5")).map((problem) => problem.field)).toEqual(["classHours"]);
  });

  it.each([
    { setting: "passPercent: 60", field: "passPercent" },
    { setting: "questionsPerAttempt: 2", field: "questionsPerAttempt" },
    { setting: "attemptLimit: 3", field: "attemptLimit" },
    { setting: "partialCredit: true", field: "partialCredit" },
    { setting: "revealAnswers: after-pass", field: "revealAnswers" },
  ])("refuses $field in a lesson without a quiz, on its line", ({ setting, field }) => {
    const problems = problemsOf(edit(FILM, "classHours: 0.5", `classHours: 0.5\n${setting}`));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: FILE, line: 11, field });
    expect(problems[0]?.message).toContain("add a quiz section or remove");
  });

  it("refuses a quiz without a pass mark", () => {
    const problems = problemsOf(edit(VALID, "passPercent: 60\n", ""));
    expect(problems.map((problem) => problem.field)).toEqual(["passPercent"]);
    expect(problems[0]?.message).toContain("a lesson with a quiz needs passPercent");
  });

  it("reads the viewing settings: hidden pages, seeking ahead and the attention check", () => {
    const text = edit(
      VALID,
      "passPercent: 60",
      "passPercent: 60\npauseWhenHidden: false\nnoSeekingAhead: true\nattentionCheckMinutes: 7.5",
    );
    const result = parseLessonFile(FILE, text);
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
    expect(result.value).toMatchObject({ pauseWhenHidden: false, noSeekingAhead: true, attentionCheckMinutes: 7.5 });
  });

  it("leaves classHours out when the file gives none (the importer converts the video length)", () => {
    const result = parseLessonFile(FILE, edit(VALID, "classHours: 0.5\n", ""));
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
    expect(result.value.classHours).toBeUndefined();
  });

  it("accepts a Mux playback id instead of a file, and Windows line endings", () => {
    const text = edit(VALID, "  file: media/01-rudang-shenqing.mp4", "  muxPlaybackId: abc123").replace(/\n/g, "\r\n");
    const result = parseLessonFile(FILE, text);
    expect(result.ok && result.value.video).toEqual({ muxPlaybackId: "abc123" });
  });
});

describe("parseLessonFile: the film library's facets", () => {
  it("speaks Chinese and takes its course's facets when the file says nothing", () => {
    const result = parseLessonFile(FILE, VALID);
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
    expect(result.value.spokenLanguage).toBe("zh-CN");
    expect(result.value).not.toHaveProperty("category");
    expect(result.value).not.toHaveProperty("audience");
    expect(result.value).not.toHaveProperty("department");
  });

  it("reads its own spoken language, category, audience and department", () => {
    const text = edit(
      VALID,
      "durationSeconds: 24",
      "durationSeconds: 24\nspokenLanguage: ug\ncategory: AGRICULTURE\naudience: [农村党员, 群众]\ndepartment: 县农业农村局",
    );
    const result = parseLessonFile(FILE, text);
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
    expect(result.value).toMatchObject({
      spokenLanguage: "ug",
      category: "AGRICULTURE",
      audience: ["农村党员", "群众"],
      department: "县农业农村局",
    });
  });

  it.each([
    {
      name: "a spoken language that is no language code",
      line: "spokenLanguage: 维吾尔语",
      field: "spokenLanguage",
      says: "zh-CN、en、ug",
    },
    { name: "a category outside the library's list", line: "category: 农业", field: "category", says: "AGRICULTURE" },
    { name: "an empty department", line: 'department: " "', field: "department", says: "" },
  ])("refuses $name on its line", ({ line, field, says }) => {
    const problems = problemsOf(edit(VALID, "durationSeconds: 24", `durationSeconds: 24\n${line}`));
    const match = problems.find((problem) => problem.field === field);
    expect(match, `got:\n${problems.map(formatProblem).join("\n")}`).toMatchObject({ file: FILE, line: 10, field });
    expect(match?.message).toContain(says);
  });
});

interface Case {
  name: string;
  text: string;
  file?: string;
  line: number;
  field: string;
  /** A fragment of the message: the Chinese and the English part are both checked in some cases. */
  message: string;
}

const cases: Case[] = [
  {
    name: "missing required field",
    text: edit(VALID, "title: 第一课 入党申请\n", ""),
    line: 2,
    field: "title",
    message: "缺少必填字段",
  },
  {
    name: "wrong-typed field",
    text: edit(VALID, "passPercent: 60", "passPercent: sixty"),
    line: 11,
    field: "passPercent",
    message: "应为数字，实际为文本 (expected a number, got text)",
  },
  {
    name: "integer field given a fraction",
    text: edit(VALID, "durationSeconds: 24", "durationSeconds: 24.5"),
    line: 9,
    field: "durationSeconds",
    message: "expected an integer from 1 to 14400",
  },
  {
    name: "unknown question type",
    text: edit(VALID, "type: short", "type: essay"),
    line: 35,
    field: "quiz[4].type",
    message: "未知题型“essay”",
  },
  {
    name: "missing question type",
    text: edit(VALID, "    type: short\n", ""),
    line: 34,
    field: "quiz[4].type",
    message: "question type is missing",
  },
  {
    name: "single answer not among the options",
    text: edit(VALID, "answer: 党支部", "answer: 丙"),
    line: 20,
    field: "quiz[0].answer",
    message: "“丙”不在选项中 (answer is not among the options",
  },
  {
    name: "multiple answer not among the options",
    text: edit(VALID, "answer: [入党积极分子, 发展对象]", "answer: [入党积极分子, 党员]"),
    line: 25,
    field: "quiz[1].answer[1]",
    message: "“党员”不在选项中",
  },
  {
    name: "duplicate options",
    text: edit(VALID, "options: [党支部, 村委会]", "options: [党支部, 党支部]"),
    line: 19,
    field: "quiz[0].options[1]",
    message: "options must be distinct",
  },
  {
    name: "choice question with one option",
    text: edit(VALID, "options: [党支部, 村委会]", "options: [党支部]"),
    line: 19,
    field: "quiz[0].options",
    message: "at least 2 options",
  },
  {
    name: "true/false answer that is not a boolean",
    text: edit(VALID, "answer: true", "answer: 对"),
    line: 29,
    field: "quiz[2].answer",
    message: "expected true or false",
  },
  {
    name: "fill answer that is not a list",
    text: edit(VALID, "answer: [18, 十八]", "answer: 十八"),
    line: 33,
    field: "quiz[3].answer",
    message: "expected a list of accepted answers",
  },
  {
    name: "options on a question type that has none",
    text: edit(VALID, "    answer: true\n", "    answer: true\n    options: [对, 错]\n"),
    line: 30,
    field: "quiz[2].options",
    message: "unknown field",
  },
  {
    name: "duplicate question id",
    text: edit(VALID, "id: q4", "id: q2"),
    line: 30,
    field: "quiz[3].id",
    message: "题目编号“q2”重复",
  },
  {
    name: "class hours below zero (0 is a film that awards none)",
    text: edit(VALID, "classHours: 0.5", "classHours: -1"),
    line: 10,
    field: "classHours",
    message: "expected a number from 0 to 8",
  },
  {
    name: "class hours above 8",
    text: edit(VALID, "classHours: 0.5", "classHours: 8.5"),
    line: 10,
    field: "classHours",
    message: "应为 0 到 8 之间的数",
  },
  {
    name: "pass percent out of range",
    text: edit(VALID, "passPercent: 60", "passPercent: 120"),
    line: 11,
    field: "passPercent",
    message: "expected an integer from 1 to 100",
  },
  {
    name: "questionsPerAttempt above the number of questions",
    text: edit(VALID, "questionsPerAttempt: 2", "questionsPerAttempt: 6"),
    line: 12,
    field: "questionsPerAttempt",
    message: "但只有 5 道题",
  },
  {
    name: "partialCredit that is not a boolean",
    text: edit(VALID, "passPercent: 60", "passPercent: 60\npartialCredit: 部分"),
    line: 12,
    field: "partialCredit",
    message: "应为 true 或 false (expected true or false)",
  },
  {
    name: "unknown revealAnswers value",
    text: edit(VALID, "passPercent: 60", "passPercent: 60\nrevealAnswers: never"),
    line: 12,
    field: "revealAnswers",
    message: "应为 always（评分后显示）或 after-pass（通过后显示） (expected always or after-pass)",
  },
  {
    name: "pauseWhenHidden that is not a boolean",
    text: edit(VALID, "passPercent: 60", "passPercent: 60\npauseWhenHidden: 是"),
    line: 12,
    field: "pauseWhenHidden",
    message: "应为 true 或 false (expected true or false)",
  },
  {
    name: "noSeekingAhead that is not a boolean",
    text: edit(VALID, "passPercent: 60", "passPercent: 60\nnoSeekingAhead: 1"),
    line: 12,
    field: "noSeekingAhead",
    message: "应为 true 或 false (expected true or false)",
  },
  {
    name: "an attention check more often than every half minute",
    text: edit(VALID, "passPercent: 60", "passPercent: 60\nattentionCheckMinutes: 0.2"),
    line: 12,
    field: "attentionCheckMinutes",
    message: "应为 0.5 到 120 之间的数 (expected a number from 0.5 to 120)",
  },
  {
    name: "an attention check interval that is not a number",
    text: edit(VALID, "passPercent: 60", "passPercent: 60\nattentionCheckMinutes: 十分钟"),
    line: 12,
    field: "attentionCheckMinutes",
    message: "应为数字，实际为文本 (expected a number, got text)",
  },
  {
    name: "no thinking questions",
    text: edit(VALID, 'thinkingQuestions: ["为什么要写入党申请书？"]', "thinkingQuestions: []"),
    line: 13,
    field: "thinkingQuestions",
    message: "needs at least one thinking question",
  },
  {
    name: "no quiz questions",
    text: VALID.slice(0, VALID.indexOf("quiz:")) + "questionsPerAttempt2: 1\nquiz: []\n---\n正文\n",
    line: 16,
    field: "quiz",
    message: "needs at least one quiz question",
  },
  {
    name: "both video file and Mux id",
    text: edit(VALID, "  file: media/01-rudang-shenqing.mp4", "  file: media/01-rudang-shenqing.mp4\n  muxPlaybackId: abc"),
    line: 7,
    field: "video.muxPlaybackId",
    message: "expected exactly one of file and muxPlaybackId",
  },
  {
    name: "neither video file nor Mux id",
    text: edit(VALID, "video:\n  file: media/01-rudang-shenqing.mp4", "video: {}"),
    line: 5,
    field: "video",
    message: "file 与 muxPlaybackId 必须且只能写一个",
  },
  {
    name: "media path leaving the course folder",
    text: edit(VALID, "file: media/01-rudang-shenqing.mp4", "file: ../other/x.mp4"),
    line: 6,
    field: "video.file",
    message: "expected a path relative to the course folder",
  },
  {
    name: "duplicate subtitle language",
    text: edit(
      VALID,
      "  - { lang: zh-CN, label: 中文, file: media/01-rudang-shenqing.zh-CN.vtt }",
      "  - { lang: zh-CN, label: 中文, file: media/a.vtt }\n  - { lang: zh-CN, label: 中文2, file: media/b.vtt }",
    ),
    line: 9,
    field: "subtitles[1].lang",
    message: "one subtitle file per language",
  },
  {
    name: "misspelt optional field",
    text: edit(VALID, "passPercent: 60", "passPercent: 60\nattemptLimt: 3"),
    line: 12,
    field: "attemptLimt",
    message: "未知字段“attemptLimt”",
  },
  {
    name: "bad slug pattern",
    text: edit(VALID, "slug: rudang-shenqing", "slug: Rudang_Shenqing"),
    line: 2,
    field: "slug",
    message: "expected lowercase letters, digits and single hyphens",
  },
  {
    name: "slug that does not match the file name",
    text: edit(VALID, "slug: rudang-shenqing", "slug: jiji-fenzi"),
    line: 2,
    field: "slug",
    message: 'expected "rudang-shenqing"',
  },
  {
    name: "file name without number",
    file: "content/courses/fazhan-dangyuan/lessons/rudang-shenqing.md",
    text: VALID,
    line: 1,
    field: "",
    message: "<NN>-<lesson-slug>.md",
  },
  {
    name: "malformed YAML, with the line in the .md file",
    // yaml notices the unclosed "[" where the next key starts; the hint names both lines.
    text: edit(VALID, "passPercent: 60", "passPercent: [60"),
    line: 12,
    field: "",
    message: "malformed YAML",
  },
  {
    name: "tab used for indentation",
    text: edit(VALID, "  file: media/01-rudang-shenqing.mp4", "\tfile: media/01-rudang-shenqing.mp4"),
    line: 6,
    field: "",
    message: "YAML 格式错误",
  },
  {
    name: "field written twice",
    text: edit(VALID, "passPercent: 60", "passPercent: 60\npassPercent: 70"),
    line: 12,
    field: "",
    message: "同一字段写了两次",
  },
  {
    name: "missing front matter",
    text: "# 导学\n\n没有前言。\n",
    line: 1,
    field: "",
    message: "missing front matter",
  },
  {
    name: "front matter not closed",
    text: VALID.replace(/\n---\n# 导学/, "\n# 导学"),
    line: 1,
    field: "",
    message: "front matter is not closed",
  },
  {
    name: "empty guide",
    text: VALID.slice(0, VALID.indexOf("# 导学")) + "\n  \n",
    line: 39,
    field: "guide",
    message: "the guide is empty",
  },
];

describe("parseLessonFile: one problem per mistake, with file, line and field", () => {
  it.each(cases)("$name", ({ text, file = FILE, line, field, message }) => {
    const problems = problemsOf(text, file);
    const match = problems.find((p) => p.field === field && p.message.includes(message));
    expect(match, `got:\n${problems.map(formatProblem).join("\n")}`).toBeDefined();
    expect(match).toMatchObject({ file, line, field });
  });

  it("reports several mistakes in one run, sorted by line", () => {
    const text = edit(edit(VALID, "passPercent: 60", "passPercent: 0"), "answer: 党支部", "answer: 丙");
    const problems = problemsOf(text);
    expect(problems.map(formatProblem)).toEqual([
      `${FILE}:11 passPercent: 应为 1 到 100 之间的整数 (expected an integer from 1 to 100)`,
      `${FILE}:20 quiz[0].answer: “丙”不在选项中 (answer is not among the options; expected one of: 党支部, 村委会)`,
    ]);
  });
});

describe("checkCourseLessons", () => {
  const located = (file: string, slug: string, order: number): LocatedLesson => ({
    file,
    value: { slug, order },
    lineOf: (path) => (path[0] === "slug" ? 2 : 4),
  });

  it("accepts distinct slugs and orders", () => {
    expect(checkCourseLessons([located("a/01-a.md", "a", 1), located("a/02-b.md", "b", 2)])).toEqual([]);
  });

  it.each([
    {
      name: "duplicate lesson slug",
      lessons: [located("l/01-a.md", "a", 1), located("l/02-a.md", "a", 2)],
      expected: { file: "l/02-a.md", line: 2, field: "slug" },
      message: "also used by 01-a.md",
    },
    {
      name: "duplicate lesson order",
      lessons: [located("l/01-a.md", "a", 1), located("l/01-b.md", "b", 1)],
      expected: { file: "l/01-b.md", line: 4, field: "order" },
      message: "序号 1 已被 01-a.md 使用",
    },
  ])("$name", ({ lessons, expected, message }) => {
    const problems = checkCourseLessons(lessons);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject(expected);
    expect(problems[0]?.message).toContain(message);
  });
});

import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatProblem } from "~/domain/content/problems.ts";
import type { PrismaClient } from "~/generated/prisma/client.ts";
import { createTestDatabase } from "../../tests/helpers/test-database.ts";
import { importContent, type ImportResult } from "./content-import.server.ts";

const COURSE_YAML = `slug: demo-kecheng
title: 演示课程
summary: 用于测试导入的课程
audience: [入党积极分子]
order: 2
`;

function lessonText(slug: string, order: number, extra: { title?: string; quiz?: string } = {}) {
  return `---
slug: ${slug}
title: ${extra.title ?? `第${order}课`}
order: ${order}
video:
  file: media/0${order}-${slug}.mp4
subtitles:
  - { lang: zh-CN, label: 中文, file: media/0${order}-${slug}.zh-CN.vtt }
durationSeconds: 30
classHours: 0.5
passPercent: 60
thinkingQuestions: ["思考题一？"]
discussion: { prompt: "请谈谈体会。", minLength: 10 }
quiz:
${
  extra.quiz ??
  `  - id: q1
    type: single
    prompt: 单选题
    options: [甲, 乙]
    answer: 乙
  - id: q2
    type: truefalse
    prompt: 判断题
    answer: false
  - id: q3
    type: fill
    prompt: 填空题
    answer: [十八, 18]`
}
---
# 导学

第${order}课的导学内容。
`;
}

/** A content tree: path under content/ → file text. */
function baseTree(): Record<string, string> {
  return {
    "courses/demo-kecheng/course.yaml": COURSE_YAML,
    "courses/demo-kecheng/lessons/01-diyi.md": lessonText("diyi", 1),
    "courses/demo-kecheng/lessons/02-dier.md": lessonText("dier", 2),
    "courses/demo-kecheng/media/01-diyi.mp4": "fake video",
    "courses/demo-kecheng/media/01-diyi.zh-CN.vtt": "WEBVTT\n",
    "courses/demo-kecheng/media/02-dier.mp4": "fake video",
    "courses/demo-kecheng/media/02-dier.zh-CN.vtt": "WEBVTT\n",
  };
}

let root: string;
let contentDir: string;
let prisma: PrismaClient;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "sihuan-content-"));
  contentDir = path.join(root, "content");
  const db = await createTestDatabase();
  prisma = db.prisma;
  cleanup = db.cleanup;
});

afterEach(async () => {
  await cleanup();
  await fs.rm(root, { recursive: true, force: true });
});

async function writeTree(files: Record<string, string>) {
  await fs.rm(contentDir, { recursive: true, force: true });
  for (const [relative, text] of Object.entries(files)) {
    const file = path.join(contentDir, relative);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, text);
  }
}

/** Problems name files relative to `root`, i.e. `content/courses/...`. */
async function runImport(options: { dryRun?: boolean } = {}) {
  return importContent(prisma, contentDir, { ...options, relativeTo: root });
}

function expectOk(result: ImportResult) {
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
  return result;
}

/** Every row the importer may write, with its updatedAt, to prove what changed. */
async function snapshot() {
  return {
    courses: await prisma.course.findMany({ orderBy: { slug: "asc" } }),
    lessons: await prisma.lesson.findMany({ orderBy: { slug: "asc" } }),
    questions: await prisma.question.findMany({ orderBy: [{ lessonId: "asc" }, { key: "asc" }] }),
  };
}

async function seedLearnerRecords() {
  const lesson = await prisma.lesson.findFirstOrThrow({ where: { slug: "diyi" }, select: { id: true } });
  const question = await prisma.question.findFirstOrThrow({
    where: { lessonId: lesson.id, key: "q3" },
    select: { id: true },
  });
  const user = await prisma.user.create({ data: { username: "learner1", name: "学员一" } });
  const progress = await prisma.lessonProgress.create({
    data: { userId: user.id, lessonId: lesson.id, preparedAt: new Date("2024-01-02T03:04:05Z") },
  });
  const attempt = await prisma.quizAttempt.create({
    data: {
      userId: user.id,
      lessonId: lesson.id,
      idempotencyKey: "attempt-1",
      answers: { create: { questionId: question.id, responseJson: JSON.stringify(["十八"]) } },
    },
    include: { answers: true },
  });
  return { progress, attempt };
}

describe("importContent", () => {
  it("creates courses, lessons and questions on a fresh database", async () => {
    await writeTree(baseTree());
    const result = expectOk(await runImport());
    expect(result.summary).toEqual({
      coursesCreated: 1,
      coursesUpdated: 0,
      lessonsCreated: 2,
      lessonsUpdated: 0,
      unchanged: 0,
      questionsRetired: 0,
    });

    const course = await prisma.course.findUniqueOrThrow({ where: { slug: "demo-kecheng" } });
    expect(course).toMatchObject({ title: "演示课程", audienceJson: '["入党积极分子"]', sortOrder: 2 });

    const lesson = await prisma.lesson.findUniqueOrThrow({
      where: { courseId_slug: { courseId: course.id, slug: "diyi" } },
      include: { questions: { orderBy: { sortOrder: "asc" } } },
    });
    expect(lesson).toMatchObject({
      title: "第1课",
      sortOrder: 1,
      guideMarkdown: "# 导学\n\n第1课的导学内容。",
      thinkingJson: '["思考题一？"]',
      videoFile: "courses/demo-kecheng/media/01-diyi.mp4",
      muxPlaybackId: null,
      durationSeconds: 30,
      completionShare: 0.9,
      maxPlaybackRate: 1.5,
      discussionPrompt: "请谈谈体会。",
      discussionMinLength: 10,
      passPercent: 60,
      questionsPerAttempt: null,
      attemptLimit: null,
      partialCredit: false,
      revealAnswers: "ALWAYS",
      pauseWhenHidden: true,
      noSeekingAhead: false,
      attentionCheckMinutes: null,
      classHours: 0.5,
    });
    expect(JSON.parse(lesson.subtitlesJson)).toEqual([
      { lang: "zh-CN", label: "中文", file: "courses/demo-kecheng/media/01-diyi.zh-CN.vtt" },
    ]);
    expect(lesson.questions.map((q) => [q.key, q.type, JSON.parse(q.optionsJson), JSON.parse(q.answerJson), q.retired])).toEqual([
      ["q1", "SINGLE", ["甲", "乙"], "乙", false],
      ["q2", "TRUE_FALSE", [], false, false],
      ["q3", "FILL", [], ["十八", "18"], false],
    ]);
  });

  it("changes nothing when the same content is imported again", async () => {
    await writeTree(baseTree());
    expectOk(await runImport());
    const before = await snapshot();
    // Let the clock move, so that a needless write would show in updatedAt.
    await new Promise((resolve) => setTimeout(resolve, 10));

    const second = expectOk(await runImport());
    expect(second.summary).toEqual({
      coursesCreated: 0,
      coursesUpdated: 0,
      lessonsCreated: 0,
      lessonsUpdated: 0,
      unchanged: 3,
      questionsRetired: 0,
    });
    expect(await snapshot()).toEqual(before);
  });

  it("updates an edited lesson and leaves learners' progress and attempts alone", async () => {
    await writeTree(baseTree());
    expectOk(await runImport());
    const learner = await seedLearnerRecords();
    const before = await snapshot();

    await writeTree({ ...baseTree(), "courses/demo-kecheng/lessons/01-diyi.md": lessonText("diyi", 1, { title: "新标题" }) });
    const result = expectOk(await runImport());
    expect(result.summary).toMatchObject({ lessonsUpdated: 1, lessonsCreated: 0, unchanged: 2, questionsRetired: 0 });

    const after = await snapshot();
    const edited = after.lessons.find((l) => l.slug === "diyi");
    expect(edited?.title).toBe("新标题");
    expect(edited?.id).toBe(before.lessons.find((l) => l.slug === "diyi")?.id);
    // Only the edited row was written: course, other lesson and questions keep their updatedAt.
    expect(after.courses).toEqual(before.courses);
    expect(after.lessons.filter((l) => l.slug !== "diyi")).toEqual(before.lessons.filter((l) => l.slug !== "diyi"));
    expect(after.questions).toEqual(before.questions);

    expect(await prisma.lessonProgress.findUniqueOrThrow({ where: { id: learner.progress.id } })).toEqual(learner.progress);
    expect(await prisma.quizAttempt.findUniqueOrThrow({ where: { id: learner.attempt.id }, include: { answers: true } })).toEqual(
      learner.attempt,
    );
  });

  it("carries the quiz settings of the file into the lesson row", async () => {
    const settings = "passPercent: 60\nquestionsPerAttempt: 2\nattemptLimit: 3\npartialCredit: true\nrevealAnswers: after-pass";
    await writeTree({
      ...baseTree(),
      "courses/demo-kecheng/lessons/01-diyi.md": lessonText("diyi", 1).replace("passPercent: 60", settings),
    });
    expectOk(await runImport());
    const lesson = await prisma.lesson.findFirstOrThrow({ where: { slug: "diyi" } });
    expect(lesson).toMatchObject({ questionsPerAttempt: 2, attemptLimit: 3, partialCredit: true, revealAnswers: "AFTER_PASS" });
  });

  it("imports a film without a quiz as a lesson with no pass mark and no questions; a quiz taken out retires its questions", async () => {
    const film = (text: string) => text.replace("passPercent: 60\n", "").replace(/quiz:\n[\s\S]*?\n---\n/, "---\n");
    await writeTree({
      ...baseTree(),
      "courses/demo-kecheng/lessons/02-dier.md": film(lessonText("dier", 2)).replace("classHours: 0.5", "classHours: 0"),
    });
    expectOk(await runImport());
    const dier = await prisma.lesson.findFirstOrThrow({
      where: { slug: "dier" },
      select: { passPercent: true, classHours: true, _count: { select: { questions: true } } },
    });
    expect(dier).toEqual({ passPercent: null, classHours: 0, _count: { questions: 0 } });

    await writeTree({ ...baseTree(), "courses/demo-kecheng/lessons/01-diyi.md": film(lessonText("diyi", 1)) });
    const result = expectOk(await runImport());
    expect(result.summary).toMatchObject({ questionsRetired: 3 });
    const diyi = await prisma.lesson.findFirstOrThrow({
      where: { slug: "diyi" },
      select: { passPercent: true, classHours: true, questions: { select: { retired: true } } },
    });
    expect(diyi.passPercent).toBeNull();
    expect(diyi.classHours).toBe(0.5);
    expect(diyi.questions.map((question) => question.retired)).toEqual([true, true, true]);
  });

  it("carries the viewing settings of the file into the lesson row, and rejects a bad one with its line", async () => {
    const settings = "passPercent: 60\npauseWhenHidden: false\nnoSeekingAhead: true\nattentionCheckMinutes: 5";
    await writeTree({
      ...baseTree(),
      "courses/demo-kecheng/lessons/01-diyi.md": lessonText("diyi", 1).replace("passPercent: 60", settings),
    });
    expectOk(await runImport());
    const lesson = await prisma.lesson.findFirstOrThrow({ where: { slug: "diyi" } });
    expect(lesson).toMatchObject({ pauseWhenHidden: false, noSeekingAhead: true, attentionCheckMinutes: 5 });

    const bad = lessonText("diyi", 1).replace("passPercent: 60", "passPercent: 60\nattentionCheckMinutes: 0");
    await writeTree({ ...baseTree(), "courses/demo-kecheng/lessons/01-diyi.md": bad });
    const result = await runImport();
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    const line = bad.split("\n").findIndex((text) => text.startsWith("attentionCheckMinutes")) + 1;
    expect(problems).toEqual([
      expect.objectContaining({ file: "content/courses/demo-kecheng/lessons/01-diyi.md", line, field: "attentionCheckMinutes" }),
    ]);
    // Nothing written: the row keeps the settings of the last good import.
    expect(await prisma.lesson.findFirstOrThrow({ where: { slug: "diyi" } })).toMatchObject({ attentionCheckMinutes: 5 });
  });

  it("converts the video length into class hours where a lesson gives none, by the course's rule or the default", async () => {
    const withoutHours = (slug: string, order: number, seconds: number) =>
      lessonText(slug, order).replace("classHours: 0.5\n", "").replace("durationSeconds: 30", `durationSeconds: ${seconds}`);
    // 20 minutes: 0.5 under the default rule (15 minutes or more), 0.75 under the course's own.
    await writeTree({ ...baseTree(), "courses/demo-kecheng/lessons/01-diyi.md": withoutHours("diyi", 1, 1200) });
    expectOk(await runImport());
    const hoursOf = async () => (await prisma.lesson.findFirstOrThrow({ where: { slug: "diyi" } })).classHours;
    expect(await hoursOf()).toBe(0.5);

    await writeTree({
      ...baseTree(),
      "courses/demo-kecheng/course.yaml": `${COURSE_YAML}classHoursRule: "40=1.5, 20=0.75, 0=0.25"\n`,
      "courses/demo-kecheng/lessons/01-diyi.md": withoutHours("diyi", 1, 1200),
    });
    const result = expectOk(await runImport());
    expect(result.summary).toMatchObject({ lessonsUpdated: 1 });
    expect(await hoursOf()).toBe(0.75);
    // A lesson that gives its hours keeps them whatever the rule says.
    expect((await prisma.lesson.findFirstOrThrow({ where: { slug: "dier" } })).classHours).toBe(0.5);
  });

  it("retires a question removed from the file and keeps the answers that reference it", async () => {
    await writeTree(baseTree());
    expectOk(await runImport());
    const learner = await seedLearnerRecords();

    const withoutQ3 = `  - id: q1
    type: single
    prompt: 单选题
    options: [甲, 乙]
    answer: 乙
  - id: q2
    type: truefalse
    prompt: 判断题
    answer: false`;
    await writeTree({
      ...baseTree(),
      "courses/demo-kecheng/lessons/01-diyi.md": lessonText("diyi", 1, { quiz: withoutQ3 }),
    });
    const result = expectOk(await runImport());
    expect(result.summary).toMatchObject({ lessonsUpdated: 1, questionsRetired: 1 });

    const lesson = await prisma.lesson.findFirstOrThrow({ where: { slug: "diyi" }, select: { id: true } });
    const questions = await prisma.question.findMany({ where: { lessonId: lesson.id }, orderBy: { key: "asc" } });
    expect(questions.map((q) => [q.key, q.retired])).toEqual([
      ["q1", false],
      ["q2", false],
      ["q3", true],
    ]);
    const answers = await prisma.quizAnswer.findMany({ where: { attemptId: learner.attempt.id } });
    expect(answers).toEqual(learner.attempt.answers);

    // Putting it back brings the same row back into use.
    await writeTree(baseTree());
    const restored = expectOk(await runImport());
    expect(restored.summary).toMatchObject({ lessonsUpdated: 1, questionsRetired: 0 });
    const q3 = await prisma.question.findUniqueOrThrow({ where: { lessonId_key: { lessonId: lesson.id, key: "q3" } } });
    expect(q3.retired).toBe(false);
    expect(q3.id).toBe(learner.attempt.answers[0]?.questionId);
  });

  it("writes nothing and reports every problem when two files are wrong", async () => {
    await writeTree(baseTree());
    expectOk(await runImport());
    const before = await snapshot();

    await writeTree({
      ...baseTree(),
      "courses/demo-kecheng/course.yaml": COURSE_YAML.replace("title: 演示课程", "title: 改过的标题").replace("order: 2", "order: 二"),
      "courses/demo-kecheng/lessons/01-diyi.md": lessonText("diyi", 1, { title: "改过的课时" }),
      "courses/demo-kecheng/lessons/02-dier.md": lessonText("dier", 2).replace("answer: 乙", "answer: 丙"),
    });
    const result = await runImport();
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map(formatProblem)).toEqual([
      "content/courses/demo-kecheng/course.yaml:5 order: 应为数字，实际为文本 (expected a number, got text)",
      "content/courses/demo-kecheng/lessons/02-dier.md:19 quiz[0].answer: “丙”不在选项中 (answer is not among the options; expected one of: 甲, 乙)",
    ]);
    // The valid lesson edit was not applied either: all or nothing.
    expect(await snapshot()).toEqual(before);
  });

  it("reports a missing media file with the line of its file: field", async () => {
    const tree = baseTree();
    delete tree["courses/demo-kecheng/media/02-dier.mp4"];
    delete tree["courses/demo-kecheng/media/01-diyi.zh-CN.vtt"];
    await writeTree(tree);

    const result = await runImport();
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      {
        file: "content/courses/demo-kecheng/lessons/01-diyi.md",
        line: 8,
        field: "subtitles[0].file",
        message: expect.stringContaining("找不到文件“media/01-diyi.zh-CN.vtt”"),
      },
      {
        file: "content/courses/demo-kecheng/lessons/02-dier.md",
        line: 6,
        field: "video.file",
        message: expect.stringContaining("file not found"),
      },
    ]);
    expect(await prisma.course.count()).toBe(0);
  });

  it("reports duplicate lesson slugs and a course folder without course.yaml", async () => {
    await writeTree({
      ...baseTree(),
      "courses/demo-kecheng/lessons/03-diyi.md": lessonText("diyi", 3),
      "courses/demo-kecheng/media/03-diyi.mp4": "fake",
      "courses/demo-kecheng/media/03-diyi.zh-CN.vtt": "WEBVTT\n",
      "courses/kong-kecheng/lessons/.keep": "",
    });
    const result = await runImport();
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.file, p.line, p.field])).toEqual([
      ["content/courses/demo-kecheng/lessons/03-diyi.md", 2, "slug"],
      ["content/courses/kong-kecheng/course.yaml", 1, ""],
      ["content/courses/kong-kecheng/course.yaml", 1, ""],
    ]);
  });

  it("reports what would change in a dry run without writing", async () => {
    await writeTree(baseTree());
    const result = expectOk(await runImport({ dryRun: true }));
    expect(result.dryRun).toBe(true);
    expect(result.summary).toMatchObject({ coursesCreated: 1, lessonsCreated: 2 });
    expect(await prisma.course.count()).toBe(0);

    expectOk(await runImport());
    await writeTree({ ...baseTree(), "courses/demo-kecheng/lessons/02-dier.md": lessonText("dier", 2, { title: "改" }) });
    const before = await snapshot();
    const dry = expectOk(await runImport({ dryRun: true }));
    expect(dry.summary).toMatchObject({ lessonsUpdated: 1, unchanged: 2 });
    expect(await snapshot()).toEqual(before);
  });
});

describe("importContent: the film library's facets", () => {
  const facetLesson = lessonText("diyi", 1).replace(
    "durationSeconds: 30",
    "durationSeconds: 30\nspokenLanguage: ug\ncategory: AGRICULTURE\naudience: [农村党员]\ndepartment: 县农业农村局",
  );

  async function township() {
    return prisma.organization.create({
      data: { code: "hexi", name: "河西乡党委", kind: "TOWNSHIP", path: "/hexi/" },
      select: { id: true },
    });
  }

  it("carries the course's category, department, owner and sharing and the lesson's own facets into the rows", async () => {
    const owner = await township();
    await writeTree({
      ...baseTree(),
      "courses/demo-kecheng/course.yaml": `${COURSE_YAML}category: LAW\ndepartment: 县委组织部\nowner: hexi\nsharing: SUBTREE\n`,
      "courses/demo-kecheng/lessons/01-diyi.md": facetLesson,
    });
    expectOk(await runImport());
    expect(await prisma.course.findFirstOrThrow({ where: { slug: "demo-kecheng" } })).toMatchObject({
      category: "LAW",
      department: "县委组织部",
      ownerOrgId: owner.id,
      sharing: "SUBTREE",
    });
    expect(await prisma.lesson.findFirstOrThrow({ where: { slug: "diyi" } })).toMatchObject({
      spokenLanguage: "ug",
      category: "AGRICULTURE",
      audienceJson: JSON.stringify(["农村党员"]),
      department: "县农业农村局",
    });
    // A lesson that says nothing takes its course's (null in the row).
    expect(await prisma.lesson.findFirstOrThrow({ where: { slug: "dier" } })).toMatchObject({
      spokenLanguage: "zh-CN",
      category: null,
      audienceJson: null,
      department: null,
    });
  });

  it("re-imports a course whose department changed, and a lesson whose spoken language changed", async () => {
    await writeTree(baseTree());
    expectOk(await runImport());
    await writeTree({
      ...baseTree(),
      "courses/demo-kecheng/course.yaml": `${COURSE_YAML}department: 县委宣传部\n`,
      "courses/demo-kecheng/lessons/01-diyi.md": lessonText("diyi", 1).replace(
        "durationSeconds: 30",
        "durationSeconds: 30\nspokenLanguage: ug",
      ),
    });
    const result = expectOk(await runImport());
    expect(result.summary).toMatchObject({ coursesUpdated: 1, lessonsUpdated: 1, unchanged: 1 });
    expect(await prisma.course.findFirstOrThrow({ where: { slug: "demo-kecheng" } })).toMatchObject({ department: "县委宣传部" });
    expect(await prisma.lesson.findFirstOrThrow({ where: { slug: "diyi" } })).toMatchObject({ spokenLanguage: "ug" });
  });

  it("refuses an owner code no organization has, naming the file, line and field, and writes nothing", async () => {
    await writeTree({ ...baseTree(), "courses/demo-kecheng/course.yaml": `${COURSE_YAML}owner: hexi\n` });
    const result = await runImport();
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([
      expect.stringMatching(
        /^content\/courses\/demo-kecheng\/course\.yaml:6 owner: 没有代码为“hexi”的党组织.*no organization has the code "hexi"/,
      ),
    ]);
    expect(await prisma.course.count()).toBe(0);
  });

  it("takes the file's sharing when it creates the course, then keeps what the owner's admins set", async () => {
    await township();
    const course = `${COURSE_YAML}owner: hexi\nsharing: SUBTREE\n`;
    await writeTree({ ...baseTree(), "courses/demo-kecheng/course.yaml": course });
    expectOk(await runImport());
    await prisma.course.update({ where: { slug: "demo-kecheng" }, data: { sharing: "ALL" } });

    await writeTree({ ...baseTree(), "courses/demo-kecheng/course.yaml": course.replace("演示课程", "演示课程（修订）") });
    expect(expectOk(await runImport()).summary).toMatchObject({ coursesUpdated: 1 });
    expect(await prisma.course.findFirstOrThrow({ where: { slug: "demo-kecheng" } })).toMatchObject({
      title: "演示课程（修订）",
      sharing: "ALL",
    });
  });
});

// npm run content:import [-- --dir <path>] [--check] [--dry-run]
//
// Validates every course under <dir>/courses and imports them in one
// transaction. Any problem: nothing is written, every problem is printed as
// `file:line field: message`, and the exit code is 1.
import path from "node:path";
import { parseArgs } from "node:util";
import { formatProblem, type ContentProblem } from "~/domain/content/problems.ts";
import { importContent, loadContent, type CourseOutcome } from "~/models/content-import.server.ts";

const USAGE = `用法 (usage): npm run content:import -- [--dir <内容文件夹 content folder, 默认 default ./content>] [--check] [--dry-run]
  --check    只校验文件，不连接数据库 (validate the files only, no database)
  --dry-run  与数据库比较并报告将要发生的变化，不写入 (compare with the database, write nothing)`;

const STATUS: Record<CourseOutcome["status"], string> = {
  created: "新建 (created)",
  updated: "更新 (updated)",
  unchanged: "未变 (unchanged)",
};

function printProblems(problems: readonly ContentProblem[]) {
  for (const problem of problems) console.error(formatProblem(problem));
  console.error(`\n发现 ${problems.length} 个问题，未写入任何内容 (${problems.length} problem(s) found; nothing was written)`);
}

function printOutcome(outcome: CourseOutcome) {
  console.log(
    `课程 ${outcome.slug}「${outcome.title}」：${STATUS[outcome.status]}；` +
      `课时 新建 ${outcome.lessonsCreated}、更新 ${outcome.lessonsUpdated}、未变 ${outcome.lessonsUnchanged}` +
      ` (lessons: ${outcome.lessonsCreated} created, ${outcome.lessonsUpdated} updated, ${outcome.lessonsUnchanged} unchanged)` +
      (outcome.questionsRetired > 0 ? `；停用题目 ${outcome.questionsRetired} 道 (${outcome.questionsRetired} question(s) retired)` : ""),
  );
  for (const slug of outcome.lessonsNotInContent) {
    console.warn(
      `  注意：课时 ${slug} 已不在内容文件中，数据库中的记录保留 (note: lesson ${slug} is no longer in the files; its row is kept)`,
    );
  }
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        dir: { type: "string", default: "content" },
        check: { type: "boolean", default: false },
        "dry-run": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
    }).values;
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }

  const contentDir = path.resolve(args.dir);
  console.log(`读取内容 (reading content): ${contentDir}`);

  if (args.check) {
    const tree = await loadContent(contentDir);
    for (const { course, lessons } of tree.courses) {
      console.log(`课程 ${course.slug}「${course.title}」：${lessons.length} 个课时，校验通过 (${lessons.length} lessons, valid)`);
    }
    if (tree.problems.length > 0) {
      printProblems(tree.problems);
      return 1;
    }
    console.log(`校验通过：${tree.courses.length} 门课程 (all ${tree.courses.length} course(s) are valid)`);
    return 0;
  }

  // Imported late so that --check works without a database or a generated client.
  const { getPrisma } = await import("~/utils/db.server.ts");
  const prisma = await getPrisma();
  try {
    const result = await importContent(prisma, contentDir, { dryRun: args["dry-run"] });
    if (!result.ok) {
      printProblems(result.problems);
      return 1;
    }
    for (const outcome of result.courses) printOutcome(outcome);
    const s = result.summary;
    console.log(
      `${result.dryRun ? "试运行，未写入 (dry run, nothing written)：" : "导入完成 (import done)："}` +
        `课程 新建 ${s.coursesCreated}、更新 ${s.coursesUpdated}；课时 新建 ${s.lessonsCreated}、更新 ${s.lessonsUpdated}；` +
        `未变 ${s.unchanged}；停用题目 ${s.questionsRetired}` +
        ` (courses: ${s.coursesCreated} created, ${s.coursesUpdated} updated; lessons: ${s.lessonsCreated} created,` +
        ` ${s.lessonsUpdated} updated; ${s.unchanged} unchanged; ${s.questionsRetired} question(s) retired)`,
    );
    return 0;
  } finally {
    await prisma.$disconnect();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // An operator reads this, not a developer: the message, no stack trace.
    const message = (error instanceof Error ? error.message : String(error)).replace(/\n\s*\n/g, "\n").trim();
    console.error(`导入失败 (import failed): ${message}`);
    if (/no such table|does not exist/i.test(message)) {
      console.error("数据库尚未迁移，请先运行 npm run db:migrate (the database is not migrated yet: run npm run db:migrate first)");
    }
    process.exitCode = 1;
  },
);

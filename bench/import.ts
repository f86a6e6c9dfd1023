// 批量导入 / the roster import (issue #12): 10,000 made-up people of the sample
// county's branches in one .xlsx, as a county admin uploads it. Timed: reading
// and checking the file (what the upload request does: readRosterFile,
// readSheet, the cells made ready for the queue), then the people-import job on
// a real worker and Redis, from the job queued to its summary (every row judged
// against the record, each person written with his audit entry, one
// transaction); then the same file again (every row found, nothing changed).
// The baseline, in the same run: a bare multi-row INSERT of the very User rows
// the import stored, 500 a statement, into an empty database of the same
// schema with its foreign keys dropped (every index and unique key kept).
//
// The rows are untidy the way the issue names: organizations written by name,
// by path and by code, dates as text, as slashed text and as date cells, some
// phones in full-width digits.
import { Worker } from "bullmq";
import { Prisma } from "~/generated/prisma/client.ts";
import { HEADINGS, rosterPerson, rosterXlsx } from "../tests/helpers/roster-rows.ts";
import { databaseBenchEnvironment, waitUntil, type BenchDatabase } from "./setup.ts";

export const IMPORT_ROWS = 10_000;
const BARE_ROWS_A_STATEMENT = 500;
const REDIS_PORT = Number(process.env.BENCH_REDIS_PORT ?? 6398);
const NAME_PREFIX = "导入";

const ORG_CELLS = ["河西乡党委/河西村党支部", "杨庄村党支部", "chengguan-1", "城关镇党委/城关社区党总支/城关社区第一党支部"];

const BORN = HEADINGS.indexOf("出生日期");
const PHONE = HEADINGS.indexOf("手机号");

const fullWidth = (digits: string) => digits.replace(/\d/g, (digit) => String.fromCharCode(digit.charCodeAt(0) + 0xfee0));

/** Person n of the file, untidy in one of the ways real files are. */
function untidyPerson(n: number) {
  const row = rosterPerson(n, { 所在党组织: ORG_CELLS[n % ORG_CELLS.length]! });
  const born = String(row[BORN]);
  if (n % 3 === 1) row[BORN] = new Date(`${born}T00:00:00Z`);
  if (n % 3 === 2) row[BORN] = born.replace(/-0?/g, "/");
  if (n % 5 === 0) row[PHONE] = fullWidth(String(row[PHONE]));
  return row;
}

type Timed = { seconds: number; rowsPerSecond: number };
const timed = (seconds: number, rows: number): Timed => ({ seconds, rowsPerSecond: rows / seconds });

export type ImportResult = {
  database: BenchDatabase;
  rows: number;
  fileBytes: number;
  /** The upload request's share: the file read, the sheet checked, the cells made ready for the queue. */
  read: Timed;
  /** The job, queued to summary: everyone created with his audit entry. */
  job: Timed;
  /** The same file again: every row found and left as it is. */
  again: Timed;
  /** One multi-row INSERT per 500 of the same User rows. */
  bare: Timed;
  /** The bare insert's time over the job's, for the same people. */
  ratio: number;
};

export async function benchImport(database: BenchDatabase, rows = IMPORT_ROWS): Promise<ImportResult> {
  const environment = await databaseBenchEnvironment({
    database,
    name: "import",
    redisPort: REDIS_PORT,
    poolSize: 4,
  });
  const { getPrisma } = await import("~/utils/db.server.ts");
  const { readRosterFile } = await import("~/utils/roster-file.server.ts");
  const { readSheet } = await import("~/domain/people-import.ts");
  const { closeQueues, enqueuePeopleImport, peopleImportState, queuedCell } = await import("~/utils/queues.server.ts");
  const { workerOptions } = await import("../jobs/worker.ts");
  const { processPeopleImport } = await import("../jobs/processors/people-import.ts");
  const prisma = await getPrisma();
  const worker = new Worker("people-import", processPeopleImport, workerOptions("people-import"));
  try {
    const admin = await prisma.user.findUniqueOrThrow({ where: { username: "xianwei" }, select: { id: true } });
    const county = await prisma.organization.findUniqueOrThrow({ where: { code: "county" }, select: { path: true } });
    const file = await rosterXlsx(Array.from({ length: rows }, (_, index) => untidyPerson(index + 1)));

    /** Uploads the file as the route does and waits for the job's summary. */
    const importOnce = async () => {
      const readStart = performance.now();
      const read = await readRosterFile("名册.xlsx", new Uint8Array(file));
      if ("problem" in read) throw new Error(`the file was refused: ${read.problem}`);
      const sheet = readSheet(read.rows);
      if ("code" in sheet) throw new Error(`the sheet was refused: ${sheet.code}`);
      const queued = read.rows.map((cells) => cells.map(queuedCell));
      const readSeconds = (performance.now() - readStart) / 1000;
      const jobStart = performance.now();
      const jobId = await enqueuePeopleImport({
        actorId: admin.id,
        roots: [county.path],
        mode: "all-or-nothing",
        fileName: "名册.xlsx",
        rows: queued,
        total: sheet.body.length,
      });
      let state: Awaited<ReturnType<typeof peopleImportState>> = null;
      await waitUntil(async () => {
        state = await peopleImportState(jobId, admin.id);
        if (state?.state === "failed") throw new Error("the import job failed");
        return state?.state === "done";
      });
      const jobSeconds = (performance.now() - jobStart) / 1000;
      const done = state as unknown as { report: Awaited<ReturnType<typeof processPeopleImport>> };
      if (!done.report.ok) throw new Error(`the import was refused: ${done.report.sheet.code}`);
      return { readSeconds, jobSeconds, report: done.report };
    };

    const first = await importOnce();
    if (!first.report.saved || first.report.created !== rows)
      throw new Error(`created ${first.report.created} of ${rows}: ${JSON.stringify(first.report.problems.slice(0, 3))}`);
    const again = await importOnce();
    if (again.report.unchanged !== rows) throw new Error(`the second import left ${again.report.unchanged} of ${rows} unchanged`);

    const stored = await prisma.user.findMany({ where: { name: { startsWith: NAME_PREFIX } } });
    if (stored.length !== rows) throw new Error(`${stored.length} people stored, ${rows} expected`);
    const bare = await environment.bareDatabase(["User"]);
    let bareSeconds: number;
    try {
      const columns = Object.keys(stored[0]!);
      const columnList = Prisma.raw(columns.map((column) => `"${column}"`).join(", "));
      const start = performance.now();
      for (let offset = 0; offset < stored.length; offset += BARE_ROWS_A_STATEMENT) {
        const slice = stored.slice(offset, offset + BARE_ROWS_A_STATEMENT);
        await bare.$executeRaw`INSERT INTO "User" (${columnList}) VALUES ${Prisma.join(
          slice.map((person) => Prisma.sql`(${Prisma.join(columns.map((column) => person[column as keyof typeof person]))})`),
        )}`;
      }
      bareSeconds = (performance.now() - start) / 1000;
      const count = await bare.user.count({ where: { name: { startsWith: NAME_PREFIX } } });
      if (count !== rows) throw new Error(`the bare insert stored ${count} of ${rows}`);
    } finally {
      await bare.$disconnect();
    }
    return {
      database,
      rows,
      fileBytes: file.length,
      read: timed(first.readSeconds, rows),
      job: timed(first.jobSeconds, rows),
      again: timed(again.jobSeconds, rows),
      bare: timed(bareSeconds, rows),
      ratio: bareSeconds / first.jobSeconds,
    };
  } finally {
    await worker.close();
    await closeQueues();
    await prisma.$disconnect();
    await environment.stop();
  }
}

/** The figures as the terminal shows them. */
export function describeImport(result: ImportResult): string[] {
  const whole = (value: number) => Math.round(value).toLocaleString("en-US");
  const line = (label: string, figure: Timed) =>
    `  ${label.padEnd(44)} ${whole(figure.rowsPerSecond).padStart(7)} rows/s   ${figure.seconds.toFixed(2)} s`;
  return [
    `批量导入 / roster import on ${result.database}: ${whole(result.rows)} people in one .xlsx (${(result.fileBytes / 1024).toFixed(0)} KB)`,
    line("upload checked (file read, sheet, queue cells)", result.read),
    line("import job, queued to summary", result.job),
    line("the same file again (all unchanged)", result.again),
    line(`bare multi-row INSERT of the same User rows`, result.bare),
    `  ratio import job / bare: ${result.ratio.toFixed(3)}`,
  ];
}

// 批量导入与导出 on a real database, through the routes with real files: a
// 50-row workbook with 3 bad rows refused whole, then its good rows taken and the
// bad ones sent back to mend; the mended rows imported; the same file again adds
// nobody; CSV in GB18030 and in UTF-8 with its mark; an export that imports back
// unchanged; and the admin's subtree as the limit.
import { Worker } from "bullmq";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSampleData, sessionCookieFor, setUpAppEnvironment, type AppEnvironment } from "../../tests/helpers/app-environment.ts";
import { callRoute, routeRequest } from "../../tests/helpers/route-call.ts";
import { HEADINGS, rosterPerson as person, rosterXlsx as workbook, type RosterCell } from "../../tests/helpers/roster-rows.ts";

let app: AppEnvironment;
let prisma: Awaited<ReturnType<typeof loadSampleData>>;
/** The import worker, as `npm start` runs it. */
let worker: Worker;

beforeAll(async () => {
  app = await setUpAppEnvironment();
  prisma = await loadSampleData();
  const { workerOptions } = await import("../../jobs/worker.ts");
  const { processPeopleImport } = await import("../../jobs/processors/people-import.ts");
  worker = new Worker("people-import", processPeopleImport, workerOptions("people-import"));
});

afterAll(async () => {
  await worker?.close();
  await app?.cleanup();
});

async function sheetRows(bytes: Buffer): Promise<string[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  const rows: string[][] = [];
  book.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((cell) => String(cell ?? ""))));
  return rows;
}

type Result = {
  saved: boolean;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  problems: string[];
  rejectedFile: string | null;
};

async function upload(username: string, fileName: string, bytes: Buffer | Uint8Array, mode: "all-or-nothing" | "good-rows") {
  const { action } = await import("./org+/people_.import.tsx");
  const form = new FormData();
  form.set("file", new File([new Uint8Array(bytes)], fileName));
  form.set("mode", mode);
  const headers = new Headers({ Cookie: await sessionCookieFor(username) });
  return callRoute(action, new Request("http://localhost/org/people/import", { method: "POST", headers, body: form }));
}

/** The import job the upload's answer leads to. */
async function jobOf(answer: Awaited<ReturnType<typeof upload>>) {
  expect(answer.status).toBe(302);
  const jobId = new URL(answer.location!, "http://localhost").searchParams.get("job")!;
  const { getQueue } = await import("~/utils/queues.server.ts");
  return (await getQueue("people-import").getJob(jobId))!;
}

/** The import page following a job, as `username` sees it. */
async function importPage(username: string, jobId: string) {
  const { loader } = await import("./org+/people_.import.tsx");
  return callRoute(loader, routeRequest(`/org/people/import?job=${jobId}`, { cookie: await sessionCookieFor(username) }));
}

/** Uploads a file, runs its import as the worker would, and reads the result on the page. */
async function imported(username: string, fileName: string, bytes: Buffer | Uint8Array, mode: "all-or-nothing" | "good-rows") {
  const job = await jobOf(await upload(username, fileName, bytes, mode));
  for (;;) {
    const { job: shown } = (await importPage(username, job.id!)).body as { job: { state: string; result?: Result } };
    if (shown.state === "done") return shown.result!;
    expect(shown.state).not.toBe("failed");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const fileErrors = (answer: Awaited<ReturnType<typeof upload>>) =>
  (answer.body as { reply: { error?: Record<string, string[]> } }).reply.error?.file;

const BAD = {
  12: { 出生日期: "2025-02-30" },
  20: { 所在党组织: "东风村党支部" },
  33: { 手机号: "1370000" },
} as Record<number, Partial<Record<string, string>>>;

/** Rows 2…51 of the sheet: people 1…50, three of them wrong. */
const fiftyRows = () => Array.from({ length: 50 }, (_, index) => person(index + 1, BAD[index + 2] ?? {}));

const importedCount = () => prisma.user.count({ where: { name: { startsWith: "导入" } } });

describe("importing a roster", () => {
  it("imports nothing from a sheet with bad rows when asked for all or nothing, naming each row and column", async () => {
    const result = await imported("hexi", "名册.xlsx", await workbook(fiftyRows()), "all-or-nothing");
    expect(result).toMatchObject({ saved: false, total: 50, created: 0, rejected: 3 });
    expect(result.problems).toEqual([
      expect.stringMatching(/^第 12 行 出生日期：“2025-02-30”不是一个存在的日期/),
      expect.stringMatching(/^第 20 行 所在党组织：没有找到“东风村党支部”/),
      expect.stringMatching(/^第 33 行 手机号：手机号应是 1 开头的 11 位数字/),
    ]);
    expect(await importedCount()).toBe(0);
  });

  it("imports the good rows and sends the bad ones back to mend; mended, they go in; the same file again adds nobody", async () => {
    const result = await imported("hexi", "名册.xlsx", await workbook(fiftyRows()), "good-rows");
    expect(result).toMatchObject({ saved: true, total: 50, created: 47, updated: 0, rejected: 3 });
    expect(await importedCount()).toBe(47);
    const created = await prisma.user.findFirstOrThrow({ where: { name: "导入5号" }, include: { homeOrg: true } });
    expect(created).toMatchObject({
      gender: "M",
      education: "HIGH_SCHOOL",
      isRural: true,
      phone: "13700000005",
      homeOrg: { code: "hexi-cun" },
    });
    expect(await prisma.auditLog.count({ where: { entityId: created.id, action: "person.created" } })).toBe(1);

    const rejected = await sheetRows(Buffer.from(result.rejectedFile!.split(",")[1]!, "base64"));
    expect(rejected[0]).toEqual([...HEADINGS, "问题"]);
    expect(rejected.slice(1).map((row) => row[0])).toEqual(["导入11号", "导入19号", "导入32号"]);
    expect(rejected[1]![HEADINGS.length]).toMatch(/^第 12 行 出生日期：/);

    // The secretary mends the three cells and uploads the sheet she downloaded.
    const mended = rejected.slice(1).map((row) => {
      const cells = row.slice(0, HEADINGS.length);
      cells[HEADINGS.indexOf("出生日期")] = "1990-01-12";
      cells[HEADINGS.indexOf("所在党组织")] = "杨庄村党支部";
      cells[HEADINGS.indexOf("手机号")] = cells[HEADINGS.indexOf("手机号")]!.padEnd(11, "9");
      cells[HEADINGS.indexOf("身份证号")] = "";
      return cells;
    });
    expect(await imported("hexi", "改好的.xlsx", await workbook(mended), "all-or-nothing")).toMatchObject({
      saved: true,
      created: 3,
      rejected: 0,
    });
    expect(await importedCount()).toBe(50);

    const again = await imported("hexi", "名册.xlsx", await workbook(fiftyRows()), "good-rows");
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 47, rejected: 3 });
    expect(await importedCount()).toBe(50);
  });

  it("reads CSV saved by Excel on a Chinese Windows (GB18030) and in UTF-8 with its mark, updating a changed row once", async () => {
    const csv = (rows: RosterCell[][]) => [HEADINGS, ...rows].map((row) => row.join(",")).join("\r\n");
    const gb = iconv.encode(csv([person(1, { 职业: "养殖户" })]), "gb18030");
    expect(await imported("hexi", "名册.csv", gb, "all-or-nothing")).toMatchObject({ updated: 1, created: 0 });
    const bom = Buffer.from(`\ufeff${csv([person(2, { 职业: "村医" }), person(3)])}`, "utf8");
    expect(await imported("hexi", "名册.csv", bom, "all-or-nothing")).toMatchObject({ updated: 1, unchanged: 1 });
    const first = await prisma.user.findFirstOrThrow({ where: { name: "导入1号" } });
    expect(first.occupation).toBe("养殖户");
    const updates = await prisma.auditLog.findMany({ where: { entityId: first.id, action: "person.updated" } });
    expect(updates.map((entry) => JSON.parse(entry.detailsJson))).toEqual([{ via: "import", occupation: "养殖户" }]);
  });

  it("exports the subtree in the template's columns, and the export imports back unchanged", async () => {
    const { loader } = await import("./org+/people_.export.tsx");
    for (const format of ["xlsx", "csv"] as const) {
      const answer = await callRoute(
        loader,
        routeRequest(`/org/people/export?format=${format}`, { cookie: await sessionCookieFor("hexi") }),
      );
      const bytes = Buffer.from(await answer.response!.arrayBuffer());
      if (format === "csv") expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      else expect((await sheetRows(bytes))[0]).toEqual(HEADINGS);
      const back = await imported("hexi", `导出.${format}`, bytes, "all-or-nothing");
      expect(back.problems).toEqual([]);
      expect(back).toMatchObject({ saved: true, created: 0, updated: 0, rejected: 0 });
      expect(back.unchanged).toBe(back.total);
      expect(back.total).toBeGreaterThanOrEqual(50);
    }
    expect(await prisma.auditLog.count({ where: { action: "people.exported" } })).toBe(2);
  });

  it("keeps the admin to his subtree and names a missing column or a wrong file", async () => {
    const elsewhere = await imported("hexi", "名册.xlsx", await workbook([person(90, { 所在党组织: "chengguan-1" })]), "all-or-nothing");
    expect(elsewhere.problems).toEqual([expect.stringMatching(/^第 2 行 所在党组织：没有找到“chengguan-1”，或它不在您管辖的范围内/)]);

    const book = new ExcelJS.Workbook();
    book.addWorksheet("人员").addRows([["姓名", "手机号"], ["王五", "13700009999"]]); // prettier-ignore
    const missing = await upload("hexi", "名册.xlsx", Buffer.from(await book.xlsx.writeBuffer()), "all-or-nothing");
    expect(missing.status).toBe(400);
    expect(fileErrors(missing)?.[0]).toMatch(/^people\.import\.problems\.columns-missing/);
    expect(fileErrors(await upload("hexi", "名册.xls", Buffer.from("x"), "all-or-nothing"))).toEqual(["people.import.problems.file-type"]);
    expect(fileErrors(await upload("hexi", "名册.xlsx", Buffer.from("not a workbook"), "all-or-nothing"))).toEqual([
      "people.import.problems.file-unreadable",
    ]);
    expect((await upload("peiyang", "名册.xlsx", await workbook([person(91)]), "all-or-nothing")).status).toBe(403);
  });

  it("runs as a job whose progress and summary only the admin who started it sees, keeping no cells in Redis once done", async () => {
    await worker.pause();
    const job = await jobOf(await upload("hexi", "名册.xlsx", await workbook(fiftyRows().slice(0, 5)), "all-or-nothing"));
    expect((await importPage("hexi", job.id!)).body).toEqual({ job: { state: "waiting", progress: { done: 0, total: 5 } } });
    expect((await importPage("chengguan", job.id!)).status).toBe(404);
    worker.resume();
    const result = await imported("hexi", "名册.xlsx", await workbook(fiftyRows().slice(0, 5)), "all-or-nothing");
    expect(result).toMatchObject({ saved: true, total: 5 });
    const { getQueue } = await import("~/utils/queues.server.ts");
    for (;;) {
      const finished = (await getQueue("people-import").getJob(job.id!))!;
      if (finished.finishedOn) {
        expect(finished.data.rows).toEqual([]);
        expect(finished.progress).toEqual({ done: 5, total: 5 });
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });

  it("offers a template whose example row is skipped when left in", async () => {
    const { loader } = await import("./org+/people_.import_.template.tsx");
    const answer = await callRoute(
      loader,
      routeRequest("/org/people/import/template?format=xlsx", { cookie: await sessionCookieFor("hexi") }),
    );
    const bytes = Buffer.from(await answer.response!.arrayBuffer());
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(["人员", "填写说明"]);
    expect((await sheetRows(bytes))[0]).toEqual(HEADINGS);
    const untouched = await imported("hexi", "模板.xlsx", bytes, "all-or-nothing");
    expect(untouched).toMatchObject({ total: 0, created: 0 });
  });
});

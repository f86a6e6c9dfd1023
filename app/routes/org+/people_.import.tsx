// 批量导入人员: an admin uploads a roster (Excel or CSV, the template's columns)
// for his subtree and chooses what happens when some rows are wrong: nothing is
// imported, or the good rows are and the others come back as a sheet to mend.
// Every problem is named by row and column.
import { getFormProps, getInputProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import {
  data,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { ErrorList, useSchemaForm } from "~/components/forms.tsx";
import { usePolling } from "~/components/use-polling.ts";
import { MAX_ROWS, readSheet, ROSTER_COLUMNS, type RowProblem } from "~/domain/people-import.ts";
import type { ImportReport } from "~/models/people-import.server.ts";
import { i18next } from "~/utils/i18next.server.ts";
import { manageableRoots, requirePermission } from "~/utils/permissions.server.ts";
import { errorMessage } from "~/utils/problems.ts";
import { enqueuePeopleImport, peopleImportState, queuedCell } from "~/utils/queues.server.ts";
import { readRosterFile, rosterWorkbook, XLSX_TYPE } from "~/utils/roster-file.server.ts";

const P = "people.import.problems";
const MAX_MEGABYTES = 20;
/** Problems listed on the page; the rest are in the downloaded sheet. */
const SHOWN_PROBLEMS = 200;

const ImportSchema = z.object({
  file: z.instanceof(File, { message: `${P}.file-missing` }).refine((file) => file.size > 0, `${P}.file-missing`),
  mode: z.enum(["all-or-nothing", "good-rows"], { required_error: `${P}.mode-missing` }),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requirePermission(request, "org:manage");
  const jobId = new URL(request.url).searchParams.get("job");
  if (!jobId) return { job: null };
  const job = await peopleImportState(jobId, admin.id);
  if (!job) throw new Response("Not Found", { status: 404 });
  if (job.state !== "done") return { job };
  return { job: { state: job.state, result: await shownResult(job.report, await i18next.getFixedT(request)) } };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "org:manage");
  let formData: FormData;
  try {
    formData = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: MAX_MEGABYTES * 1024 * 1024 }),
    );
  } catch {
    const reply: SubmissionResult<string[]> = {
      status: "error",
      error: { file: [errorMessage(`${P}.file-large`, { max: MAX_MEGABYTES })] },
    };
    return data({ reply }, { status: 400 });
  }
  const submission = parseWithZod(formData, { schema: ImportSchema });
  if (submission.status !== "success") return data({ reply: submission.reply() }, { status: 400 });
  const { file, mode } = submission.value;
  const read = await readRosterFile(file.name, new Uint8Array(await file.arrayBuffer()));
  if ("problem" in read) return data({ reply: submission.reply({ fieldErrors: { file: [`${P}.${read.problem}`] } }) }, { status: 400 });
  const sheet = readSheet(read.rows);
  if ("code" in sheet)
    return data(
      { reply: submission.reply({ fieldErrors: { file: [errorMessage(`${P}.${sheet.code}`, sheet.params)] } }) },
      { status: 400 },
    );
  let jobId: string;
  try {
    jobId = await enqueuePeopleImport({
      actorId: admin.id,
      roots: [...manageableRoots(admin)],
      mode,
      fileName: file.name,
      rows: read.rows.map((cells) => cells.map(queuedCell)),
      total: sheet.body.length,
    });
  } catch {
    // Nothing was saved: the file is still on the admin's computer to upload again.
    return data({ reply: submission.reply({ fieldErrors: { file: [`${P}.queue-down`] } }) }, { status: 503 });
  }
  return redirect(`/org/people/import?job=${encodeURIComponent(jobId)}`);
}

/** The finished import as the page shows it: each problem in words, and the refused rows as a sheet to mend. */
async function shownResult(report: ImportReport, t: TFunction) {
  if (!report.ok) return { sheetProblem: t(`${P}.${report.sheet.code}`, report.sheet.params ?? {}) };
  const problemText = (problem: RowProblem) =>
    t("people.import.problemLine", {
      row: problem.row,
      column: problem.column,
      message: t([`${P}.${problem.code}`, `people.problems.${problem.code}`], problem.params),
    });
  // The refused rows as they came, with what is wrong with each: mended, the same sheet is imported again.
  const rejected =
    report.rejectedRows.length === 0
      ? null
      : (
          await rosterWorkbook([
            {
              name: t("people.import.problemColumn"),
              rows: [
                [...ROSTER_COLUMNS.map((column) => column.header), t("people.import.problemColumn")],
                ...report.rejectedRows.map(({ row, cells }) => [
                  ...cells,
                  report.problems
                    .filter((problem) => problem.row === row)
                    .map(problemText)
                    .join("；"),
                ]),
              ],
            },
          ])
        ).toString("base64");
  return {
    saved: report.saved,
    total: report.total,
    created: report.created,
    updated: report.updated,
    unchanged: report.unchanged,
    rejected: report.rejectedRows.length,
    problems: report.problems.slice(0, SHOWN_PROBLEMS).map(problemText),
    more: Math.max(0, report.problems.length - SHOWN_PROBLEMS),
    rejectedFile: rejected ? `data:${XLSX_TYPE};base64,${rejected}` : null,
  };
}

export default function ImportPeople() {
  const { job } = useLoaderData<typeof loader>();
  // Typed by hand: a `data()` answer with a status loses its shape in Remix 2's inferred types.
  const answer = useActionData() as { reply: SubmissionResult<string[]> } | undefined;
  const navigation = useNavigation();
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(ImportSchema, { lastResult: answer?.reply, defaultValue: { mode: "all-or-nothing" } });
  const busy = navigation.state === "submitting";
  const working = job?.state === "waiting" || job?.state === "running";

  // While the worker imports, look again every second.
  usePolling(working, 1000);

  return (
    <>
      <p className="no-print">
        <Link to="/org/people">← {t("people.title")}</Link>
      </p>
      <h1>{t("people.import.title")}</h1>
      <p style={{ maxWidth: "44rem" }}>{t("people.import.help")}</p>
      <p>
        {t("people.import.template")}：<a href="/org/people/import/template?format=xlsx">{t("people.import.templateXlsx")}</a> ·{" "}
        <a href="/org/people/import/template?format=csv">{t("people.import.templateCsv")}</a>
      </p>
      {job && "progress" in job ? <ImportRunning progress={job.progress} /> : null}
      {job?.state === "failed" ? (
        <p className="notice error" role="alert">
          {t("people.import.failed")}
        </p>
      ) : null}
      {job?.state === "done" ? <ImportResult result={job.result} /> : null}
      {working ? null : (
        <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="card" style={{ maxWidth: "40rem" }}>
          <ErrorList id={form.errorId} errors={form.errors} />
          <label htmlFor={fields.file.id}>{t("people.import.file", { max: MAX_ROWS })}</label>
          <input {...getInputProps(fields.file, { type: "file" })} accept=".xlsx,.csv" />
          <ErrorList id={fields.file.errorId} errors={fields.file.errors} />
          <fieldset>
            <legend>{t("people.import.mode")}</legend>
            {(["all-or-nothing", "good-rows"] as const).map((mode) => (
              <label className="option" key={mode} htmlFor={`${fields.mode.id}-${mode}`}>
                <input
                  type="radio"
                  id={`${fields.mode.id}-${mode}`}
                  name={fields.mode.name}
                  value={mode}
                  defaultChecked={fields.mode.initialValue === mode}
                />
                <span>{t(mode === "all-or-nothing" ? "people.import.modeAll" : "people.import.modeGood")}</span>
              </label>
            ))}
            <ErrorList id={fields.mode.errorId} errors={fields.mode.errors} />
          </fieldset>
          <p>
            <button type="submit" disabled={busy}>
              {busy ? t("people.import.uploading") : t("people.import.submit")}
            </button>
          </p>
        </Form>
      )}
    </>
  );
}

function ImportRunning({ progress }: { progress: { done: number; total: number } }) {
  const { t } = useTranslation();
  const percent = progress.total === 0 ? 0 : Math.round((progress.done / progress.total) * 100);
  return (
    <section className="card" aria-labelledby="import-running">
      <h2 id="import-running">{t("people.import.working")}</h2>
      <p role="status">{t("people.import.progress", progress)}</p>
      <div
        className="progress"
        role="progressbar"
        aria-labelledby="import-running"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        <span style={{ width: `${percent}%` }} />
      </div>
    </section>
  );
}

function ImportResult({ result }: { result: Awaited<ReturnType<typeof shownResult>> }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="import-result" role="status">
      <h2 id="import-result">{t("people.import.result")}</h2>
      {"sheetProblem" in result ? (
        <p>{result.sheetProblem}</p>
      ) : (
        <>
          <p>{t(result.saved ? "people.import.savedSummary" : "people.import.notSaved", result)}</p>
          {result.problems.length > 0 ? (
            <ul>
              {result.problems.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          ) : null}
          {result.more > 0 ? <p>{t("people.import.moreProblems", { count: result.more })}</p> : null}
          {result.rejectedFile ? (
            <p>
              <a href={result.rejectedFile} download="有错误的行.xlsx">
                {t("people.import.downloadRejected")}
              </a>
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}

export const meta: MetaFunction = () => [{ title: "批量导入人员 · 四环学习" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

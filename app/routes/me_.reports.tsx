// 思想汇报: the learner writes his reports here and reads his contact's answers.
import { getFormProps, getTextareaProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorList, useSchemaForm } from "~/components/forms.tsx";
import { REPORT_MAX_LENGTH, REPORT_MIN_LENGTH, REPORTING_STAGES, thoughtReportSchema } from "~/domain/development/thought-reports.ts";
import { listThoughtReports, submitThoughtReport } from "~/models/thought-report.server.ts";
import { requirePermission } from "~/utils/permissions.server.ts";
import { enqueueEligibility, queueOrLeaveForSweep } from "~/utils/queues.server.ts";
import { beijingDate } from "~/domain/calendar.ts";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";

const reporting = (stage: string) => (REPORTING_STAGES as readonly string[]).includes(stage);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "study");
  const reports = await listThoughtReports(user.id);
  return {
    canReport: reporting(user.stage),
    reports: reports.map((report) => ({
      id: report.id,
      body: report.body,
      submittedOn: beijingDate(report.submittedAt),
      comment: report.comment,
      reviewedOn: report.reviewedAt ? beijingDate(report.reviewedAt) : null,
      reviewer: report.reviewer?.name ?? null,
    })),
    saved: new URL(request.url).searchParams.get("saved") === "1",
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "study");
  const submission = parseWithZod(await request.formData(), { schema: thoughtReportSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  if (!reporting(user.stage)) return data(submission.reply({ formErrors: ["reports.errors.not-reporting"] }), { status: 400 });
  await submitThoughtReport(user.id, submission.value.body);
  await queueOrLeaveForSweep(() => enqueueEligibility(user.id, "thought report"), { what: "the eligibility recompute", userId: user.id });
  return redirect("/me/reports?saved=1");
}

export default function ThoughtReports() {
  const { canReport, reports, saved } = useLoaderData<typeof loader>();
  // Typed by hand: a `data()` answer with a status loses its shape in Remix 2's inferred types.
  const lastResult = useActionData() as SubmissionResult<string[]> | undefined;
  const navigation = useNavigation();
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(thoughtReportSchema, {
    lastResult,
  });
  return (
    <>
      <h1>{t("reports.title")}</h1>
      {saved ? (
        <p className="notice ok" role="status">
          {t("reports.saved")}
        </p>
      ) : null}
      {canReport ? (
        <Form method="post" className="card" {...getFormProps(form)}>
          <ErrorList id={form.errorId} errors={form.errors} />
          <label htmlFor={fields.body.id}>{t("reports.write")}</label>
          <textarea
            {...getTextareaProps(fields.body)}
            rows={10}
            minLength={REPORT_MIN_LENGTH}
            maxLength={REPORT_MAX_LENGTH}
            aria-describedby={fields.body.errors ? `report-hint ${fields.body.errorId}` : "report-hint"}
          />
          <p id="report-hint" className="muted">
            {t("reports.hint", { min: REPORT_MIN_LENGTH, max: REPORT_MAX_LENGTH })}
          </p>
          <ErrorList id={fields.body.errorId} errors={fields.body.errors} />
          <button type="submit" disabled={navigation.state === "submitting"}>
            {t("reports.submit")}
          </button>
        </Form>
      ) : (
        <p className="muted">{t("reports.notReporting")}</p>
      )}
      <h2>{t("reports.mine")}</h2>
      {reports.length === 0 ? <p className="muted">{t("reports.none")}</p> : null}
      {reports.map((report) => (
        <article key={report.id} className="card report">
          <p className="muted">{t("reports.submittedOn", { date: report.submittedOn })}</p>
          <p className="report-body">{report.body}</p>
          {report.comment ? (
            <blockquote>
              {t("reports.commentBy", { name: report.reviewer, date: report.reviewedOn })}：{report.comment}
            </blockquote>
          ) : (
            <p className="muted">{t("reports.awaitingComment")}</p>
          )}
        </article>
      ))}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "思想汇报 · 四环学习" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

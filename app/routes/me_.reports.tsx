// 思想汇报: the learner writes his reports here and reads his contact's answers.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { checkReport, REPORT_MAX_LENGTH, REPORT_MIN_LENGTH, REPORTING_STAGES } from "~/domain/development/thought-reports.ts";

import { listThoughtReports, submitThoughtReport } from "~/models/development.server.ts";
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
  if (!reporting(user.stage)) return { problem: "not-reporting" as const, body: "" };
  const body = String((await request.formData()).get("body") ?? "");
  const problem = checkReport(body);
  if (problem) return { ...problem, body };
  await submitThoughtReport(user.id, body);
  await queueOrLeaveForSweep(() => enqueueEligibility(user.id, "thought report"), { what: "the eligibility recompute", userId: user.id });
  return redirect("/me/reports?saved=1");
}

export default function ThoughtReports() {
  const { canReport, reports, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("reports.title")}</h1>
      {saved ? (
        <p className="notice ok" role="status">
          {t("reports.saved")}
        </p>
      ) : null}
      {canReport ? (
        <Form method="post" className="card">
          <label htmlFor="report-body">{t("reports.write")}</label>
          <textarea id="report-body" name="body" rows={10} required minLength={REPORT_MIN_LENGTH} maxLength={REPORT_MAX_LENGTH} defaultValue={actionData?.body ?? ""} aria-describedby="report-hint" />
          <p id="report-hint" className="muted">
            {t("reports.hint", { min: REPORT_MIN_LENGTH, max: REPORT_MAX_LENGTH })}
          </p>
          {actionData ? (
            <p className="form-error" role="alert">
              {t(`reports.errors.${actionData.problem}`, actionData)}
            </p>
          ) : null}
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

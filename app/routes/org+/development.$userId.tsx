// One person's development record: the verdict with its reasons, the timeline,
// and a form for each step that can be recorded at his stage. Every form on
// the page is one intent of one schema (Conform + Zod, server and browser);
// the domain still decides, and its refusals come back as field errors.
import { randomUUID } from "node:crypto";
import { getFormProps, getInputProps, getTextareaProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { RecordForm } from "~/components/development-records.tsx";
import { ReasonList } from "~/components/eligibility-reasons.tsx";
import { ErrorList, useSchemaForm } from "~/components/forms.tsx";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { beijingDate, beijingToday } from "~/domain/calendar.ts";
import { checkConcentratedTraining, concentratedTrainingSchema, MAX_TRAINING_HOURS } from "~/domain/development/concentrated-training.ts";
import { kindsAllowedAt, recordFromIntent, recordIntentSchemas } from "~/domain/development/records.ts";
import { COMMENT_MAX_LENGTH, reportCommentFields } from "~/domain/development/thought-reports.ts";
import {
  developmentPerson,
  judgePerson,
  listFullMembersIn,
  loadTimeline,
  recordConcentratedTraining,
  recordStep,
} from "~/models/development.server.ts";
import { storedReason } from "~/models/verdict-json.server.ts";
import { commentOnThoughtReport, findThoughtReport, listThoughtReports } from "~/models/thought-report.server.ts";
import { invariantResponse } from "~/utils/misc.ts";
import { hasLearnerPermission, permittedRoots, requireLearnerPermission } from "~/utils/permissions.server.ts";
import { fieldErrorsFrom } from "~/utils/problems.ts";
import { enqueueEligibility, queueOrLeaveForSweep } from "~/utils/queues.server.ts";

const TrainingSchema = concentratedTrainingSchema.extend({ intent: z.literal("training") });
const CommentSchema = reportCommentFields.extend({ intent: z.literal("comment") });

/** Every form of the page: concentrated training, an answer to a thought report, and one intent per kind of record. */
export const DevelopmentSchema = z.discriminatedUnion("intent", [TrainingSchema, CommentSchema, ...recordIntentSchemas], {
  errorMap: () => ({ message: "development.problems.unknownKind" }),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const userId = params.userId ?? "";
  const user = await requireLearnerPermission(request, "learner:view", userId);
  const header = await developmentPerson(userId);
  invariantResponse(header, "Person not found", 404);
  const today = beijingToday();
  const [canRecord, canEnterHours] = await Promise.all([
    hasLearnerPermission(user, "development:record", userId),
    hasLearnerPermission(user, "org:manage", userId),
  ]);
  const [verdict, timeline, reports, fullMembers] = await Promise.all([
    judgePerson(userId, today.date),
    loadTimeline(userId),
    listThoughtReports(userId),
    canRecord ? listFullMembersIn(permittedRoots(user, "development:record")) : Promise.resolve([]),
  ]);
  return {
    ...header,
    verdict: verdict
      ? {
          nextStage: verdict.nextStage,
          status: verdict.status,
          earliestOn: verdict.earliestOn?.toISOString().slice(0, 10) ?? null,
          reasons: verdict.reasons.map(storedReason),
        }
      : null,
    timeline,
    reports: reports.map((report) => ({
      id: report.id,
      body: report.body,
      submittedOn: beijingDate(report.submittedAt),
      comment: report.comment,
      reviewer: report.reviewer?.name ?? null,
    })),
    canComment: canRecord,
    canEnterHours,
    trainingKey: randomUUID(),
    kinds: canRecord ? kindsAllowedAt(header.person.stage) : [],
    contacts: fullMembers.filter((member) => member.id !== userId),
    today: today.text,
    saved: new URL(request.url).searchParams.get("saved"),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const userId = params.userId ?? "";
  const user = await requireLearnerPermission(request, "development:record", userId);
  const formData = await request.formData();
  // Hours go into the ledger: organization admins only, as for corrections.
  if (formData.get("intent") === "training") await requireLearnerPermission(request, "org:manage", userId);
  const submission = parseWithZod(formData, { schema: DevelopmentSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const value = submission.value;
  const today = beijingToday().date;

  if (value.intent === "training") {
    const { intent: _intent, ...training } = value;
    const problems = checkConcentratedTraining(training, today);
    if (problems.length > 0)
      return data(submission.reply({ fieldErrors: fieldErrorsFrom(problems, "development.problems") }), { status: 400 });
    await recordConcentratedTraining({ learnerId: userId, recordedById: user.id, training });
    await queueOrLeaveForSweep(() => enqueueEligibility(userId, "concentrated training"), { what: "the eligibility recompute", userId });
    return redirect(`/org/development/${userId}?saved=TRAINING#training`);
  }

  if (value.intent === "comment") {
    const report = await findThoughtReport(value.reportId);
    if (!report || report.userId !== userId) {
      return data(submission.reply({ fieldErrors: fieldErrorsFrom([{ field: "", code: "noSuchReport" }], "development.problems") }), {
        status: 400,
      });
    }
    await commentOnThoughtReport({ reportId: report.id, reviewerId: user.id, comment: value.comment, learnerId: userId });
    return redirect(`/org/development/${userId}?saved=THOUGHT_REPORT#reports`);
  }

  const record = recordFromIntent(value);
  const outcome = await recordStep({ recorderId: user.id, userId, record, today });
  if (!outcome.ok) {
    // "kind" problems (a step for another stage) belong to the form as a whole.
    return data(
      submission.reply({
        fieldErrors: fieldErrorsFrom(outcome.problems, "development.problems", (field) => (field === "kind" ? "" : field)),
      }),
      { status: 400 },
    );
  }
  // The record is saved either way; the verdict on this page is computed from the records, not from the queue.
  await queueOrLeaveForSweep(() => enqueueEligibility(userId, `record ${record.kind}`), { what: "the eligibility recompute", userId });
  return redirect(`/org/development/${userId}?saved=${record.kind}#timeline`);
}

/** The reply of the form that was sent, for that form only (several forms share the page). */
function replyFor(lastResult: SubmissionResult<string[]> | undefined, intent: string, reportId?: string) {
  const sent = lastResult?.initialValue as Record<string, unknown> | null | undefined;
  if (!sent || sent.intent !== intent) return undefined;
  if (reportId !== undefined && sent.reportId !== reportId) return undefined;
  return lastResult;
}

export default function DevelopmentRecord() {
  const data = useLoaderData<typeof loader>();
  // Typed by hand: a `data()` answer with a status loses its shape in Remix 2's inferred types.
  const lastResult = useActionData() as SubmissionResult<string[]> | undefined;
  const { t } = useTranslation();
  const { person, verdict } = data;
  return (
    <>
      <p className="no-print">
        <Link to="/org/development">← {t("development.back")}</Link>
      </p>
      <h1>{t("development.personTitle", { name: person.name })}</h1>
      <p className="muted">
        {person.branch} · {t(`me.stageNames.${person.stage}`)}
        {person.tier ? ` · ${t(`development.tiers.${person.tier}`)}` : null}
      </p>
      {data.saved ? (
        <p className="notice ok" role="status">
          {t(`development.kinds.${data.saved}`, { defaultValue: "" })} · {t("development.saved")}
        </p>
      ) : null}
      <section className="card" data-testid="verdict">
        {verdict ? (
          <>
            <h2>
              {t("development.verdict", { stage: t(`me.stageNames.${verdict.nextStage}`) })}{" "}
              <span className={`badge ${verdict.status === "ELIGIBLE" ? "ok" : "warn"}`}>{t(`me.status.${verdict.status}`)}</span>
            </h2>
            {verdict.earliestOn ? <p>{t("me.earliest", { date: verdict.earliestOn })}</p> : null}
            {verdict.reasons.length === 0 ? <p>{t("development.reasonsNone")}</p> : <ReasonList reasons={verdict.reasons} />}
          </>
        ) : (
          <p>{t("development.noNextStep")}</p>
        )}
      </section>
      <section className="card" id="timeline">
        <h2>{t("development.timeline")}</h2>
        {data.timeline.length === 0 ? (
          <p className="muted">{t("development.timelineEmpty")}</p>
        ) : (
          <ol className="timeline">
            {data.timeline.map((event) => (
              <li key={event.id}>
                <time dateTime={event.on}>{event.on}</time> {t(`development.kinds.${event.kind}`, { defaultValue: event.kind })}
                <TimelineDetails details={event.details} />
                {event.recordedBy ? <span className="muted"> · {t("development.recordedBy", { name: event.recordedBy })}</span> : null}
                {event.kind === "NOTICE" ? (
                  <>
                    {" "}
                    <Link to={`/org/notices/${event.id}`} className="no-print">
                      {t("notice.print")}
                    </Link>
                  </>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </section>
      <section className="card" id="reports">
        <h2>{t("reports.title")}</h2>
        {data.reports.length === 0 ? <p className="muted">{t("reports.none")}</p> : null}
        {data.reports.map((report) => (
          <article key={report.id} className="report">
            <p className="muted">{t("reports.submittedOn", { date: report.submittedOn })}</p>
            <p className="report-body">{report.body}</p>
            {report.comment ? (
              <blockquote>
                {t("reports.commentBy", { name: report.reviewer, date: "" })}：{report.comment}
              </blockquote>
            ) : null}
            {data.canComment ? <CommentForm reportId={report.id} lastResult={replyFor(lastResult, "comment", report.id)} /> : null}
          </article>
        ))}
      </section>
      {data.canEnterHours ? (
        <TrainingForm idempotencyKey={data.trainingKey} today={data.today} lastResult={replyFor(lastResult, "training")} />
      ) : null}
      {data.kinds.length > 0 ? (
        <section className="no-print" id="record">
          <h2>{t("development.record")}</h2>
          <p className="muted">{t("development.recordHelp")}</p>
          {data.kinds.map((kind) => (
            <RecordForm
              key={kind}
              kind={kind}
              schema={DevelopmentSchema}
              today={data.today}
              contacts={data.contacts}
              currentContacts={data.currentContacts}
              lastResult={replyFor(lastResult, kind)}
            />
          ))}
        </section>
      ) : null}
    </>
  );
}

/** 回复思想汇报: one small form per report. */
function CommentForm({ reportId, lastResult }: { reportId: string; lastResult?: SubmissionResult<string[]> }) {
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(CommentSchema, {
    id: `comment-${reportId}`,
    lastResult,
  });
  return (
    <Form method="post" replace preventScrollReset className="no-print" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="comment" />
      <input type="hidden" name="reportId" value={reportId} />
      <ErrorList id={form.errorId} errors={form.errors} />
      <label htmlFor={fields.comment.id}>{t("reports.comment")}</label>
      <textarea {...getTextareaProps(fields.comment)} rows={2} maxLength={COMMENT_MAX_LENGTH} />
      <ErrorList id={fields.comment.errorId} errors={fields.comment.errors} />
      <button type="submit">{t("reports.sendComment")}</button>
    </Form>
  );
}

/** 集中培训学时: entered once per form (the key makes a double submit harmless). */
function TrainingForm({
  idempotencyKey,
  today,
  lastResult,
}: {
  idempotencyKey: string;
  today: string;
  lastResult?: SubmissionResult<string[]>;
}) {
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(TrainingSchema, {
    id: "training",
    lastResult,
    defaultValue: { idempotencyKey, occurredOn: today },
  });
  return (
    <section className="card no-print" id="training">
      <h2>{t("development.training.title")}</h2>
      <p className="muted">{t("development.training.help")}</p>
      <Form method="post" replace preventScrollReset {...getFormProps(form)}>
        <input type="hidden" name="intent" value="training" />
        <input {...getInputProps(fields.idempotencyKey, { type: "hidden" })} />
        <ErrorList id={form.errorId} errors={form.errors} />
        <p>
          <label htmlFor={fields.trainingName.id}>{t("development.training.trainingName")}</label>
          <input {...getInputProps(fields.trainingName, { type: "text" })} />
          <ErrorList id={fields.trainingName.errorId} errors={fields.trainingName.errors} />
        </p>
        <p>
          <label htmlFor={fields.occurredOn.id}>{t("development.training.occurredOn")}</label>
          <input {...getInputProps(fields.occurredOn, { type: "date" })} max={today} />
          <ErrorList id={fields.occurredOn.errorId} errors={fields.occurredOn.errors} />
        </p>
        <p>
          <label htmlFor={fields.classHours.id}>{t("development.training.classHours")}</label>
          <input
            {...getInputProps(fields.classHours, { type: "number" })}
            min={0.5}
            max={MAX_TRAINING_HOURS}
            step={0.5}
            inputMode="decimal"
          />
          <ErrorList id={fields.classHours.errorId} errors={fields.classHours.errors} />
        </p>
        <button type="submit">{t("development.training.submit")}</button>
      </Form>
    </section>
  );
}

/** The figures of a record in words: only the fields a reader needs. */
function TimelineDetails({ details }: { details: Record<string, unknown> }) {
  const { t } = useTranslation();
  const parts: string[] = [];
  const option = (group: string, value: unknown) => t(`development.options.${group}.${String(value)}`);
  if (details.source) parts.push(option("source", details.source));
  if (details.tier) parts.push(t(`development.tiers.${String(details.tier)}`));
  if (details.conclusion) parts.push(option("conclusion", details.conclusion));
  if (details.result) parts.push(option("result", details.result));
  if (details.purpose) parts.push(option("purpose", details.purpose));
  if (details.scope) parts.push(option("scope", details.scope));
  if (typeof details.passed === "boolean")
    parts.push(t(details.passed ? "development.timelineWords.passed" : "development.timelineWords.failed"));
  if (typeof details.approved === "boolean")
    parts.push(t(details.approved ? "development.timelineWords.approved" : "development.timelineWords.notApproved"));
  if (details.contact) parts.push(String(details.contact));
  if (details.first) parts.push(`${String(details.first)}、${String(details.second)}`);
  if (typeof details.total === "number") parts.push(`${t("development.fields.approve")} ${String(details.approve)}/${details.total}`);
  if (typeof details.entitled === "number") {
    parts.push(
      `${t("development.fields.entitled")} ${details.entitled}，${t("development.fields.present")} ${String(details.present)}，${t("development.fields.yes")} ${String(details.yes)}+${String(details.advanceYes)}`,
    );
  }
  if (details.endsOn) parts.push(`→ ${String(details.endsOn)}`);
  if (typeof details.months === "number") parts.push(t("development.timelineWords.months", { count: details.months }));
  if (details.note) parts.push(String(details.note));
  return parts.length > 0 ? <span>（{parts.join("，")}）</span> : null;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.person.name ?? ""} 发展记录 · 四环学习` }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

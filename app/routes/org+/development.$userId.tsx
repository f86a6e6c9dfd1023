// One person's development record: the verdict with its reasons, the timeline,
// and a form for each step that can be recorded at his stage.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { RecordForm } from "~/components/development-records.tsx";
import { ProblemList, type Problem } from "~/components/problem-list.tsx";
import type { Stage } from "~/domain/development/evaluate.ts";
import { isRecordKind, kindsAllowedAt } from "~/domain/development/records.ts";

import { randomUUID } from "node:crypto";
import { MAX_TRAINING_HOURS, parseConcentratedTraining } from "~/domain/development/concentrated-training.ts";
import { checkComment, COMMENT_MAX_LENGTH } from "~/domain/development/thought-reports.ts";
import { commentOnThoughtReport, findThoughtReport, recordConcentratedTraining, judgePerson, listFullMembersIn, listThoughtReports, loadTimeline, recordStep } from "~/models/development.server.ts";
import { getPrisma } from "~/utils/db.server.ts";
import { invariantResponse } from "~/utils/misc.ts";
import { hasLearnerPermission, permittedRoots, requireLearnerPermission } from "~/utils/permissions.server.ts";
import { enqueueEligibility, queueOrLeaveForSweep } from "~/utils/queues.server.ts";
import { beijingDate, beijingToday } from "~/domain/calendar.ts";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";

async function loadPerson(userId: string) {
  const prisma = await getPrisma();
  const person = await prisma.user.findUnique({
    where: { id: userId },
    select: { id: true, name: true, stage: true, activistTier: true, homeOrg: { select: { name: true } }, contacts: { where: { endedOn: null }, select: { contact: { select: { id: true, name: true } } } } },
  });
  invariantResponse(person, "Person not found", 404);
  return person;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const userId = params.userId ?? "";
  const user = await requireLearnerPermission(request, "learner:view", userId);
  const person = await loadPerson(userId);
  const today = beijingToday();
  const [canRecord, canEnterHours] = await Promise.all([hasLearnerPermission(user, "development:record", userId), hasLearnerPermission(user, "org:manage", userId)]);
  const [verdict, timeline, reports, fullMembers] = await Promise.all([
    judgePerson(userId, today.date),
    loadTimeline(userId),
    listThoughtReports(userId),
    canRecord ? listFullMembersIn(permittedRoots(user, "development:record")) : Promise.resolve([]),
  ]);
  return {
    person: { id: person.id, name: person.name, stage: person.stage as Stage, tier: person.activistTier, branch: person.homeOrg?.name ?? "" },
    currentContacts: person.contacts.map((row) => row.contact),
    verdict: verdict
      ? {
          nextStage: verdict.nextStage,
          status: verdict.status,
          earliestOn: verdict.earliestOn?.toISOString().slice(0, 10) ?? null,
          reasons: verdict.reasons.map((reason) => ({ rule: reason.rule, article: reason.article, effect: reason.effect, evidence: reason.evidence, remedy: reason.remedy })),
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
    kinds: canRecord ? kindsAllowedAt(person.stage as Stage) : [],
    contacts: fullMembers.filter((member) => member.id !== userId),
    today: today.text,
    saved: new URL(request.url).searchParams.get("saved"),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const userId = params.userId ?? "";
  const user = await requireLearnerPermission(request, "development:record", userId);
  const form = Object.fromEntries(await request.formData());
  if (form.intent === "training") {
    // Hours go into the ledger: organization admins only, as for corrections.
    await requireLearnerPermission(request, "org:manage", userId);
    const values = Object.fromEntries(Object.entries(form).map(([key, value]) => [key, String(value)]));
    const parsed = parseConcentratedTraining(form, beijingToday().date);
    if (!parsed.ok) return { kind: null, training: { values, problems: parsed.problems }, values: {}, problems: [] as Problem[] };
    await recordConcentratedTraining({ learnerId: userId, recordedById: user.id, training: parsed.value });
    await queueOrLeaveForSweep(() => enqueueEligibility(userId, "concentrated training"), { what: "the eligibility recompute", userId });
    return redirect(`/org/development/${userId}?saved=TRAINING#training`);
  }
  if (form.intent === "comment") {
    const report = await findThoughtReport(String(form.reportId ?? ""));
    if (!report || report.userId !== userId) return { kind: null, values: {}, problems: [{ field: "reportId", message: "没有这份思想汇报 (no such report)" }] };
    const comment = String(form.comment ?? "");
    const problem = checkComment(comment);
    if (problem) return { kind: null, comment: { reportId: report.id, text: comment, problem }, values: {}, problems: [] as Problem[] };
    await commentOnThoughtReport({ reportId: report.id, reviewerId: user.id, comment, learnerId: userId });
    return redirect(`/org/development/${userId}?saved=THOUGHT_REPORT#reports`);
  }
  const kind = String(form.kind ?? "");
  if (!isRecordKind(kind)) return { kind: null, values: {}, problems: [{ field: "kind", message: "没有这种记录 (unknown kind of record)" }] };
  const outcome = await recordStep({ recorderId: user.id, userId, kind, form, today: beijingToday().date });
  if (!outcome.ok) {
    return { kind, values: Object.fromEntries(Object.entries(form).map(([key, value]) => [key, String(value)])), problems: outcome.problems };
  }
  // The record is saved either way; the verdict on this page is computed from the records, not from the queue.
  await queueOrLeaveForSweep(() => enqueueEligibility(userId, `record ${kind}`), { what: "the eligibility recompute", userId });
  return redirect(`/org/development/${userId}?saved=${kind}#timeline`);
}

export default function DevelopmentRecord() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
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
            {verdict.reasons.length === 0 ? (
              <p>{t("development.reasonsNone")}</p>
            ) : (
              <ul className="reasons">
                {verdict.reasons.map((reason) => (
                  <li key={reason.rule}>
                    <strong>{t(`development.effects.${reason.effect}`)}</strong>：{reason.evidence}。{reason.remedy}
                    <div className="muted">{reason.article}</div>
                  </li>
                ))}
              </ul>
            )}
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
        {data.reports.map((report) => {
          const returned = actionData && "comment" in actionData && actionData.comment?.reportId === report.id ? actionData.comment : null;
          return (
            <article key={report.id} className="report">
              <p className="muted">{t("reports.submittedOn", { date: report.submittedOn })}</p>
              <p className="report-body">{report.body}</p>
              {report.comment ? <blockquote>{t("reports.commentBy", { name: report.reviewer, date: "" })}：{report.comment}</blockquote> : null}
              {data.canComment ? (
                <Form method="post" replace preventScrollReset className="no-print">
                  <input type="hidden" name="intent" value="comment" />
                  <input type="hidden" name="reportId" value={report.id} />
                  <label htmlFor={`comment-${report.id}`}>{t("reports.comment")}</label>
                  <textarea id={`comment-${report.id}`} name="comment" rows={2} required maxLength={COMMENT_MAX_LENGTH} defaultValue={returned?.text ?? ""} />
                  {returned ? (
                    <p className="form-error" role="alert">
                      {t(`reports.errors.${returned.problem.problem}`, returned.problem)}
                    </p>
                  ) : null}
                  <button type="submit">{t("reports.sendComment")}</button>
                </Form>
              ) : null}
            </article>
          );
        })}
      </section>
      {data.canEnterHours ? (
        <TrainingForm
          idempotencyKey={data.trainingKey}
          today={data.today}
          returned={actionData && "training" in actionData ? actionData.training : undefined}
        />
      ) : null}
      {data.kinds.length > 0 ? (
        <section className="no-print" id="record">
          <h2>{t("development.record")}</h2>
          <p className="muted">{t("development.recordHelp")}</p>
          {data.kinds.map((kind) => (
            <RecordForm
              key={kind}
              kind={kind}
              today={data.today}
              contacts={data.contacts}
              currentContacts={data.currentContacts}
              values={actionData?.kind === kind ? actionData.values : undefined}
              problems={actionData?.kind === kind ? actionData.problems : undefined}
              open={actionData?.kind === kind}
            />
          ))}
          {actionData && actionData.kind === null && actionData.problems.length > 0 ? (
            <p className="form-error" role="alert">
              {actionData.problems.map((problem) => problem.message).join("；")}
            </p>
          ) : null}
        </section>
      ) : null}
    </>
  );
}

/** 集中培训学时: entered once per form (the key makes a double submit harmless). */
function TrainingForm({ idempotencyKey, today, returned }: { idempotencyKey: string; today: string; returned?: { values: Record<string, string>; problems: Problem[] } }) {
  const { t } = useTranslation();
  return (
    <section className="card no-print" id="training">
      <h2>{t("development.training.title")}</h2>
      <p className="muted">{t("development.training.help")}</p>
      <ProblemList problems={returned?.problems ?? []} fieldLabel={(field) => t(`development.training.${field}`, { defaultValue: field })} />
      <Form method="post" replace preventScrollReset>
        <input type="hidden" name="intent" value="training" />
        <input type="hidden" name="idempotencyKey" value={returned?.values.idempotencyKey ?? idempotencyKey} />
        <p>
          <label htmlFor="training-name">{t("development.training.trainingName")}</label>
          <input id="training-name" name="trainingName" required defaultValue={returned?.values.trainingName ?? ""} />
        </p>
        <p>
          <label htmlFor="training-date">{t("development.training.occurredOn")}</label>
          <input id="training-date" name="occurredOn" type="date" required max={today} defaultValue={returned?.values.occurredOn ?? today} />
        </p>
        <p>
          <label htmlFor="training-hours">{t("development.training.classHours")}</label>
          <input id="training-hours" name="classHours" type="number" min={0.5} max={MAX_TRAINING_HOURS} step={0.5} required inputMode="decimal" defaultValue={returned?.values.classHours ?? ""} />
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
  if (typeof details.passed === "boolean") parts.push(details.passed ? "合格" : "不合格");
  if (typeof details.approved === "boolean") parts.push(details.approved ? "同意" : "不同意");
  if (details.contact) parts.push(String(details.contact));
  if (details.first) parts.push(`${String(details.first)}、${String(details.second)}`);
  if (typeof details.total === "number") parts.push(`${t("development.fields.approve")} ${String(details.approve)}/${details.total}`);
  if (typeof details.entitled === "number") {
    parts.push(`${t("development.fields.entitled")} ${details.entitled}，${t("development.fields.present")} ${String(details.present)}，${t("development.fields.yes")} ${String(details.yes)}+${String(details.advanceYes)}`);
  }
  if (details.endsOn) parts.push(`→ ${String(details.endsOn)}`);
  if (typeof details.months === "number") parts.push(`${details.months} 个月`);
  if (details.note) parts.push(String(details.note));
  return parts.length > 0 ? <span>（{parts.join("，")}）</span> : null;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.person.name ?? ""} 发展记录 · 四环学习` }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

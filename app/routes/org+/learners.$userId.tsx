import { randomUUID } from "node:crypto";
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { LearnerRecord } from "~/components/learner-record.tsx";
import { MAX_CORRECTION_HOURS, REASON_MAX_LENGTH, REASON_MIN_LENGTH } from "~/domain/hours-corrections.ts";
import { loadLearnerRecord } from "~/models/learner-record.server.ts";
import { correctLedgerEntry } from "~/models/ledger.server.ts";
import { hasHomeOrgPermission, hasLearnerPermission, requireLearnerPermission } from "~/utils/permissions.server.ts";
import { formatHours } from "~/utils/misc.ts";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { ErrorList, useSchemaForm } from "~/components/forms.tsx";
import { fieldErrorsFrom } from "~/utils/problems.ts";

// 学时更正. Messages are i18n keys; the same bounds as app/domain/hours-corrections.ts,
// which still decides (this schema only spares a round trip for the obvious).
const CorrectionSchema = z.object({
  entryId: z.string({ required_error: "corrections.errors.entryRequired" }).min(1, "corrections.errors.entryRequired").max(64),
  classHours: z
    .number({ required_error: "corrections.errors.hoursRequired", invalid_type_error: "corrections.errors.hoursRequired" })
    .min(-MAX_CORRECTION_HOURS, "corrections.errors.hoursOutOfRange")
    .max(MAX_CORRECTION_HOURS, "corrections.errors.hoursOutOfRange")
    .refine((hours) => hours !== 0, "corrections.errors.hoursZero"),
  reason: z
    .string({ required_error: "corrections.errors.reasonTooShort" })
    .trim()
    .min(REASON_MIN_LENGTH, "corrections.errors.reasonTooShort")
    .max(REASON_MAX_LENGTH, "corrections.errors.reasonTooLong"),
  idempotencyKey: z.string().uuid(),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const learnerId = params.userId ?? "";
  const user = await requireLearnerPermission(request, "learner:view", learnerId);
  const [record, canCorrect, canResetPassword] = await Promise.all([
    loadLearnerRecord(learnerId),
    hasLearnerPermission(user, "org:manage", learnerId),
    hasHomeOrgPermission(user, "org:manage", learnerId),
  ]);
  return {
    record,
    canCorrect,
    canResetPassword,
    correctionKey: randomUUID(),
    corrected: new URL(request.url).searchParams.get("corrected") === "1",
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const learnerId = params.userId ?? "";
  const user = await requireLearnerPermission(request, "org:manage", learnerId);
  const submission = parseWithZod(await request.formData(), { schema: CorrectionSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const outcome = await correctLedgerEntry({ learnerId, recordedById: user.id, ...submission.value });
  if (!outcome.ok) {
    const problems = outcome.refusals.map((refusal) => ({ field: refusal.field, code: refusal.problem }));
    return data(submission.reply({ fieldErrors: fieldErrorsFrom(problems, "corrections.errors") }), { status: 400 });
  }
  return redirect(`/org/learners/${learnerId}?corrected=1#corrections`);
}

function CorrectionForm({ entries, idempotencyKey }: { entries: { id: string; label: string }[]; idempotencyKey: string }) {
  // Typed by hand: a `data()` answer with a status loses its shape in Remix 2's inferred types.
  const lastResult = useActionData() as SubmissionResult<string[]> | undefined;
  const navigation = useNavigation();
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(CorrectionSchema, {
    lastResult,
  });
  return (
    <Form method="post" {...getFormProps(form)} className="correction-form">
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <label htmlFor={fields.entryId.id}>{t("corrections.entry")}</label>
      <select {...getSelectProps(fields.entryId)}>
        <option value="">{t("corrections.chooseEntry")}</option>
        {entries.map((entry) => (
          <option key={entry.id} value={entry.id}>
            {entry.label}
          </option>
        ))}
      </select>
      <ErrorList id={fields.entryId.errorId} errors={fields.entryId.errors} />
      <label htmlFor={fields.classHours.id}>{t("corrections.hours")}</label>
      <input {...getInputProps(fields.classHours, { type: "number" })} step="0.01" inputMode="decimal" />
      <ErrorList id={fields.classHours.errorId} errors={fields.classHours.errors} />
      <label htmlFor={fields.reason.id}>{t("corrections.reason")}</label>
      <textarea {...getTextareaProps(fields.reason)} />
      <ErrorList id={fields.reason.errorId} errors={fields.reason.errors} />
      <ErrorList id={form.errorId} errors={form.errors} />
      <p>
        <button type="submit" disabled={navigation.state === "submitting"}>
          {t("corrections.submit")}
        </button>
      </p>
    </Form>
  );
}

export default function LearnerDetail() {
  const { record, canCorrect, canResetPassword, correctionKey, corrected } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  // Only original entries can be corrected (a wrong correction is undone by another correction of the original).
  const correctable = record.entries
    .filter((entry) => entry.category !== "CORRECTION")
    .map((entry) => ({
      id: entry.id,
      label: t("corrections.option", {
        sequence: entry.sequence,
        date: entry.occurredAt,
        title: entry.title,
        category: t(`me.categories.${entry.category}`),
        hours: formatHours(entry.netHours),
      }),
    }));
  return (
    <>
      <p className="no-print">
        <Link to="/org/learners">← {t("org.learners")}</Link>
      </p>
      <h1>{t("org.detail")}</h1>
      <p className="no-print">
        <Link to={`/org/development/${record.person.id}`}>{t("development.title")} →</Link>
        {canResetPassword ? (
          <>
            {" · "}
            <Link to={`/org/learners/${record.person.id}/password`}>{t("oneTimePassword.link")}</Link>
          </>
        ) : null}
      </p>
      {corrected ? (
        <p className="notice ok" role="status">
          {t("corrections.done")}
        </p>
      ) : null}
      <LearnerRecord record={record} />
      {canCorrect ? (
        <section className="card no-print" id="corrections">
          <h2>{t("corrections.title")}</h2>
          <p className="muted">{t("corrections.help")}</p>
          {correctable.length === 0 ? (
            <p>{t("corrections.none")}</p>
          ) : (
            <CorrectionForm entries={correctable} idempotencyKey={correctionKey} />
          )}
        </section>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "学员详情 · 四环学习" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

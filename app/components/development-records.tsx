// 发展记录的表单. One form per kind of record (each works without JavaScript),
// through Conform with the page's one schema; the fields mirror
// app/domain/development/records.ts, which decides.
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { ZodTypeAny } from "zod";
import type { RecordKind } from "~/domain/development/records.ts";
import { ErrorList } from "./forms.tsx";

type Field =
  | { name: string; type: "date" | "text" | "number" | "checkbox" }
  | { name: "source" | "conclusion" | "result" | "purpose" | "scope"; type: "option" }
  | { name: "tier"; type: "tier" }
  | { name: "contactId" | "replaces"; type: "contact" };

const date = (name = "occurredOn"): Field => ({ name, type: "date" });
const num = (name: string): Field => ({ name, type: "number" });

export const RECORD_FIELDS: Record<RecordKind, Field[]> = {
  APPLICATION_SUBMITTED: [date()],
  APPLICATION_TALK: [date()],
  RECOMMENDATION: [date(), { name: "source", type: "option" }],
  ACTIVIST_CONFIRMED: [date(), { name: "tier", type: "tier" }],
  TIER_SET: [date(), { name: "tier", type: "tier" }],
  ASSESSMENT: [date(), { name: "passed", type: "checkbox" }],
  OPINIONS_HEARD: [date()],
  TARGET_CONFIRMED: [date()],
  SPONSORS: [date(), { name: "first", type: "text" }, { name: "second", type: "text" }],
  POLITICAL_REVIEW: [date(), { name: "conclusion", type: "option" }],
  INSPECTION: [date(), { name: "result", type: "option" }, { name: "strongObjections", type: "checkbox" }],
  COMMITTEE_REVIEW: [date()],
  PRE_REVIEW: [date(), { name: "approved", type: "checkbox" }],
  ADMITTED: [date()],
  PROBATION_EXTENDED: [date(), num("months")],
  OATH: [date()],
  CONVERSION_APPLIED: [date()],
  CONVERTED: [date()],
  CONTACT_ASSIGNED: [date(), { name: "contactId", type: "contact" }, { name: "replaces", type: "contact" }],
  POLL: [date(), { name: "purpose", type: "option" }, { name: "scope", type: "option" }, num("approve"), num("total")],
  NOTICE: [date(), date("endsOn"), { name: "purpose", type: "option" }, num("objections"), { name: "objectionsCleared", type: "checkbox" }],
  VOTE: [date(), { name: "purpose", type: "option" }, num("entitled"), num("present"), num("yes"), num("advanceYes")],
};

const OPTIONS = {
  source: ["MEMBER", "YOUTH_LEAGUE", "MASS_ORG", "MASSES"],
  conclusion: ["QUALIFIED", "UNCLEAR", "UNQUALIFIED"],
  result: ["EXCELLENT", "GOOD", "AVERAGE", "POOR"],
  purpose: ["ADMISSION", "CONVERSION"],
  scope: ["RESIDENCE", "WORKPLACE"],
} as const;
const TIERS = ["THIS_YEAR", "NEAR_TERM", "LONG_TERM"] as const;

/**
 * One record form. `schema` is the page's one schema (every intent), so the
 * browser checks what the server checks; `lastResult` is the server's reply
 * to this form only (refusals named by field, the typed values handed back).
 */
export function RecordForm(props: {
  kind: RecordKind;
  schema: ZodTypeAny;
  today: string;
  contacts: { id: string; name: string }[];
  currentContacts: { id: string; name: string }[];
  lastResult?: SubmissionResult<string[]>;
}) {
  const { t } = useTranslation();
  const [form, fields] = useForm<Record<string, unknown>>({
    id: `record-${props.kind}`,
    lastResult: props.lastResult,
    defaultValue: { occurredOn: props.today },
    constraint: getZodConstraint(props.schema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: props.schema }),
  });
  return (
    <details className="card record-form" open={props.lastResult !== undefined} data-kind={props.kind}>
      <summary>{t(`development.kinds.${props.kind}`)}</summary>
      <Form method="post" replace preventScrollReset {...getFormProps(form)}>
        <input type="hidden" name="intent" value={props.kind} />
        <ErrorList id={form.errorId} errors={form.errors} />
        {RECORD_FIELDS[props.kind].map((field) => {
          const meta = fields[field.name]!;
          const label = <label htmlFor={meta.id}>{t(`development.fields.${field.name}`)}</label>;
          const errors = <ErrorList id={meta.errorId} errors={meta.errors} />;
          switch (field.type) {
            case "date":
              return (
                <p key={field.name}>
                  {label}
                  <input {...getInputProps(meta, { type: "date" })} max={field.name === "occurredOn" ? props.today : undefined} />
                  {errors}
                </p>
              );
            case "number":
              return (
                <p key={field.name}>
                  {label}
                  <input {...getInputProps(meta, { type: "number" })} inputMode="numeric" min={0} step={1} />
                  {errors}
                </p>
              );
            case "text":
              return (
                <p key={field.name}>
                  {label}
                  <input {...getInputProps(meta, { type: "text" })} />
                  {errors}
                </p>
              );
            case "checkbox":
              return (
                <p key={field.name}>
                  <label>
                    <input {...getInputProps(meta, { type: "checkbox" })} /> {t(`development.fields.${field.name}`)}
                  </label>
                  {errors}
                </p>
              );
            case "option":
              return (
                <p key={field.name}>
                  {label}
                  <select {...getSelectProps(meta)}>
                    <option value="">{t("development.choose")}</option>
                    {OPTIONS[field.name].map((option) => (
                      <option key={option} value={option}>
                        {t(`development.options.${field.name}.${option}`)}
                      </option>
                    ))}
                  </select>
                  {errors}
                </p>
              );
            case "tier":
              return (
                <p key={field.name}>
                  {label}
                  <select {...getSelectProps(meta)}>
                    <option value="">{t("development.choose")}</option>
                    {TIERS.map((tier) => (
                      <option key={tier} value={tier}>
                        {t(`development.tiers.${tier}`)}
                      </option>
                    ))}
                  </select>
                  {errors}
                </p>
              );
            case "contact": {
              const choices = field.name === "replaces" ? props.currentContacts : props.contacts;
              return (
                <p key={field.name}>
                  {label}
                  <select {...getSelectProps(meta)}>
                    <option value="">{t("development.choose")}</option>
                    {choices.map((choice) => (
                      <option key={choice.id} value={choice.id}>
                        {choice.name}
                      </option>
                    ))}
                  </select>
                  {errors}
                </p>
              );
            }
          }
        })}
        <p>
          <label htmlFor={fields.note!.id}>{t("development.fields.note")}</label>
          <textarea {...getTextareaProps(fields.note!)} maxLength={2000} rows={2} />
          <ErrorList id={fields.note!.errorId} errors={fields.note!.errors} />
        </p>
        <button type="submit">{t("development.save")}</button>
      </Form>
    </details>
  );
}

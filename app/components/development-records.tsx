// 发展记录的表单与时间线. One plain form per kind of record (each works without
// JavaScript); the fields mirror app/domain/development/records.ts, which decides.
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { RecordKind } from "~/domain/development/records.ts";
import { ProblemList, type Problem } from "./problem-list.tsx";

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

export type { Problem };

export function RecordForm(props: {
  kind: RecordKind;
  today: string;
  contacts: { id: string; name: string }[];
  currentContacts: { id: string; name: string }[];
  /** Handed back after a refusal, so nothing typed is lost. */
  values?: Record<string, string>;
  problems?: Problem[];
  open?: boolean;
}) {
  const { t } = useTranslation();
  const id = (name: string) => `${props.kind}-${name}`;
  const problemFor = (name: string) => props.problems?.filter((problem) => problem.field === name) ?? [];
  const value = (name: string, fallback = "") => props.values?.[name] ?? fallback;
  return (
    <details className="card record-form" open={props.open} data-kind={props.kind}>
      <summary>{t(`development.kinds.${props.kind}`)}</summary>
      <Form method="post" replace preventScrollReset>
        <input type="hidden" name="kind" value={props.kind} />
        <ProblemList problems={props.problems ?? []} fieldLabel={(field) => t(`development.fields.${field}`, { defaultValue: field })} />
        {RECORD_FIELDS[props.kind].map((field) => {
          const invalid = problemFor(field.name).length > 0;
          const common = { id: id(field.name), name: field.name, "aria-invalid": invalid || undefined };
          const label = <label htmlFor={id(field.name)}>{t(`development.fields.${field.name}`)}</label>;
          switch (field.type) {
            case "date":
              return <p key={field.name}>{label}<input {...common} type="date" required max={field.name === "occurredOn" ? props.today : undefined} defaultValue={value(field.name, field.name === "occurredOn" ? props.today : "")} /></p>;
            case "number":
              return <p key={field.name}>{label}<input {...common} type="number" inputMode="numeric" min={0} step={1} required={field.name !== "advanceYes" && field.name !== "objections"} defaultValue={value(field.name)} /></p>;
            case "text":
              return <p key={field.name}>{label}<input {...common} type="text" required defaultValue={value(field.name)} /></p>;
            case "checkbox":
              return (
                <p key={field.name}>
                  <label>
                    <input {...common} type="checkbox" defaultChecked={value(field.name) === "on"} /> {t(`development.fields.${field.name}`)}
                  </label>
                </p>
              );
            case "option":
              return (
                <p key={field.name}>
                  {label}
                  <select {...common} required defaultValue={value(field.name)}>
                    <option value="">{t("development.choose")}</option>
                    {OPTIONS[field.name].map((option) => (
                      <option key={option} value={option}>{t(`development.options.${field.name}.${option}`)}</option>
                    ))}
                  </select>
                </p>
              );
            case "tier":
              return (
                <p key={field.name}>
                  {label}
                  <select {...common} required defaultValue={value(field.name)}>
                    <option value="">{t("development.choose")}</option>
                    {TIERS.map((tier) => (
                      <option key={tier} value={tier}>{t(`development.tiers.${tier}`)}</option>
                    ))}
                  </select>
                </p>
              );
            case "contact": {
              const choices = field.name === "replaces" ? props.currentContacts : props.contacts;
              return (
                <p key={field.name}>
                  {label}
                  <select {...common} required={field.name === "contactId"} defaultValue={value(field.name)}>
                    <option value="">{t("development.choose")}</option>
                    {choices.map((choice) => (
                      <option key={choice.id} value={choice.id}>{choice.name}</option>
                    ))}
                  </select>
                </p>
              );
            }
          }
        })}
        <p>
          <label htmlFor={id("note")}>{t("development.fields.note")}</label>
          <textarea id={id("note")} name="note" maxLength={2000} defaultValue={value("note")} rows={2} />
        </p>
        <button type="submit">{t("development.save")}</button>
      </Form>
    </details>
  );
}

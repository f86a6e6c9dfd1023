// A person's record as the add and edit forms show it: the same fields, labels
// and hints in both, each error under its field.
import { getInputProps, getSelectProps, type FieldMetadata } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import { ACTIVIST_TIERS, EDUCATIONS, ETHNICITIES, GENDERS, STAGES } from "~/domain/people.ts";
import { ErrorList } from "./forms.tsx";

type PersonFieldName =
  | "name"
  | "gender"
  | "birthDate"
  | "ethnicity"
  | "education"
  | "isRural"
  | "occupation"
  | "phone"
  | "idCardNumber"
  | "stage"
  | "stageSince"
  | "activistTier";

export function PersonFields({
  fields,
  idCardMasked,
}: {
  fields: Record<PersonFieldName, FieldMetadata<unknown>>;
  /** On the edit form: the number kept, masked; the field stays empty unless it is to change. */
  idCardMasked?: string | null;
}) {
  const { t } = useTranslation();
  const text = (name: PersonFieldName, extra: Record<string, unknown> = {}) => (
    <>
      <label htmlFor={fields[name].id}>{t(`people.fields.${name}`)}</label>
      <input {...getInputProps(fields[name], { type: "text" })} {...extra} />
      <ErrorList id={fields[name].errorId} errors={fields[name].errors} />
    </>
  );
  const choice = (name: PersonFieldName, values: readonly string[], words: (value: string) => string) => (
    <>
      <label htmlFor={fields[name].id}>{t(`people.fields.${name}`)}</label>
      <select {...getSelectProps(fields[name])}>
        {name === "stage" ? null : <option value="">{t("people.fields.notGiven")}</option>}
        {values.map((value) => (
          <option key={value} value={value}>
            {words(value)}
          </option>
        ))}
      </select>
      <ErrorList id={fields[name].errorId} errors={fields[name].errors} />
    </>
  );
  const date = (name: PersonFieldName) => (
    <>
      <label htmlFor={fields[name].id}>{t(`people.fields.${name}`)}</label>
      <input {...getInputProps(fields[name], { type: "date" })} />
      <ErrorList id={fields[name].errorId} errors={fields[name].errors} />
    </>
  );
  return (
    <>
      {text("name", { autoComplete: "off" })}
      {choice("gender", GENDERS, (gender) => t(`notice.gender.${gender}`))}
      {date("birthDate")}
      {text("ethnicity", { list: "ethnicities", autoComplete: "off" })}
      <datalist id="ethnicities">
        {ETHNICITIES.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      {choice("education", EDUCATIONS, (education) => t(`notice.education.${education}`))}
      <label className="option" htmlFor={fields.isRural.id}>
        <input {...getInputProps(fields.isRural, { type: "checkbox" })} />
        <span>{t("people.fields.isRural")}</span>
      </label>
      <ErrorList id={fields.isRural.errorId} errors={fields.isRural.errors} />
      {text("occupation")}
      {text("phone", { inputMode: "tel", autoComplete: "off" })}
      <label htmlFor={fields.idCardNumber.id}>{t("people.fields.idCardNumber")}</label>
      <input
        {...getInputProps(fields.idCardNumber, { type: "text", ariaDescribedBy: "id-card-hint" })}
        autoComplete="off"
        spellCheck={false}
      />
      <p id="id-card-hint" className="muted">
        {idCardMasked ? t("people.fields.idCardKept", { masked: idCardMasked }) : t("people.fields.idCardHint")}
      </p>
      <ErrorList id={fields.idCardNumber.errorId} errors={fields.idCardNumber.errors} />
      {choice("stage", STAGES, (stage) => t(`me.stageNames.${stage}`))}
      {date("stageSince")}
      {choice("activistTier", ACTIVIST_TIERS, (tier) => t(`development.tiers.${tier}`))}
    </>
  );
}

// The station form of the add and edit pages (org+/stations_.new.tsx and
// org+/stations_.$code.edit.tsx): one schema (app/domain/station/station-admin.ts)
// for the browser and the server. The organization is chosen above it by a GET
// picker (the people who may be named come from that organization), so the form
// carries it as a hidden field. Works without JavaScript.
import {
  getCollectionProps,
  getFormProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  type SubmissionResult,
} from "@conform-to/react";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorList, useSchemaForm } from "~/components/forms.tsx";
import { CONNECTIVITY, StationFormSchema } from "~/domain/station/station-admin.ts";

export type OperatorCandidate = { id: string; name: string; phone: string | null; orgName: string; outside: boolean };

export type StationFormDefaults = {
  code: string;
  name: string;
  village: string;
  address: string;
  orgId: string;
  operatorIds: string[];
  equipment: string;
  connectivity: string;
};

export function StationForm({
  id,
  defaults,
  org,
  candidates,
  codeFixed,
  lastResult,
  submitting,
  submitLabel,
}: {
  id: string;
  defaults: StationFormDefaults;
  org: { id: string; name: string };
  candidates: OperatorCandidate[];
  codeFixed: boolean;
  lastResult: SubmissionResult<string[]> | undefined;
  submitting: boolean;
  submitLabel: string;
}) {
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(StationFormSchema, {
    id,
    lastResult,
    defaultValue: { ...defaults, orgId: org.id },
  });
  const boxes = getCollectionProps(fields.operatorIds, { type: "checkbox", options: candidates.map((person) => person.id) });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <ErrorList id={form.errorId} errors={form.errors} />
      <label htmlFor={fields.code.id}>{t("station.manage.fields.code")}</label>
      <input
        {...getInputProps(fields.code, { type: "text", ariaDescribedBy: "station-code-hint" })}
        readOnly={codeFixed}
        autoCapitalize="none"
        spellCheck={false}
      />
      <p id="station-code-hint" className="muted">
        {t(codeFixed ? "station.manage.fields.codeFixed" : "station.manage.fields.codeHint")}
      </p>
      <ErrorList id={fields.code.errorId} errors={fields.code.errors} />

      <label htmlFor={fields.name.id}>{t("station.manage.fields.name")}</label>
      <input {...getInputProps(fields.name, { type: "text" })} />
      <ErrorList id={fields.name.errorId} errors={fields.name.errors} />

      <label htmlFor={fields.village.id}>{t("station.manage.fields.village")}</label>
      <input {...getInputProps(fields.village, { type: "text" })} />
      <ErrorList id={fields.village.errorId} errors={fields.village.errors} />

      <label htmlFor={fields.address.id}>{t("station.manage.fields.address")}</label>
      <input {...getInputProps(fields.address, { type: "text" })} />
      <ErrorList id={fields.address.errorId} errors={fields.address.errors} />

      <input {...getInputProps(fields.orgId, { type: "hidden" })} />
      <p>{t("station.manage.orgNow", { org: org.name })}</p>
      <ErrorList id={fields.orgId.errorId} errors={fields.orgId.errors} />

      <fieldset
        aria-describedby={fields.operatorIds.errors ? `station-operators-hint ${fields.operatorIds.errorId}` : "station-operators-hint"}
      >
        <legend>{t("station.manage.fields.operators")}</legend>
        <p id="station-operators-hint" className="muted">
          {t("station.manage.fields.operatorsHint", { org: org.name })}
        </p>
        {candidates.length === 0 ? <p>{t("station.manage.fields.operatorsNone", { org: org.name })}</p> : null}
        <ul className="plain" data-testid="operator-candidates">
          {candidates.map((person, index) => {
            const { key, ...box } = boxes[index]!;
            return (
              <li key={key}>
                <label className="option" htmlFor={box.id}>
                  <input {...box} />
                  <span>
                    {person.name}（{person.phone ?? t("station.manage.noPhone")}）<span className="muted"> · {person.orgName}</span>
                    {person.outside ? <strong> {t("station.manage.operatorOutside")}</strong> : null}
                  </span>
                </label>
              </li>
            );
          })}
        </ul>
        <ErrorList id={fields.operatorIds.errorId} errors={fields.operatorIds.errors} />
      </fieldset>
      <p className="muted">{t("station.manage.roleNote")}</p>

      <label htmlFor={fields.equipment.id}>{t("station.manage.fields.equipment")}</label>
      <textarea {...getTextareaProps(fields.equipment, { ariaDescribedBy: "station-equipment-hint" })} rows={2} />
      <p id="station-equipment-hint" className="muted">
        {t("station.manage.fields.equipmentHint")}
      </p>
      <ErrorList id={fields.equipment.errorId} errors={fields.equipment.errors} />

      <label htmlFor={fields.connectivity.id}>{t("station.manage.fields.connectivity")}</label>
      <select {...getSelectProps(fields.connectivity)}>
        {CONNECTIVITY.map((level) => (
          <option key={level} value={level}>
            {t(`station.overview.connectivity.${level}`)}
          </option>
        ))}
      </select>
      <ErrorList id={fields.connectivity.errorId} errors={fields.connectivity.errors} />

      <button type="submit" disabled={submitting}>
        {submitLabel}
      </button>
    </Form>
  );
}

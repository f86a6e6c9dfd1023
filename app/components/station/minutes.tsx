// 讨论纪要: the operator types what the room said and picks who spoke from the
// roll. Saving again replaces the minutes (the latest `minutes` event stands).
import { getFormProps, getTextareaProps } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ErrorList, useSchemaForm } from "~/components/forms.tsx";
import type { SessionEventBody } from "~/domain/station/session-events.ts";

export const MinutesSchema = z.object({
  summary: z
    .string({ required_error: "station.tv.minutes.empty" })
    .trim()
    .min(1, "station.tv.minutes.empty")
    .max(5000, "station.tv.minutes.tooLong"),
  speakerIds: z.array(z.string()).default([]),
});

export function Minutes({
  prompt,
  attendees,
  minutes,
  send,
}: {
  prompt: string;
  attendees: { id: string; name: string }[];
  minutes: { summary: string; speakerIds: string[] } | null;
  send: (bodies: SessionEventBody[]) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(MinutesSchema, {
    id: "minutes",
    shouldValidate: "onSubmit",
    defaultValue: { summary: minutes?.summary ?? "", speakerIds: minutes?.speakerIds ?? [] },
    onSubmit(event, { submission }) {
      event.preventDefault();
      if (submission?.status !== "success") return;
      void send([{ type: "minutes", summary: submission.value.summary, speakerIds: submission.value.speakerIds }]);
    },
  });
  return (
    <form {...getFormProps(form)} className="tv-form">
      {prompt ? (
        <p className="tv-prompt">
          <strong>{t("station.tv.minutes.prompt")}：</strong>
          {prompt}
        </p>
      ) : null}
      <label className="tv-field">
        {t("station.tv.minutes.summary")}
        <textarea {...getTextareaProps(fields.summary)} rows={5} />
      </label>
      <ErrorList id={fields.summary.errorId} errors={fields.summary.errors} />
      <fieldset>
        <legend>{t("station.tv.minutes.speakers")}</legend>
        <div className="tv-checks">
          {attendees.map((attendee) => (
            <label key={attendee.id}>
              <input
                type="checkbox"
                name={fields.speakerIds.name}
                value={attendee.id}
                defaultChecked={minutes?.speakerIds.includes(attendee.id) ?? false}
              />{" "}
              {attendee.name}
            </label>
          ))}
        </div>
      </fieldset>
      <button type="submit">{t("station.tv.minutes.save")}</button>
      {minutes ? (
        <p className="notice ok" role="status">
          {t("station.tv.minutes.saved")}
        </p>
      ) : null}
    </form>
  );
}

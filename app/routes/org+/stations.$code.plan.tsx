// 播放计划: a station's playback schedule. The month's showings from every line
// of the plan, printable; the lines themselves, each removable; and a form to
// add one, its days typed as villagers say them (逢六 is 6). Works without JavaScript.
import { getFormProps, getInputProps, getSelectProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { ErrorList, useSchemaForm } from "~/components/forms.tsx";
import { PrintButton } from "~/components/print-button.tsx";
import {
  PLAN_MODES,
  PLAN_VENUES,
  planEntryFormSchema,
  planFormSchema,
  recurrenceFromText,
  RULE_KINDS,
} from "~/domain/station/plan-form.ts";
import { monthSchedule, weekdayOf, type Recurrence } from "~/domain/station/schedule.ts";
import { addPlanEntry, lessonExists, lessonsToPlan, removePlanEntry, stationPlan } from "~/models/station.server.ts";
import { requestedMonth, stationInReach } from "~/utils/station-access.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { station } = await stationInReach(request, params.code);
  const month = requestedMonth(request);
  const { year, number: monthNumber } = month;
  const [lines, lessons] = await Promise.all([stationPlan(station.id), lessonsToPlan(station.org.path)]);
  return {
    station: { code: station.code, name: station.name, address: station.address, orgName: station.org.name },
    month,
    lines,
    schedule: monthSchedule(
      lines.map((line) => ({ rule: line.rule, time: line.time, entry: line })),
      year,
      monthNumber,
    ).map(({ date, time, entry }) => ({
      date,
      time,
      weekday: weekdayOf(...(date.split("-").map(Number) as [number, number, number])),
      lessonTitle: entry.lessonTitle,
      mode: entry.mode,
      venue: entry.venue,
      place: entry.place,
    })),
    lessons: lessons.map((lesson) => ({ id: lesson.id, label: `${lesson.course.title} · ${lesson.title}` })),
    notice: new URL(request.url).searchParams.get("done"),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { station, user } = await stationInReach(request, params.code);
  const submission = parseWithZod(await request.formData(), { schema: planFormSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const back = new URL(request.url);
  const value = submission.value;
  if (value.intent === "remove") {
    if (!(await removePlanEntry(station.id, value.entryId))) {
      return data(submission.reply({ fieldErrors: { entryId: ["station.planProblems.gone"] } }), { status: 400 });
    }
    back.searchParams.set("done", "removed");
    return redirect(`${back.pathname}${back.search}`);
  }
  if (!(await lessonExists(value.lessonId, station.org.path))) {
    return data(submission.reply({ fieldErrors: { lessonId: ["station.planProblems.lesson"] } }), { status: 400 });
  }
  const rule = recurrenceFromText(value.kind, value.days);
  // The schema has read the days already; a rule that still does not read is a bug, not the user's.
  if ("problem" in rule) throw new Error(`plan days passed the schema but do not read: ${rule.problem}`);
  await addPlanEntry({
    stationId: station.id,
    lessonId: value.lessonId,
    rule,
    time: value.time,
    mode: value.mode,
    venue: value.venue,
    place: value.place?.trim() ?? "",
    createdById: user.id,
  });
  back.searchParams.set("done", "added");
  return redirect(`${back.pathname}${back.search}`);
}

function describeRule(t: TFunction, rule: Recurrence): string {
  const weekdays = (t("station.plan.weekday", { returnObjects: true }) as string[]) ?? [];
  switch (rule.kind) {
    case "digit":
      return t("station.plan.rule.digit", { digit: rule.digit === 0 ? "十" : "一二三四五六七八九"[rule.digit - 1] });
    case "monthDays":
      return t("station.plan.rule.monthDays", { days: rule.days.join("、") });
    case "weekly":
      return t("station.plan.rule.weekly", { days: rule.weekdays.map((day) => weekdays[day]).join("、") });
    case "once":
      return t("station.plan.rule.once", { date: rule.date });
  }
}

function AddLineForm({
  lessons,
  lastResult,
  submitting,
}: {
  lessons: { id: string; label: string }[];
  lastResult: SubmissionResult<string[]> | undefined;
  submitting: boolean;
}) {
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(planEntryFormSchema, {
    id: "plan-add",
    lastResult: lastResult?.initialValue?.intent === "add" ? lastResult : undefined,
    defaultValue: { kind: "digit", time: "19:30", mode: "CENTRALIZED", venue: "FIXED" },
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack no-print">
      <input type="hidden" name="intent" value="add" />
      <label htmlFor={fields.lessonId.id}>{t("station.plan.fields.lessonId")}</label>
      <select {...getSelectProps(fields.lessonId)}>
        <option value="" />
        {lessons.map((lesson) => (
          <option key={lesson.id} value={lesson.id}>
            {lesson.label}
          </option>
        ))}
      </select>
      <ErrorList id={fields.lessonId.errorId} errors={fields.lessonId.errors} />
      <label htmlFor={fields.kind.id}>{t("station.plan.fields.kind")}</label>
      <select {...getSelectProps(fields.kind)}>
        {RULE_KINDS.map((kind) => (
          <option key={kind} value={kind}>
            {t(`station.plan.kinds.${kind}`)}
          </option>
        ))}
      </select>
      <ErrorList id={fields.kind.errorId} errors={fields.kind.errors} />
      <label htmlFor={fields.days.id}>{t("station.plan.fields.days")}</label>
      <input {...getInputProps(fields.days, { type: "text", ariaDescribedBy: "plan-days-hint" })} inputMode="numeric" />
      <p id="plan-days-hint" className="muted">
        {t("station.plan.fields.daysHint")}
      </p>
      <ErrorList id={fields.days.errorId} errors={fields.days.errors} />
      <label htmlFor={fields.time.id}>{t("station.plan.fields.time")}</label>
      <input {...getInputProps(fields.time, { type: "time" })} />
      <ErrorList id={fields.time.errorId} errors={fields.time.errors} />
      <label htmlFor={fields.mode.id}>{t("station.plan.fields.mode")}</label>
      <select {...getSelectProps(fields.mode)}>
        {PLAN_MODES.map((mode) => (
          <option key={mode} value={mode}>
            {t(`station.plan.modes.${mode}`)}
          </option>
        ))}
      </select>
      <label htmlFor={fields.venue.id}>{t("station.plan.fields.venue")}</label>
      <select {...getSelectProps(fields.venue)}>
        {PLAN_VENUES.map((venue) => (
          <option key={venue} value={venue}>
            {t(`station.plan.venues.${venue}`)}
          </option>
        ))}
      </select>
      <label htmlFor={fields.place.id}>{t("station.plan.fields.place")}</label>
      <input {...getInputProps(fields.place, { type: "text" })} />
      <ErrorList id={fields.place.errorId} errors={fields.place.errors} />
      <button type="submit" disabled={submitting}>
        {t("station.plan.add")}
      </button>
    </Form>
  );
}

export default function StationPlan() {
  const { station, month, lines, schedule, lessons, notice } = useLoaderData<typeof loader>();
  // Typed by hand: a `data()` answer with a status loses its shape in Remix 2's inferred types.
  const lastResult = useActionData() as SubmissionResult<string[]> | undefined;
  const navigation = useNavigation();
  const { t } = useTranslation();
  const weekdays = t("station.plan.weekday", { returnObjects: true }) as string[];
  const removeError = lastResult?.initialValue?.intent === "remove" ? (lastResult.error?.entryId ?? null) : null;
  return (
    <>
      <p className="no-print">
        <Link to="/org/stations">← {t("station.plan.back")}</Link>
      </p>
      <h1>{t("station.plan.title", { station: station.name })}</h1>
      <p className="muted">
        {station.orgName} · {station.address}
      </p>
      {notice === "added" || notice === "removed" ? (
        <p className="notice ok no-print" role="status">
          {t(`station.plan.${notice}`)}
        </p>
      ) : null}
      <nav className="no-print month-nav" aria-label={t("station.plan.month", { year: month.year, month: month.number })}>
        <Link to={`?month=${month.previous}`}>← {t("station.plan.previous")}</Link>
        <Link to={`?month=${month.next}`}>{t("station.plan.next")} →</Link>
        <PrintButton label={t("station.plan.print")} className="secondary" />
      </nav>
      <h2>{t("station.plan.month", { year: month.year, month: month.number })}</h2>
      {schedule.length === 0 ? (
        <p>{t("station.plan.empty")}</p>
      ) : (
        <table data-testid="month-schedule">
          <thead>
            <tr>
              <th scope="col">{t("station.plan.columns.date")}</th>
              <th scope="col">{t("station.plan.columns.time")}</th>
              <th scope="col">{t("station.plan.columns.lesson")}</th>
              <th scope="col">{t("station.plan.columns.how")}</th>
              <th scope="col">{t("station.plan.columns.place")}</th>
            </tr>
          </thead>
          <tbody>
            {schedule.map((showing, index) => (
              <tr key={`${showing.date}-${showing.time}-${index}`}>
                <td>
                  {showing.date} {weekdays[showing.weekday]}
                </td>
                <td>{showing.time}</td>
                <td>{showing.lessonTitle}</td>
                <td>
                  {t(`station.plan.modes.${showing.mode}`)} · {t(`station.plan.venues.${showing.venue}`)}
                </td>
                <td>{showing.place}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section className="no-print" aria-labelledby="plan-lines">
        <h2 id="plan-lines">{t("station.plan.lines")}</h2>
        <ErrorList errors={removeError} />
        {lines.length === 0 ? (
          <p className="muted">{t("station.plan.linesNone")}</p>
        ) : (
          <ul data-testid="plan-lines">
            {lines.map((line) => {
              const rule = describeRule(t, line.rule);
              return (
                <li key={line.id}>
                  {rule} {line.time} {line.lessonTitle}{" "}
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="remove" />
                    <input type="hidden" name="entryId" value={line.id} />
                    <button
                      type="submit"
                      className="secondary"
                      aria-label={t("station.plan.removeLabel", { rule, time: line.time, lesson: line.lessonTitle })}
                    >
                      {t("station.plan.remove")}
                    </button>
                  </Form>
                </li>
              );
            })}
          </ul>
        )}
        <h2>{t("station.plan.add")}</h2>
        <AddLineForm lessons={lessons} lastResult={lastResult} submitting={navigation.state === "submitting"} />
      </section>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "播放计划 · 四环学习" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

// 学用登记与月报卡: one station's month. The report card (printable A4) puts the
// sessions held, the hours shown, attendance and tests passed against the
// station's goals; the work log lists every session as its events recorded it,
// and the notes the operator writes (an equipment fault, a showing cancelled
// and why). Works without JavaScript.
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { ErrorList, useSchemaForm } from "~/components/forms.tsx";
import { PrintButton } from "~/components/print-button.tsx";
import { beijingDate, beijingDateTime } from "~/domain/calendar.ts";
import { LOG_NOTE_KINDS } from "~/domain/station/report-card.ts";
import { addLogNote, stationMonthLog } from "~/models/station.server.ts";
import { requestedMonth, stationInReach } from "~/utils/station-access.server.ts";

const isRealDate = (text: string) => /^\d{4}-\d{2}-\d{2}$/.test(text) && new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text;

export const LogNoteSchema = z.object({
  kind: z.enum(LOG_NOTE_KINDS, { errorMap: () => ({ message: "station.log.problems.kind" }) }),
  onDate: z.string({ required_error: "station.log.problems.onDate" }).trim().refine(isRealDate, "station.log.problems.onDate"),
  text: z
    .string({ required_error: "station.log.problems.text" })
    .trim()
    .min(1, "station.log.problems.text")
    .max(500, "station.log.problems.text"),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { station } = await stationInReach(request, params.code);
  const month = requestedMonth(request);
  const monthLog = await stationMonthLog({ id: station.id, orgPath: station.org.path }, month.key);
  return {
    station: { code: station.code, name: station.name, address: station.address, orgName: station.org.name },
    month,
    ...monthLog,
    sessions: monthLog.sessions.map(({ dateFlag, ...session }) => ({
      ...session,
      startedAt: beijingDateTime(session.startedAt),
      // The device's clock was wrong: the date it gave, shown next to the upload date the log uses.
      dateFlag: dateFlag && { flag: dateFlag.flag, deviceDate: beijingDateTime(dateFlag.deviceStartedAt) },
    })),
    today: beijingDate(new Date()),
    notice: new URL(request.url).searchParams.get("done"),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { station, user } = await stationInReach(request, params.code);
  const submission = parseWithZod(await request.formData(), { schema: LogNoteSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  await addLogNote({ stationId: station.id, ...submission.value, createdById: user.id });
  return redirect(`/org/stations/${station.code}?month=${submission.value.onDate.slice(0, 7)}&done=added`);
}

function NoteForm({ today, lastResult, submitting }: { today: string; lastResult?: SubmissionResult<string[]>; submitting: boolean }) {
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(LogNoteSchema, { id: "log-note", lastResult, defaultValue: { kind: "FAULT", onDate: today } });
  return (
    <Form method="post" {...getFormProps(form)} className="stack no-print">
      <label htmlFor={fields.kind.id}>{t("station.log.fields.kind")}</label>
      <select {...getSelectProps(fields.kind)}>
        {LOG_NOTE_KINDS.map((kind) => (
          <option key={kind} value={kind}>
            {t(`station.log.kinds.${kind}`)}
          </option>
        ))}
      </select>
      <ErrorList id={fields.kind.errorId} errors={fields.kind.errors} />
      <label htmlFor={fields.onDate.id}>{t("station.log.fields.onDate")}</label>
      <input {...getInputProps(fields.onDate, { type: "text" })} inputMode="numeric" />
      <ErrorList id={fields.onDate.errorId} errors={fields.onDate.errors} />
      <label htmlFor={fields.text.id}>{t("station.log.fields.text")}</label>
      <textarea {...getTextareaProps(fields.text)} rows={3} />
      <ErrorList id={fields.text.errorId} errors={fields.text.errors} />
      <button type="submit" disabled={submitting}>
        {t("station.log.add")}
      </button>
    </Form>
  );
}

export default function StationLog() {
  const { station, month, card, sessions, notes, today, notice } = useLoaderData<typeof loader>();
  const lastResult = useActionData() as SubmissionResult<string[]> | undefined;
  const navigation = useNavigation();
  const { t } = useTranslation();
  const met = (yes: boolean) => (yes ? t("station.log.card.met") : t("station.log.card.notMet"));
  return (
    <article className="report-card">
      <p className="no-print">
        <Link to="/org/stations">← {t("station.log.back")}</Link>
      </p>
      <h1>{t("station.log.title", { station: station.name })}</h1>
      <p className="muted">
        {station.orgName} · {station.address}
      </p>
      {notice === "added" ? (
        <p className="notice ok no-print" role="status">
          {t("station.log.added")}
        </p>
      ) : null}
      <nav className="no-print month-nav" aria-label={t("station.log.cardTitle", { year: month.year, month: month.number })}>
        <Link to={`?month=${month.previous}`}>← {t("station.log.previous")}</Link>
        <Link to={`?month=${month.next}`}>{t("station.log.next")} →</Link>
        <PrintButton label={t("station.log.print")} className="secondary" />
      </nav>

      <h2>{t("station.log.cardTitle", { year: month.year, month: month.number })}</h2>
      <table data-testid="report-card">
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">{t("station.log.card.goal")}</th>
            <th scope="col">{t("station.log.card.actual")}</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">{t("station.log.card.sessions")}</th>
            <td>{card.goals.sessionsPerMonth}</td>
            <td>{card.sessionsHeld}</td>
            <td>{met(card.sessionsMet)}</td>
          </tr>
          <tr>
            <th scope="row">{t("station.log.card.showing")}</th>
            <td>{card.goals.showingHoursPerMonth}</td>
            <td>{card.showingHours}</td>
            <td>{met(card.showingMet)}</td>
          </tr>
          <tr>
            <th scope="row">{t("station.log.card.attendances")}</th>
            <td />
            <td>{card.attendances}</td>
            <td />
          </tr>
          <tr>
            <th scope="row">{t("station.log.card.people")}</th>
            <td />
            <td>{card.people}</td>
            <td />
          </tr>
          <tr>
            <th scope="row">{t("station.log.card.passed")}</th>
            <td />
            <td>{card.testsPassed}</td>
            <td />
          </tr>
          <tr>
            <th scope="row">{t("station.log.card.cancelled")}</th>
            <td />
            <td>{card.sessionsCancelled}</td>
            <td />
          </tr>
        </tbody>
      </table>

      <h2>{t("station.log.sessions")}</h2>
      {sessions.length === 0 ? (
        <p>{t("station.log.sessionsNone")}</p>
      ) : (
        <div className="table-scroll">
          <table data-testid="work-log">
            <thead>
              <tr>
                <th scope="col">{t("station.log.columns.date")}</th>
                <th scope="col">{t("station.log.columns.lesson")}</th>
                <th scope="col">{t("station.log.columns.present")}</th>
                <th scope="col">{t("station.log.columns.passed")}</th>
                <th scope="col">{t("station.log.columns.shown")}</th>
                <th scope="col">{t("station.log.columns.minutes")}</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((session) => (
                <tr key={session.clientId}>
                  <td>
                    {session.startedAt}{" "}
                    <Link
                      className="no-print"
                      to={`/station/${station.code}?session=${encodeURIComponent(session.clientId)}`}
                      aria-label={t("station.log.viewLabel", { date: session.startedAt, lesson: session.lessonTitle })}
                    >
                      {t("station.log.view")}
                    </Link>
                    {session.dateFlag ? (
                      <p className="notice warn" data-testid="date-flag">
                        {t(`station.log.dateFlags.${session.dateFlag.flag}`, { deviceDate: session.dateFlag.deviceDate })}
                      </p>
                    ) : null}
                  </td>
                  <td>{session.lessonTitle}</td>
                  <td>{session.present}</td>
                  <td>{session.passed}</td>
                  <td>
                    {t("station.log.shownOf", { percent: Math.floor(session.screeningShare * 100) })}
                    {session.screeningComplete ? null : t("station.log.notComplete")}
                  </td>
                  <td className="pre-line">{session.minutes ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>{t("station.log.notes")}</h2>
      {notes.length === 0 ? (
        <p>{t("station.log.notesNone")}</p>
      ) : (
        <ul data-testid="log-notes">
          {notes.map((note) => (
            <li key={note.id}>
              {note.onDate} {t(`station.log.kinds.${note.kind}`)}：{note.text}{" "}
              <span className="muted">（{t("station.log.noteBy", { name: note.by })}）</span>
            </li>
          ))}
        </ul>
      )}
      <p className="print-only">{t("station.log.signature")}</p>
      <p className="print-only">{t("station.log.printedOn", { date: today })}</p>

      <section className="no-print" aria-labelledby="add-note">
        <h2 id="add-note">{t("station.log.add")}</h2>
        <NoteForm today={today} lastResult={lastResult} submitting={navigation.state === "submitting"} />
      </section>
    </article>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.station.name ?? "站点"} 学用登记 · 四环学习` }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

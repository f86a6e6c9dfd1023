import { ReasonList } from "./eligibility-reasons.tsx";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LEDGER_CATEGORIES } from "~/domain/hours-ledger.ts";
import type { LearnerRecordData } from "~/models/learner-record.server.ts";
import { formatHours } from "~/utils/misc.ts";

/** Hours per year against the annual target (年度学习目标), newest year first. */
function YearlyProgress({ record, certificateLinks }: { record: LearnerRecordData; certificateLinks: boolean }) {
  const { t } = useTranslation();
  const target = record.years[0]?.target ?? 0;
  return (
    <section className="card">
      <h2>{t("me.years")}</h2>
      <p className="muted">{t(`me.targetFor.${record.studyGroup}`, { target })}</p>
      <ul className="plain year-list">
        {record.years.map((year) => (
          <li key={year.year} data-testid={`year-${year.year}`}>
            <div className="year-line">
              <strong>{t("me.yearLabel", { year: year.year })}</strong>
              <span>{t("me.yearHours", { total: formatHours(year.total), target: formatHours(year.target) })}</span>
            </div>
            <div
              className={`progress target-progress${year.remaining === 0 ? " met" : ""}`}
              role="progressbar"
              aria-label={t("me.yearLabel", { year: year.year })}
              aria-valuemin={0}
              aria-valuemax={year.target}
              aria-valuenow={year.total}
            >
              <span style={{ width: `${Math.round(year.share * 1000) / 10}%` }} />
            </div>
            <p className="year-status">
              {year.remaining === 0 ? (
                <span className="badge ok">{t("me.targetMet")}</span>
              ) : (
                <span className="muted">{t("me.remaining", { hours: formatHours(year.remaining) })}</span>
              )}
              {certificateLinks ? (
                <>
                  {" · "}
                  <Link to={`/me/certificate?year=${year.year}`} className="no-print">
                    {t("certificate.openYear", { year: year.year })}
                  </Link>
                </>
              ) : null}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A learner's hours, targets and entries. On his own page (/me) it links to his certificates. */
export function LearnerRecord({ record, certificateLinks = false }: { record: LearnerRecordData; certificateLinks?: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <p>
        {record.person.name} · {record.person.homeOrg?.name} · {t(`me.stageNames.${record.person.stage}`)}
      </p>
      <section className="card">
        <h2>{t("me.total")}</h2>
        <p style={{ fontSize: "2rem", margin: 0 }} data-testid="total-hours">
          {formatHours(record.summary.total)}
        </p>
        <h3>{t("me.byCategory")}</h3>
        <ul className="plain">
          {LEDGER_CATEGORIES.filter((category) => record.summary.byCategory[category] !== 0).map((category) => (
            <li key={category}>
              {t(`me.categories.${category}`)}：{formatHours(record.summary.byCategory[category])}
            </li>
          ))}
        </ul>
      </section>
      <YearlyProgress record={record} certificateLinks={certificateLinks} />
      {record.eligibility.length > 0 ? (
        <section className="card">
          <h2>{t("me.eligibility")}</h2>
          {record.eligibility.map((result) => (
            <div key={result.nextStage}>
              <p>
                {t("me.next", { stage: t(`me.stageNames.${result.nextStage}`) })}：
                <span className={`badge ${result.status === "ELIGIBLE" ? "ok" : "warn"}`}>{t(`me.status.${result.status}`)}</span>
                {result.earliestOn ? ` · ${t("me.earliest", { date: result.earliestOn })}` : null}
              </p>
              <ReasonList reasons={result.reasons} withEffect={false} />
            </div>
          ))}
        </section>
      ) : null}
      <section className="card">
        <h2>{t("me.entries")}</h2>
        {record.entries.length === 0 ? (
          <p className="muted">{t("me.none")}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>{t("me.date")}</th>
                <th>{t("me.item")}</th>
                <th>{t("me.hours")}</th>
              </tr>
            </thead>
            <tbody>
              {record.entries.map((entry) => (
                <tr key={entry.id}>
                  <td>{entry.occurredAt}</td>
                  <td>
                    {entry.corrects ? t("me.correctionOf", { date: entry.corrects.occurredAt, title: entry.title }) : entry.title}{" "}
                    <span className="muted">{t(`me.categories.${entry.category}`)}</span>
                    {entry.reason ? <div className="muted">{t("me.reason", { reason: entry.reason })}</div> : null}
                    {entry.corrected ? <div className="muted">{t("me.correctedNow", { hours: formatHours(entry.netHours) })}</div> : null}
                  </td>
                  <td>{formatHours(entry.classHours)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

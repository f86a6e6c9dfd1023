import { useTranslation } from "react-i18next";
import { LEDGER_CATEGORIES } from "~/domain/hours-ledger.ts";
import type { LearnerRecordData } from "~/models/learner-record.server.ts";
import { formatHours } from "~/utils/misc.ts";

export function LearnerRecord({ record }: { record: LearnerRecordData }) {
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
              <ul>
                {result.reasons.map((reason) => (
                  <li key={reason.rule}>
                    {reason.evidence}；{reason.remedy}（{reason.article}）
                  </li>
                ))}
              </ul>
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
                    {entry.title} <span className="muted">{t(`me.categories.${entry.category}`)}</span>
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

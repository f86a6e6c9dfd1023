// 发展党员工作台: everyone on the path in the user's organizations, with the
// verdict on his next step and what is due; who became eligible this month first.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { DueItem } from "~/domain/development/due.ts";

import { listPeopleOnPath } from "~/models/development.server.ts";
import { permittedRoots, requirePermission } from "~/utils/permissions.server.ts";
import { beijingDate } from "~/domain/calendar.ts";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "learner:view");
  const today = beijingDate(new Date());
  const people = await listPeopleOnPath(permittedRoots(user, "learner:view"), new Date(`${today}T00:00:00Z`));
  const month = today.slice(0, 7);
  return {
    people,
    eligibleThisMonth: people.filter((person) => person.verdict?.status === "ELIGIBLE" && person.verdict.eligibleSince?.startsWith(month)),
  };
}

function DueList({ due }: { due: DueItem[] }) {
  const { t } = useTranslation();
  if (due.length === 0) return null;
  return (
    <ul className="due">
      {due.map((item) => (
        <li key={item.kind} className="badge warn">
          {item.kind === "reports" || item.kind === "assessment"
            ? t(`development.due.${item.kind}`, { count: item.count })
            : t(`development.due.${item.kind}`, { date: item.on })}
        </li>
      ))}
    </ul>
  );
}

export default function DevelopmentDesk() {
  const { people, eligibleThisMonth } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("development.listTitle")}</h1>
      <section className="card" data-testid="eligible-this-month">
        <h2>{t("development.eligibleThisMonth")}</h2>
        {eligibleThisMonth.length === 0 ? (
          <p className="muted">{t("development.eligibleThisMonthNone")}</p>
        ) : (
          <ul>
            {eligibleThisMonth.map((person) => (
              <li key={person.id}>
                <Link to={`/org/development/${person.id}`}>{person.name}</Link> · {person.branch} ·{" "}
                {t("development.verdict", { stage: t(`me.stageNames.${person.verdict!.nextStage}`) })}（{person.verdict!.eligibleSince}）
              </li>
            ))}
          </ul>
        )}
      </section>
      {people.length === 0 ? (
        <p className="muted">{t("development.none")}</p>
      ) : (
        <table className="development-table">
          <thead>
            <tr>
              <th>{t("development.columns.name")}</th>
              <th>{t("development.columns.branch")}</th>
              <th>{t("development.columns.stage")}</th>
              <th>{t("development.columns.status")}</th>
              <th>{t("development.columns.due")}</th>
            </tr>
          </thead>
          <tbody>
            {people.map((person) => (
              <tr key={person.id}>
                <td>
                  <Link to={`/org/development/${person.id}`}>{person.name}</Link>
                </td>
                <td>{person.branch}</td>
                <td>
                  {t(`me.stageNames.${person.stage}`)}
                  {person.tier ? <div className="muted">{t(`development.tiers.${person.tier}`)}</div> : null}
                </td>
                <td>
                  {person.verdict ? (
                    <>
                      <span className={`badge ${person.verdict.status === "ELIGIBLE" ? "ok" : "warn"}`}>
                        {t(`me.status.${person.verdict.status}`)}
                      </span>
                      {person.verdict.earliestOn ? (
                        <div className="muted">{t("me.earliest", { date: person.verdict.earliestOn })}</div>
                      ) : null}
                      {person.verdict.reasons.slice(0, 2).map((reason) => (
                        <div key={reason.rule} className="muted">
                          {t(`development.remedy.${reason.remedy.code}`, reason.remedy.params ?? {})}
                        </div>
                      ))}
                    </>
                  ) : (
                    <span className="muted">{t("development.notComputed")}</span>
                  )}
                </td>
                <td>
                  <DueList due={person.due} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "发展党员工作台 · 四环学习" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

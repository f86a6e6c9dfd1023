// 远程教育站点: the stations of the user's organizations with this month's
// report card against their goals, the quiet ones first (township and county
// staff, and an operator for his own station).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { DEFAULT_STATION_GOALS } from "~/domain/station/report-card.ts";
import { stationIdsUnder } from "~/models/station-admin.server.ts";
import { stationsOverview, type StationOverview } from "~/models/station.server.ts";
import { manageableRoots, permittedRoots, requirePermission } from "~/utils/permissions.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "station:operate");
  // Adding and editing stations is org:manage's (an operator sees his station, not its settings).
  const manageable = manageableRoots(user);
  const [stations, editable] = await Promise.all([stationsOverview(permittedRoots(user, "station:operate")), stationIdsUnder(manageable)]);
  return { stations, canAdd: manageable.length > 0, editable };
}

function GoalBar({ label, value, goal, text }: { label: string; value: number; goal: number; text: string }) {
  const share = goal > 0 ? Math.min(1, value / goal) : 1;
  return (
    <div>
      <span>{text}</span>
      <div
        className={`progress target-progress${value >= goal ? " met" : ""}`}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={goal}
        aria-valuenow={value}
      >
        <span style={{ width: `${Math.round(share * 1000) / 10}%` }} />
      </div>
    </div>
  );
}

function StationRow({ station, editable }: { station: StationOverview; editable: boolean }) {
  const { t } = useTranslation();
  const { card } = station;
  return (
    <tr data-testid={`station-${station.code}`}>
      <th scope="row">
        {station.name}
        <br />
        <span className="muted">{station.address}</span>
        <br />
        <Link to={`/org/stations/${station.code}/plan`} aria-label={`${station.name} ${t("station.plan.link")}`}>
          {t("station.plan.link")}
        </Link>
        <br />
        <Link to={`/org/stations/${station.code}`} aria-label={t("station.log.linkLabel", { station: station.name })}>
          {t("station.log.link")}
        </Link>
        <br />
        <Link to={`/org/stations/${station.code}/people`} aria-label={t("station.people.linkLabel", { name: station.name })}>
          {t("station.people.link")}
        </Link>
        <br />
        <Link to={`/station/${station.code}`} aria-label={t("station.tv.linkLabel", { station: station.name })}>
          {t("station.tv.link")}
        </Link>
        {editable ? (
          <>
            <br />
            <Link to={`/org/stations/${station.code}/edit`} aria-label={t("station.manage.editLabel", { name: station.name })}>
              {t("station.manage.edit")}
            </Link>
          </>
        ) : null}
      </th>
      <td>{station.orgName}</td>
      <td>{station.operatorNames.length > 0 ? station.operatorNames.join("、") : t("station.overview.noOperator")}</td>
      <td>{t(`station.overview.connectivity.${station.connectivity}`, { defaultValue: station.connectivity })}</td>
      <td>
        <GoalBar
          label={t("station.overview.sessionsLabel", { name: station.name, goal: card.goals.sessionsPerMonth })}
          value={card.sessionsHeld}
          goal={card.goals.sessionsPerMonth}
          text={t("station.overview.ofGoal", { value: card.sessionsHeld, goal: card.goals.sessionsPerMonth })}
        />
      </td>
      <td>
        <GoalBar
          label={t("station.overview.showingLabel", { name: station.name, goal: card.goals.showingHoursPerMonth })}
          value={card.showingHours}
          goal={card.goals.showingHoursPerMonth}
          text={t("station.overview.ofGoal", { value: card.showingHours, goal: card.goals.showingHoursPerMonth })}
        />
      </td>
      <td>{station.next ? `${station.next.date} ${station.next.time} ${station.next.lessonTitle}` : t("station.overview.nextNone")}</td>
      <td>{card.attendances}</td>
      <td>{card.testsPassed}</td>
      <td data-testid="date-flagged">
        {station.dateFlagged > 0 ? (
          <Link
            to={`/org/stations/${station.code}`}
            aria-label={t("station.overview.dateFlagsLabel", { name: station.name, count: station.dateFlagged })}
          >
            {station.dateFlagged}
          </Link>
        ) : (
          0
        )}
      </td>
    </tr>
  );
}

export default function Stations() {
  const { stations, canAdd, editable } = useLoaderData<typeof loader>();
  const editableIds = new Set(editable);
  const { t } = useTranslation();
  const quiet = stations.filter((station) => station.quietDays !== null);
  const month = stations[0]?.card.month;
  return (
    <>
      <h1>{t("station.overview.title")}</h1>
      {canAdd ? (
        <p>
          <Link className="button" to="/org/stations/new">
            {t("station.manage.add")}
          </Link>
        </p>
      ) : null}
      {stations.length === 0 ? (
        <p className="muted">{t("station.overview.none")}</p>
      ) : (
        <>
          <section aria-labelledby="quiet-title" data-testid="quiet-stations">
            <h2 id="quiet-title">{t("station.overview.quietTitle")}</h2>
            {quiet.length === 0 ? (
              <p>{t("station.overview.quietNone")}</p>
            ) : (
              <ul>
                {quiet.map((station) => (
                  <li key={station.id} className="notice warn">
                    {t(station.neverHeld ? "station.overview.quietNeverHeld" : "station.overview.quiet", {
                      name: station.name,
                      days: station.quietDays,
                    })}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <h2>{t("station.overview.month", { month })}</h2>
          {/* Focusable, so that a keyboard or a TV remote can scroll it too (WCAG 2.1.1; axe: scrollable-region-focusable). */}
          {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrollable region must take focus to be scrolled without a pointer */}
          <div className="table-scroll" role="region" aria-label={t("station.overview.month", { month })} tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("station.overview.columns.station")}</th>
                  <th scope="col">{t("station.overview.columns.org")}</th>
                  <th scope="col">{t("station.overview.columns.operator")}</th>
                  <th scope="col">{t("station.overview.columns.connectivity")}</th>
                  <th scope="col">{t("station.overview.columns.sessions")}</th>
                  <th scope="col">{t("station.overview.columns.showing")}</th>
                  <th scope="col">{t("station.overview.columns.next")}</th>
                  <th scope="col">{t("station.overview.columns.attendances")}</th>
                  <th scope="col">{t("station.overview.columns.passed")}</th>
                  <th scope="col">{t("station.overview.columns.dateFlags")}</th>
                </tr>
              </thead>
              <tbody>
                {stations.map((station) => (
                  <StationRow key={station.id} station={station} editable={editableIds.has(station.id)} />
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted">
            {t("station.overview.goalsNote", {
              sessions: DEFAULT_STATION_GOALS.sessionsPerMonth,
              hours: DEFAULT_STATION_GOALS.showingHoursPerMonth,
            })}
          </p>
        </>
      )}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "远程教育站点 · 四环学习" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

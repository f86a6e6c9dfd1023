import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listLearnersIn } from "~/models/learner-record.server.ts";
import { formatHours } from "~/utils/misc.ts";
import { permittedRoots, requirePermission } from "~/utils/permissions.server.ts";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "learner:view");
  return { learners: await listLearnersIn(permittedRoots(user, "learner:view")) };
}

export default function Learners() {
  const { learners } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("org.learners")}</h1>
      {learners.length === 0 ? (
        <p className="muted">{t("org.none")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{t("org.name")}</th>
              <th>{t("org.branch")}</th>
              <th>{t("org.stage")}</th>
              <th>{t("org.completed")}</th>
              <th>{t("org.hours")}</th>
            </tr>
          </thead>
          <tbody>
            {learners.map((learner) => (
              <tr key={learner.id}>
                <td>
                  <Link to={`/org/learners/${learner.id}`}>{learner.name}</Link>
                </td>
                <td>{learner.branch}</td>
                <td>{t(`me.stageNames.${learner.stage}`)}</td>
                <td>{learner.completedLessons}</td>
                <td>{formatHours(learner.hours)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "学员学习情况 · 四环学习" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

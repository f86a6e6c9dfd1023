import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LearnerRecord } from "~/components/learner-record.tsx";
import { DisplaySettings } from "~/components/preferences.tsx";
import { loadLearnerRecord } from "~/models/learner-record.server.ts";
import { requirePermission } from "~/utils/permissions.server.ts";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "study");
  return { record: await loadLearnerRecord(user.id) };
}

export default function MyHours() {
  const { record } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("me.title")}</h1>
      <LearnerRecord record={record} certificateLinks />
      <section className="card" aria-labelledby="display-settings-title">
        <h2 id="display-settings-title">{t("preferences.title")}</h2>
        <DisplaySettings anchor="display-settings" explained />
      </section>
      <p className="no-print">
        <Link to="/me/password">{t("password.title")}</Link>
      </p>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "我的学时 · 四环学习" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

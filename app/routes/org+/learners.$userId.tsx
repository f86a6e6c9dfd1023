import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LearnerRecord } from "~/components/learner-record.tsx";
import { loadLearnerRecord } from "~/models/learner-record.server.ts";
import { requireLearnerPermission } from "~/utils/permissions.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const learnerId = params.userId ?? "";
  await requireLearnerPermission(request, "learner:view", learnerId);
  return { record: await loadLearnerRecord(learnerId) };
}

export default function LearnerDetail() {
  const { record } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <p className="no-print">
        <Link to="/org/learners">← {t("org.learners")}</Link>
      </p>
      <h1>{t("org.detail")}</h1>
      <LearnerRecord record={record} />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "学员详情 · 四环学习" }];

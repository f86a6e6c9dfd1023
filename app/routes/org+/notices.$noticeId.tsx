// 公示: a public notice about one person's admission or conversion, laid out to
// be printed and posted; the screen shows the same page with a print button.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { noticeSubject, printableNotice } from "~/models/notice.server.ts";
import { invariantResponse } from "~/utils/misc.ts";
import { requireLearnerPermission } from "~/utils/permissions.server.ts";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { PrintButton } from "~/components/print-button.tsx";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const noticeId = params.noticeId ?? "";
  const subject = await noticeSubject(noticeId);
  invariantResponse(subject, "Notice not found");
  await requireLearnerPermission(request, "learner:view", subject);
  const printable = await printableNotice(noticeId);
  invariantResponse(printable, "Notice not found");
  return printable;
}

export default function PrintableNotice() {
  const { notice, person } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <p className="no-print">
        <Link to={`/org/development/${person.id}`}>← {t("development.back")}</Link> <PrintButton label={t("notice.print")} />
      </p>
      <article className="printable-notice">
        <h1>{t(`notice.title.${notice.purpose}`, { name: person.name })}</h1>
        <p>{t(`notice.intro.${notice.purpose}`, { org: notice.org })}</p>
        <p className="notice-person">
          {person.name}，{person.gender ? t(`notice.gender.${person.gender}`) : ""}
          {person.birthYear ? `，${t("notice.born", { year: person.birthYear })}` : ""}
          {person.education ? `，${t(`notice.education.${person.education}`, { defaultValue: person.education })}` : ""}，{person.branch}。
        </p>
        {notice.body ? <p className="notice-body">{notice.body}</p> : null}
        <p>{t("notice.period", { start: notice.startsOn, end: notice.endsOn })}</p>
        <p>{t("notice.objections", { org: notice.org })}</p>
        <p className="notice-issuer">
          {notice.org}
          <br />
          {notice.issuedOn}
        </p>
      </article>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `公示 ${data?.person.name ?? ""} · 四环学习` }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

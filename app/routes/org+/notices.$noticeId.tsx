// 公示: a public notice about one person's admission or conversion, laid out to
// be printed and posted; the screen shows the same page with a print button.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { getPrisma } from "~/utils/db.server.ts";
import { invariantResponse } from "~/utils/misc.ts";
import { requireLearnerPermission } from "~/utils/permissions.server.ts";
import { isoDay } from "~/domain/calendar.ts";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const prisma = await getPrisma();
  const notice = await prisma.publicNotice.findUnique({
    where: { id: params.noticeId ?? "" },
    select: { id: true, userId: true, purpose: true, body: true, startsOn: true, endsOn: true, createdAt: true, org: { select: { name: true } } },
  });
  invariantResponse(notice?.userId, "Notice not found");
  await requireLearnerPermission(request, "learner:view", notice.userId);
  const person = await prisma.user.findUniqueOrThrow({
    where: { id: notice.userId },
    select: { id: true, name: true, gender: true, birthDate: true, education: true, homeOrg: { select: { name: true } } },
  });
  return {
    notice: { purpose: notice.purpose, body: notice.body, startsOn: isoDay(notice.startsOn), endsOn: isoDay(notice.endsOn), issuedOn: isoDay(notice.createdAt), org: notice.org.name },
    person: { id: person.id, name: person.name, gender: person.gender, birthYear: person.birthDate?.getUTCFullYear() ?? null, education: person.education, branch: person.homeOrg?.name ?? "" },
  };
}

export default function PrintableNotice() {
  const { notice, person } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <p className="no-print">
        <Link to={`/org/development/${person.id}`}>← {t("development.back")}</Link>{" "}
        <button type="button" onClick={() => window.print()}>
          {t("notice.print")}
        </button>
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

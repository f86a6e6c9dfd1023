// 学时证明: the signed-in learner's own hours for one year, laid out for paper,
// with a link anyone can open (no sign-in) to check it against the ledger.
// `me_` keeps it out of /me's layout: the certificate prints on its own.
import { parseWithZod } from "@conform-to/zod";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { LEDGER_CATEGORIES } from "~/domain/hours-ledger.ts";

import { issueCertificate } from "~/models/certificate.server.ts";
import { requirePermission } from "~/utils/permissions.server.ts";
import { formatHours, invariantResponse } from "~/utils/misc.ts";
import { beijingYear } from "~/domain/calendar.ts";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { PrintButton } from "~/components/print-button.tsx";

// The year picker is a GET form: an empty year is this year (Conform reads "" as not given).
const QuerySchema = z.object({
  year: z.number().int().min(2000).max(2100).optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "study");
  const url = new URL(request.url);
  const query = parseWithZod(url.searchParams, { schema: QuerySchema });
  invariantResponse(query.status === "success", "year: 应为 2000–2100 之间的年份 (expected a year between 2000 and 2100)", 400);
  const now = new Date();
  const certificate = await issueCertificate(user.id, query.value.year ?? beijingYear(now), now);
  return {
    certificate,
    // The site's own address as the learner reached it, so the printed link works from outside.
    verifyUrl: certificate.ok ? `${url.origin}/verify/${certificate.token}` : null,
  };
}

export default function HoursCertificate() {
  const { certificate, verifyUrl } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <div className="no-print certificate-tools">
        <Link to="/me">← {t("certificate.back")}</Link>
        <Form method="get" className="inline-form">
          <label htmlFor="certificate-year">{t("certificate.year")}</label>
          <select id="certificate-year" name="year" defaultValue={certificate.year}>
            {certificate.years.map((year) => (
              <option key={year} value={year}>
                {year}
              </option>
            ))}
          </select>
          <button type="submit" className="secondary">
            {t("certificate.show")}
          </button>
        </Form>
        <PrintButton label={t("certificate.print")} className="secondary" />
      </div>
      <article className="certificate" data-testid="certificate">
        <h1>{t("certificate.title")}</h1>
        {!certificate.ok ? (
          <p className="notice warn" role="alert">
            {t("certificate.broken")}
          </p>
        ) : (
          <>
            <p className="certificate-statement">
              {t("certificate.statement", {
                name: certificate.name,
                organization: certificate.organization,
                year: certificate.year,
                total: formatHours(certificate.summary.total),
              })}
            </p>
            {certificate.entries.length === 0 ? (
              <p>{t("certificate.none")}</p>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th>{t("me.date")}</th>
                    <th>{t("me.item")}</th>
                    <th>{t("certificate.category")}</th>
                    <th className="number">{t("me.hours")}</th>
                  </tr>
                </thead>
                <tbody>
                  {certificate.entries.map((entry) => (
                    <tr key={entry.id}>
                      <td>{entry.occurredAt}</td>
                      <td>
                        {entry.corrects ? t("me.correctionOf", { date: entry.corrects.occurredAt, title: entry.title }) : entry.title}
                        {entry.reason ? <div className="muted">{t("me.reason", { reason: entry.reason })}</div> : null}
                      </td>
                      <td>{t(`me.categories.${entry.category}`)}</td>
                      <td className="number">{formatHours(entry.classHours)}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  {LEDGER_CATEGORIES.filter((category) => certificate.summary.byCategory[category] !== 0).map((category) => (
                    <tr key={category}>
                      <td />
                      <td colSpan={2}>{t(`me.categories.${category}`)}</td>
                      <td className="number">{formatHours(certificate.summary.byCategory[category])}</td>
                    </tr>
                  ))}
                  <tr className="certificate-total">
                    <td />
                    <td colSpan={2}>{t("certificate.total")}</td>
                    <td className="number" data-testid="certificate-total">
                      {formatHours(certificate.summary.total)}
                    </td>
                  </tr>
                </tfoot>
              </table>
            )}
            <p className="certificate-issuer">
              {t("certificate.issuer")}
              <br />
              {t("certificate.issuedOn", { date: certificate.issuedOn })}
            </p>
            <section className="certificate-verify">
              <h2>{t("certificate.verifyHeading")}</h2>
              <p>{t("certificate.verifyText")}</p>
              <p className="certificate-link">
                <a href={verifyUrl ?? undefined} data-testid="verify-link">
                  {verifyUrl}
                </a>
              </p>
            </section>
          </>
        )}
      </article>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "学时证明 · 四环学习" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

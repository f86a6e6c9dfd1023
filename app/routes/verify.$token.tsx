// 学时证明核验: anyone holding a certificate's link, signed in or not, sees
// whether it still agrees with the ledger. It shows only what the certificate
// itself states (name, organization, year, hours), nothing else about the person.
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LEDGER_CATEGORIES, type HoursSummary } from "~/domain/hours-ledger.ts";
import { checkCertificate } from "~/models/certificate.server.ts";
import { formatHours } from "~/utils/misc.ts";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";

export async function loader({ params }: LoaderFunctionArgs) {
  // The token is checked by its signature; anything else in the URL is ignored.
  return { check: await checkCertificate((params.token ?? "").slice(0, 300)) };
}

// A verdict is about "right now": never cached, never indexed.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store", "X-Robots-Tag": "noindex" });

function Hours({ summary }: { summary: HoursSummary }) {
  const { t } = useTranslation();
  return (
    <>
      {formatHours(summary.total)}
      <span className="muted">
        {LEDGER_CATEGORIES.filter((category) => summary.byCategory[category] !== 0)
          .map((category) => ` · ${t(`me.categories.${category}`)} ${formatHours(summary.byCategory[category])}`)
          .join("")}
      </span>
    </>
  );
}

export default function VerifyCertificate() {
  const { check } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const verdict = check.status === "INVALID" ? "INVALID" : check.status === "VALID" ? "VALID" : check.reason;
  return (
    <article className="card verify-page">
      <h1>{t("verify.title")}</h1>
      <p className={`notice ${verdict === "VALID" ? "ok" : "warn"} verify-status`} role="status" data-testid="verify-status">
        {t(`verify.verdicts.${verdict}`)}
      </p>
      {check.status !== "INVALID" ? (
        <table>
          <tbody>
            <tr>
              <th scope="row">{t("verify.name")}</th>
              <td>{check.name}</td>
            </tr>
            <tr>
              <th scope="row">{t("verify.organization")}</th>
              <td>{check.organization}</td>
            </tr>
            <tr>
              <th scope="row">{t("verify.year")}</th>
              <td>{check.year}</td>
            </tr>
            <tr>
              <th scope="row">{t("verify.issuedOn")}</th>
              <td>{check.issuedOn}</td>
            </tr>
            {"stated" in check ? (
              <tr>
                <th scope="row">{t("verify.statedHours")}</th>
                <td data-testid="verify-hours">
                  <Hours summary={check.stated} />
                </td>
              </tr>
            ) : null}
            {"current" in check ? (
              <tr>
                <th scope="row">{t("verify.currentHours")}</th>
                <td>
                  <Hours summary={check.current} />
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      ) : null}
      <p className="muted">{t("verify.note")}</p>
    </article>
  );
}

export const meta: MetaFunction = () => [{ title: "学时证明核验 · 四环学习" }, { name: "robots", content: "noindex" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

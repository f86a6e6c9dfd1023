// The error page of every route. It renders in place of the route only, so the
// site's header and navigation stay; it says in the reader's language what
// happened and where to go, never a stack trace.
import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export function GeneralErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message =
    status === 403
      ? t("errors.forbidden")
      : status === 404
        ? t("errors.notFound")
        : status === 400
          ? t("errors.badRequestPage")
          : t("errors.unexpected");
  if (status >= 500 && typeof console !== "undefined") console.error(error);
  return (
    <section className="error-page" aria-labelledby="error-title">
      <h1 id="error-title">{t("errors.title")}</h1>
      <p role="alert">{message}</p>
      <p>
        <Link to="/">{t("errors.home")}</Link>
      </p>
    </section>
  );
}

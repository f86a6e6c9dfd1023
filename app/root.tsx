import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import {
  Form,
  Link,
  Links,
  Meta,
  Outlet,
  useMatches,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useLocation,
  useRouteLoaderData,
} from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useChangeLanguage } from "remix-i18next/react";
import { GeneralErrorBoundary } from "./components/error-boundary.tsx";
import { useDisplayPreferences } from "./components/preferences.tsx";
import { getSessionUser } from "./utils/auth.server.ts";
import { i18next } from "./utils/i18next.server.ts";
import { permittedRoots } from "./utils/permissions.server.ts";
import styles from "./styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const [locale, { user }] = await Promise.all([i18next.getLocale(request), getSessionUser(request)]);
  return {
    locale,
    user: user
      ? {
          name: user.name,
          largeText: user.largeText,
          readAloud: user.readAloud,
          canViewLearners: permittedRoots(user, "learner:view").length > 0,
          canModerateDiscussions: permittedRoots(user, "discussion:moderate").length > 0,
          canManage: permittedRoots(user, "org:manage").length > 0,
          canOperateStations: permittedRoots(user, "station:operate").length > 0,
        }
      : null,
  };
}

export const handle = { i18n: "common" };

/**
 * The station's screen moves between rings, records answers and reloads its
 * own data with no network (decision 026): who is signed in does not change
 * there, and asking the server would fail offline.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ currentUrl, nextUrl, defaultShouldRevalidate }) =>
  currentUrl.pathname === nextUrl.pathname && nextUrl.pathname.startsWith("/station/") ? false : defaultShouldRevalidate;

function Document({ locale, largeText, children }: { locale: string; largeText?: boolean; children: React.ReactNode }) {
  return (
    <html lang={locale} className={largeText ? "large-text" : undefined}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

function Header() {
  const data = useRouteLoaderData<typeof loader>("root");
  const { t } = useTranslation();
  const location = useLocation();
  const otherLocale = data?.locale === "en" ? "zh-CN" : "en";
  return (
    <header className="site-header no-print">
      <a className="skip-link" href="#main">
        {t("app.skip")}
      </a>
      <Link to="/" className="brand">
        <span aria-hidden="true">☆</span> {t("app.name")}
      </Link>
      <nav aria-label="main">
        {data?.user ? (
          <>
            <Link to="/courses">{t("nav.courses")}</Link>
            <Link to="/me">{t("nav.me")}</Link>
            <Link to="/me/reports">{t("nav.reports")}</Link>
            {data.user.canViewLearners ? <Link to="/org/learners">{t("nav.learners")}</Link> : null}
            {data.user.canViewLearners ? <Link to="/org/development">{t("nav.development")}</Link> : null}
            {data.user.canViewLearners ? <Link to="/org/reviews">{t("nav.reviews")}</Link> : null}
            {data.user.canModerateDiscussions ? <Link to="/org/discussions">{t("discussion.moderation.nav")}</Link> : null}
            {data.user.canOperateStations ? <Link to="/org/stations">{t("station.overview.nav")}</Link> : null}
            {data.user.canManage ? <Link to="/org/people">{t("people.nav")}</Link> : null}
            {data.user.canManage ? <Link to="/org/organizations">{t("organizations.nav")}</Link> : null}
            {data.user.canManage ? <Link to="/org/policy">{t("policy.nav")}</Link> : null}
            {data.user.canManage ? <Link to="/org/library">{t("catalog.library.nav")}</Link> : null}
            <Form method="post" action="/logout" className="inline">
              <button type="submit" className="link-button">
                {t("nav.signOut")}
              </button>
            </Form>
          </>
        ) : (
          <Link to="/login">{t("nav.signIn")}</Link>
        )}
        <Form method="post" action="/set-locale" className="inline" reloadDocument>
          <input type="hidden" name="locale" value={otherLocale} />
          <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
          <button type="submit" className="link-button" lang={otherLocale}>
            {t("app.language")}
          </button>
        </Form>
      </nav>
    </header>
  );
}

export default function App() {
  const { locale } = useLoaderData<typeof loader>();
  const { i18n } = useTranslation();
  useChangeLanguage(locale);
  // As saved, or as just switched (before the server has answered).
  const { largeText } = useDisplayPreferences();
  // The station's screen (TV mode) is the whole screen: no site header, no page margins.
  const tvMode = useMatches().some((match) => (match.handle as { screen?: string } | undefined)?.screen === "tv");
  return (
    <Document locale={locale} largeText={largeText}>
      {tvMode ? null : <Header />}
      <main id="main" className={tvMode ? "tv" : "container"} key={i18n.language}>
        <Outlet />
      </main>
    </Document>
  );
}

export const meta: MetaFunction = () => [{ title: "四环学习 · 党员远程教育培训" }];

// The root's own error page (its loader failed, or no route matched): the same
// header as every page, so the reader can go on from here.
export function ErrorBoundary() {
  const data = useRouteLoaderData<typeof loader>("root");
  return (
    <Document locale={data?.locale ?? "zh-CN"} largeText={data?.user?.largeText}>
      <Header />
      <main id="main" className="container">
        <GeneralErrorBoundary />
      </main>
    </Document>
  );
}

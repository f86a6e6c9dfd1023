import { createCookie } from "@remix-run/node";
import { RemixI18Next } from "remix-i18next/server";
import { DEFAULT_LOCALE, i18nConfig, resources, SUPPORTED_LOCALES } from "./i18n.ts";

export const localeCookie = createCookie("sihuan_lng", { path: "/", sameSite: "lax", httpOnly: true, maxAge: 60 * 60 * 24 * 365 });

export const i18next = new RemixI18Next({
  detection: {
    supportedLanguages: [...SUPPORTED_LOCALES],
    fallbackLanguage: DEFAULT_LOCALE,
    cookie: localeCookie,
    // The UI is Chinese first: only an explicit choice (?lng= or the cookie) switches it.
    order: ["searchParams", "cookie"],
  },
  i18next: { ...i18nConfig, resources },
});

// i18next settings shared by server and browser. zh-CN is the default locale.
import en from "~/locales/en.ts";
import zhCN from "~/locales/zh-CN.ts";

export const SUPPORTED_LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-CN";

export const resources = { "zh-CN": { common: zhCN }, en: { common: en } };

export const i18nConfig = {
  supportedLngs: [...SUPPORTED_LOCALES],
  fallbackLng: DEFAULT_LOCALE,
  defaultNS: "common",
  ns: ["common"],
  // Locale codes like zh-CN must stay whole: no loading of "zh" then "zh-CN".
  load: "currentOnly" as const,
  interpolation: { escapeValue: false },
  react: { useSuspense: false },
};

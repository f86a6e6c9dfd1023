// 大字 and 朗读 switches. Each is a one-button form: without JavaScript it posts
// and comes back to this page; with JavaScript a fetcher saves it and the
// page shows the new value at once (optimistic), before the server answers.
import { useFetcher, useFetchers, useLocation, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { PreferencesResult } from "~/routes/me_.preferences.tsx";
import type { loader as rootLoader } from "~/root.tsx";

export type DisplayPreferences = { largeText: boolean; readAloud: boolean };

export const PREFERENCES_ACTION = "/me/preferences";
const PREFERENCE_NAMES = ["largeText", "readAloud"] as const;
type PreferenceName = (typeof PREFERENCE_NAMES)[number];

/** The signed-in person's preferences as saved, overlaid by any change still on its way to the server. */
export function useDisplayPreferences(): DisplayPreferences {
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const fetchers = useFetchers();
  const preferences: DisplayPreferences = { largeText: root?.user?.largeText ?? false, readAloud: root?.user?.readAloud ?? false };
  for (const fetcher of fetchers) {
    if (fetcher.formAction !== PREFERENCES_ACTION || !fetcher.formData) continue;
    for (const name of PREFERENCE_NAMES) {
      const value = fetcher.formData.get(name);
      if (value === "true" || value === "false") preferences[name] = value === "true";
    }
  }
  return preferences;
}

/**
 * One switch. `anchor` (an element id) brings a reader without JavaScript back
 * to the switch after the page reloads.
 */
export function PreferenceSwitch({ name, anchor }: { name: PreferenceName; anchor?: string }) {
  const { t } = useTranslation();
  const location = useLocation();
  const fetcher = useFetcher<PreferencesResult>({ key: `preference-${name}` });
  const on = useDisplayPreferences()[name];
  const next = String(!on);
  const failed = fetcher.state === "idle" && fetcher.data?.status === "error";
  return (
    <fetcher.Form
      method="post"
      action={PREFERENCES_ACTION}
      className="preference-switch"
      onSubmit={(event) => {
        // With JavaScript: no redirect, the page stays where it is.
        event.preventDefault();
        fetcher.submit({ [name]: next }, { method: "post", action: PREFERENCES_ACTION });
      }}
    >
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}${anchor ? `#${anchor}` : ""}`} />
      <button type="submit" name={name} value={next} className="switch" aria-pressed={on} data-testid={`switch-${name}`}>
        <span className="switch-label">{t(`preferences.${name}`)}</span>
        <span className={`switch-state ${on ? "on" : ""}`}>{on ? t("preferences.on") : t("preferences.off")}</span>
      </button>
      {failed ? (
        <span className="form-error" role="alert">
          {t("preferences.saveFailed")}
        </span>
      ) : null}
    </fetcher.Form>
  );
}

/** Both switches; with `explained`, a line saying what they do (on /me; the lesson page keeps it short). */
export function DisplaySettings({ anchor, explained = false }: { anchor?: string; explained?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="display-settings" id={anchor}>
      <PreferenceSwitch name="largeText" anchor={anchor} />
      <PreferenceSwitch name="readAloud" anchor={anchor} />
      {explained ? <p className="muted display-settings-hint">{t("preferences.hint")}</p> : null}
    </div>
  );
}

// What the station's device has not uploaded yet, when it last did, and what
// the server refused and why, always on the screen; "同步" sends now
// (decision 026). The upload itself runs by itself: at start, when the
// network returns, every minute, and after each record.
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { AppVersionState } from "~/components/station/use-service-worker.ts";
import { dismissRefusal } from "~/station-app/outbox.ts";
import { startSyncLoop, syncNow, type SyncStatus } from "~/station-app/sync.ts";

/** Keeps the outbox going up while the screen is open; `onUploaded` runs when the server has taken something. */
export function useSyncStatus(stationCode: string, onUploaded: () => void): SyncStatus | null {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  // The latest callback, without restarting the loop on each render.
  const uploaded = useRef(onUploaded);
  useEffect(() => {
    uploaded.current = onUploaded;
  });
  useEffect(() => {
    let lastSyncAt: string | null | undefined;
    return startSyncLoop(stationCode, (next) => {
      setStatus(next);
      if (lastSyncAt !== undefined && next.lastSyncAt !== lastSyncAt) uploaded.current();
      lastSyncAt = next.lastSyncAt;
    });
  }, [stationCode]);
  return status;
}

const timeOf = (iso: string, locale: string) =>
  new Date(iso).toLocaleString(locale, { month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit" });

export function SyncPanel({
  stationCode,
  status,
  offlineCopy,
  version,
}: {
  stationCode: string;
  status: SyncStatus | null;
  offlineCopy: boolean;
  version: AppVersionState;
}) {
  const { t, i18n } = useTranslation();
  const [pressed, setPressed] = useState(false);
  const syncing = pressed || status?.syncing === true;
  const press = async () => {
    setPressed(true);
    try {
      await syncNow(stationCode);
    } finally {
      setPressed(false);
    }
  };
  return (
    <section className="tv-sync" aria-label={t("stationApp.sync.button")} data-testid="sync-panel">
      <div aria-live="polite">
        {offlineCopy ? <p className="notice warn">{t("stationApp.offline.copy")}</p> : null}
        {status === null ? null : (
          <p data-testid="sync-state">
            {status.pendingSessions > 0 ? (
              <strong>
                {t("stationApp.sync.waiting", { count: status.pendingSessions })}
                {t("stationApp.sync.waitingItems", { count: status.pendingItems })}
              </strong>
            ) : (
              t("stationApp.sync.allUploaded")
            )}{" "}
            <span className="tv-muted">
              {syncing
                ? t("stationApp.sync.syncing")
                : status.lastSyncAt
                  ? t("stationApp.sync.lastSync", { time: timeOf(status.lastSyncAt, i18n.language) })
                  : t("stationApp.sync.neverSynced")}
            </span>
          </p>
        )}
        {status?.problem && status.pendingItems > 0 ? (
          <p className="notice warn" data-testid="sync-problem">
            {t(`stationApp.sync.problems.${status.problem}`)}
          </p>
        ) : null}
        {version === "waiting" ? <p className="tv-muted">{t("stationApp.sync.newVersion")}</p> : null}
      </div>
      <p className="tv-buttons">
        <button type="button" className="secondary" onClick={() => void press()} disabled={syncing} data-testid="sync-now">
          {t("stationApp.sync.button")}
        </button>
      </p>
      {status && status.refusals.length > 0 ? (
        <div role="alert" data-testid="sync-refusals">
          <h3>{t("stationApp.sync.refusedTitle")}</h3>
          <ul className="tv-list">
            {status.refusals.map((refusal) => (
              <li key={refusal.eventId}>
                <span>
                  {t("stationApp.sync.refused", {
                    time: timeOf(refusal.at, i18n.language),
                    reason: t(`station.refusals.${refusal.code ?? "unknown"}`),
                  })}
                </span>
                <button type="button" className="secondary" onClick={() => void dismissRefusal(refusal.eventId)}>
                  {t("stationApp.sync.dismiss")}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

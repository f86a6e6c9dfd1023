// What the device keeps for playing offline and the room it has left
// (navigator.storage.estimate), and whether the browser promised to keep it
// (persistent storage, asked for here: otherwise it may clear it when short of space).
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { askPersistentStorage, storageUsage, type StorageUsage } from "~/station-app/download.ts";

/** A size as people read it: megabytes with one decimal. */
export const megabytes = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

export function StorageSummary({ refresh }: { refresh: number }) {
  const { t } = useTranslation();
  const [usage, setUsage] = useState<StorageUsage | null>(null);
  const [asked, setAsked] = useState<"granted" | "refused" | null>(null);
  useEffect(() => {
    void storageUsage().then(setUsage);
  }, [refresh, asked]);
  if (!usage) return <p className="tv-muted">{t("stationApp.storage.reading")}</p>;
  const ask = async () => setAsked((await askPersistentStorage()) ? "granted" : "refused");
  return (
    <>
      <p data-testid="storage-usage">
        {usage.quota === null
          ? t("stationApp.storage.usedOnly", { used: megabytes(usage.used) })
          : t("stationApp.storage.used", { used: megabytes(usage.used), free: megabytes(Math.max(0, usage.quota - usage.used)) })}
      </p>
      {usage.persisted ? (
        <p>{t("stationApp.storage.persisted")}</p>
      ) : (
        <p className="tv-buttons">
          <span>{t("stationApp.storage.notPersisted")}</span>
          <button type="button" className="secondary" onClick={() => void ask()}>
            {t("stationApp.storage.askPersist")}
          </button>
        </p>
      )}
      {asked === "refused" ? (
        <p className="notice warn" role="alert">
          {t("stationApp.storage.persistRefused")}
        </p>
      ) : null}
    </>
  );
}

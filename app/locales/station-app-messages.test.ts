// Every code the station app's device modules answer (why a sync or a download
// stopped, why an outbox copy was not imported) has its words in both
// languages, as the screens look them up: the operator never sees a bare code.
import i18next from "i18next";
import { describe, expect, it } from "vitest";
import { DOWNLOAD_PROBLEMS, IMPORT_PROBLEMS, SYNC_PROBLEMS } from "~/domain/station/outbox.ts";
import { resources } from "~/utils/i18n.ts";

const KEYS = [
  ...SYNC_PROBLEMS.map((code) => `stationApp.sync.problems.${code}`),
  ...DOWNLOAD_PROBLEMS.map((code) => `stationApp.download.problems.${code}`),
  ...IMPORT_PROBLEMS.map((code) => `stationApp.sync.importProblems.${code}`),
  "stationApp.sync.refusedNoReason",
];

describe.each(["zh-CN", "en"] as const)("%s", (lng) => {
  it.each(KEYS)("%s", async (key) => {
    const i18n = i18next.createInstance();
    await i18n.init({ lng, resources, defaultNS: "common", interpolation: { escapeValue: false } });
    const text = i18n.t(key);
    expect(text).not.toBe(key);
    expect(text.length).toBeGreaterThan(5);
  });
});

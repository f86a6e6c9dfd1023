// Every refusal of the station rules and every problem of a schedule rule has
// its words in both languages, as the station's screens look them up: an
// operator never sees a bare code. (The types make each list complete; this
// checks that the lookup finds them.)
import i18next from "i18next";
import { describe, expect, it } from "vitest";
import { DATE_FLAGS } from "~/domain/station/session-dates.ts";
import { ANSWER_REFUSALS } from "~/domain/station/upload.ts";
import { resources } from "~/utils/i18n.ts";
import { stationZhCN } from "./station.zh-CN.ts";

const KEYS = [
  ...Object.keys(stationZhCN.refusals).map((code) => `station.refusals.${code}`),
  ...Object.keys(stationZhCN.scheduleProblems).map((code) => `station.scheduleProblems.${code}`),
  ...DATE_FLAGS.map((flag) => `station.log.dateFlags.${flag}`),
];

describe.each(["zh-CN", "en"] as const)("%s", (lng) => {
  it("has every refusal of the session rules, including those only the database sees", () => {
    expect(KEYS).toContain("station.refusals.station-busy");
    expect(KEYS).toContain("station.refusals.answered-twice");
    expect(KEYS).toContain("station.refusals.other-station");
    expect(KEYS).toContain("station.refusals.event-id-reused");
  });

  it("words every refusal of an answer sheet under station.refusals too, so a device words any refusal by one key", () => {
    for (const code of ANSWER_REFUSALS) expect(KEYS).toContain(`station.refusals.${code}`);
  });

  it.each(KEYS)("%s", async (key) => {
    const i18n = i18next.createInstance();
    await i18n.init({ lng, resources, defaultNS: "common", interpolation: { escapeValue: false } });
    const text = i18n.t(key);
    expect(text).not.toBe(key);
    expect(text.length).toBeGreaterThan(5);
  });
});

// Every word the catalog, its printed sheet and 片库管理 look up exists in both
// languages, including the keys they build from a value (a category, a length,
// a sharing), so a page never shows a bare key. Read from the pages' source, so
// a key added to a page and forgotten here still gets checked.
import fs from "node:fs";
import i18next from "i18next";
import { describe, expect, it } from "vitest";
import { CATEGORIES, DURATION_BANDS, SHARINGS } from "~/domain/content/catalog.ts";
import { resources } from "~/utils/i18n.ts";

const PAGES = ["app/routes/courses+/_index.tsx", "app/routes/org+/library.tsx"];
const written = PAGES.flatMap((page) => [...fs.readFileSync(page, "utf8").matchAll(/"(catalog\.[A-Za-z.]+)"/g)].map((match) => match[1]!));

const KEYS = [
  ...new Set([
    ...written,
    ...CATEGORIES.map((category) => `catalog.categories.${category}`),
    ...DURATION_BANDS.map((band) => `catalog.durations.${band}`),
    ...SHARINGS.flatMap((sharing) => [`catalog.sharing.${sharing}`, `catalog.library.explain.${sharing}`]),
  ]),
];

describe.each(["zh-CN", "en"] as const)("%s", (lng) => {
  it("reads the pages' keys (the test would otherwise check nothing)", () => {
    expect(written).toContain("catalog.library.problems.sharing");
    expect(written).toContain("catalog.printedConditions");
  });

  it.each(KEYS)("%s", async (key) => {
    const i18n = i18next.createInstance();
    await i18n.init({ lng, resources, defaultNS: "common", interpolation: { escapeValue: false } });
    const text = i18n.t(key, { count: 2, title: "《党章》", sharing: "ALL", date: "2026-12-03", conditions: "理论" });
    expect(text).not.toBe(key);
    expect(typeof text).toBe("string");
  });
});

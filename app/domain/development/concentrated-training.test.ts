import i18next from "i18next";
import { describe, expect, it } from "vitest";
import { resources } from "~/utils/i18n.ts";
import { readErrorMessage } from "~/utils/problems.ts";
import { checkConcentratedTraining, concentratedTrainingSchema } from "./concentrated-training.ts";

const TODAY = new Date("2026-11-23T00:00:00Z");
const KEY = "6f1c2a9e-8f3b-4c1d-9a7e-2b5d4c3a1f00";
const valid = { occurredOn: "2026-10-20", classHours: "24", trainingName: "城关镇2026年发展对象培训班", idempotencyKey: KEY };

const i18n = i18next.createInstance();
await i18n.init({ lng: "zh-CN", resources, defaultNS: "common", interpolation: { escapeValue: false } });

/** Every problem of a form, in the words staff read, by field. */
function problemsOf(form: Record<string, unknown>) {
  const parsed = concentratedTrainingSchema.safeParse(form);
  if (!parsed.success) {
    return parsed.error.issues.map((issue) => {
      const { key, params } = readErrorMessage(issue.message);
      return { field: issue.path.join("."), words: i18n.t(key, params) };
    });
  }
  return checkConcentratedTraining(parsed.data, TODAY).map((problem) => ({
    field: problem.field,
    words: i18n.t(`development.problems.${problem.code}`, problem.params),
  }));
}

describe("concentrated training form", () => {
  it("reads a valid entry", () => {
    expect(concentratedTrainingSchema.parse(valid)).toEqual({ ...valid, occurredOn: new Date("2026-10-20T00:00:00Z"), classHours: 24 });
    expect(problemsOf(valid)).toEqual([]);
  });

  it.each([
    { change: { classHours: "0" }, field: "classHours", message: "大于 0" },
    { change: { classHours: "81" }, field: "classHours", message: "最多记 80 学时" },
    { change: { classHours: "2.3" }, field: "classHours", message: "半学时" },
    { change: { classHours: "二十四" }, field: "classHours", message: "应为数字" },
    { change: { trainingName: " " }, field: "trainingName", message: "培训班名称" },
    { change: { occurredOn: "2026-02-30" }, field: "occurredOn", message: "没有 2026-02-30 这一天" },
    { change: { occurredOn: "2026-12-01" }, field: "occurredOn", message: "晚于今天" },
  ])("$field: $message", ({ change, field, message }) => {
    expect(problemsOf({ ...valid, ...change }).find((problem) => problem.field === field)?.words).toContain(message);
  });
});

// 集中培训学时: hours of the party committee's concentrated training, entered by
// an organization admin into the ledger under their own category.
import { z } from "zod";
import { calendarDay } from "./records.ts";

export const MAX_TRAINING_HOURS = 80;

export const concentratedTrainingSchema = z.object({
  occurredOn: calendarDay,
  classHours: z.coerce
    .number({ invalid_type_error: "应为数字 (expected a number)" })
    .positive("学时应大于 0 (must be above 0)")
    .max(MAX_TRAINING_HOURS, `一次最多记 ${MAX_TRAINING_HOURS} 学时 (at most ${MAX_TRAINING_HOURS})`)
    .refine((hours) => Number.isInteger(hours * 2), "以半学时为单位 (in steps of 0.5)"),
  trainingName: z.string().trim().min(2, "请填写培训班名称 (name the training)").max(100, "不超过 100 字 (at most 100 characters)"),
  idempotencyKey: z.string().uuid(),
});

export type ConcentratedTraining = z.output<typeof concentratedTrainingSchema>;

/** Parses the form; a training dated after today is refused too. */
export function parseConcentratedTraining(form: Record<string, unknown>, today: Date) {
  const parsed = concentratedTrainingSchema.safeParse(form);
  if (!parsed.success) return { ok: false as const, problems: parsed.error.issues.map((issue) => ({ field: issue.path.join("."), message: issue.message })) };
  if (parsed.data.occurredOn > today) {
    return { ok: false as const, problems: [{ field: "occurredOn", message: "晚于今天 (a date in the future)" }] };
  }
  return { ok: true as const, value: parsed.data };
}

// 集中培训学时: hours of the party committee's concentrated training, entered by
// an organization admin into the ledger under their own category.
import { z } from "zod";

export const MAX_TRAINING_HOURS = 80;

export const concentratedTrainingSchema = z.object({
  occurredOn: z
    .string({ required_error: "请填写日期 (a date is required)" })
    .regex(/^\d{4}-\d{2}-\d{2}$/, "应为日期，如 2026-11-23 (expected a date YYYY-MM-DD)")
    .refine((text) => {
      const parsed = new Date(`${text}T00:00:00Z`);
      return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === text;
    }, "没有这一天 (no such date)"),
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
  if (new Date(`${parsed.data.occurredOn}T00:00:00Z`) > today) {
    return { ok: false as const, problems: [{ field: "occurredOn", message: "晚于今天 (a date in the future)" }] };
  }
  return { ok: true as const, value: parsed.data };
}

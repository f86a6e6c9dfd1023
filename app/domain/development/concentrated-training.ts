// 集中培训学时: hours of the party committee's concentrated training, entered by
// an organization admin into the ledger under their own category.
import { z } from "zod";
import { errorMessage, type Problem } from "../../utils/problems.ts";
import { calendarDay } from "./records.ts";

export const MAX_TRAINING_HOURS = 80;

const P = "development.problems";

export const concentratedTrainingSchema = z.object({
  occurredOn: calendarDay,
  classHours: z.coerce
    .number({ invalid_type_error: `${P}.notNumber`, required_error: `${P}.numberRequired` })
    .positive(`${P}.hoursPositive`)
    .max(MAX_TRAINING_HOURS, errorMessage(`${P}.hoursAtMost`, { max: MAX_TRAINING_HOURS }))
    .refine((hours) => Number.isInteger(hours * 2), `${P}.halfHours`),
  trainingName: z
    .string({ required_error: `${P}.trainingName` })
    .trim()
    .min(2, `${P}.trainingName`)
    .max(100, errorMessage(`${P}.tooLong`, { max: 100 })),
  idempotencyKey: z.string().uuid(),
});

export type ConcentratedTraining = z.output<typeof concentratedTrainingSchema>;

/** What the form's figures cannot show by themselves: a training dated after today. */
export function checkConcentratedTraining(training: ConcentratedTraining, today: Date): Problem[] {
  return training.occurredOn > today
    ? [
        {
          field: "occurredOn",
          code: "futureDate",
          params: { date: training.occurredOn.toISOString().slice(0, 10), today: today.toISOString().slice(0, 10) },
        },
      ]
    : [];
}

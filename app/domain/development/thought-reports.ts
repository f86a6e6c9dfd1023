// 思想汇报: an activist writes one regularly; his cultivation contact reads it and
// answers. Length limits in characters, as a reader counts them.
import { z } from "zod";
import { errorMessage } from "../../utils/problems.ts";

export const REPORT_MIN_LENGTH = 50;
export const REPORT_MAX_LENGTH = 10_000;
export const COMMENT_MIN_LENGTH = 2;
export const COMMENT_MAX_LENGTH = 2_000;

export type LengthProblem = { problem: "too-short" | "too-long"; min: number; max: number; actual: number };

function checkLength(text: string, min: number, max: number): LengthProblem | null {
  const actual = [...text.trim()].length;
  if (actual < min) return { problem: "too-short", min, max, actual };
  if (actual > max) return { problem: "too-long", min, max, actual };
  return null;
}

export const checkReport = (body: string) => checkLength(body, REPORT_MIN_LENGTH, REPORT_MAX_LENGTH);
export const checkComment = (comment: string) => checkLength(comment, COMMENT_MIN_LENGTH, COMMENT_MAX_LENGTH);

/** Stages at which a person hands in thought reports: from application until full membership. */
export const REPORTING_STAGES = ["APPLICANT", "ACTIVIST", "DEVELOPMENT_TARGET", "PROBATIONARY"] as const;

/** A length check as a Zod field: the message is the i18n key reports.errors.<problem> with its counts. */
function lengthChecked(check: (text: string) => LengthProblem | null) {
  return z.string({ required_error: errorMessage("reports.errors.too-short", { min: 0, actual: 0 }) }).superRefine((text, context) => {
    const problem = check(text);
    if (problem)
      context.addIssue({
        code: z.ZodIssueCode.custom,
        message: errorMessage(`reports.errors.${problem.problem}`, { min: problem.min, max: problem.max, actual: problem.actual }),
      });
  });
}

/** The learner's report form (/me/reports). */
export const thoughtReportSchema = z.object({ body: lengthChecked(checkReport) });

/** A contact's answer to a report, on the person's development page. */
export const reportCommentFields = z.object({
  reportId: z.string({ required_error: "development.problems.noSuchReport" }).min(1, "development.problems.noSuchReport"),
  comment: lengthChecked(checkComment),
});

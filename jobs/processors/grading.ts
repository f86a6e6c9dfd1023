// grading: grade a stored attempt once; a passed test completes the testing stage.
// The same job runs again after a trainer decided the last short answer: the
// decisions are part of the attempt by then, so the score comes out here, and a
// pass completes the stage here, whoever graded the last question.
import type { Job } from "bullmq";
import { gradeAttempt } from "~/domain/grading.ts";
import { markStageDone } from "~/models/progress.server.ts";
import { loadAttemptForGrading, saveGradingOutcome } from "~/models/quiz.server.ts";
import type { JobPayloads } from "~/utils/queues.server.ts";
import { enqueueHours } from "~/utils/queues.server.ts";

export async function processGrading(job: Job<JobPayloads["grading"]>) {
  const attempt = await loadAttemptForGrading(job.data.attemptId);
  if (!attempt) return { skipped: "no such attempt" };
  const outcome = gradeAttempt(attempt.questions, attempt.responses, attempt.lesson.passPercent, attempt.policy);
  // A retry after a crash between saving and enqueueing finds the attempt graded and
  // still makes sure the follow-up happens: both steps below are idempotent.
  const savedNow = await saveGradingOutcome(attempt.id, outcome);
  if (outcome.status === "GRADED" && outcome.passed) {
    const { progress } = await markStageDone(attempt.userId, attempt.lessonId, "TESTING");
    if (progress.preparedAt && progress.viewedAt && progress.discussedAt) await enqueueHours(attempt.userId, attempt.lessonId);
  }
  return { status: outcome.status, scorePercent: outcome.scorePercent, savedNow };
}

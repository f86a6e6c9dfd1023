// grading: grade a stored attempt once; a passed test completes the testing stage.
// The same job runs again after a trainer decided the last short answer: the
// decisions are part of the attempt by then, so the score comes out here, and a
// pass completes the stage here, whoever graded the last question.
//
// One job per attempt, but the work is done in batches (docs/decisions/010):
// each job hands its attempt id to the grading batcher, which loads, grades and
// writes the attempts of many jobs together and answers each job on its own.
import type { Job } from "bullmq";
import { decideGrading, isPass, type GradingDecision } from "~/domain/grading-batch.ts";
import { loadAttemptsForGrading, saveGradingDecisions, type GradingWrite } from "~/models/quiz.server.ts";
import { log } from "~/utils/log.server.ts";
import type { JobPayloads } from "~/utils/queues.server.ts";
import { enqueueHoursMany } from "~/utils/queues.server.ts";
import { MicroBatcher, type MicroBatcherOptions } from "../micro-batcher.ts";
import { workerSettings } from "../settings.ts";

export type GradingJobResult =
  { skipped: "no such attempt" } | { status: "GRADED" | "AWAITING_REVIEW"; scorePercent: number | null; savedNow: boolean };

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

/** The whole batch in one transaction; if that fails, each attempt alone, so one bad attempt fails only its own job. */
async function save(
  decisions: GradingDecision[],
  answerIdOf: (attemptId: string, questionId: string) => string | undefined,
  failed: Map<string, Error>,
): Promise<GradingWrite> {
  try {
    return await saveGradingDecisions(decisions, answerIdOf);
  } catch (error) {
    if (decisions.length <= 1) {
      for (const decision of decisions) failed.set(decision.attemptId, asError(error));
      return { claimed: new Set(), progress: [] };
    }
    log.warn({ err: asError(error).message, attempts: decisions.length }, "grading batch write failed: writing one attempt at a time");
    const merged: GradingWrite = { claimed: new Set(), progress: [] };
    for (const decision of decisions) {
      const one = await save([decision], answerIdOf, failed);
      for (const id of one.claimed) merged.claimed.add(id);
      merged.progress.push(...one.progress);
    }
    return merged;
  }
}

/**
 * Grades the given attempts together: one load, the pure grading of each, one
 * write transaction, one addBulk for the hours of completed lessons. Answers
 * each attempt id with its job's result or with the Error that fails its job.
 */
export async function gradeAttempts(attemptIds: readonly string[]): Promise<Map<string, GradingJobResult | Error>> {
  const results = new Map<string, GradingJobResult | Error>();
  const t0 = performance.now();
  const { attempts, broken } = await loadAttemptsForGrading(attemptIds);
  const t1 = performance.now();
  const decisions: GradingDecision[] = [];
  for (const attemptId of new Set(attemptIds)) {
    const error = broken.get(attemptId);
    if (error) {
      results.set(attemptId, error);
      continue;
    }
    try {
      decisions.push(decideGrading(attemptId, attempts.get(attemptId)));
    } catch (caught) {
      results.set(attemptId, asError(caught));
    }
  }

  const answerIdOf = (attemptId: string, questionId: string) => attempts.get(attemptId)?.answerIds.get(questionId);
  const failed = new Map<string, Error>();
  const t2 = performance.now();
  const { claimed, progress } = await save(decisions, answerIdOf, failed);
  const t3 = performance.now();
  log.debug(
    { attempts: attemptIds.length, loadMs: Math.round(t1 - t0), gradeMs: Math.round(t2 - t1), saveMs: Math.round(t3 - t2) },
    "grading batch",
  );

  // A pass on a lesson whose other three stages are done earns its hours (the hours job is idempotent).
  const completed = progress.filter((row) => row.complete);
  const hoursFailed = new Set<string>();
  try {
    await enqueueHoursMany(completed);
  } catch (error) {
    // Fail the jobs of those passes: their retry finds the attempt graded and queues the hours again.
    for (const { userId, lessonId } of completed) hoursFailed.add(`${userId}\u0000${lessonId}`);
    log.warn({ err: asError(error).message, lessons: completed.length }, "could not queue hours after grading");
  }

  for (const decision of decisions) {
    const id = decision.attemptId;
    const error = failed.get(id);
    if (error) results.set(id, error);
    else if (decision.kind === "missing") results.set(id, { skipped: "no such attempt" });
    else if (isPass(decision) && hoursFailed.has(`${decision.userId}\u0000${decision.lessonId}`))
      results.set(id, new Error("grading saved, but the hours job could not be queued"));
    else if (decision.kind === "already-graded")
      results.set(id, { status: "GRADED", scorePercent: decision.scorePercent, savedNow: false });
    else results.set(id, { status: decision.outcome.status, scorePercent: decision.outcome.scorePercent, savedNow: claimed.has(id) });
  }
  return results;
}

let batcher: MicroBatcher<GradingJobResult> | undefined;

/** The process's grading batcher (settings from the environment, or given once by a test or the benchmark). */
export function gradingBatcher(options?: MicroBatcherOptions): MicroBatcher<GradingJobResult> {
  batcher ??= new MicroBatcher(gradeAttempts, options ?? workerSettings().gradingBatch);
  return batcher;
}

export function processGrading(job: Pick<Job<JobPayloads["grading"]>, "data">): Promise<GradingJobResult> {
  return gradingBatcher().add(job.data.attemptId);
}

// hours: a completed lesson earns its class hours, exactly once.
import type { Job } from "bullmq";
import { getLessonTiming } from "~/models/course.server.ts";
import { appendLedgerEntry } from "~/models/ledger.server.ts";
import { getStageDates } from "~/models/progress.server.ts";
import type { JobPayloads } from "~/utils/queues.server.ts";
import { enqueueEligibility } from "~/utils/queues.server.ts";

export function lessonHoursKey(userId: string, lessonId: string) {
  return `lesson-complete:${userId}:${lessonId}`;
}

export async function processHours(job: Job<JobPayloads["hours"]>) {
  const { userId, lessonId } = job.data;
  const [progress, lesson] = await Promise.all([getStageDates(userId, lessonId), getLessonTiming(lessonId)]);
  if (!progress?.completedAt || !lesson) return { skipped: "lesson not complete" };
  const entry = await appendLedgerEntry({
    userId,
    lessonId,
    category: "ONLINE_STUDY",
    classHours: lesson.classHours,
    source: `lesson:${lesson.course.slug}/${lesson.slug}`,
    idempotencyKey: lessonHoursKey(userId, lessonId),
    occurredAt: progress.completedAt,
  });
  if (entry.created) await enqueueEligibility(userId, "ledger entry");
  return entry;
}

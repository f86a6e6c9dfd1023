// hours: a completed lesson earns its class hours, exactly once (a lesson whose
// content awards none, none); so does each attendee's part in a closed station
// session, judged by the station rules.
import type { Job } from "bullmq";
import { lessonHoursKey, stationHoursKey } from "~/domain/hours-ledger.ts";
import { getLessonTiming } from "~/models/course.server.ts";
import { appendLedgerEntry } from "~/models/ledger.server.ts";
import { getStageDates } from "~/models/progress.server.ts";
import { stationOutcomeFor } from "~/models/station-session.server.ts";
import type { JobPayloads } from "~/utils/queues.server.ts";
import { enqueueEligibility } from "~/utils/queues.server.ts";

export async function processHours(job: Job<JobPayloads["hours"]>) {
  if ("stationSessionId" in job.data) return processStationHours(job.data);
  const { userId, lessonId } = job.data;
  const [progress, lesson] = await Promise.all([getStageDates(userId, lessonId), getLessonTiming(lessonId)]);
  if (!progress?.completedAt || !lesson) return { skipped: "lesson not complete" };
  if (lesson.classHours <= 0) return { skipped: "lesson awards no hours" };
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

async function processStationHours({ userId, stationSessionId }: { userId: string; stationSessionId: string }) {
  const result = await stationOutcomeFor(stationSessionId, userId);
  if (!result || result.outcome.status !== "earns") return { skipped: result?.outcome.status ?? "not at a closed session" };
  const entry = await appendLedgerEntry({
    userId,
    lessonId: result.lessonId,
    stationSessionId: result.session.id,
    category: "STATION_SESSION",
    classHours: result.outcome.hours,
    source: `station-session:${stationSessionId}`,
    idempotencyKey: stationHoursKey(userId, stationSessionId),
    occurredAt: result.session.heldAt,
  });
  if (entry.created) await enqueueEligibility(userId, "ledger entry");
  return entry;
}

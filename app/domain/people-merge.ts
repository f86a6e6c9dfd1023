// 合并人员记录: two records of one person (typed in twice, imported twice, a
// villager known to a station who later got an account) become one. The kept
// record takes over everything the other held; the other stays, closed and
// pointing to the kept one, so nothing is deleted and every step can be traced.
// Pure: app/models/people-merge.server.ts reads the rows and writes the result.
import { lessonHoursKey, stationHoursKey, type LedgerCategory } from "./hours-ledger.ts";
import { mergeIntervals, coveredSeconds, type Interval } from "./watch-intervals.ts";

/** What the rules need to know of each of the two records. */
export type MergeSide = {
  id: string;
  name: string;
  idCardNumber: string | null;
  mergedIntoId: string | null;
  /** Steps of the path to membership recorded for him. */
  milestones: number;
  /** Whether his home organization lies in the admin's subtrees. */
  reachable: boolean;
};

export type MergeProblemCode = "same-record" | "outside" | "already-merged" | "id-cards-differ" | "both-have-milestones";

export type MergeProblem = { code: MergeProblemCode; params?: Record<string, string | number> };

/**
 * Why these two may not be merged, if they may not. Two different ID-card numbers are
 * two people. Two development records would have to be read against each other by a
 * person first: which application, which vote, counts; the merge does not guess.
 */
export function mergeProblems(kept: MergeSide, other: MergeSide): MergeProblem[] {
  if (kept.id === other.id) return [{ code: "same-record" }];
  const problems: MergeProblem[] = [];
  if (!kept.reachable || !other.reachable) problems.push({ code: "outside" });
  for (const side of [kept, other]) if (side.mergedIntoId) problems.push({ code: "already-merged", params: { name: side.name } });
  if (kept.idCardNumber && other.idCardNumber && kept.idCardNumber !== other.idCardNumber) problems.push({ code: "id-cards-differ" });
  if (kept.milestones > 0 && other.milestones > 0)
    problems.push({ code: "both-have-milestones", params: { kept: kept.milestones, other: other.milestones } });
  return problems;
}

/** The record's own fields, as far as a merge reads them. */
export type PersonFacts = {
  phone: string | null;
  idCardNumber: string | null;
  gender: string | null;
  birthDate: Date | null;
  ethnicity: string | null;
  education: string | null;
  occupation: string | null;
  stage: string;
  stageSince: Date | null;
  activistTier: string | null;
};

const FILLABLE = ["phone", "idCardNumber", "gender", "birthDate", "ethnicity", "education", "occupation"] as const;
export type FillableField = (typeof FILLABLE)[number];

const sameValue = (a: unknown, b: unknown) => (a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b);

/**
 * What the kept record takes from the other: each field it lacks, and the stage with its
 * dates when only the other's path to membership was recorded (his steps come with it).
 * A field both have and that differs stays the kept one's and is named, so the admin
 * sees what he chose before he confirms.
 */
export function fieldsTaken(
  kept: PersonFacts & { milestones: number },
  other: PersonFacts & { milestones: number },
): { taken: Partial<PersonFacts>; differing: FillableField[] } {
  const taken: Partial<PersonFacts> = {};
  const differing: FillableField[] = [];
  for (const field of FILLABLE) {
    if (kept[field] === null && other[field] !== null) Object.assign(taken, { [field]: other[field] });
    else if (kept[field] !== null && other[field] !== null && !sameValue(kept[field], other[field])) differing.push(field);
  }
  if (kept.milestones === 0 && other.milestones > 0)
    Object.assign(taken, { stage: other.stage, stageSince: other.stageSince, activistTier: other.activistTier });
  return { taken, differing };
}

/** A lesson's four rings as dated on one record. */
export type RingDates = {
  preparedAt: Date | null;
  viewedAt: Date | null;
  discussedAt: Date | null;
  testedAt: Date | null;
  completedAt: Date | null;
};

const RINGS = ["preparedAt", "viewedAt", "discussedAt", "testedAt", "completedAt"] as const;

/** One lesson studied on both records: each ring was reached the first time either reached it. */
export function combinedRings(kept: RingDates, other: RingDates): RingDates {
  const earliest = (a: Date | null, b: Date | null) => (a && b ? (a <= b ? a : b) : (a ?? b));
  return Object.fromEntries(RINGS.map((ring) => [ring, earliest(kept[ring], other[ring])])) as RingDates;
}

export type WatchFacts = { intervals: Interval[]; lastPosition: number; lastHeartbeatAt: Date | null };

/** One film watched on both records: what either really played counts once; the place to resume is the latest one. */
export function combinedWatch(kept: WatchFacts, other: WatchFacts): WatchFacts & { watchedSeconds: number } {
  const intervals = mergeIntervals(kept.intervals, other.intervals, Number.POSITIVE_INFINITY);
  const otherIsLater = other.lastHeartbeatAt !== null && (kept.lastHeartbeatAt === null || other.lastHeartbeatAt > kept.lastHeartbeatAt);
  const latest = otherIsLater ? other : kept;
  return {
    intervals,
    watchedSeconds: coveredSeconds(intervals),
    lastPosition: latest.lastPosition,
    lastHeartbeatAt: latest.lastHeartbeatAt,
  };
}

/**
 * The other record's attempts at a lesson, numbered after the kept record's (attempts
 * are numbered per person and lesson): both sets count toward the lesson's limit.
 * Attempts from before numbering (null) stay unnumbered.
 */
export function renumberedAttempts(
  keptHighest: ReadonlyMap<string, number>,
  attempts: readonly { id: string; lessonId: string; attemptNumber: number | null; submittedAt: Date }[],
): { id: string; attemptNumber: number | null }[] {
  const next = new Map(keptHighest);
  return [...attempts]
    .sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime())
    .map((attempt) => {
      if (attempt.attemptNumber === null) return { id: attempt.id, attemptNumber: null };
      const number = (next.get(attempt.lessonId) ?? 0) + 1;
      next.set(attempt.lessonId, number);
      return { id: attempt.id, attemptNumber: number };
    });
}

/** An entry of the other record's ledger, as the carry-over reads it. */
export type LedgerLine = {
  id: string;
  category: LedgerCategory;
  classHours: number;
  source: string;
  idempotencyKey: string;
  correctsEntryId: string | null;
  occurredAt: Date;
  lessonId: string | null;
  stationSessionId: string | null;
};

export const MERGE_SOURCE_PREFIX = "merged:";

/** A carried entry's source keeps the original's, marked, so the kept ledger says where its hours came from. */
export function carriedSource(source: string): string {
  return `${MERGE_SOURCE_PREFIX}${source}`;
}

export function carriedFrom(source: string): string | null {
  return source.startsWith(MERGE_SOURCE_PREFIX) ? source.slice(MERGE_SOURCE_PREFIX.length) : null;
}

/**
 * The key the kept person's own credit for the same thing would carry: a lesson's
 * hours and a station session's share are earned once per person, so his carried
 * lesson blocks a second credit when he finishes it again, and a lesson he had
 * already been credited for is not carried. Other credit (a concentrated training,
 * recorded under the form's own key) is carried under the entry's id.
 */
function keyForKept(line: LedgerLine, otherId: string, keptId: string): string {
  const lesson = /^lesson-complete:([^:]+):(.+)$/.exec(line.idempotencyKey);
  if (lesson && lesson[1] === otherId) return lessonHoursKey(keptId, lesson[2]!);
  const station = /^station-session:(.+):([^:]+)$/.exec(line.idempotencyKey);
  if (station && station[2] === otherId) return stationHoursKey(keptId, station[1]!);
  return `merge:${line.id}`;
}

export type CarriedEntry = {
  idempotencyKey: string;
  category: LedgerCategory;
  classHours: number;
  source: string;
  occurredAt: Date;
  lessonId: string | null;
  stationSessionId: string | null;
};

/**
 * The entries appended to the kept person's chain for the other's hours: one per credit,
 * with its corrections already taken into it, on the date it was earned (eligibility
 * reads dates). The other's chain is left exactly as it is, so both still verify.
 * A credit the kept person already holds is counted once: it is `skipped`.
 */
export function carriedHours(
  lines: readonly LedgerLine[],
  keptKeys: ReadonlySet<string>,
  ids: { keptId: string; otherId: string },
): { carried: CarriedEntry[]; skipped: { source: string; classHours: number }[] } {
  const corrections = new Map<string, number>();
  for (const line of lines)
    if (line.correctsEntryId) corrections.set(line.correctsEntryId, (corrections.get(line.correctsEntryId) ?? 0) + line.classHours);
  const carried: CarriedEntry[] = [];
  const skipped: { source: string; classHours: number }[] = [];
  for (const line of lines) {
    if (line.correctsEntryId) continue;
    const classHours = Math.round((line.classHours + (corrections.get(line.id) ?? 0)) * 100) / 100;
    if (classHours <= 0) continue;
    const idempotencyKey = keyForKept(line, ids.otherId, ids.keptId);
    if (keptKeys.has(idempotencyKey)) {
      skipped.push({ source: line.source, classHours });
      continue;
    }
    carried.push({
      idempotencyKey,
      category: line.category,
      classHours,
      source: carriedSource(line.source),
      occurredAt: line.occurredAt,
      lessonId: line.lessonId,
      stationSessionId: line.stationSessionId,
    });
  }
  return { carried, skipped };
}

// 学时更正: a wrong entry is never edited (that would break the hash chain and
// hide what happened); an admin appends a CORRECTION entry that names the entry
// it corrects, with signed hours and a reason. This decides whether one may.
import type { LedgerCategory } from "./hours-ledger.ts";

/** A single correction moves at most one working day of hours, either way. */
export const MAX_CORRECTION_HOURS = 8;
export const REASON_MIN_LENGTH = 4;
export const REASON_MAX_LENGTH = 500;

export type CorrectionField = "entryId" | "classHours" | "reason";
export type CorrectionProblem =
  | "entryNotFound"
  | "otherLearner"
  | "correctionOfCorrection"
  | "hoursZero"
  | "hoursOutOfRange"
  | "hoursPrecision"
  | "netNegative"
  | "reasonTooShort"
  | "reasonTooLong";
/** Every refusal names the form field it is about; `problem` is also the i18n key under `corrections.errors`. */
export type CorrectionRefusal = { field: CorrectionField; problem: CorrectionProblem };

export type CorrectionTarget = {
  userId: string;
  category: LedgerCategory;
  classHours: number;
  /** The hours of corrections already made to this entry. */
  earlierCorrections: readonly number[];
};

export type CorrectionRequest = { learnerId: string; classHours: number; reason: string };

const round2 = (hours: number) => Math.round(hours * 100) / 100;

/** The entry's hours after every correction so far. */
export function netHours(target: Pick<CorrectionTarget, "classHours" | "earlierCorrections">): number {
  return round2(target.earlierCorrections.reduce((sum, hours) => sum + hours, target.classHours));
}

/** Why a correction may not be made; an empty list means it may. */
export function checkCorrection(target: CorrectionTarget | null, request: CorrectionRequest): CorrectionRefusal[] {
  const refusals: CorrectionRefusal[] = [];
  const hours = request.classHours;
  if (!target) refusals.push({ field: "entryId", problem: "entryNotFound" });
  else if (target.userId !== request.learnerId) refusals.push({ field: "entryId", problem: "otherLearner" });
  // A correction of a correction would make chains of amendments nobody can
  // read; a wrong correction is put right by another correction of the original.
  else if (target.category === "CORRECTION") refusals.push({ field: "entryId", problem: "correctionOfCorrection" });

  if (!Number.isFinite(hours) || Math.abs(hours) > MAX_CORRECTION_HOURS) refusals.push({ field: "classHours", problem: "hoursOutOfRange" });
  else if (hours === 0) refusals.push({ field: "classHours", problem: "hoursZero" });
  // The chain hashes hours to two decimals, so a third one would not be covered.
  else if (Math.abs(hours * 100 - Math.round(hours * 100)) > 1e-9) refusals.push({ field: "classHours", problem: "hoursPrecision" });
  else if (target && refusals.length === 0 && netHours(target) + hours < -1e-9)
    refusals.push({ field: "classHours", problem: "netNegative" });

  const reasonLength = [...request.reason.trim()].length;
  if (reasonLength < REASON_MIN_LENGTH) refusals.push({ field: "reason", problem: "reasonTooShort" });
  else if (reasonLength > REASON_MAX_LENGTH) refusals.push({ field: "reason", problem: "reasonTooLong" });
  return refusals;
}

/** Corrections keep their reason in the entry's `source`, so the hash covers it too. */
export const CORRECTION_SOURCE_PREFIX = "correction:";

export function correctionSource(reason: string): string {
  return `${CORRECTION_SOURCE_PREFIX}${reason.trim()}`;
}

export function correctionReason(source: string): string | null {
  return source.startsWith(CORRECTION_SOURCE_PREFIX) ? source.slice(CORRECTION_SOURCE_PREFIX.length) : null;
}

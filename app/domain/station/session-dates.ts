// 放映日期: when a station session was held. A device's wall clock may be wrong
// by days, so the start it gives is kept only when the server's own times make
// it plausible: not after the server received the opening, and not before the
// device downloaded the lesson (a device that never downloaded it was online,
// so its session began shortly before the server heard of it). Otherwise the
// server's receipt is the start and the session is flagged for the township
// admin. The end is the start plus the session's own monotonic clock, never
// later than the server received the close. Pure.

/** Clocks of a device that is right differ from the server's by a little: this much is let pass. */
export const CLOCK_SLACK_MS = 2 * 60_000;
/** A session opened online reaches the server at once; an opening older than this, with no download, is not believed. */
export const ONLINE_SLACK_MS = 10 * 60_000;

export const DATE_FLAGS = ["after-receipt", "before-download"] as const;
/** Why the server's date replaced the device's: its start was after the upload, or before the lesson reached the device. */
export type DateFlag = (typeof DATE_FLAGS)[number];

export type SessionStart = {
  startedAt: Date;
  /** The start the device gave, whether believed or not; null when it gave none. */
  deviceStartedAt: Date | null;
  dateFlag: DateFlag | null;
};

/**
 * The start of a session from the opening's `claimed` wall-clock time (null
 * when the device gave none), the moment the server received the opening,
 * and when this device first downloaded the lesson at this station (null
 * when it never did).
 */
export function sessionStart(params: { claimed: Date | null; receivedAt: Date; firstDownloadedAt: Date | null }): SessionStart {
  const { claimed, receivedAt, firstDownloadedAt } = params;
  if (claimed === null) return { startedAt: receivedAt, deviceStartedAt: null, dateFlag: null };
  const flag = dateFlagOf(claimed.getTime(), receivedAt.getTime(), firstDownloadedAt?.getTime() ?? null);
  return { startedAt: flag === null ? claimed : receivedAt, deviceStartedAt: claimed, dateFlag: flag };
}

function dateFlagOf(claimed: number, received: number, downloaded: number | null): DateFlag | null {
  if (claimed > received + CLOCK_SLACK_MS) return "after-receipt";
  const earliest = downloaded === null ? received - ONLINE_SLACK_MS : downloaded - CLOCK_SLACK_MS;
  return claimed < earliest ? "before-download" : null;
}

/**
 * Start and end of a closed session: the start plus the session's own clock
 * at the close. A session cannot end after the server received its close;
 * if the sum says it did, both move back so that it ends then.
 */
export function sessionEnd(params: { startedAt: Date; closedAtMs: number; receivedAt: Date }): { startedAt: Date; endedAt: Date } {
  const end = params.startedAt.getTime() + params.closedAtMs;
  if (end <= params.receivedAt.getTime()) return { startedAt: params.startedAt, endedAt: new Date(end) };
  return { startedAt: new Date(params.receivedAt.getTime() - params.closedAtMs), endedAt: params.receivedAt };
}

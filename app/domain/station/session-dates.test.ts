import { describe, expect, it } from "vitest";
import { sessionEnd, sessionStart, type DateFlag } from "./session-dates.ts";

const RECEIVED = new Date("2026-12-10T08:00:00Z");
const at = (minutesFromReceipt: number) => new Date(RECEIVED.getTime() + minutesFromReceipt * 60_000);
const DAY = 24 * 60;

describe("sessionStart: the device's start is kept only when the server's own times make it plausible", () => {
  it.each<{ name: string; claimed: number | null; downloaded: number | null; flag: DateFlag | null }>([
    { name: "no start given (an online opening): the receipt, nothing flagged", claimed: null, downloaded: null, flag: null },
    { name: "three days offline after the download", claimed: -3 * DAY, downloaded: -5 * DAY, flag: null },
    { name: "opened the very minute of the download", claimed: -5 * DAY, downloaded: -5 * DAY, flag: null },
    { name: "a device clock 2 minutes behind the server's download time", claimed: -5 * DAY - 2, downloaded: -5 * DAY, flag: null },
    { name: "3 minutes before the download: the clock is behind", claimed: -5 * DAY - 3, downloaded: -5 * DAY, flag: "before-download" },
    { name: "a clock a year behind", claimed: -365 * DAY, downloaded: -5 * DAY, flag: "before-download" },
    { name: "2 minutes after the receipt (a clock a little ahead)", claimed: 2, downloaded: -DAY, flag: null },
    { name: "3 days after the receipt: the clock is ahead", claimed: 3 * DAY, downloaded: -DAY, flag: "after-receipt" },
    { name: "3 minutes after the receipt", claimed: 3, downloaded: null, flag: "after-receipt" },
    { name: "online, no download: 10 minutes before the receipt", claimed: -10, downloaded: null, flag: null },
    { name: "no download and an hour before the receipt: not believed", claimed: -60, downloaded: null, flag: "before-download" },
  ])("$name", ({ claimed, downloaded, flag }) => {
    const start = sessionStart({
      claimed: claimed === null ? null : at(claimed),
      receivedAt: RECEIVED,
      firstDownloadedAt: downloaded === null ? null : at(downloaded),
    });
    expect(start.dateFlag).toBe(flag);
    // The device's word is always kept; the start is its word only when plausible.
    expect(start.deviceStartedAt).toEqual(claimed === null ? null : at(claimed));
    expect(start.startedAt).toEqual(flag === null && claimed !== null ? at(claimed) : RECEIVED);
  });
});

describe("sessionEnd: the start plus the session's own clock, never after the close was received", () => {
  it.each([
    {
      name: "a session held three days ago",
      startedAt: at(-3 * DAY),
      closedAtMs: 90 * 60_000,
      startAfter: at(-3 * DAY),
      endAfter: at(-3 * DAY + 90),
    },
    { name: "ending exactly at the receipt", startedAt: at(-90), closedAtMs: 90 * 60_000, startAfter: at(-90), endAfter: RECEIVED },
    {
      name: "a flagged session started at its upload: moved back to end at the receipt",
      startedAt: RECEIVED,
      closedAtMs: 90 * 60_000,
      startAfter: at(-90),
      endAfter: RECEIVED,
    },
    {
      name: "online, the close a second later than the clock says",
      startedAt: at(-60),
      closedAtMs: 60 * 60_000 + 1_000,
      startAfter: new Date(RECEIVED.getTime() - 60 * 60_000 - 1_000),
      endAfter: RECEIVED,
    },
  ])("$name", ({ startedAt, closedAtMs, startAfter, endAfter }) => {
    expect(sessionEnd({ startedAt, closedAtMs, receivedAt: RECEIVED })).toEqual({ startedAt: startAfter, endedAt: endAfter });
  });
});

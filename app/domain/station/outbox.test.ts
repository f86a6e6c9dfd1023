import { describe, expect, it } from "vitest";
import {
  DOWNLOAD_CHUNK_BYTES,
  OUTBOX_BATCH_SIZE,
  OUTBOX_EXPORT_KIND,
  acknowledge,
  chunkCount,
  filesToDelete,
  heldBytes,
  inSequence,
  journalToPrune,
  lessonProgress,
  mediaTypeOf,
  missingChunks,
  nextBatch,
  nextSequence,
  pendingSummary,
  problemOfStatus,
  rangeHeader,
  readChunkAnswer,
  readOutboxExport,
  readUploadResults,
  shouldSync,
  uploadRequest,
  wantsBackgroundSync,
  type OutboxItem,
  type SyncProblem,
  type SyncReason,
  type UploadResult,
} from "./outbox.ts";

const DEVICE = "device-a";

function item(sequence: number, sessionId = "s1", type: "arrived" | "closed" = "arrived", deviceId = DEVICE): OutboxItem {
  return {
    eventId: `e${sequence}-${deviceId}`,
    deviceId,
    sequence,
    sessionId,
    stationCode: "hexi-station",
    body: type === "closed" ? { type: "closed", atMs: sequence * 1000 } : { type: "arrived", personId: `p${sequence}`, atMs: sequence },
  };
}

const items = (from: number, to: number, sessionId = "s1") => Array.from({ length: to - from + 1 }, (_, i) => item(from + i, sessionId));

describe("batches go up in sequence order", () => {
  it.each([
    { count: 0, size: OUTBOX_BATCH_SIZE, first: [], why: "nothing waiting: an empty batch" },
    { count: 3, size: OUTBOX_BATCH_SIZE, first: [1, 2, 3], why: "fewer than a batch: all of them" },
    { count: 200, size: OUTBOX_BATCH_SIZE, first: Array.from({ length: 200 }, (_, i) => i + 1), why: "exactly a batch" },
    { count: 450, size: OUTBOX_BATCH_SIZE, first: Array.from({ length: 200 }, (_, i) => i + 1), why: "more: the first 200" },
    { count: 5, size: 2, first: [1, 2], why: "a smaller batch size" },
  ])("$why", ({ count, size, first }) => {
    const shuffled = items(1, count).reverse();
    expect(nextBatch(shuffled, size).map((entry) => entry.sequence)).toEqual(first);
  });

  it("is 200 items by default", () => {
    expect(OUTBOX_BATCH_SIZE).toBe(200);
  });

  it("orders a copy from another browser among the device's own by sequence, each device's own order kept", () => {
    const mixed = [item(2, "s1", "arrived", "b"), item(3), item(1, "s1", "arrived", "b"), item(1), item(2)];
    expect(inSequence(mixed).map((entry) => `${entry.deviceId}:${entry.sequence}`)).toEqual([
      "b:1",
      "device-a:1",
      "b:2",
      "device-a:2",
      "device-a:3",
    ]);
  });

  it("sends the items as recorded, without the outbox's station field, and names the station once", () => {
    const request = uploadRequest("hexi-station", [item(1)]);
    expect(request).toEqual({
      stationCode: "hexi-station",
      events: [
        { eventId: "e1-device-a", deviceId: DEVICE, sequence: 1, sessionId: "s1", body: { type: "arrived", personId: "p1", atMs: 1 } },
      ],
    });
  });
});

describe("the server's answer", () => {
  it.each([
    { json: { results: [{ eventId: "a", outcome: "applied" }] }, read: [{ eventId: "a", outcome: "applied", refusal: null }] },
    {
      json: { results: [{ eventId: "a", outcome: "refused", refusal: "not-present" }] },
      read: [{ eventId: "a", outcome: "refused", refusal: "not-present" }],
    },
    { json: { results: [] }, read: [] },
    { json: { results: [{ eventId: "a", outcome: "lost" }] }, read: null },
    { json: { results: [{ outcome: "applied" }] }, read: null },
    { json: { error: "boom" }, read: null },
    { json: "ok", read: null },
    { json: null, read: null },
  ])("$json → $read", ({ json, read }) => {
    expect(readUploadResults(json)).toEqual(read);
  });

  it.each([
    { status: 200, problem: null },
    { status: 204, problem: null },
    { status: 400, problem: "malformed" },
    { status: 401, problem: "signed-out" },
    { status: 403, problem: "forbidden" },
    { status: 413, problem: "malformed" },
    { status: 500, problem: "server" },
    { status: 502, problem: "server" },
    { status: 404, problem: "server" },
  ])("HTTP $status → $problem", ({ status, problem }) => {
    expect(problemOfStatus(status)).toBe(problem);
  });
});

describe("which items the device forgets", () => {
  const AT = "2026-12-03T08:00:00.000Z";
  const batch = items(1, 4);
  const answer = (eventId: string, outcome: UploadResult["outcome"], refusal: string | null = null): UploadResult => ({
    eventId,
    outcome,
    refusal,
  });

  it.each([
    {
      why: "all applied: all forgotten",
      results: batch.map((entry) => answer(entry.eventId, "applied")),
      answered: [1, 2, 3, 4],
      waiting: [],
    },
    {
      why: "duplicates and refusals are answers too",
      results: [
        answer("e1-device-a", "duplicate"),
        answer("e2-device-a", "refused", "not-present"),
        answer("e3-device-a", "applied"),
        answer("e4-device-a", "applied"),
      ],
      answered: [1, 2, 3, 4],
      waiting: [],
    },
    {
      why: "a batch answered midway: the rest stays, in order",
      results: [answer("e1-device-a", "applied"), answer("e2-device-a", "applied")],
      answered: [1, 2],
      waiting: [3, 4],
    },
    {
      why: "an answer out of order forgets only that item",
      results: [answer("e3-device-a", "applied")],
      answered: [3],
      waiting: [1, 2, 4],
    },
    { why: "no answers: nothing forgotten", results: [], answered: [], waiting: [1, 2, 3, 4] },
    {
      why: "an answer for an item not in the batch forgets nothing",
      results: [answer("e9-device-a", "applied")],
      answered: [],
      waiting: [1, 2, 3, 4],
    },
  ])("$why", ({ results, answered, waiting }) => {
    const outcome = acknowledge(batch, results, AT);
    expect(outcome.answered.map((entry) => entry.sequence)).toEqual(answered);
    expect(outcome.waiting.map((entry) => entry.sequence)).toEqual(waiting);
  });

  it("notes refusals, and a duplicate of an item refused the first time, for the operator", () => {
    const outcome = acknowledge(
      batch,
      [
        answer("e1-device-a", "refused", "not-present"),
        answer("e2-device-a", "duplicate", "already-present"),
        answer("e3-device-a", "duplicate"),
        answer("e4-device-a", "refused"),
      ],
      AT,
    );
    expect(outcome.refusals).toEqual([
      { eventId: "e1-device-a", stationCode: "hexi-station", sessionId: "s1", bodyType: "arrived", code: "not-present", at: AT },
      { eventId: "e2-device-a", stationCode: "hexi-station", sessionId: "s1", bodyType: "arrived", code: "already-present", at: AT },
      { eventId: "e4-device-a", stationCode: "hexi-station", sessionId: "s1", bodyType: "arrived", code: null, at: AT },
    ]);
  });
});

describe("what the screen says is waiting", () => {
  it.each([
    { waiting: [], sessions: 0, count: 0 },
    { waiting: items(1, 5, "s1"), sessions: 1, count: 5 },
    { waiting: [...items(1, 2, "s1"), ...items(3, 3, "s2"), ...items(4, 6, "s3")], sessions: 3, count: 6 },
    { waiting: [item(1, "s1"), item(2, "s2"), item(3, "s1")], sessions: 2, count: 3 },
  ])("$sessions sessions, $count items", ({ waiting, sessions, count }) => {
    expect(pendingSummary(waiting)).toEqual({ sessions, items: count });
  });
});

describe("the next sequence number", () => {
  it.each([
    { stored: undefined, own: [], next: 1, why: "a new device starts at 1" },
    { stored: 7, own: [], next: 7, why: "the count it keeps" },
    { stored: 7, own: [3, 6], next: 7, why: "its items are all below the count" },
    { stored: 7, own: [3, 12], next: 13, why: "one of its own items above the count (a copy imported back)" },
    { stored: undefined, own: [4], next: 5, why: "no count, items held" },
    { stored: 0, own: [], next: 1, why: "a count that is no sequence" },
    { stored: 2.5, own: [], next: 1, why: "a broken count" },
  ])("$why", ({ stored, own, next }) => {
    expect(nextSequence(stored, own)).toBe(next);
  });
});

describe("pruning the journal", () => {
  const journal = [item(1, "open"), item(2, "done"), item(3, "done", "closed"), item(4, "closing"), item(5, "closing", "closed")];

  it.each([
    {
      why: "a closed session with nothing waiting goes",
      waiting: [],
      pruned: ["e2-device-a", "e3-device-a", "e4-device-a", "e5-device-a"],
    },
    { why: "a closed session with an item waiting stays", waiting: [item(5, "closing", "closed")], pruned: ["e2-device-a", "e3-device-a"] },
    { why: "an open session always stays", waiting: [item(5, "closing", "closed"), item(2, "done")], pruned: [] },
  ])("$why", ({ waiting, pruned }) => {
    expect(journalToPrune(journal, waiting)).toEqual(pruned);
  });
});

describe("an exported outbox read for import", () => {
  const file = (extra: Record<string, unknown> = {}) => ({
    kind: OUTBOX_EXPORT_KIND,
    version: 1,
    stationCode: "hexi-station",
    deviceId: "b",
    exportedAt: "2026-12-03T08:00:00.000Z",
    items: [item(2, "s1", "arrived", "b"), item(1, "s1", "arrived", "b")],
    ...extra,
  });

  it("keeps every item exactly, ids included, in sequence order", () => {
    const read = readOutboxExport(file());
    expect(read).toEqual({ items: [item(1, "s1", "arrived", "b"), item(2, "s1", "arrived", "b")] });
  });

  it.each([
    { why: "not JSON of an outbox", json: { items: [] }, problem: "not-an-outbox" },
    { why: "another version", json: file({ version: 2 }), problem: "not-an-outbox" },
    { why: "an item without an id", json: file({ items: [{ ...item(1), eventId: "" }] }), problem: "bad-item" },
    { why: "an item with a sequence of 0", json: file({ items: [{ ...item(1), sequence: 0 }] }), problem: "bad-item" },
    { why: "a body of no known type", json: file({ items: [{ ...item(1), body: { type: "deleted" } }] }), problem: "bad-item" },
    { why: "nothing at all", json: null, problem: "not-an-outbox" },
  ])("refuses $why", ({ json, problem }) => {
    expect(readOutboxExport(json)).toEqual({ problem });
  });

  it("refuses another station's copy when the station is named", () => {
    expect(readOutboxExport(file(), "other-station")).toEqual({ problem: "other-station" });
    expect(readOutboxExport(file(), "hexi-station")).toHaveProperty("items");
  });
});

describe("a lesson file in 1 MiB pieces", () => {
  const MiB = DOWNLOAD_CHUNK_BYTES;

  it("is 1 MiB a piece", () => {
    expect(MiB).toBe(1_048_576);
  });

  it.each([
    { total: 0, count: 0 },
    { total: 1, count: 1 },
    { total: MiB, count: 1 },
    { total: MiB + 1, count: 2 },
    { total: 3 * MiB - 5, count: 3 },
  ])("$total bytes: $count pieces", ({ total, count }) => {
    expect(chunkCount(total)).toBe(count);
  });

  it.each([
    {
      why: "nothing held: every piece, the last one short",
      total: 2 * MiB + 10,
      held: [],
      ranges: [
        [0, 0, MiB - 1],
        [1, MiB, 2 * MiB - 1],
        [2, 2 * MiB, 2 * MiB + 9],
      ],
    },
    { why: "resuming: only the pieces not held", total: 3 * MiB, held: [0, 2], ranges: [[1, MiB, 2 * MiB - 1]] },
    { why: "all held: nothing to fetch", total: 2 * MiB, held: [1, 0], ranges: [] },
    { why: "a file smaller than a piece", total: 500, held: [], ranges: [[0, 0, 499]] },
    { why: "an empty file", total: 0, held: [], ranges: [] },
  ])("$why", ({ total, held, ranges }) => {
    expect(missingChunks(total, held).map((range) => [range.index, range.start, range.end])).toEqual(ranges);
  });

  it.each([
    { total: 2 * MiB + 10, held: [0], bytes: MiB },
    { total: 2 * MiB + 10, held: [2], bytes: 10 },
    { total: 2 * MiB + 10, held: [0, 1, 2], bytes: 2 * MiB + 10 },
    { total: 2 * MiB + 10, held: [0, 0, 7, -1], bytes: MiB },
    { total: 0, held: [], bytes: 0 },
  ])("held $held of $total bytes: $bytes", ({ total, held, bytes }) => {
    expect(heldBytes(total, held)).toBe(bytes);
  });

  it("asks for a piece with both ends included", () => {
    expect(rangeHeader({ index: 1, start: MiB, end: 2 * MiB - 1 })).toBe("bytes=1048576-2097151");
  });

  it.each([
    { why: "nothing yet", files: [{ bytesTotal: 100, bytesHeld: 0 }], progress: { bytesHeld: 0, bytesTotal: 100, share: 0 } },
    {
      why: "a video half held and its subtitles done",
      files: [
        { bytesTotal: 300, bytesHeld: 150 },
        { bytesTotal: 100, bytesHeld: 100 },
      ],
      progress: { bytesHeld: 250, bytesTotal: 400, share: 0.625 },
    },
    { why: "a lesson with no files is complete", files: [], progress: { bytesHeld: 0, bytesTotal: 0, share: 1 } },
    {
      why: "more held than said counts as done",
      files: [{ bytesTotal: 100, bytesHeld: 120 }],
      progress: { bytesHeld: 100, bytesTotal: 100, share: 1 },
    },
  ])("progress: $why", ({ files, progress }) => {
    expect(lessonProgress(files)).toEqual(progress);
  });

  const expected = { index: 1, start: MiB, end: 2 * MiB - 1 };
  it.each([
    { status: 206, contentRange: `bytes ${MiB}-${2 * MiB - 1}/${3 * MiB}`, answer: { kind: "chunk" } },
    { status: 206, contentRange: `bytes 0-${MiB - 1}/${3 * MiB}`, answer: { kind: "failed" } },
    { status: 206, contentRange: `bytes ${MiB}-${2 * MiB - 1}/${4 * MiB}`, answer: { kind: "size-changed", totalBytes: 4 * MiB } },
    { status: 416, contentRange: `bytes */${MiB}`, answer: { kind: "size-changed", totalBytes: MiB } },
    { status: 416, contentRange: `bytes */${3 * MiB}`, answer: { kind: "failed" } },
    { status: 206, contentRange: null, answer: { kind: "failed" } },
    { status: 200, contentRange: null, answer: { kind: "whole" } },
    { status: 404, contentRange: null, answer: { kind: "gone" } },
    { status: 500, contentRange: null, answer: { kind: "failed" } },
  ])("HTTP $status $contentRange → $answer.kind", ({ status, contentRange, answer }) => {
    expect(readChunkAnswer({ status, contentRange, expected, totalBytes: 3 * MiB })).toEqual(answer);
  });

  it.each([
    { url: "/media/dangzhang/lesson-1.mp4", served: null, type: "video/mp4" },
    { url: "/media/dangzhang/lesson-1.zh.vtt?v=2", served: null, type: "text/vtt; charset=utf-8" },
    { url: "/media/x.bin", served: null, type: "application/octet-stream" },
    { url: "/media/x.mp4", served: "video/mp4; codecs=avc1", type: "video/mp4; codecs=avc1" },
  ])("kept as $type: $url", ({ url, served, type }) => {
    expect(mediaTypeOf(url, served)).toBe(type);
  });

  it("deleting a lesson removes its files but none another kept lesson uses", () => {
    const lessons = [
      { lessonId: "a", files: [{ url: "/media/a.mp4" }, { url: "/media/shared.vtt" }] },
      { lessonId: "b", files: [{ url: "/media/b.mp4" }, { url: "/media/shared.vtt" }] },
    ];
    expect(filesToDelete("a", lessons)).toEqual(["/media/a.mp4"]);
    expect(filesToDelete("c", lessons)).toEqual([]);
    expect(filesToDelete("a", lessons.slice(0, 1))).toEqual(["/media/a.mp4", "/media/shared.vtt"]);
  });
});

describe("when to sync", () => {
  const cases: { reason: SyncReason; online: boolean; pending: number; problem: SyncProblem | null; sync: boolean }[] = [
    { reason: "start", online: true, pending: 3, problem: null, sync: true },
    { reason: "start", online: true, pending: 0, problem: null, sync: false },
    { reason: "start", online: false, pending: 3, problem: null, sync: false },
    { reason: "online", online: true, pending: 3, problem: "offline", sync: true },
    { reason: "timer", online: true, pending: 3, problem: null, sync: true },
    { reason: "timer", online: false, pending: 3, problem: "offline", sync: false },
    { reason: "timer", online: true, pending: 3, problem: "signed-out", sync: true },
    { reason: "timer", online: true, pending: 3, problem: "malformed", sync: false },
    { reason: "start", online: true, pending: 3, problem: "malformed", sync: true },
    { reason: "button", online: false, pending: 3, problem: "offline", sync: true },
    { reason: "button", online: true, pending: 3, problem: "malformed", sync: true },
    { reason: "button", online: true, pending: 0, problem: null, sync: false },
    { reason: "background", online: true, pending: 3, problem: "offline", sync: true },
    { reason: "recorded", online: false, pending: 1, problem: null, sync: false },
    { reason: "recorded", online: true, pending: 1, problem: null, sync: true },
  ];
  it.each(cases)("$reason, online $online, $pending waiting, after $problem → $sync", ({ reason, online, pending, problem, sync }) => {
    expect(shouldSync({ reason, online, pendingItems: pending, problem })).toBe(sync);
  });

  it.each([
    { problem: "offline", wants: true },
    { problem: "server", wants: true },
    { problem: "signed-out", wants: false },
    { problem: "malformed", wants: false },
    { problem: null, wants: false },
  ] as const)("asks for Background Sync after $problem: $wants", ({ problem, wants }) => {
    expect(wantsBackgroundSync(problem)).toBe(wants);
  });
});

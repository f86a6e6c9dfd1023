// The station device's outbox (issue #11, decision 022): what it recorded
// waits here, in the device's sequence order, until the server has answered
// it. These are the outbox's decisions, apart from the browser's storage so
// they can be tested: which items go up next, which the device may forget
// after an answer, what the screen says is waiting, which journal entries may
// go, which pieces of a lesson file are still to fetch, and when to sync.
// Pure: the browser's side is app/station-app/*.ts.
import type { DeviceItem } from "./device-session.ts";

/** At most this many items in one upload (the endpoint takes up to 500). */
export const OUTBOX_BATCH_SIZE = 200;
/** A lesson file is fetched in pieces of this size, so an interrupted download resumes. */
export const DOWNLOAD_CHUNK_BYTES = 1024 * 1024;
/** While online, the device tries to sync this often. */
export const SYNC_INTERVAL_MS = 60_000;
/** The Background Sync tag the service worker answers. */
export const BACKGROUND_SYNC_TAG = "station-outbox";

/** An item as it waits in the outbox: exactly what is uploaded, and the station it belongs to. */
export type OutboxItem = DeviceItem & { stationCode: string };

export type UploadOutcome = "applied" | "duplicate" | "refused";
export type UploadResult = { eventId: string; outcome: UploadOutcome; refusal?: string | null };

/** A refused item, kept to show the operator until he dismisses it. `code` words as station.refusals.<code>. */
export type RefusalNote = {
  eventId: string;
  stationCode: string;
  sessionId: string;
  bodyType: string;
  /** Null when the server gave no reason. */
  code: string | null;
  /** The device's clock when the answer came (shown, never judged). */
  at: string;
};

/**
 * Why a sync stopped; each has words under stationApp.sync.problems.<code>.
 * offline: the network or the server could not be reached. signed-out: a 401,
 * the operator must sign in again (nothing is lost). forbidden: a 403, this
 * account may not operate the station. malformed: a 400, the server could not
 * read the batch (the items are kept, never deleted). server: every other
 * status, an answer that is not the expected JSON, or one that answers none of the batch.
 */
export const SYNC_PROBLEMS = ["offline", "signed-out", "forbidden", "malformed", "server"] as const;
export type SyncProblem = (typeof SYNC_PROBLEMS)[number];

const OUTCOMES: readonly string[] = ["applied", "duplicate", "refused"] satisfies UploadOutcome[];

/** The items in the order they go up: the device's sequence (a copy from another browser keeps its own). */
export function inSequence<T extends { sequence: number; deviceId: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => a.sequence - b.sequence || (a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0));
}

/** The next batch to upload: the first `size` items in sequence order. */
export function nextBatch<T extends { sequence: number; deviceId: string }>(items: readonly T[], size = OUTBOX_BATCH_SIZE): T[] {
  return inSequence(items).slice(0, Math.max(1, size));
}

/** What is sent to POST /api/station-events: the items as recorded, without the outbox's own field. */
export function uploadRequest(stationCode: string, batch: readonly OutboxItem[]): { stationCode: string; events: DeviceItem[] } {
  return { stationCode, events: batch.map(({ stationCode: _station, ...item }) => item) };
}

/** The endpoint's answer, or null when it is not one (then nothing is forgotten). */
export function readUploadResults(json: unknown): UploadResult[] | null {
  if (typeof json !== "object" || json === null) return null;
  const results = (json as { results?: unknown }).results;
  if (!Array.isArray(results)) return null;
  const read: UploadResult[] = [];
  for (const result of results) {
    if (typeof result !== "object" || result === null) return null;
    const { eventId, outcome, refusal } = result as Record<string, unknown>;
    if (typeof eventId !== "string" || typeof outcome !== "string" || !OUTCOMES.includes(outcome)) return null;
    read.push({ eventId, outcome: outcome as UploadOutcome, refusal: typeof refusal === "string" ? refusal : null });
  }
  return read;
}

/**
 * What the device does with the server's answer to a batch: it forgets exactly
 * the items answered (applied, duplicate or refused) and keeps the others for
 * the next sync, in order. A refusal, or a duplicate of an item refused the
 * first time, is noted for the operator.
 */
export function acknowledge<T extends OutboxItem>(
  batch: readonly T[],
  results: readonly UploadResult[],
  at: string,
): { answered: T[]; waiting: T[]; refusals: RefusalNote[] } {
  const byId = new Map(results.map((result) => [result.eventId, result]));
  const answered: T[] = [];
  const waiting: T[] = [];
  const refusals: RefusalNote[] = [];
  for (const item of batch) {
    const result = byId.get(item.eventId);
    if (!result) {
      waiting.push(item);
      continue;
    }
    answered.push(item);
    const refused = result.outcome === "refused" || (result.outcome === "duplicate" && typeof result.refusal === "string");
    if (refused) {
      refusals.push({
        eventId: item.eventId,
        stationCode: item.stationCode,
        sessionId: item.sessionId,
        bodyType: item.body.type,
        code: result.refusal ?? null,
        at,
      });
    }
  }
  return { answered, waiting, refusals };
}

/** The problem an HTTP status means for a sync (null: the batch was answered). */
export function problemOfStatus(status: number): SyncProblem | null {
  if (status >= 200 && status < 300) return null;
  if (status === 401) return "signed-out";
  if (status === 403) return "forbidden";
  if (status === 400 || status === 413 || status === 422) return "malformed";
  return "server";
}

/** "N 场放映待上传": the sessions that have items waiting, and the items. */
export function pendingSummary(items: readonly { sessionId: string }[]): { sessions: number; items: number } {
  return { sessions: new Set(items.map((item) => item.sessionId)).size, items: items.length };
}

/**
 * The device's next sequence number: after the count it keeps and after each
 * of its own items it holds (a copy of its own outbox imported back, say).
 */
export function nextSequence(stored: number | undefined, ownSequences: readonly number[] = []): number {
  const counted = stored !== undefined && Number.isInteger(stored) && stored >= 1 ? stored : 1;
  const highest = ownSequences.reduce((max, sequence) => Math.max(max, sequence), 0);
  return Math.max(counted, highest + 1);
}

/**
 * The journal entries the device may forget: those of sessions it saw closed
 * and of which nothing waits in the outbox now.
 */
export function journalToPrune(
  journal: readonly { eventId: string; sessionId: string; body: { type: string } }[],
  waiting: readonly { sessionId: string }[],
): string[] {
  const closed = new Set(journal.filter((entry) => entry.body.type === "closed").map((entry) => entry.sessionId));
  const stillWaiting = new Set(waiting.map((item) => item.sessionId));
  return journal.filter((entry) => closed.has(entry.sessionId) && !stillWaiting.has(entry.sessionId)).map((entry) => entry.eventId);
}

// ---- Exporting and importing an outbox (a copy carried to another browser)

export const OUTBOX_EXPORT_KIND = "sihuan-station-outbox";

export type OutboxExport = {
  kind: typeof OUTBOX_EXPORT_KIND;
  version: 1;
  stationCode: string;
  deviceId: string;
  exportedAt: string;
  items: OutboxItem[];
};

/** Why an exported outbox cannot be imported; words under stationApp.sync.importProblems.<code>. */
export const IMPORT_PROBLEMS = ["not-an-outbox", "bad-item", "other-station"] as const;
export type ImportProblem = (typeof IMPORT_PROBLEMS)[number];

const BODY_TYPES: readonly string[] = ["opened", "arrived", "walked-in", "left", "played", "minutes", "answered", "closed", "answer-sheet"];

const isText = (value: unknown): value is string => typeof value === "string" && value.length > 0;

function isOutboxItem(value: unknown): value is OutboxItem {
  if (typeof value !== "object" || value === null) return false;
  const item = value as Record<string, unknown>;
  const body = item.body as Record<string, unknown> | null | undefined;
  return (
    isText(item.eventId) &&
    isText(item.deviceId) &&
    isText(item.sessionId) &&
    isText(item.stationCode) &&
    Number.isInteger(item.sequence) &&
    (item.sequence as number) >= 1 &&
    typeof body === "object" &&
    body !== null &&
    typeof body.type === "string" &&
    BODY_TYPES.includes(body.type)
  );
}

/**
 * A file made by exporting an outbox, read for import: its items exactly as
 * they were (same ids, so the server recognises those it already took), or
 * why it cannot be taken. `stationCode`, when given, refuses a copy of another
 * station's outbox.
 */
export function readOutboxExport(json: unknown, stationCode?: string): { items: OutboxItem[] } | { problem: ImportProblem } {
  if (typeof json !== "object" || json === null) return { problem: "not-an-outbox" };
  const file = json as Record<string, unknown>;
  if (file.kind !== OUTBOX_EXPORT_KIND || file.version !== 1 || !Array.isArray(file.items)) return { problem: "not-an-outbox" };
  const items: OutboxItem[] = [];
  for (const item of file.items as unknown[]) {
    if (!isOutboxItem(item)) return { problem: "bad-item" };
    if (stationCode !== undefined && item.stationCode !== stationCode) return { problem: "other-station" };
    items.push(item);
  }
  return { items: inSequence(items) };
}

// ---- Downloading a lesson file in pieces

/** One piece of a file: bytes `start`–`end`, both included (as a Range header counts). */
export type ChunkRange = { index: number; start: number; end: number };

export function chunkCount(totalBytes: number, chunkBytes = DOWNLOAD_CHUNK_BYTES): number {
  return totalBytes > 0 ? Math.ceil(totalBytes / chunkBytes) : 0;
}

export function chunkRange(index: number, totalBytes: number, chunkBytes = DOWNLOAD_CHUNK_BYTES): ChunkRange {
  const start = index * chunkBytes;
  return { index, start, end: Math.min(totalBytes, start + chunkBytes) - 1 };
}

/** The pieces of a file still to fetch, in order, given those already held. */
export function missingChunks(totalBytes: number, held: Iterable<number>, chunkBytes = DOWNLOAD_CHUNK_BYTES): ChunkRange[] {
  const have = new Set(held);
  const missing: ChunkRange[] = [];
  for (let index = 0; index < chunkCount(totalBytes, chunkBytes); index++) {
    if (!have.has(index)) missing.push(chunkRange(index, totalBytes, chunkBytes));
  }
  return missing;
}

/** The bytes of a file the held pieces make up (pieces outside the file count for nothing). */
export function heldBytes(totalBytes: number, held: Iterable<number>, chunkBytes = DOWNLOAD_CHUNK_BYTES): number {
  const count = chunkCount(totalBytes, chunkBytes);
  let bytes = 0;
  for (const index of new Set(held)) {
    if (Number.isInteger(index) && index >= 0 && index < count) {
      const { start, end } = chunkRange(index, totalBytes, chunkBytes);
      bytes += end - start + 1;
    }
  }
  return bytes;
}

export const rangeHeader = (range: ChunkRange) => `bytes=${range.start}-${range.end}`;

/** A lesson's download progress: the bytes held of all its files, as a share of their total. */
export function lessonProgress(files: readonly { bytesTotal: number; bytesHeld: number }[]): {
  bytesHeld: number;
  bytesTotal: number;
  share: number;
} {
  const bytesTotal = files.reduce((sum, file) => sum + file.bytesTotal, 0);
  const bytesHeld = files.reduce((sum, file) => sum + Math.min(file.bytesHeld, file.bytesTotal), 0);
  return { bytesHeld, bytesTotal, share: bytesTotal === 0 ? 1 : bytesHeld / bytesTotal };
}

/** What an answer to a piece's Range request means. */
export type ChunkAnswer =
  /** The piece asked for. */
  | { kind: "chunk" }
  /** The server ignored the range and sent the whole file. */
  | { kind: "whole" }
  /** The file on the server is not the size the kit said: start it again at this size. */
  | { kind: "size-changed"; totalBytes: number }
  /** The file is no longer there (the kit is out of date). */
  | { kind: "gone" }
  | { kind: "failed" };

const CONTENT_RANGE = /^bytes\s+(?:(\d+)-(\d+)|\*)\/(\d+|\*)$/i;

export function readChunkAnswer(params: {
  status: number;
  contentRange: string | null;
  expected: ChunkRange;
  totalBytes: number;
}): ChunkAnswer {
  const { status, expected, totalBytes } = params;
  if (status === 200) return { kind: "whole" };
  if (status === 404 || status === 410) return { kind: "gone" };
  if (status !== 206 && status !== 416) return { kind: "failed" };
  const match = CONTENT_RANGE.exec((params.contentRange ?? "").trim());
  if (!match) return { kind: "failed" };
  const total = match[3] === "*" ? null : Number(match[3]);
  if (total !== null && total !== totalBytes) return { kind: "size-changed", totalBytes: total };
  if (status === 416 || match[1] === undefined) return { kind: "failed" };
  return Number(match[1]) === expected.start && Number(match[2]) === expected.end ? { kind: "chunk" } : { kind: "failed" };
}

const MEDIA_TYPES: Record<string, string> = {
  mp4: "video/mp4",
  webm: "video/webm",
  m4a: "audio/mp4",
  mp3: "audio/mpeg",
  vtt: "text/vtt; charset=utf-8",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
};

/** The Content-Type a cached file is kept with: the server's when it gave one, else by the file's extension. */
export function mediaTypeOf(url: string, served: string | null = null): string {
  if (served) return served;
  const path = url.split(/[?#]/)[0] ?? "";
  const extension = path.slice(path.lastIndexOf(".") + 1).toLowerCase();
  return MEDIA_TYPES[extension] ?? "application/octet-stream";
}

/** The files deleting a lesson may remove: its own, but none another kept lesson also uses. */
export function filesToDelete(lessonId: string, lessons: readonly { lessonId: string; files: readonly { url: string }[] }[]): string[] {
  const mine = lessons.filter((lesson) => lesson.lessonId === lessonId).flatMap((lesson) => lesson.files.map((file) => file.url));
  const others = new Set(
    lessons.filter((lesson) => lesson.lessonId !== lessonId).flatMap((lesson) => lesson.files.map((file) => file.url)),
  );
  return [...new Set(mine)].filter((url) => !others.has(url));
}

/**
 * Why a download stopped; words under stationApp.download.problems.<code>.
 * storage-full: the device has no room left (QuotaExceededError), what is
 * complete is kept. gone: the file is no longer on the server. busy: this
 * lesson is being downloaded already (another tab). unsupported: the browser
 * keeps no files for this page (Cache Storage needs HTTPS).
 */
export const DOWNLOAD_PROBLEMS = ["storage-full", "offline", "gone", "failed", "busy", "unsupported"] as const;
export type DownloadProblem = (typeof DOWNLOAD_PROBLEMS)[number];

// ---- When to sync

export type SyncReason =
  /** The station's screen opened. */
  | "start"
  /** The browser says the network is back. */
  | "online"
  /** The minute's tick. */
  | "timer"
  /** The operator pressed 同步. */
  | "button"
  /** The service worker's Background Sync. */
  | "background"
  /** Something was just recorded. */
  | "recorded";

/**
 * Whether to try a sync now. Nothing waiting: nothing to do. The operator's
 * button always tries. Otherwise only while the browser thinks it is online
 * (it is sure only of being offline). After a batch the server could not read,
 * the minute's tick does not send it again: a new version of the app (a
 * reload: "start") or the operator's button does.
 */
export function shouldSync(params: { reason: SyncReason; online: boolean; pendingItems: number; problem: SyncProblem | null }): boolean {
  const { reason, online, pendingItems, problem } = params;
  if (pendingItems === 0) return false;
  if (reason === "button") return true;
  if (!online) return false;
  if (reason === "timer" && problem === "malformed") return false;
  return true;
}

/** Whether to ask the service worker to sync when the network returns (the page may be closed by then). */
export const wantsBackgroundSync = (problem: SyncProblem | null) => problem === "offline" || problem === "server";

// Downloading a lesson's files for a day without network (issue #11): each
// file in 1 MiB Range requests, the pieces kept in IndexedDB so a cut-off
// download goes on from the pieces held; when a file is whole, one full
// response goes into Cache Storage (station-media) under the file's address,
// where the service worker serves it, seeking included, and the pieces go.
// Browser only; the decisions are in app/domain/station/outbox.ts.
import { MEDIA_CACHE } from "../domain/station/app-caches.ts";
import type { KitLesson } from "../domain/station/kit.ts";
import {
  chunkCount,
  filesToDelete,
  heldBytes,
  lessonProgress,
  mediaTypeOf,
  missingChunks,
  rangeHeader,
  readChunkAnswer,
  type DownloadProblem,
} from "../domain/station/outbox.ts";
import { openStationDb, type DownloadedLesson } from "./outbox.ts";

export type DownloadProgress = { lessonId: string; bytesHeld: number; bytesTotal: number; share: number };

export type DownloadResult =
  | { ok: true; lessonId: string; bytes: number }
  | { ok: false; lessonId: string; problem: DownloadProblem; bytesHeld: number; bytesTotal: number };

/** A lesson the device keeps (or began to download): `bytes` are those it holds. */
export type CachedLesson = {
  lessonId: string;
  stationCode: string;
  title: string;
  bytes: number;
  bytesTotal: number;
  complete: boolean;
  completedAt: string | null;
};

export type StorageUsage = {
  /** Bytes the site takes on the device (navigator.storage.estimate), 0 when the browser does not say. */
  used: number;
  /** Bytes it may take in all, or null when the browser does not say. */
  quota: number | null;
  /** Whether the browser promised not to clear it when short of space. */
  persisted: boolean;
  lessons: CachedLesson[];
};

/** A stop that ends the download with a problem the screen words. */
class Stop extends Error {
  constructor(readonly problem: DownloadProblem) {
    super(problem);
  }
}

const isQuotaError = (error: unknown) =>
  error instanceof DOMException && (error.name === "QuotaExceededError" || error.name === "NS_ERROR_DOM_QUOTA_REACHED");

/** What any failure means for the download. */
function problemOf(error: unknown): DownloadProblem {
  if (error instanceof Stop) return error.problem;
  if (isQuotaError(error)) return "storage-full";
  if (error instanceof TypeError) return "offline";
  return "failed";
}

async function lockedOrBusy<T>(name: string, task: () => Promise<T>): Promise<T | "busy"> {
  if (typeof navigator !== "undefined" && navigator.locks) {
    return navigator.locks.request(name, { ifAvailable: true }, async (lock) => (lock ? task() : "busy"));
  }
  return task();
}

const cacheStorage = (): CacheStorage | null => (typeof caches === "undefined" ? null : caches);

// ---- The pieces held in IndexedDB

const piecesOf = (url: string) => IDBKeyRange.bound([url, 0], [url, Number.MAX_SAFE_INTEGER]);

async function heldIndexes(url: string): Promise<number[]> {
  const db = await openStationDb();
  const keys = await db.getAllKeys("chunks", piecesOf(url));
  return keys.map(([, index]) => index);
}

async function putPiece(url: string, index: number, data: Blob): Promise<void> {
  const db = await openStationDb();
  const tx = db.transaction("chunks", "readwrite");
  try {
    await Promise.all([tx.store.put({ url, index, data }), tx.done]);
  } catch (error) {
    // A transaction aborted for want of space reports it on the transaction.
    throw isQuotaError(tx.error) ? tx.error : error;
  }
}

async function deletePieces(url: string): Promise<void> {
  const db = await openStationDb();
  await db.delete("chunks", piecesOf(url));
}

async function saveLesson(lesson: DownloadedLesson): Promise<void> {
  const db = await openStationDb();
  await db.put("lessons", lesson);
}

// ---- One file

type FileState = { url: string; bytesTotal: number; bytesHeld: number };

async function keepWhole(cache: Cache, url: string, body: Blob, servedType: string | null): Promise<void> {
  const type = mediaTypeOf(url, servedType || body.type || null);
  const response = new Response(body, { status: 200, headers: { "Content-Type": type, "Content-Length": String(body.size) } });
  await cache.put(url, response);
}

/** Fetches what is missing of one file, then keeps it whole in the cache. */
async function downloadFile(cache: Cache, file: FileState, progressed: () => void): Promise<void> {
  let servedType: string | null = null;
  for (let restarts = 0; ; restarts++) {
    if (file.bytesTotal <= 0) {
      // Size unknown: the whole file at once.
      const response = await fetch(file.url, { cache: "no-store", credentials: "same-origin" });
      if (!response.ok) throw new Stop(response.status === 404 || response.status === 410 ? "gone" : "failed");
      const body = await response.blob();
      await keepWhole(cache, file.url, body, response.headers.get("Content-Type"));
      file.bytesTotal = file.bytesHeld = body.size;
      progressed();
      return;
    }
    const held = await heldIndexes(file.url);
    file.bytesHeld = heldBytes(file.bytesTotal, held);
    progressed();
    let sizeChanged: number | null = null;
    for (const range of missingChunks(file.bytesTotal, held)) {
      const response = await fetch(file.url, { headers: { Range: rangeHeader(range) }, cache: "no-store", credentials: "same-origin" });
      const answer = readChunkAnswer({
        status: response.status,
        contentRange: response.headers.get("Content-Range"),
        expected: range,
        totalBytes: file.bytesTotal,
      });
      if (answer.kind === "gone" || answer.kind === "failed") throw new Stop(answer.kind);
      if (answer.kind === "size-changed") {
        sizeChanged = answer.totalBytes;
        break;
      }
      if (answer.kind === "whole") {
        // The server sent the whole file: keep it as it is.
        const body = await response.blob();
        await keepWhole(cache, file.url, body, response.headers.get("Content-Type"));
        await deletePieces(file.url);
        file.bytesTotal = file.bytesHeld = body.size;
        progressed();
        return;
      }
      servedType ??= response.headers.get("Content-Type");
      const data = await response.blob();
      if (data.size !== range.end - range.start + 1) throw new Stop("failed");
      await putPiece(file.url, range.index, data);
      file.bytesHeld += data.size;
      progressed();
    }
    if (sizeChanged !== null) {
      // The file on the server changed since the kit was made: its pieces held are of the old one.
      if (restarts >= 1) throw new Stop("failed");
      await deletePieces(file.url);
      file.bytesTotal = sizeChanged;
      file.bytesHeld = 0;
      continue;
    }
    const db = await openStationDb();
    const pieces = await db.getAll("chunks", piecesOf(file.url));
    const count = chunkCount(file.bytesTotal);
    if (pieces.length !== count || pieces.some((piece, index) => piece.index !== index)) throw new Stop("failed");
    const body = new Blob(
      pieces.map((piece) => piece.data),
      { type: mediaTypeOf(file.url, servedType) },
    );
    if (body.size !== file.bytesTotal) {
      await deletePieces(file.url);
      throw new Stop("failed");
    }
    await keepWhole(cache, file.url, body, servedType);
    await deletePieces(file.url);
    return;
  }
}

/**
 * Downloads a lesson's files from the kit, reporting the bytes held of the
 * whole lesson as it goes. A file already in the cache is not fetched again; a
 * download cut off goes on from the pieces held. When the device is full
 * (QuotaExceededError) it stops with "storage-full", keeping what is complete.
 */
export async function downloadLesson(
  stationCode: string,
  lesson: Pick<KitLesson, "id" | "title" | "files">,
  onProgress?: (progress: DownloadProgress) => void,
): Promise<DownloadResult> {
  const files: FileState[] = lesson.files.map((file) => ({ url: file.url, bytesTotal: file.bytes, bytesHeld: 0 }));
  const progress = () => ({ lessonId: lesson.id, ...lessonProgress(files) });
  const failed = (problem: DownloadProblem): DownloadResult => {
    const { bytesHeld, bytesTotal } = progress();
    return { ok: false, lessonId: lesson.id, problem, bytesHeld, bytesTotal };
  };
  const storage = cacheStorage();
  if (!storage) return failed("unsupported");

  const result = await lockedOrBusy(`sihuan-station-download:${lesson.id}`, async (): Promise<DownloadResult> => {
    try {
      const db = await openStationDb();
      // Downloading again (a newer kit) leaves a complete lesson complete until it is finished again.
      const earlier = await db.get("lessons", lesson.id);
      const record: DownloadedLesson = {
        lessonId: lesson.id,
        stationCode,
        title: lesson.title,
        files: lesson.files.map((file) => ({ url: file.url, bytes: file.bytes, kind: file.kind })),
        complete: earlier?.complete ?? false,
        startedAt: earlier?.startedAt ?? new Date().toISOString(),
        completedAt: earlier?.completedAt ?? null,
      };
      await saveLesson(record);
      const cache = await storage.open(MEDIA_CACHE);
      for (const file of files) {
        if (await cache.match(file.url)) file.bytesHeld = file.bytesTotal;
      }
      onProgress?.(progress());
      for (const file of files) {
        if (file.bytesTotal > 0 && file.bytesHeld >= file.bytesTotal) continue;
        await downloadFile(cache, file, () => onProgress?.(progress()));
      }
      const bytes = progress().bytesTotal;
      await saveLesson({
        ...record,
        files: record.files.map((file, index) => ({ ...file, bytes: files[index]?.bytesTotal ?? file.bytes })),
        complete: true,
        completedAt: new Date().toISOString(),
      });
      onProgress?.(progress());
      return { ok: true, lessonId: lesson.id, bytes };
    } catch (error) {
      return failed(problemOf(error));
    }
  });
  return result === "busy" ? failed("busy") : result;
}

// ---- What the device keeps

/** The lessons the device downloaded or began to, with the bytes it holds of each. */
export async function cachedLessons(): Promise<CachedLesson[]> {
  const db = await openStationDb();
  const lessons = await db.getAll("lessons");
  const storage = cacheStorage();
  const cache = storage ? await storage.open(MEDIA_CACHE) : null;
  const kept: CachedLesson[] = [];
  for (const lesson of lessons) {
    const files: { bytesTotal: number; bytesHeld: number }[] = [];
    for (const file of lesson.files) {
      const whole = cache ? await cache.match(file.url) : undefined;
      const bytesHeld = whole ? file.bytes : heldBytes(file.bytes, await heldIndexes(file.url));
      files.push({ bytesTotal: file.bytes, bytesHeld });
    }
    const { bytesHeld, bytesTotal } = lessonProgress(files);
    // A lesson the browser cleared a file of is no longer complete.
    const complete = lesson.complete && bytesHeld >= bytesTotal;
    kept.push({
      lessonId: lesson.lessonId,
      stationCode: lesson.stationCode,
      title: lesson.title,
      bytes: bytesHeld,
      bytesTotal,
      complete,
      completedAt: complete ? lesson.completedAt : null,
    });
  }
  return kept;
}

/** What the site takes on the device and may take, whether the browser promised to keep it, and each lesson's share. */
export async function storageUsage(): Promise<StorageUsage> {
  const manager = typeof navigator !== "undefined" ? navigator.storage : undefined;
  const [estimate, persisted, lessons] = await Promise.all([
    manager?.estimate ? manager.estimate().catch(() => null) : Promise.resolve(null),
    manager?.persisted ? manager.persisted().catch(() => false) : Promise.resolve(false),
    cachedLessons(),
  ]);
  return { used: estimate?.usage ?? 0, quota: estimate?.quota ?? null, persisted, lessons };
}

/** Asks the browser to keep the site's storage when short of space; answers whether it now does. */
export async function askPersistentStorage(): Promise<boolean> {
  const manager = typeof navigator !== "undefined" ? navigator.storage : undefined;
  if (!manager?.persist) return false;
  try {
    return await manager.persist();
  } catch {
    return false;
  }
}

/** Deletes a lesson's files (none another kept lesson uses) and its pieces; answers the bytes it held. */
export async function deleteLesson(lessonId: string): Promise<{ freedBytes: number }> {
  const db = await openStationDb();
  const lessons = await db.getAll("lessons");
  const lesson = lessons.find((candidate) => candidate.lessonId === lessonId);
  const urls = filesToDelete(lessonId, lessons);
  const storage = cacheStorage();
  const cache = storage ? await storage.open(MEDIA_CACHE) : null;
  let freedBytes = 0;
  for (const url of urls) {
    const bytes = lesson?.files.find((file) => file.url === url)?.bytes ?? 0;
    const held = (await cache?.delete(url)) ? bytes : heldBytes(bytes, await heldIndexes(url));
    freedBytes += held;
    await deletePieces(url);
  }
  await db.delete("lessons", lessonId);
  return { freedBytes };
}

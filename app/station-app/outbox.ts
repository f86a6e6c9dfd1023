// The station device's own storage (issue #11): one IndexedDB database holding
// the outbox of what it recorded and has not had answered yet, the journal the
// screen replays a session from, the refusals to show, the last kit per
// station, the pieces of downloads in progress, and the device's id and
// counters. Browser only (pages and the service worker alike: no window, no
// localStorage); the decisions are in app/domain/station/outbox.ts.
import { openDB, type DBSchema, type IDBPDatabase } from "idb";
import type { DeviceItem } from "../domain/station/device-session.ts";
import type { StationKit } from "../domain/station/kit.ts";
import {
  OUTBOX_EXPORT_KIND,
  inSequence,
  journalToPrune,
  nextSequence,
  pendingSummary as summarise,
  type OutboxExport,
  type OutboxItem,
  type RefusalNote,
  type SyncProblem,
} from "../domain/station/outbox.ts";

export const STATION_DB = "sihuan-station";
const DB_VERSION = 1;

/** A journal entry: an item as recorded, kept after upload until its session is closed and all of it answered. */
export type JournalEntry = OutboxItem & { recordedAt: string };

/** A lesson the operator downloaded (or began to): its files as the kit listed them. */
export type DownloadedLesson = {
  lessonId: string;
  stationCode: string;
  title: string;
  files: { url: string; bytes: number; kind: string }[];
  complete: boolean;
  startedAt: string;
  completedAt: string | null;
};

export type ChunkRecord = { url: string; index: number; data: Blob };

export interface StationDb extends DBSchema {
  /** Keyed by device and sequence: a copy imported from another browser keeps its own numbers. */
  outbox: { key: [string, number]; value: OutboxItem; indexes: { stationCode: string } };
  journal: { key: string; value: JournalEntry; indexes: { sessionId: string; stationCode: string } };
  refusals: { key: string; value: RefusalNote; indexes: { stationCode: string } };
  kits: { key: string; value: StationKit };
  chunks: { key: [string, number]; value: ChunkRecord };
  lessons: { key: string; value: DownloadedLesson };
  /** deviceId, nextSequence, lastSyncAt:<station>, problem:<station>. */
  meta: { key: string; value: unknown };
}

let opening: Promise<IDBPDatabase<StationDb>> | null = null;

/** The device's database, opened once per page (or worker) and reopened after another tab upgrades it. */
export function openStationDb(): Promise<IDBPDatabase<StationDb>> {
  opening ??= openDB<StationDb>(STATION_DB, DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        const outbox = db.createObjectStore("outbox", { keyPath: ["deviceId", "sequence"] });
        outbox.createIndex("stationCode", "stationCode");
        const journal = db.createObjectStore("journal", { keyPath: "eventId" });
        journal.createIndex("sessionId", "sessionId");
        journal.createIndex("stationCode", "stationCode");
        const refusals = db.createObjectStore("refusals", { keyPath: "eventId" });
        refusals.createIndex("stationCode", "stationCode");
        db.createObjectStore("kits", { keyPath: "station.code" });
        db.createObjectStore("chunks", { keyPath: ["url", "index"] });
        db.createObjectStore("lessons", { keyPath: "lessonId" });
        db.createObjectStore("meta");
      }
    },
    blocking() {
      // A newer version of the app wants to upgrade the database: let it.
      void opening?.then((db) => db.close());
      opening = null;
    },
    terminated() {
      opening = null;
    },
  }).catch((error: unknown) => {
    opening = null;
    throw error;
  });
  return opening;
}

/** An id made on the device. `crypto.randomUUID` needs a secure context; a plain-HTTP station still gets a random v4 UUID. */
export function makeId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// ---- Telling the screen (and the other tabs) that something changed

type Change = { stationCode: string; kind: "recorded" | "synced" | "imported" | "refusals" | "syncing" };
const changeListeners = new Set<(change: Change, here: boolean) => void>();
const CHANNEL = "sihuan-station";
let channel: BroadcastChannel | null | undefined;

function openChannel(): BroadcastChannel | null {
  if (channel !== undefined) return channel;
  channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(CHANNEL) : null;
  channel?.addEventListener("message", (event: MessageEvent<Change>) => {
    for (const listener of changeListeners) listener(event.data, false);
  });
  return channel;
}

/** Says the station's outbox, refusals or sync state changed, in this tab and the others. */
export function announceChange(change: Change): void {
  for (const listener of changeListeners) listener(change, true);
  openChannel()?.postMessage(change);
}

/** Listens for changes; `here` is false when another tab (or the service worker) made them. */
export function onStationChange(listener: (change: Change, here: boolean) => void): () => void {
  openChannel();
  changeListeners.add(listener);
  return () => changeListeners.delete(listener);
}

// ---- The device

async function deviceIdIn(meta: { get(key: string): Promise<unknown>; put(value: unknown, key: string): Promise<unknown> }) {
  const known = await meta.get("deviceId");
  if (typeof known === "string" && known) return known;
  const made = makeId();
  await meta.put(made, "deviceId");
  return made;
}

/** This browser's device id (made once, kept in the database): the kit request and every item carry it. */
export async function deviceId(): Promise<string> {
  const db = await openStationDb();
  const tx = db.transaction("meta", "readwrite");
  const id = await deviceIdIn(tx.store);
  await tx.done;
  return id;
}

/**
 * Records what happened in a session: each body becomes an item with an id
 * made here, this device's id and its next sequence number, written to the
 * outbox and the journal in one transaction (both or neither). Returns the
 * items in order.
 */
export async function record(stationCode: string, sessionId: string, bodies: readonly DeviceItem["body"][]): Promise<OutboxItem[]> {
  const db = await openStationDb();
  const tx = db.transaction(["outbox", "journal", "meta"], "readwrite");
  const meta = tx.objectStore("meta");
  const device = await deviceIdIn(meta);
  const stored = await meta.get("nextSequence");
  let sequence = nextSequence(typeof stored === "number" ? stored : undefined);
  const recordedAt = new Date().toISOString();
  const items: OutboxItem[] = bodies.map((body) => ({
    eventId: makeId(),
    deviceId: device,
    sequence: sequence++,
    sessionId,
    stationCode,
    body,
  }));
  await Promise.all([
    ...items.map((item) => tx.objectStore("outbox").add(item)),
    ...items.map((item) => tx.objectStore("journal").put({ ...item, recordedAt })),
    meta.put(sequence, "nextSequence"),
    tx.done,
  ]);
  if (items.length > 0) announceChange({ stationCode, kind: "recorded" });
  return items;
}

/** Everything the device recorded for a session (while it keeps it), in order: the screen replays it offline. */
export async function journalOf(sessionId: string): Promise<JournalEntry[]> {
  const db = await openStationDb();
  return inSequence(await db.getAllFromIndex("journal", "sessionId", sessionId));
}

/** The sessions the device still keeps a journal of at a station, the most recently begun first. */
export async function journalSessions(stationCode: string): Promise<{ sessionId: string; firstRecordedAt: string }[]> {
  const db = await openStationDb();
  const first = new Map<string, string>();
  for (const entry of inSequence(await db.getAllFromIndex("journal", "stationCode", stationCode))) {
    if (!first.has(entry.sessionId)) first.set(entry.sessionId, entry.recordedAt);
  }
  return [...first].map(([sessionId, firstRecordedAt]) => ({ sessionId, firstRecordedAt })).reverse();
}

/** The station's items waiting for an answer, in sequence order. */
export async function waitingItems(stationCode: string): Promise<OutboxItem[]> {
  const db = await openStationDb();
  return inSequence(await db.getAllFromIndex("outbox", "stationCode", stationCode));
}

/** "N 场放映待上传": sessions with items waiting, and the items. */
export async function pendingSummary(stationCode: string): Promise<{ sessions: number; items: number }> {
  return summarise(await waitingItems(stationCode));
}

/** The stations with anything waiting (the service worker's Background Sync sends them all). */
export async function stationsWaiting(): Promise<string[]> {
  const db = await openStationDb();
  const index = db.transaction("outbox").store.index("stationCode");
  const stations: string[] = [];
  for (let cursor = await index.openKeyCursor(null, "nextunique"); cursor; cursor = await cursor.continue()) stations.push(cursor.key);
  return stations;
}

/**
 * After an answer: forgets the items answered, keeps the refusals for the
 * operator and notes when the server last answered, in one transaction.
 */
export async function forgetAnswered(stationCode: string, answered: readonly OutboxItem[], refusals: readonly RefusalNote[], at: string) {
  const db = await openStationDb();
  const tx = db.transaction(["outbox", "refusals", "meta"], "readwrite");
  await Promise.all([
    ...answered.map((item) => tx.objectStore("outbox").delete([item.deviceId, item.sequence])),
    ...refusals.map((note) => tx.objectStore("refusals").put(note)),
    tx.objectStore("meta").put(at, `lastSyncAt:${stationCode}`),
    tx.done,
  ]);
}

/** Forgets the journal of the station's sessions that are closed and wholly answered. */
export async function pruneJournal(stationCode: string): Promise<number> {
  const db = await openStationDb();
  const tx = db.transaction(["journal", "outbox"], "readwrite");
  const journal = await tx.objectStore("journal").index("stationCode").getAll(stationCode);
  const waiting = await tx.objectStore("outbox").index("stationCode").getAll(stationCode);
  const prune = journalToPrune(journal, waiting);
  await Promise.all([...prune.map((eventId) => tx.objectStore("journal").delete(eventId)), tx.done]);
  return prune.length;
}

// ---- Sync state kept across reloads

export type SyncMeta = { lastSyncAt: string | null; problem: SyncProblem | null; problemAt: string | null };

export async function readSyncMeta(stationCode: string): Promise<SyncMeta> {
  const db = await openStationDb();
  const [lastSyncAt, problem] = await Promise.all([db.get("meta", `lastSyncAt:${stationCode}`), db.get("meta", `problem:${stationCode}`)]);
  const noted = problem as { code?: SyncProblem; at?: string } | undefined;
  return {
    lastSyncAt: typeof lastSyncAt === "string" ? lastSyncAt : null,
    problem: noted?.code ?? null,
    problemAt: noted?.at ?? null,
  };
}

/** Notes why the last sync stopped (null: it went through). */
export async function writeSyncProblem(stationCode: string, problem: SyncProblem | null, at: string): Promise<void> {
  const db = await openStationDb();
  if (problem === null) await db.delete("meta", `problem:${stationCode}`);
  else await db.put("meta", { code: problem, at }, `problem:${stationCode}`);
}

// ---- Refusals

/** The station's refused items the operator has not dismissed yet, the latest first. */
export async function listRefusals(stationCode: string): Promise<RefusalNote[]> {
  const db = await openStationDb();
  const notes = await db.getAllFromIndex("refusals", "stationCode", stationCode);
  return notes.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}

export async function dismissRefusal(eventId: string): Promise<void> {
  const db = await openStationDb();
  const note = await db.get("refusals", eventId);
  await db.delete("refusals", eventId);
  if (note) announceChange({ stationCode: note.stationCode, kind: "refusals" });
}

// ---- Kits

/** The last kit downloaded for the station, or null. */
export async function kitOf(stationCode: string): Promise<StationKit | null> {
  const db = await openStationDb();
  return (await db.get("kits", stationCode)) ?? null;
}

/** Keeps the kit, in place of the station's earlier one. */
export async function saveKit(kit: StationKit): Promise<void> {
  const db = await openStationDb();
  await db.put("kits", kit);
}

// ---- A copy of the outbox, carried to another browser

/** The station's waiting items as a file's content (JSON.stringify it): another browser can upload them. */
export async function exportOutbox(stationCode: string): Promise<OutboxExport> {
  const [device, items] = await Promise.all([deviceId(), waitingItems(stationCode)]);
  return { kind: OUTBOX_EXPORT_KIND, version: 1, stationCode, deviceId: device, exportedAt: new Date().toISOString(), items };
}

/**
 * Puts a copy of an outbox (read by readOutboxExport) into this one, each item
 * exactly as it was: same ids, so the server answers those it already took as
 * duplicates. Returns how many were not here yet.
 */
export async function importOutbox(items: readonly OutboxItem[]): Promise<{ added: number }> {
  const db = await openStationDb();
  const tx = db.transaction(["outbox", "meta"], "readwrite");
  const outbox = tx.objectStore("outbox");
  const meta = tx.objectStore("meta");
  const device = await deviceIdIn(meta);
  let added = 0;
  for (const item of items) {
    if ((await outbox.getKey([item.deviceId, item.sequence])) === undefined) added++;
    await outbox.put(item);
  }
  // Items of this very device (its own copy imported back) push its count past them.
  const own = items.filter((item) => item.deviceId === device).map((item) => item.sequence);
  const stored = await meta.get("nextSequence");
  await meta.put(nextSequence(typeof stored === "number" ? stored : undefined, own), "nextSequence");
  await tx.done;
  for (const stationCode of new Set(items.map((item) => item.stationCode))) announceChange({ stationCode, kind: "imported" });
  return { added };
}

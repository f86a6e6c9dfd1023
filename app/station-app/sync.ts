// Sending the station's outbox (issue #11): batches in the device's order to
// POST /api/station-events; each answer forgets exactly the items answered,
// keeps the refusals for the operator and notes the time; the first failure
// stops the run and the rest waits for the next. One run at a time per
// station, across tabs (navigator.locks) and in the service worker's
// Background Sync. The screen follows the state through subscribeSyncStatus.
// Browser only; the decisions are in app/domain/station/outbox.ts.
import {
  BACKGROUND_SYNC_TAG,
  SYNC_INTERVAL_MS,
  acknowledge,
  nextBatch,
  pendingSummary,
  problemOfStatus,
  readUploadResults,
  shouldSync,
  uploadRequest,
  wantsBackgroundSync,
  type RefusalNote,
  type SyncProblem,
  type SyncReason,
  type UploadResult,
} from "../domain/station/outbox.ts";
import {
  announceChange,
  forgetAnswered,
  listRefusals,
  onStationChange,
  pruneJournal,
  readSyncMeta,
  stationsWaiting,
  waitingItems,
  writeSyncProblem,
} from "./outbox.ts";

export const STATION_EVENTS_URL = "/api/station-events";
/** A batch that has had no answer after this long counts as the network gone (the server may still have taken it: a resend is a duplicate). */
const REQUEST_TIMEOUT_MS = 60_000;

/** What the screen shows about the station's uploads; the words come from stationApp.sync.*. */
export type SyncStatus = {
  stationCode: string;
  /** "N 场放映待上传". */
  pendingSessions: number;
  pendingItems: number;
  syncing: boolean;
  /** The device's clock when the server last answered a batch (ISO), or null. */
  lastSyncAt: string | null;
  /** Why the last run stopped (stationApp.sync.problems.<code>), or null. */
  problem: SyncProblem | null;
  problemAt: string | null;
  /** Refused items not yet dismissed (station.refusals.<code>). */
  refusals: RefusalNote[];
};

export type SyncRun = {
  /** done: nothing left waiting; stopped: a problem ended it; busy: another run (this tab or another) is at it. */
  outcome: "done" | "stopped" | "busy";
  /** Items sent and items the server answered (and the device forgot). */
  sent: number;
  answered: number;
  refused: number;
  problem: SyncProblem | null;
};

const lockName = (stationCode: string) => `sihuan-station-sync:${stationCode}`;
const runningHere = new Set<string>();

/** Runs `task` unless a run for the station is already under way anywhere; then answers null. */
async function exclusively<T>(stationCode: string, task: () => Promise<T>): Promise<T | null> {
  if (runningHere.has(stationCode)) return null;
  runningHere.add(stationCode);
  try {
    if (typeof navigator !== "undefined" && navigator.locks) {
      return await navigator.locks.request(lockName(stationCode), { ifAvailable: true }, async (lock) => (lock ? task() : null));
    }
    return await task();
  } finally {
    runningHere.delete(stationCode);
  }
}

async function isRunningAnywhere(stationCode: string): Promise<boolean> {
  if (runningHere.has(stationCode)) return true;
  if (typeof navigator === "undefined" || !navigator.locks?.query) return false;
  try {
    const { held = [] } = await navigator.locks.query();
    return held.some((lock) => lock.name === lockName(stationCode));
  } catch {
    return false;
  }
}

const timeoutSignal = (): AbortSignal | undefined =>
  typeof AbortSignal !== "undefined" && typeof AbortSignal.timeout === "function" ? AbortSignal.timeout(REQUEST_TIMEOUT_MS) : undefined;

type Reply = { results: UploadResult[] } | { problem: SyncProblem };

/** One batch up and its answer read: the results, or the problem that stops the run. */
async function send(stationCode: string, batch: Parameters<typeof uploadRequest>[1]): Promise<Reply> {
  let response: Response;
  try {
    response = await fetch(STATION_EVENTS_URL, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      credentials: "same-origin",
      body: JSON.stringify(uploadRequest(stationCode, batch)),
      signal: timeoutSignal(),
    });
  } catch {
    return { problem: "offline" };
  }
  const problem = problemOfStatus(response.status);
  if (problem) return { problem };
  try {
    const results = readUploadResults(await response.json());
    return results ? { results } : { problem: "server" };
  } catch (error) {
    // Not JSON: the server's fault. Cut off while reading: the network's (the batch may have been taken; a resend is a duplicate).
    return { problem: error instanceof SyntaxError ? "server" : "offline" };
  }
}

/**
 * Sends the station's waiting items, batch after batch in sequence order,
 * until none wait or something stops it: the network (offline), a 401
 * (signed-out: the operator must sign in again), a 403 (forbidden), a 400
 * (malformed: the items are kept and the problem noted, never deleted), any
 * other answer, or an answer that forgets nothing (server). Never two runs at once for a station.
 */
export async function syncNow(stationCode: string): Promise<SyncRun> {
  const run = await exclusively(stationCode, async (): Promise<SyncRun> => {
    announceChange({ stationCode, kind: "syncing" });
    let sent = 0;
    let answered = 0;
    let refused = 0;
    let problem: SyncProblem | null = null;
    for (;;) {
      const batch = nextBatch(await waitingItems(stationCode));
      if (batch.length === 0) break;
      const reply = await send(stationCode, batch);
      sent += batch.length;
      if ("problem" in reply) {
        problem = reply.problem;
        break;
      }
      const now = new Date().toISOString();
      const outcome = acknowledge(batch, reply.results, now);
      await forgetAnswered(stationCode, outcome.answered, outcome.refusals, now);
      answered += outcome.answered.length;
      refused += outcome.refusals.length;
      if (outcome.answered.length === 0) {
        problem = "server";
        break;
      }
    }
    await writeSyncProblem(stationCode, problem, new Date().toISOString());
    await pruneJournal(stationCode);
    return { outcome: problem ? "stopped" : "done", sent, answered, refused, problem };
  }).finally(() => {
    // Once the lock is let go, so that the state read then no longer says "syncing".
    announceChange({ stationCode, kind: "synced" });
  });
  return run ?? { outcome: "busy", sent: 0, answered: 0, refused: 0, problem: null };
}

/** Every station with items waiting, one after another: what the service worker's Background Sync runs. */
export async function syncAllStations(): Promise<SyncRun[]> {
  const runs: SyncRun[] = [];
  for (const stationCode of await stationsWaiting()) runs.push(await syncNow(stationCode));
  return runs;
}

// ---- The state, for the screen

export async function readSyncStatus(stationCode: string): Promise<SyncStatus> {
  const [waiting, meta, refusals, syncing] = await Promise.all([
    waitingItems(stationCode),
    readSyncMeta(stationCode),
    listRefusals(stationCode),
    isRunningAnywhere(stationCode),
  ]);
  const summary = pendingSummary(waiting);
  return { stationCode, pendingSessions: summary.sessions, pendingItems: summary.items, syncing, ...meta, refusals };
}

/**
 * Calls `listener` with the station's state now and whenever it changes here,
 * in another tab or in the service worker. Returns the unsubscribe function.
 */
export function subscribeSyncStatus(stationCode: string, listener: (status: SyncStatus) => void): () => void {
  let active = true;
  let latest = 0;
  const refresh = () => {
    const asked = ++latest;
    readSyncStatus(stationCode).then(
      (status) => {
        if (active && asked === latest) listener(status);
      },
      () => undefined,
    );
  };
  const stop = onStationChange((change) => {
    if (change.stationCode === stationCode) refresh();
  });
  refresh();
  return () => {
    active = false;
    stop();
  };
}

// ---- The loop

type SyncRegistration = ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } };

/** Asks the service worker to sync when the network returns, where the browser has Background Sync. */
async function registerBackgroundSync(): Promise<void> {
  try {
    if (typeof navigator === "undefined" || !("serviceWorker" in navigator)) return;
    const registration = (await navigator.serviceWorker.getRegistration()) as SyncRegistration | undefined;
    await registration?.sync?.register(BACKGROUND_SYNC_TAG);
  } catch {
    // No permission, or no worker yet: the page's own loop still syncs.
  }
}

const browserOnline = () => typeof navigator === "undefined" || navigator.onLine !== false;

/**
 * Keeps the station's outbox going up while the screen is open: at once, when
 * the browser comes online, every minute while online, and soon after
 * anything is recorded on this page; Background Sync where the browser has it.
 * `onChange` gets the state as it changes. Returns the stop function.
 */
export function startSyncLoop(stationCode: string, onChange?: (status: SyncStatus) => void): () => void {
  let stopped = false;
  let running = false;
  let again: SyncReason | null = null;

  const attempt = async (reason: SyncReason): Promise<void> => {
    if (stopped) return;
    if (running) {
      again ??= reason;
      return;
    }
    running = true;
    try {
      const status = await readSyncStatus(stationCode);
      if (shouldSync({ reason, online: browserOnline(), pendingItems: status.pendingItems, problem: status.problem })) {
        const run = await syncNow(stationCode);
        if (wantsBackgroundSync(run.problem)) await registerBackgroundSync();
      } else if (status.pendingItems > 0 && !browserOnline()) {
        await registerBackgroundSync();
      }
    } catch {
      // The database could not be read (private mode, a closing tab): the next tick tries again.
    } finally {
      running = false;
    }
    if (again && !stopped) {
      const next = again;
      again = null;
      await attempt(next);
    }
  };

  const onOnline = () => void attempt("online");
  addEventListener("online", onOnline);
  const timer = setInterval(() => void attempt("timer"), SYNC_INTERVAL_MS);
  const stopChanges = onStationChange((change, here) => {
    if (here && change.kind === "recorded" && change.stationCode === stationCode) void attempt("recorded");
  });
  const unsubscribe = onChange ? subscribeSyncStatus(stationCode, onChange) : () => undefined;
  void attempt("start");

  return () => {
    stopped = true;
    removeEventListener("online", onOnline);
    clearInterval(timer);
    stopChanges();
    unsubscribe();
  };
}

// The station screen's side of decisions 022 and 026: whatever the operator
// records goes into the device's outbox first (an id made here, this device's
// id and its next sequence number), then up to the server when it can be
// reached. Online that is at once; offline it waits, and the screen carries on
// from the device's own record of the session.
import { useRevalidator } from "@remix-run/react";
import { useCallback, useEffect, useRef } from "react";
import type { DeviceItem } from "~/domain/station/device-session.ts";
import { record } from "~/station-app/outbox.ts";
import { syncNow } from "~/station-app/sync.ts";

/** A run already under way may have read the outbox before this item: wait for it, then send again. */
const BUSY_RETRY_MS = 150;
const BUSY_RETRIES = 40;

/** Sends what waits, waiting out a run already under way; false when the server could not take it now. */
export async function uploadWaiting(stationCode: string): Promise<boolean> {
  for (let attempt = 0; attempt < BUSY_RETRIES; attempt += 1) {
    const run = await syncNow(stationCode);
    if (run.outcome !== "busy") return run.outcome === "done";
    await new Promise((resolve) => setTimeout(resolve, BUSY_RETRY_MS));
  }
  return false;
}

export type Send = (bodies: DeviceItem["body"][], options?: { sessionId?: string; revalidate?: boolean }) => Promise<void>;

/** `send` records the bodies in order, uploads what waits, then reloads the screen's data (from the server, or the device). */
export function useSessionEvents(stationCode: string, sessionId: string | null): { send: Send } {
  const revalidator = useRevalidator();
  // The revalidator changes with each reload; `send` must not (the player keeps its stretch across reloads).
  const reload = useRef(revalidator.revalidate);
  useEffect(() => {
    reload.current = revalidator.revalidate;
  });
  const send = useCallback<Send>(
    async (bodies, options = {}) => {
      const target = options.sessionId ?? sessionId;
      if (!target) return;
      await record(stationCode, target, bodies);
      await uploadWaiting(stationCode);
      if (options.revalidate !== false) reload.current();
    },
    [stationCode, sessionId],
  );
  return { send };
}

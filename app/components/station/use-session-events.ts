// The station screen's side of decision 022: each thing the operator records
// becomes an event with an id made here, this device's id and its next
// sequence number, sent to /api/station-events; refusals come back worded.
// (The offline issue puts an outbox between `send` and the network; the
// events stay the same.)
import { useRevalidator } from "@remix-run/react";
import { useCallback, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { SessionEventBody } from "~/domain/station/session-events.ts";

const DEVICE_KEY = "sihuan.station.device";
const SEQUENCE_KEY = "sihuan.station.sequence";

/** This browser's device id and its next sequence number, kept across reloads. */
export function nextDeviceStamp(): { deviceId: string; sequence: number } {
  let deviceId = localStorage.getItem(DEVICE_KEY);
  if (!deviceId) {
    deviceId = crypto.randomUUID();
    localStorage.setItem(DEVICE_KEY, deviceId);
  }
  const sequence = Number(localStorage.getItem(SEQUENCE_KEY) ?? "0") + 1;
  localStorage.setItem(SEQUENCE_KEY, String(sequence));
  return { deviceId, sequence };
}

type Result = { eventId: string; outcome: "applied" | "duplicate" | "refused"; refusal?: string | null };

export type SendState = "idle" | "sending" | "offline";

/**
 * `send` records the events in order and answers the outcome of each (null
 * when they did not reach the server). Refusals are kept in `problems`, worded.
 */
export function useSessionEvents(sessionId: string | null) {
  const { t } = useTranslation();
  const revalidator = useRevalidator();
  const [state, setState] = useState<SendState>("idle");
  const [problems, setProblems] = useState<string[]>([]);
  const chain = useRef<Promise<unknown>>(Promise.resolve());

  const send = useCallback(
    (bodies: SessionEventBody[], options: { sessionId?: string; revalidate?: boolean } = {}): Promise<Result[] | null> => {
      const target = options.sessionId ?? sessionId;
      if (!target) return Promise.resolve(null);
      // One batch after another, so the server takes them in the order they were recorded.
      const next = chain.current.then(async () => {
        const events = bodies.map((body) => ({ eventId: crypto.randomUUID(), ...nextDeviceStamp(), sessionId: target, body }));
        setState("sending");
        try {
          const response = await fetch("/api/station-events", {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ events }),
          });
          if (!response.ok) throw new Error(String(response.status));
          const { results } = (await response.json()) as { results: Result[] };
          setState("idle");
          const refused = results.filter((result) => result.outcome === "refused" && result.refusal);
          setProblems(refused.map((result) => t(`station.refusals.${result.refusal}`)));
          if (options.revalidate !== false) revalidator.revalidate();
          return results;
        } catch {
          setState("offline");
          return null;
        }
      });
      chain.current = next.catch(() => undefined);
      return next;
    },
    [sessionId, revalidator, t],
  );
  return { send, state, problems };
}

// The station app's service worker, seen from its pages (decision 026): it is
// registered from the station's screen, and a new version is let in only when
// no screening is running here, so an update never interrupts a showing.
import { useEffect, useState } from "react";
import { SERVICE_WORKER_SCOPE, SERVICE_WORKER_URL, SW_MESSAGES } from "~/domain/station/app-caches.ts";

export type AppVersionState = "none" | "current" | "waiting";

/**
 * Registers the worker and says whether a new version waits. While
 * `screeningRunning`, it waits; once not, it takes over and the page reloads
 * on the new version's scripts.
 */
export function useServiceWorker(screeningRunning: boolean): AppVersionState {
  const [registration, setRegistration] = useState<ServiceWorkerRegistration | null>(null);
  const [waiting, setWaiting] = useState(false);

  useEffect(() => {
    if (!("serviceWorker" in navigator)) return;
    let stopped = false;
    navigator.serviceWorker
      .register(SERVICE_WORKER_URL, { scope: SERVICE_WORKER_SCOPE })
      .then((found) => {
        if (stopped) return;
        setRegistration(found);
        const look = () => setWaiting(found.waiting !== null && navigator.serviceWorker.controller !== null);
        look();
        found.addEventListener("updatefound", () => found.installing?.addEventListener("statechange", look));
      })
      // No worker (a browser that refuses it): the screen still works online.
      .catch(() => undefined);
    return () => {
      stopped = true;
    };
  }, []);

  useEffect(() => {
    if (!registration?.waiting || !waiting || screeningRunning) return;
    const reload = () => window.location.reload();
    navigator.serviceWorker.addEventListener("controllerchange", reload, { once: true });
    registration.waiting.postMessage({ type: SW_MESSAGES.takeOver });
    return () => navigator.serviceWorker.removeEventListener("controllerchange", reload);
  }, [registration, waiting, screeningRunning]);

  if (!registration) return "none";
  return waiting ? "waiting" : "current";
}

// Names the station app's pages and its service worker both use (decision 026).

/** Lesson files downloaded for playing offline (Cache Storage). */
export const MEDIA_CACHE = "station-media";
/** The station's pages as last seen online. */
export const PAGES_CACHE = "station-pages";
/** The service worker's address and the part of the site it serves. */
export const SERVICE_WORKER_URL = "/station-sw.js";
export const SERVICE_WORKER_SCOPE = "/station/";

export const SW_MESSAGES = {
  /** The page says no screening is running: the waiting version may take over. */
  takeOver: "take-over",
} as const;

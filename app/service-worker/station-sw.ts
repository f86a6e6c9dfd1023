// The station app's service worker (decision 026). It keeps the station's
// pages and the site's built scripts so the screen opens with no network, and
// plays the lesson files the operator downloaded, with seeking (range
// requests answered from the cache). A new version waits: the page tells it
// to take over only when no screening is running on this device.
/// <reference lib="webworker" />
import { clientsClaim } from "workbox-core";
import { cleanupOutdatedCaches, precacheAndRoute, type PrecacheEntry } from "workbox-precaching";
import { RangeRequestsPlugin } from "workbox-range-requests";
import { NavigationRoute, registerRoute } from "workbox-routing";
import { CacheOnly, NetworkFirst } from "workbox-strategies";
import { CacheableResponsePlugin } from "workbox-cacheable-response";
import { MEDIA_CACHE, PAGES_CACHE, SW_MESSAGES } from "../domain/station/app-caches.ts";
import { BACKGROUND_SYNC_TAG } from "../domain/station/outbox.ts";
import { syncAllStations } from "../station-app/sync.ts";

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (PrecacheEntry | string)[] };

// The built scripts and styles of this version, listed at build time.
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// The station's pages: from the network when it answers within a few seconds,
// else the copy kept from the last visit. One copy per page, whatever its
// address's query (which ring, which session): the page reads those itself.
const pageKey = (request: Request) => {
  const url = new URL(request.url);
  return `${url.origin}${url.pathname}`;
};
/**
 * A kept copy says so on its <html>: the data inside it is from the last
 * visit, and the page reads the station's state from the device instead.
 */
async function markedAsCopy(response: Response): Promise<Response> {
  const html = await response.text();
  const headers = new Headers(response.headers);
  headers.delete("Content-Length");
  return new Response(html.replace("<html", '<html data-offline-copy=""'), { status: 200, headers });
}
registerRoute(
  new NavigationRoute(
    new NetworkFirst({
      cacheName: PAGES_CACHE,
      networkTimeoutSeconds: 4,
      plugins: [
        new CacheableResponsePlugin({ statuses: [200] }),
        {
          cacheKeyWillBeUsed: async ({ request }) => pageKey(request),
          // Called only when the network failed or was too slow: the copy is served, marked.
          cachedResponseWillBeUsed: async ({ cachedResponse }) => (cachedResponse ? markedAsCopy(cachedResponse) : null),
        },
      ],
    }),
    { allowlist: [/^\/station\//] },
  ),
);

// Remix finds the routes of the pages it goes to from the server (lazy route
// discovery): the answers it had online, when the server cannot give them.
registerRoute(
  ({ url }) => url.origin === self.location.origin && url.pathname === "/__manifest",
  new NetworkFirst({
    cacheName: PAGES_CACHE,
    networkTimeoutSeconds: 4,
    plugins: [
      new CacheableResponsePlugin({ statuses: [200] }),
      // Never asked online: "no routes to add". The routes the page already knows (the station's screen among them) still work.
      { handlerDidError: async () => Response.json({}) },
    ],
  }),
);

// Lesson files: the downloaded copy when there is one (a slice of it for a
// range request, so the player can seek), else the network as usual. Nothing
// is kept here on the way past: only an explicit download fills this cache.
const downloaded = new CacheOnly({ cacheName: MEDIA_CACHE, plugins: [new RangeRequestsPlugin()] });
registerRoute(
  ({ url }) => url.origin === self.location.origin && url.pathname.startsWith("/media/"),
  async (options) => {
    const cache = await caches.open(MEDIA_CACHE);
    if (await cache.match(options.request.url)) return downloaded.handle(options);
    return fetch(options.request);
  },
);

self.addEventListener("message", (event: ExtendableMessageEvent) => {
  const data = event.data as { type?: string } | null;
  if (data?.type === SW_MESSAGES.takeOver) void self.skipWaiting();
});

// Background Sync, where the browser has it (not Safari or Firefox): the outbox goes up when the network returns, screen open or not.
self.addEventListener("sync", (event: Event) => {
  const sync = event as ExtendableEvent & { tag: string };
  if (sync.tag === BACKGROUND_SYNC_TAG) sync.waitUntil(syncAllStations());
});

// Once it takes over (a first install, or a waiting version let in by the page), it serves the open pages at once.
clientsClaim();

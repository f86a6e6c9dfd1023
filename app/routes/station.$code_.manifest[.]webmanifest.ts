// The station app's web app manifest: installed from a station's screen, it
// opens on that station. Browsers fetch a manifest without the sign-in cookie,
// so it names no station and reads nothing from the database.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { SERVICE_WORKER_SCOPE } from "~/domain/station/app-caches.ts";
import { codeProblem } from "~/domain/station/station-admin.ts";

export function loader({ params }: LoaderFunctionArgs) {
  const code = params.code ?? "";
  if (codeProblem(code) !== null) return new Response("没有这个站点 (no such station)", { status: 404 });
  const manifest = {
    id: `/station/${code}`,
    name: "四环放映站",
    short_name: "放映站",
    description: "村级远程教育站点放映党课：点名、四环教学、测试，断网也能用，联网后上传。",
    lang: "zh-CN",
    start_url: `/station/${encodeURIComponent(code)}`,
    scope: SERVICE_WORKER_SCOPE,
    display: "fullscreen",
    orientation: "landscape",
    background_color: "#111111",
    theme_color: "#b71c1c",
    icons: [
      { src: "/icons/station-192.png", sizes: "192x192", type: "image/png", purpose: "any maskable" },
      { src: "/icons/station-512.png", sizes: "512x512", type: "image/png", purpose: "any maskable" },
    ],
  };
  return new Response(JSON.stringify(manifest), {
    headers: { "Content-Type": "application/manifest+json; charset=utf-8", "Cache-Control": "public, max-age=3600" },
  });
}

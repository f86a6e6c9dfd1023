import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable, type EntryContext } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { createInstance } from "i18next";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { i18nConfig, resources } from "./utils/i18n.ts";
import { i18next } from "./utils/i18next.server.ts";
import { log } from "./utils/log.server.ts";

const ABORT_DELAY_MS = 5000;

export default async function handleRequest(request: Request, statusCode: number, headers: Headers, remixContext: EntryContext) {
  const instance = createInstance();
  const lng = await i18next.getLocale(request);
  await instance.use(initReactI18next).init({ ...i18nConfig, lng, resources });
  // Bots get the whole page at once; people get it streamed as it renders.
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";

  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <I18nextProvider i18n={instance}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY_MS} />
      </I18nextProvider>,
      {
        [readyEvent]() {
          shellRendered = true;
          const body = new PassThrough();
          headers.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(createReadableStreamFromReadable(body), { headers, status: statusCode }));
          pipe(body);
        },
        onShellError: reject,
        onError(error: unknown) {
          statusCode = 500;
          if (shellRendered) log.error({ err: error instanceof Error ? error.message : String(error) }, "render error");
        },
      },
    );
    setTimeout(abort, ABORT_DELAY_MS + 1000);
  });
}

export function handleError(error: unknown, { request }: { request: Request }) {
  // Aborted requests and thrown responses (404, 403, redirects) are answers, not faults.
  if (request.signal.aborted || error instanceof Response || isRouteErrorResponse(error)) return;
  log.error({ err: error instanceof Error ? error.stack : String(error), url: request.url }, "request error");
}

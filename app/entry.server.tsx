import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { bootstrap as startApplication, shutdown as stopApplication } from "./bootstrap.server";
import { isDatabaseBusy } from "./utils/database-busy.server";
import { NonceContext } from "./utils/nonce";

const ABORT_DELAY = 5_000;

/** Called once by the server before it listens: migrate, seed the demo, start the jobs. */
export const bootstrap = startApplication;
export const shutdown = stopApplication;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const waitForAll = isbot(request.headers.get("user-agent") ?? "");
  // The Content-Security-Policy admits only scripts carrying this response's nonce: React's own
  // streaming scripts, Remix's hydration data and module loader, and <Scripts> in root.tsx.
  const nonce = loadContext.cspNonce;
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce ?? ""}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = new PassThrough();
          const stream = createReadableStreamFromReadable(body);
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

export function handleError(error: unknown, { request, context }: { request: Request; context?: AppLoadContext }) {
  if (request.signal.aborted) return;
  if (isDatabaseBusy(error)) {
    // Another process (a job, an import) held the write lock past the web's short wait: the
    // answer becomes 503 with Retry-After (http-app.server.ts), not a recorded failure.
    context?.databaseBusy?.();
    console.warn(`${request.method} ${new URL(request.url).pathname}: database busy, answered 503`);
    return;
  }
  console.error(error);
}

/**
 * The Express application in front of Remix, built by a function so that tests can start the real
 * middleware stack on an ephemeral port with a small route set. app/server.ts builds it for
 * `npm start` / `npm run dev`.
 */
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import type { ViteDevServer } from "vite";
import { isAcceptedBody, isAllowedOrigin } from "./auth/origin";
import { BUSY_RETRY_AFTER_SECONDS, busyResponse, isDatabaseBusy } from "./utils/database-busy.server";
import {
  contentSecurityPolicy,
  createNonce,
  hasSessionCookie,
  isApiDataPath,
  noStore,
  SECURITY_HEADERS,
} from "./utils/http-edges.server";

export type AppOptions = {
  /** The Remix build, or (in dev) a function that loads the current one. */
  build: ServerBuild | (() => Promise<ServerBuild>);
  mode?: string;
  /** Dev mode (`npm run dev`): the policy also admits Vite's hot-update connection. */
  dev?: boolean;
  /** In dev, Vite serves the client files and hot updates. */
  viteDevServer?: ViteDevServer;
  /** Where the built client files are (production); nothing is served from disk without it. */
  clientFolder?: string;
  /**
   * Express's `trust proxy`: req.protocol (and so Secure cookies) and req.ip follow
   * X-Forwarded-* only from the proxies named here (CRM_TRUST_PROXY). Default: none.
   */
  trustProxy?: boolean | number | string | string[];
};

const busyBuilds = new WeakMap<ServerBuild, ServerBuild>();

/**
 * The build with every loader and action answering a busy database (SQLITE_BUSY past the web's
 * short busy timeout) by throwing a 503 response: the error page then says the database is busy
 * for a moment rather than that something broke, and the API answers its JSON error.
 */
function withBusyAnswers(build: ServerBuild): ServerBuild {
  const cached = busyBuilds.get(build);
  if (cached) return cached;
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    if (!route) continue;
    const module = { ...route.module } as typeof route.module;
    for (const key of ["loader", "action"] as const) {
      const handler = route.module[key];
      if (!handler) continue;
      module[key] = async (args) => {
        try {
          return await handler(args);
        } catch (error) {
          if (!isDatabaseBusy(error)) throw error;
          args.context.databaseBusy?.();
          const url = new URL(args.request.url);
          console.warn(`${args.request.method} ${url.pathname}: database busy, answered 503`);
          throw busyResponse(url.pathname);
        }
      };
    }
    routes[id] = { ...route, module };
  }
  const wrapped = { ...build, routes };
  busyBuilds.set(build, wrapped);
  return wrapped;
}

export function createApp(options: AppOptions): express.Express {
  const { viteDevServer, build } = options;
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", options.trustProxy ?? false);

  // Server-Timing: the time from the request's arrival to its headers, which a page sends once
  // its loaders have answered, so that a browser's dev tools or a benchmark see server time apart
  // from the network and the client's queue.
  app.use((_req, res, next) => {
    const started = performance.now();
    const writeHead = res.writeHead;
    res.writeHead = function (this: typeof res, ...args: Parameters<typeof writeHead>) {
      if (!this.headersSent) this.setHeader("Server-Timing", `app;dur=${(performance.now() - started).toFixed(1)}`);
      return writeHead.apply(this, args);
    } as typeof writeHead;
    next();
  });

  app.use((_req, res, next) => {
    const nonce = createNonce();
    res.locals.cspNonce = nonce;
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce, { dev: options.dev === true }));
    next();
  });

  app.use(
    compression({
      // A compressed live stream is held back by the compressor's buffer; send it as it is.
      filter: (req, res) =>
        !String(res.getHeader("Content-Type") ?? "").includes("text/event-stream") && compression.filter(req, res),
    }),
  );

  // Remix would run the API's action for `/api/v1/inquiries.data` and answer in its own format.
  app.use((req, res, next) => {
    if (isApiDataPath(req.path)) {
      res.status(404).json({ error: 'Not found. The API answers JSON at its own paths, without ".data".' });
      return;
    }
    next();
  });

  app.use((req, res, next) => {
    const allowed = isAllowedOrigin({
      method: req.method,
      path: req.path,
      origin: req.get("origin"),
      referer: req.get("referer"),
      expectedOrigin: `${req.protocol}://${req.get("host")}`,
    });
    if (!allowed) {
      res.status(403).type("text/plain").send("Forbidden: this request did not come from this site.");
      return;
    }
    if (!isAcceptedBody({ method: req.method, path: req.path, contentType: req.get("content-type") })) {
      res
        .status(415)
        .type("text/plain")
        .send("Send changes as a form (application/x-www-form-urlencoded or multipart/form-data).");
      return;
    }
    next();
  });

  if (viteDevServer) {
    app.use(viteDevServer.middlewares);
  } else if (options.clientFolder) {
    app.use("/assets", express.static(`${options.clientFolder}/assets`, { immutable: true, maxAge: "1y" }));
    app.use(express.static(options.clientFolder, { maxAge: "1h" }));
  }

  // Whatever Remix answers to a signed-in request (pages, data, exports, errors) is not stored:
  // set as the headers go out, so it overrides what a route said and covers thrown errors too.
  // Static files are served above and keep their caching.
  app.use((req, res, next) => {
    if (hasSessionCookie(req.get("cookie"))) {
      const writeHead = res.writeHead;
      res.writeHead = function (this: typeof res, ...args: Parameters<typeof writeHead>) {
        this.setHeader("Cache-Control", noStore(this.getHeader("Cache-Control")));
        return writeHead.apply(this, args);
      } as typeof writeHead;
    }
    next();
  });

  // A request that met a busy database (another process held the write lock past the web's short
  // busy timeout) answers 503 with Retry-After instead of 500: nothing is wrong, it can be sent
  // again in a moment. handleError (entry.server.tsx) marks the response through the load context.
  app.use((_req, res, next) => {
    const writeHead = res.writeHead;
    res.writeHead = function (this: typeof res, ...args: Parameters<typeof writeHead>) {
      const status = typeof args[0] === "number" ? args[0] : this.statusCode;
      if (this.locals.databaseBusy === true && status >= 500) {
        args[0] = 503;
        // (writeHead(status, message, headers): the message, when given, follows the status.)
        if (typeof args[1] === "string") (args as unknown[])[1] = "Service Unavailable";
        this.statusCode = 503;
        this.statusMessage = "Service Unavailable";
        this.setHeader("Retry-After", String(BUSY_RETRY_AFTER_SECONDS));
      }
      return writeHead.apply(this, args);
    } as typeof writeHead;
    next();
  });

  app.all(
    "*",
    createRequestHandler({
      build: typeof build === "function" ? async () => withBusyAnswers(await build()) : withBusyAnswers(build),
      mode: options.mode,
      getLoadContext: (req, res) => ({
        clientAddress: req.ip ?? req.socket.remoteAddress ?? "unknown",
        cspNonce: res.locals.cspNonce as string,
        // "close" comes once the response has gone out, or the client went away.
        afterResponse: (work: () => void) => void res.once("close", () => setImmediate(work)),
        databaseBusy: () => {
          res.locals.databaseBusy = true;
        },
      }),
    }),
  );

  return app;
}

/**
 * The web server behind `npm start` (and `npm run dev` with --dev): Express in front of Remix so
 * that we control start-up (migrate, seed, jobs), compression (never on live event streams), the
 * cross-site request guard and the client's address for rate limits.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { isAcceptedBody, isAllowedOrigin } from "./auth/origin";
import { env } from "./env.server";

const dev = process.argv.includes("--dev");
process.env.NODE_ENV ??= dev ? "development" : "production";
const port = Number(process.env.PORT || 3000);

type EntryWithLifecycle = { bootstrap?: () => Promise<void>; shutdown?: () => Promise<void> };

const viteDevServer = dev
  ? await import("vite").then((vite) => vite.createServer({ server: { middlewareMode: true } }))
  : undefined;

async function loadBuild(): Promise<ServerBuild> {
  if (viteDevServer) return (await viteDevServer.ssrLoadModule("virtual:remix/server-build")) as ServerBuild;
  return (await import(pathToFileURL(resolve("build/server/index.js")).href)) as ServerBuild;
}

const initialBuild = await loadBuild();
const lifecycle = initialBuild.entry.module as EntryWithLifecycle;
await lifecycle.bootstrap?.();

const app = express();
app.disable("x-powered-by");
// req.protocol (and so Secure cookies) and req.ip follow X-Forwarded-* only from trusted proxies.
app.set("trust proxy", env().CRM_TRUST_PROXY);

app.use((_req, res, next) => {
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("X-Frame-Options", "DENY");
  next();
});

app.use(
  compression({
    // A compressed live stream is held back by the compressor's buffer; send it as it is.
    filter: (req, res) =>
      !String(res.getHeader("Content-Type") ?? "").includes("text/event-stream") &&
      compression.filter(req, res),
  }),
);

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
    res.status(415).type("text/plain").send("Send changes as a form (application/x-www-form-urlencoded or multipart/form-data).");
    return;
  }
  next();
});

if (viteDevServer) {
  app.use(viteDevServer.middlewares);
} else {
  app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
  app.use(express.static("build/client", { maxAge: "1h" }));
}

app.all(
  "*",
  createRequestHandler({
    build: viteDevServer ? loadBuild : initialBuild,
    mode: process.env.NODE_ENV,
    getLoadContext: (req) => ({ clientAddress: req.ip ?? req.socket.remoteAddress ?? "unknown" }),
  }),
);

const server = app.listen(port, () => {
  console.log(`Inquiry CRM listening on http://localhost:${port}`);
});

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: shutting down`);
  server.close();
  server.closeAllConnections();
  await lifecycle.shutdown?.();
  await viteDevServer?.close();
  process.exit(0);
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));

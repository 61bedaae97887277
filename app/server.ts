/**
 * The web server behind `npm start` (and `npm run dev` with --dev): Express in front of Remix so
 * that we control start-up (migrate, seed, jobs), compression (never on live event streams), the
 * cross-site request guard, the security headers and the client's address for rate limits. The
 * Express application itself is built in http-app.server.ts.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { env } from "./env.server";
import { createApp } from "./http-app.server";

const dev = process.argv.includes("--dev");
process.env.NODE_ENV ??= dev ? "development" : "production";
// Read after the line above: env() parses once, and the default mode must be in what it parses.
const { PORT: port, NODE_ENV: mode, CRM_TRUST_PROXY: trustProxy } = env();

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

const app = createApp({
  build: viteDevServer ? loadBuild : initialBuild,
  mode,
  dev,
  viteDevServer,
  clientFolder: "build/client",
  trustProxy,
});

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

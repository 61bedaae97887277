/**
 * The real Express stack (app/http-app.server.ts) on an ephemeral port, in front of a Remix build
 * assembled from the real entry, root and a few route modules, so HTTP-level behaviour (headers,
 * body limits, kept-alive connections, rendered pages) is tested without `npm run build`.
 */
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import type { ServerBuild } from "@remix-run/node";
import * as entry from "~/entry.server";
import * as notFound from "~/routes/$";
import { createApp } from "~/http-app.server";
import * as root from "~/root";
import * as health from "~/routes/api.v1.health";
import * as intake from "~/routes/api.v1.inquiries";
import * as customersExport from "~/routes/customers.export";
import * as publicForm from "~/routes/inquire._index";
import * as login from "~/routes/login";
import * as myDay from "~/routes/my-day";

type RouteModule = ServerBuild["routes"][string]["module"];

// Route modules as the build holds them (the build's type insists on a default export even for
// resource routes, which Remix itself does not).
const ROUTES: Array<{ id: string; path?: string; index?: boolean; module: object }> = [
  { id: "routes/api.v1.health", path: "api/v1/health", module: health },
  { id: "routes/api.v1.inquiries", path: "api/v1/inquiries", module: intake },
  { id: "routes/customers.export", path: "customers/export", module: customersExport },
  { id: "routes/inquire._index", path: "inquire", index: true, module: publicForm },
  { id: "routes/login", path: "login", module: login },
  { id: "routes/my-day", path: "my-day", module: myDay },
  { id: "routes/$", path: "*", module: notFound },
];

function stubBuild(): ServerBuild {
  const serverRoutes: ServerBuild["routes"] = {
    root: { id: "root", path: "", module: root as RouteModule },
  };
  const assetRoutes: ServerBuild["assets"]["routes"] = {
    root: {
      id: "root",
      path: "",
      module: "/assets/root.js",
      imports: [],
      hasAction: false,
      hasLoader: true,
      hasClientAction: false,
      hasClientLoader: false,
      hasErrorBoundary: true,
    },
  };
  for (const route of ROUTES) {
    const { id, path, index } = route;
    serverRoutes[id] = { id, parentId: "root", path, index, module: route.module as RouteModule };
    assetRoutes[id] = {
      id,
      parentId: "root",
      path,
      index,
      module: `/assets/${id.replace(/[^a-z0-9]+/gi, "-")}.js`,
      imports: [],
      hasAction: "action" in route.module,
      hasLoader: "loader" in route.module,
      hasClientAction: false,
      hasClientLoader: false,
      hasErrorBoundary: false,
    };
  }
  return {
    mode: "production",
    entry: { module: entry as unknown as ServerBuild["entry"]["module"] },
    routes: serverRoutes,
    assets: {
      entry: { module: "/assets/entry.client.js", imports: [] },
      routes: assetRoutes,
      url: "/assets/manifest.js",
      version: "test",
    },
    publicPath: "/",
    assetsBuildDirectory: "build/client",
    future: {
      v3_fetcherPersist: true,
      v3_relativeSplatPath: true,
      v3_throwAbortReason: true,
      v3_lazyRouteDiscovery: true,
      v3_singleFetch: true,
    },
    isSpaMode: false,
  };
}

export type RunningApp = { origin: string; port: number; close: () => Promise<void> };

/** Starts the Express app on 127.0.0.1 at a free port. */
export async function startApp(options: { dev?: boolean } = {}): Promise<RunningApp> {
  const app = createApp({ build: stubBuild(), mode: "production", clientFolder: "public", dev: options.dev });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/// <reference types="vitest/config" />
import { vitePlugin as remix } from "@remix-run/dev";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  server: { port: 3000 },
  plugins: [
    tailwindcss(),
    // Remix's plugin would try to build the app inside unit tests; keep it to real builds.
    !process.env.VITEST &&
      remix({
        future: {
          v3_fetcherPersist: true,
          v3_relativeSplatPath: true,
          v3_throwAbortReason: true,
          v3_singleFetch: true,
          v3_lazyRouteDiscovery: true,
        },
      }),
    tsconfigPaths(),
  ],
  test: {
    environment: "node",
    env: { TZ: "UTC" },
    setupFiles: ["test/setup.ts"],
    pool: "forks",
    // Vitest's default for a run is one worker fewer than the cores: on a 2-core machine, one.
    // The tests are written to pass on a loaded machine, so both cores take files.
    maxWorkers: 2,
    include: ["app/**/*.test.ts", "test/**/*.test.ts", "db/**/*.test.ts", "jobs/**/*.test.ts"],
    exclude: ["test/e2e/**", "node_modules/**"],
    globalSetup: ["test/global-setup.ts"],
    // Dependencies pre-bundled once for the run instead of loaded file by file in every test file.
    deps: { optimizer: { ssr: { enabled: true } } },
  },
});

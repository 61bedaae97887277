/**
 * The real server for the page and intake measurements: built once with `remix vite:build`, then
 * started as `node --import tsx app/server.ts` (what `npm run serve` runs) on the bench database,
 * with jobs left out of the web process (CRM_JOBS=off) so that nothing but the requests runs there.
 * Requests go over keep-alive HTTP/1.1 connections on localhost, as a browser's would.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { Agent, request } from "node:http";
import { createServer } from "node:net";

export function build(): void {
  const result = spawnSync("npx", ["remix", "vite:build"], { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  if (result.status !== 0) throw new Error(`remix vite:build failed:\n${(result.stderr || result.stdout).slice(-2000)}`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export type Answer = { status: number; ms: number; headers: Record<string, string | string[] | undefined>; body: string };

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

/** One HTTP request; `ms` runs from sending until the last byte of the answer arrived. */
export function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer; keepBody?: boolean } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(url, { method: options.method ?? "GET", headers: options.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => {
        if (options.keepBody) chunks.push(chunk);
      });
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          ms: performance.now() - started,
          headers: res.headers,
          body: options.keepBody ? Buffer.concat(chunks).toString("utf8") : "",
        }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** The server's own figure, if it sends `Server-Timing` (`total;dur=…`, else the first `dur`). */
export function serverTimingMs(header: string | string[] | undefined): number | null {
  if (!header) return null;
  const text = Array.isArray(header) ? header.join(",") : header;
  const entries = text.split(",").map((part) => part.trim());
  const total = entries.find((entry) => /^total\b/i.test(entry)) ?? entries[0];
  const match = total ? /dur=([\d.]+)/.exec(total) : null;
  return match ? Number(match[1]) : null;
}

export type RunningServer = { base: string; child: ChildProcess; stop(): Promise<void>; log(): string };

export async function startServer(databasePath: string, port: number): Promise<RunningServer> {
  const child = spawn("node", ["--import", "tsx", "app/server.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_PATH: databasePath,
      PORT: String(port),
      SESSION_SECRET: randomBytes(24).toString("base64url"),
      CRM_JOBS: "off",
      CRM_DEMO: "0",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${output.slice(-2000)}`);
    try {
      const answer = await send(`${base}/api/v1/health`);
      if (answer.status === 200) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill("SIGTERM");
      throw new Error(`the server did not answer within 3 minutes:\n${output.slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    base,
    child,
    log: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}

/** Signs in through /login as a person would; returns the session cookie. */
export async function signIn(base: string, email: string, password: string): Promise<string> {
  const body = new URLSearchParams({ email, password }).toString();
  const answer = await send(`${base}/login`, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      "Content-Length": String(Buffer.byteLength(body)),
      Origin: base,
    },
    body,
  });
  const cookies = ([] as string[]).concat(answer.headers["set-cookie"] ?? []);
  if (answer.status >= 400 || cookies.length === 0)
    throw new Error(`sign-in as ${email} answered ${answer.status} without a cookie`);
  return cookies.map((cookie) => cookie.split(";")[0]).join("; ");
}

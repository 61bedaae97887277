/**
 * A child process for tests of two processes racing on one database file: it runs a script from
 * test/fixtures/ with `tsx`, which prints "ready" once set up, waits on standard input for the
 * shared instant to start at, and prints its report as one JSON line last.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const PROJECT_ROOT = fileURLToPath(new URL("..", import.meta.url));

export type RaceWorker<Report> = {
  /** Settles when the worker is ready, or when it died before that (`done` then says why). */
  ready: Promise<void>;
  done: Promise<Report>;
  /** Releases the worker to start at this epoch millisecond. */
  start(at: number): void;
};

export function startRaceWorker<Report>(fixture: string, args: string[]): RaceWorker<Report> {
  const script = fileURLToPath(new URL(`./fixtures/${fixture}`, import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
    cwd: PROJECT_ROOT,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.setEncoding("utf8");
  child.stderr.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    stdout += chunk;
    if (stdout.startsWith("ready\n")) markReady();
  });
  child.stderr.on("data", (chunk: string) => (stderr += chunk));
  const done = new Promise<Report>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      const last = stdout.trim().split("\n").at(-1) ?? "";
      if (code !== 0 || !last.startsWith("{")) {
        reject(new Error(`${fixture} ${args.join(" ")} exited with ${code}\nstdout: ${stdout}\nstderr: ${stderr}`));
        return;
      }
      resolve(JSON.parse(last) as Report);
    });
  });
  return {
    // A worker that dies before "ready" must not leave the test waiting for it.
    ready: Promise.race([ready, done.then(() => {})]),
    done,
    start: (at) => child.stdin.end(`${at}\n`),
  };
}

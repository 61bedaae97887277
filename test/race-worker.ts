/**
 * A child process for tests of two processes racing on one database file: it runs a script from
 * test/fixtures/ with `tsx`, which prints "ready" once set up, reads from standard input the path
 * of a start file, prints "armed" and spins until that file appears (waitForRelease below), and
 * prints its report as one JSON line last.
 *
 * The start is a barrier, not an instant on the clock: the file is made only once every worker is
 * spinning, so a worker that a busy machine schedules late still takes part in the race.
 */
import { spawn } from "node:child_process";
import { existsSync, writeFileSync, writeSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const PROJECT_ROOT = fileURLToPath(new URL("..", import.meta.url));

export type RaceWorker<Report> = {
  /** Settles when the worker is ready, or when it died before that (`done` then says why). */
  ready: Promise<void>;
  done: Promise<Report>;
  /** Settles when the worker is spinning on the start file, or when it died before that. */
  armed: Promise<void>;
  /** Tells the worker which file to start on. */
  arm(startFile: string): void;
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
  let markArmed: () => void = () => {};
  const armed = new Promise<void>((resolve) => (markArmed = resolve));
  child.stdout.setEncoding("utf8");
  child.stderr.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    stdout += chunk;
    if (stdout.startsWith("ready\n")) markReady();
    if (stdout.startsWith("ready\narmed\n")) markArmed();
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
    // A worker that dies before "ready" or "armed" must not leave the test waiting for it.
    ready: Promise.race([ready, done.then(() => {})]),
    armed: Promise.race([armed, done.then(() => {})]),
    done,
    arm: (startFile) => child.stdin.end(`${startFile}\n`),
  };
}

/** Releases the workers together: the start file appears only once every one of them spins on it. */
export async function releaseTogether(workers: RaceWorker<unknown>[], startFile: string): Promise<void> {
  for (const worker of workers) worker.arm(startFile);
  await Promise.all(workers.map((worker) => worker.armed));
  writeFileSync(startFile, "");
}

/** Spinning longer than this means the test is gone; the worker then ends instead of running on. */
const GIVE_UP_MS = 90_000;

/**
 * In a worker, after "ready": reads the start file's path, prints "armed" and busy-waits until the
 * file exists (a timer or an event would add its own scheduling delay). Resolves with whether the
 * worker was armed before the release, that is, whether its start really raced the others'.
 */
export function waitForRelease(): Promise<boolean> {
  return new Promise((resolve) => {
    const lines = createInterface({ input: process.stdin });
    lines.once("line", (startFile) => {
      lines.close();
      const waited = !existsSync(startFile);
      // Straight to the descriptor: the spin below would hold back a buffered write.
      writeSync(1, "armed\n");
      const giveUpAt = Date.now() + GIVE_UP_MS;
      while (!existsSync(startFile)) {
        if (Date.now() > giveUpAt) {
          process.stderr.write(`no start file ${startFile} after ${GIVE_UP_MS} ms\n`);
          process.exit(4);
        }
      }
      resolve(waited);
    });
  });
}

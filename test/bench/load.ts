/**
 * Loads the generated files into a fresh database the way a team would: the staff first (with the
 * product's user model; the CSV files name them), then `crm import customers|inquiries|orders`
 * as child processes, each timed with its peak resident memory.
 *
 * Order: customers, then inquiries (they name customers), then orders (they name the inquiries
 * they were won from).
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { hashPassword } from "~/auth/password.server";
import { createUser, findUserByEmail } from "~/models/user.server";
import { openDatabase } from "~db/client.server";
import type { StaffUser } from "./generate";

export const BENCH_PASSWORD = "bench-password-2026";
const TIME = "/usr/bin/time";

export type ProcessMeasure = { wallMs: number; peakRssMb: number | null; exitCode: number; output: string };

/**
 * Runs `node --import tsx jobs/cli.ts ARGS` (what `npm run crm -- ARGS` runs, without npm) with
 * DATABASE_PATH set; wall time from spawn to exit, peak RSS from GNU time (or /proc while it runs).
 */
export function runCli(args: readonly string[], databasePath: string, scratchDir: string): Promise<ProcessMeasure> {
  const command = ["node", "--import", "tsx", "jobs/cli.ts", ...args];
  const timeFile = join(scratchDir, `time-${process.pid}-${Date.now()}.txt`);
  const useTime = existsSync(TIME);
  const [bin, argv] = useTime ? [TIME, ["-f", "%M", "-o", timeFile, ...command]] : [command[0]!, command.slice(1)];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(bin, argv, {
      env: { ...process.env, DATABASE_PATH: databasePath },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const keep = (chunk: Buffer) => {
      if (output.length < 20_000) output += chunk.toString();
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    let peakKb = 0;
    const poll = useTime
      ? null
      : setInterval(() => {
          try {
            const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
            const match = /VmHWM:\s+(\d+)/.exec(status);
            if (match) peakKb = Math.max(peakKb, Number(match[1]));
          } catch {
            // The process has just ended.
          }
        }, 50);
    child.on("error", reject);
    child.on("close", (code) => {
      const wallMs = performance.now() - started;
      if (poll) clearInterval(poll);
      if (useTime && existsSync(timeFile)) {
        const lines = readFileSync(timeFile, "utf8").trim().split("\n");
        peakKb = Number(lines[lines.length - 1]) || 0;
        rmSync(timeFile, { force: true });
      }
      resolve({ wallMs, peakRssMb: peakKb ? peakKb / 1024 : null, exitCode: code ?? -1, output: output.trim() });
    });
  });
}

/** Creates (and migrates) the database and its staff, all with BENCH_PASSWORD. */
export async function createStaff(databasePath: string, staff: readonly StaffUser[]): Promise<void> {
  const open = openDatabase(databasePath);
  try {
    // One scrypt hash for everyone: the password is the same and hashing is deliberately slow.
    const passwordHash = await hashPassword(BENCH_PASSWORD);
    const at = new Date();
    for (const user of staff) {
      if (findUserByEmail(open.db, user.email)) continue;
      createUser(
        open.db,
        { email: user.email, name: user.name, role: user.role, locale: user.locale, passwordHash },
        { userId: null, at },
      );
    }
  } finally {
    open.sqlite.close();
  }
}

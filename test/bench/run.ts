/**
 * `npm run bench` (SPEC §13): builds the reference data set, loads it with the product's own
 * imports, and times every import, job, report, page and the intake API, each beside the sqlite3
 * shell computing the same figures on the same file where that makes sense. Prints one markdown
 * table and writes the results as JSON so that two commits can be compared (--compare).
 *
 * Each measurement stands alone: one that fails is recorded with its error and the rest go on, so
 * the bench runs against whatever the code is at the moment.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createApiKey } from "~/models/api-key.server";
import { funnelReport } from "~/models/funnel-report.server";
import { receiveInquiry } from "~/models/inquiry.server";
import { responseReport } from "~/models/response-report.server";
import { getSettings, saveSettings } from "~/models/settings.server";
import { openDatabase, useDatabase, type OpenDatabase } from "~db/client.server";
import type { JobName } from "~db/enums";
import { JOB_DEFINITIONS } from "../../jobs/registry";
import { markAbandonedRuns, runJob, type JobRunResult } from "../../jobs/runner";
import { addDaysTo, dayStart, generate, type GeneratedSet } from "./generate";
import { healthLoad, intakeLoad, type LoadResult } from "./intake";
import { BENCH_PASSWORD, createStaff, runCli } from "./load";
import { parseOptions, USAGE, type BenchOptions, type Section } from "./options";
import { pageList, timePage, type Role } from "./pages";
import { comparisonTable, markdownTable, type BenchResults, type Row } from "./results";
import { build, freePort, signIn, startServer, type RunningServer } from "./server";
import {
  clvSql,
  funnelReportSql,
  remindersSql,
  responseReportSql,
  shellImport,
  shellTimer,
  slaRollupSql,
  tiersSql,
  type ShellTimer,
} from "./shell";
import { formatMs, summarize } from "./stats";

const DAY_MS = 86_400_000;
const JOBS: readonly JobName[] = ["sla", "tiers", "clv", "reminders"];

const log = (message: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

function gitCommit(): string {
  try {
    const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { encoding: "utf8" }).trim() !== "";
    return dirty ? `${commit}+changes` : commit;
  } catch {
    return "unknown";
  }
}

/** Runs one measurement; a failure becomes a row with its error instead of ending the bench. */
async function measure(rows: Row[], section: Row["section"], name: string, work: () => Promise<Omit<Row, "section" | "name">>) {
  log(`${section} ${name}…`);
  try {
    const row: Row = { section, name, ...(await work()) };
    rows.push(row);
    log(
      `  ${row.unit === "req/s" ? `${row.product?.toFixed(0)} req/s` : formatMs(row.product)}${row.shell !== undefined ? ` (shell ${formatMs(row.shell)})` : ""}${row.note ? ` ${row.note}` : ""}`,
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    rows.push({ section, name, product: null, unit: "ms", error: message });
    log(`  error: ${message.split("\n")[0]}`);
  }
}

async function shellOrNull(shell: ShellTimer | null, name: string, sql: string): Promise<number | null> {
  if (!shell) return null;
  try {
    return await shell.time(name, sql);
  } catch (error) {
    log(`  sqlite3 ${name}: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

function checkpoint(path: string) {
  const open = openDatabase(path);
  open.sqlite.pragma("wal_checkpoint(TRUNCATE)");
  open.sqlite.close();
}

// ---------------------------------------------------------------------------------------------
// Data

type Prepared = { set: GeneratedSet; databasePath: string };

async function prepareData(options: BenchOptions, workDir: string, rows: Row[], wantImports: boolean): Promise<Prepared> {
  const databasePath = join(workDir, "crm.db");
  if (options.reuse) {
    const dir = resolve(options.reuse);
    const set = JSON.parse(readFileSync(join(dir, "meta.json"), "utf8")) as GeneratedSet;
    log(`reusing ${dir} (scale ${set.scale}, seed ${set.seed}, ${set.startDay} to ${set.endDay})`);
    copyFileSync(join(dir, "crm.db"), databasePath);
    return { set, databasePath };
  }
  const csvDir = options.keep ? join(resolve(options.keep), "csv") : join(workDir, "csv");
  log(`generating scale ${options.scale}, seed ${options.seed}, last day ${options.end} into ${csvDir}`);
  const started = performance.now();
  const set = generate({ seed: options.seed, scale: options.scale, endDay: options.end, dir: csvDir });
  log(
    `  ${set.counts.customers} customers, ${set.counts.inquiries} inquiries, ${set.counts.orders} orders in ${formatMs(performance.now() - started)}`,
  );

  await createStaff(databasePath, set.staff);
  const scratch = join(workDir, "scratch");
  mkdirSync(scratch, { recursive: true });
  const kinds = [
    ["customers", set.files.customers, set.counts.customers],
    ["inquiries", set.files.inquiries, set.counts.inquiries],
    ["orders", set.files.orders, set.counts.orders],
  ] as const;
  for (const [kind, file, count] of kinds) {
    const run = () => runCli(["import", kind, file], databasePath, scratch);
    if (!wantImports) {
      // The data still has to get in; only the figures are not reported.
      const result = await run();
      if (result.exitCode !== 0) throw new Error(`import ${kind} failed:\n${result.output.slice(0, 2000)}`);
      continue;
    }
    let failed: string | null = null;
    await measure(rows, "import", `${kind} (${count.toLocaleString("en-US")} rows)`, async () => {
      const result = await run();
      if (result.exitCode !== 0) {
        failed = result.output;
        throw new Error(`exit ${result.exitCode}: ${result.output.slice(0, 300)}`);
      }
      return {
        product: result.wallMs,
        unit: "ms",
        note: result.peakRssMb === null ? "" : `peak RSS ${result.peakRssMb.toFixed(0)} MB`,
        detail: { peakRssMb: result.peakRssMb, output: result.output.slice(0, 500) },
      };
    });
    if (failed) throw new Error(`import ${kind} failed, nothing to measure:\n${String(failed).slice(0, 2000)}`);
  }
  checkpoint(databasePath);
  if (options.keep) {
    const dir = resolve(options.keep);
    mkdirSync(dir, { recursive: true });
    copyFileSync(databasePath, join(dir, "crm.db"));
    writeFileSync(join(dir, "meta.json"), `${JSON.stringify(set, null, 2)}\n`);
    log(`kept the imported database and files in ${dir}`);
  }
  return { set, databasePath };
}

/** The shell's `.import` of each file beside the product's import (a floor: no checks, no indexes). */
async function importShellFigures(rows: Row[], set: GeneratedSet, shell: ShellTimer, scratch: string) {
  for (const row of rows.filter((r) => r.section === "import" && !r.error)) {
    const kind = row.name.split(" ")[0] as "customers" | "orders" | "inquiries";
    try {
      row.shell = await shellImport(shell, scratch, set.files[kind], kind);
    } catch (error) {
      log(`  sqlite3 .import ${kind}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Jobs and reports, in this process on the same file

function jobNote(result: JobRunResult): string {
  if (result.status !== "succeeded") throw new Error(result.status === "failed" ? result.error : "already running");
  const figures = result.figures as Record<string, unknown>;
  const pick = ["inquiriesExamined", "inquiriesChanged", "daysRebuilt", "customers", "changed", "created"]
    .filter((key) => typeof figures[key] === "number")
    .map((key) => `${key}=${String(figures[key])}`);
  return pick.join(" ");
}

async function jobFigures(rows: Row[], open: OpenDatabase, shell: ShellTimer | null) {
  const { db } = open;
  markAbandonedRuns(db, new Date());
  const now = Date.now();
  const asOfEnd = now;
  const shellSql: Record<JobName, string | null> = {
    sla: slaRollupSql(now),
    tiers: tiersSql(asOfEnd),
    clv: clvSql(asOfEnd),
    reminders: remindersSql(asOfEnd),
  };
  const shellTimes = new Map<JobName, number | null>();
  for (const pass of ["first run", "second run, same day"] as const) {
    for (const job of JOBS) {
      await measure(rows, "job", `${job} (${pass})`, async () => {
        const started = performance.now();
        const result = await runJob(db, JOB_DEFINITIONS[job], { trigger: "cli", mode: "full" });
        const ms = performance.now() - started;
        const note = jobNote(result);
        if (!shellTimes.has(job))
          shellTimes.set(job, shellSql[job] ? await shellOrNull(shell, `job-${job}`, shellSql[job]!) : null);
        return { product: ms, unit: "ms", shell: shellTimes.get(job) ?? null, note, detail: result };
      });
    }
  }

  // The minute pass after 100 new inquiries, received the way intake records them.
  await measure(rows, "job", "sla minute pass after 100 new inquiries", async () => {
    const settings = getSettings(db);
    const at = new Date();
    for (let i = 0; i < 100; i++) {
      const result = receiveInquiry(
        db,
        {
          channelKey: i % 3 ? "alibaba" : "website",
          externalId: `BENCH-MINUTE-${at.getTime()}-${i}`,
          receivedAt: new Date(at.getTime() - (100 - i) * 1000),
          subject: i % 2 ? "RFQ: door hinges" : "询价：门铰链 500件",
          message: "Please quote.",
          buyer: { company: `Minute Buyer ${i % 7}`, name: "Ana Lima", email: `minute${i % 7}@bench.example`, country: "BR" },
        },
        { now: at, settings, autoReply: true },
      );
      if (!result.ok) throw new Error(`receiveInquiry: ${result.reason}`);
    }
    const started = performance.now();
    const result = await runJob(db, JOB_DEFINITIONS.sla, { trigger: "schedule", mode: "recent" });
    return { product: performance.now() - started, unit: "ms", note: jobNote(result), detail: result };
  });
}

async function reportFigures(
  rows: Row[],
  open: OpenDatabase,
  set: GeneratedSet,
  shell: ShellTimer | null,
  runs: number,
  budgetMs: number,
) {
  const { db } = open;
  const periods = [
    ["30 days", addDaysTo(set.endDay, -29)],
    ["12 months", addDaysTo(set.endDay, -364)],
    ["3 years", set.startDay],
  ] as const;
  const endMs = dayStart(addDaysTo(set.endDay, 1));
  for (const [label, from] of periods) {
    const startMs = dayStart(from);
    for (const report of ["response", "funnel"] as const) {
      await measure(rows, "report", `${report} ${label}`, async () => {
        const settings = getSettings(db);
        const times: number[] = [];
        const begun = performance.now();
        for (let i = 0; i < runs && (i === 0 || performance.now() - begun < budgetMs); i++) {
          const started = performance.now();
          if (report === "response") responseReport(db, { from, to: set.endDay, settings });
          else funnelReport(db, { from, to: set.endDay, settings });
          times.push(performance.now() - started);
        }
        const summary = summarize(times);
        const sql = report === "response" ? responseReportSql(startMs, endMs, Date.now()) : funnelReportSql(startMs, endMs);
        return {
          product: summary.p50,
          p95: summary.p95,
          unit: "ms",
          shell: await shellOrNull(shell, `report-${report}-${label}`, sql),
          note: `${times.length} calls, first ${formatMs(times[0])}`,
          detail: { times },
        };
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Pages and intake, against the real server

async function withServer<T>(databasePath: string, work: (server: RunningServer) => Promise<T>): Promise<T> {
  const server = await startServer(databasePath, await freePort());
  try {
    return await work(server);
  } finally {
    await server.stop();
  }
}

/** Pages a role may not open (403, or a redirect away): listed in the JSON, left out of the table. */
type Refused = { role: Role; page: string; status: number };

async function pageFigures(
  rows: Row[],
  refused: Refused[],
  server: RunningServer,
  open: OpenDatabase,
  set: GeneratedSet,
  runs: number,
  budgetMs: number,
) {
  const manager = set.staff.find((u) => u.role === "manager")!;
  const service = set.staff.find((u) => u.role === "service")!;
  const admin = set.staff.find((u) => u.role === "admin")!;
  const sales = set.staff.find((u) => u.role === "sales")!;
  const pages = pageList(open.sqlite, {
    endDay: set.endDay,
    startDay: set.startDay,
    managerEmail: manager.email,
    samples: set.samples,
  });
  const people: [Role, string][] = [
    ["manager", manager.email],
    ["service", service.email],
    ["sales", sales.email],
    ["admin", admin.email],
  ];
  for (const [role, email] of people) {
    let cookie: string;
    try {
      cookie = await signIn(server.base, email, BENCH_PASSWORD);
    } catch (error) {
      rows.push({ section: "page", name: `${role}: sign-in`, product: null, unit: "ms", error: String(error) });
      continue;
    }
    for (const page of pages) {
      if (!(page.roles ?? ["manager", "service"]).includes(role)) continue;
      // One warm-up request tells whether the role may open the page at all; timePage repeats
      // only a page that answered 200.
      let refusedStatus: number | null = null;
      await measure(rows, "page", `${role}: ${page.name}`, async () => {
        const result = await timePage(server.base, cookie, role, page, runs, budgetMs);
        if (result.status >= 500) {
          throw new Error(`answers ${result.status}; server log: ${server.log().slice(-400).replaceAll("\n", " ")}`);
        }
        if (result.status !== 200) refusedStatus = result.status;
        const repeated = result.client.n < runs ? `${result.client.n} requests` : "";
        return {
          product: result.client.p50,
          p95: result.client.p95,
          unit: "ms",
          note: [repeated, result.server ? `server p50 ${formatMs(result.server.p50)} p95 ${formatMs(result.server.p95)}` : ""]
            .filter(Boolean)
            .join("; "),
          detail: result,
        };
      });
      if (refusedStatus !== null) {
        rows.pop();
        refused.push({ role, page: page.name, status: refusedStatus });
      }
    }
  }
}

async function intakeFigures(
  rows: Row[],
  server: RunningServer,
  open: OpenDatabase,
  databasePath: string,
  options: BenchOptions,
  scratch: string,
) {
  const { db, sqlite } = open;
  const at = new Date();
  const keys = Array.from(
    { length: options.intakeClients },
    (_, i) => createApiKey(db, `bench client ${i + 1}`, { userId: null, at }).key,
  );
  const settings = getSettings(db);
  // The highest rate and burst the settings allow, per key (each client has its own key).
  saveSettings(db, { response: { ...settings.response, intakeRatePerSecond: 1000, intakeBurst: 10000 } }, { userId: null, at });
  const seconds = options.intakeSeconds;
  const clients = options.intakeClients;

  const loadRow = (result: LoadResult, extra: string): Omit<Row, "section" | "name"> => ({
    product: result.perSecond,
    unit: "req/s",
    p95: undefined,
    note: `p50 ${formatMs(result.p50)}, p99 ${formatMs(result.p99)}, ${result.requests} requests, ≥500: ${result.atLeast500}${result.transportErrors ? `, transport errors: ${result.transportErrors} (${result.transportErrorMessages.join("; ")})` : ""}${extra}`,
    detail: result,
  });

  await measure(rows, "intake", `GET /api/v1/health, ${clients} clients`, async () =>
    loadRow(await healthLoad(server.base, seconds, clients), ""),
  );

  const intakeRun = async (label: string, prefix: string) =>
    measure(rows, "intake", label, async () => {
      const result = await intakeLoad(server.base, keys, prefix, seconds, clients);
      const stored = (
        sqlite.prepare("select count(*) as n from inquiries where external_id like ?").get(`${prefix}-%`) as { n: number }
      ).n;
      const created = result.statuses["201"] ?? 0;
      const others = Object.entries(result.statuses)
        .filter(([s]) => s !== "201")
        .map(([s, n]) => `${s}: ${n}`)
        .join(", ");
      // Every 201 must have left its row, and nothing else may have left one.
      const mismatch =
        stored < created
          ? ` (LOST ${created - stored})`
          : stored > created
            ? ` (${stored - created} written although not answered 201)`
            : "";
      return loadRow(result, `; 201: ${created}, rows: ${stored}${mismatch}${others ? `; other answers ${others}` : ""}`);
    });

  await intakeRun(`POST /api/v1/inquiries, ${clients} clients`, `BENCH-${at.getTime()}-A`);

  if (options.intakeJobs) {
    // The same load while `job run all` runs again and again in its own process, as README advises.
    let stop = false;
    let jobRuns = 0;
    const jobLoop = (async () => {
      while (!stop) {
        const result = await runCli(["job", "run", "all"], databasePath, scratch);
        jobRuns++;
        if (result.exitCode !== 0) log(`  job run all (beside intake) exit ${result.exitCode}: ${result.output.slice(0, 300)}`);
      }
    })();
    await intakeRun(`POST /api/v1/inquiries, ${clients} clients, jobs running beside`, `BENCH-${at.getTime()}-B`);
    stop = true;
    await jobLoop;
    const last = rows[rows.length - 1];
    if (last && !last.error) last.note = `${last.note}; job run all started ${jobRuns}×`;
  }
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  let options: BenchOptions;
  try {
    const parsed = parseOptions(process.argv.slice(2));
    if (parsed === "help") {
      console.log(USAGE);
      return 0;
    }
    options = parsed;
  } catch (error) {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  const want = (section: Section) => options.only.includes(section);
  const startedAt = new Date();
  const rows: Row[] = [];
  const refused: Refused[] = [];
  const workDir = mkdtempSync(join(tmpdir(), "crm-bench-"));
  const scratch = join(workDir, "scratch");
  mkdirSync(scratch, { recursive: true });
  let open: OpenDatabase | null = null;
  let set: GeneratedSet | null = null;
  try {
    const prepared = await prepareData(options, workDir, rows, want("imports") && !options.reuse);
    set = prepared.set;
    const { databasePath } = prepared;
    process.env.DATABASE_PATH = databasePath;
    open = openDatabase(databasePath);
    // Models that reach for the process connection get this one too.
    useDatabase(open);
    let shell: ShellTimer | null = null;
    try {
      shell = await shellTimer(databasePath, scratch, options.shellRuns);
      log(`sqlite3 start-up ${formatMs(shell.startupMs)} (subtracted from every shell figure)`);
    } catch (error) {
      log(`no sqlite3 shell figures: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (shell && want("imports") && !options.reuse) await importShellFigures(rows, set, shell, scratch);
    // Jobs first: reports and pages read what they store.
    if (want("jobs")) await jobFigures(rows, open, shell);
    else for (const job of JOBS) await runJob(open.db, JOB_DEFINITIONS[job], { trigger: "cli", mode: "full" });
    if (want("reports")) await reportFigures(rows, open, set, shell, options.reportRuns, options.budgetSeconds * 1000);
    if (want("pages") || want("intake")) {
      if (options.build) {
        log("building (remix vite:build)…");
        build();
      }
      if (!existsSync("build/server/index.js")) throw new Error("no build/server/index.js: run without --no-build");
      const currentSet = set;
      const currentOpen = open;
      await withServer(databasePath, async (server) => {
        if (want("pages"))
          await pageFigures(rows, refused, server, currentOpen, currentSet, options.pageRuns, options.budgetSeconds * 1000);
        if (want("intake")) await intakeFigures(rows, server, currentOpen, databasePath, options, scratch);
      });
    }
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(`stopped: ${message}`);
    rows.push({ section: "import", name: "bench", product: null, unit: "ms", error: message });
  } finally {
    open?.sqlite.close();
    rmSync(workDir, { recursive: true, force: true });
  }

  const results: BenchResults = {
    meta: {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      commit: gitCommit(),
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      options,
      refusedPages: refused,
      dataSet: set
        ? {
            seed: set.seed,
            scale: set.scale,
            startDay: set.startDay,
            endDay: set.endDay,
            counts: set.counts,
            samples: set.samples,
          }
        : null,
    },
    rows,
  };
  const out = options.out ?? join("test/bench/results", `${startedAt.toISOString().replace(/[:.]/g, "-")}.json`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);

  const counts = set
    ? `${set.counts.customers.toLocaleString("en-US")} customers, ${set.counts.orders.toLocaleString("en-US")} orders, ${set.counts.inquiries.toLocaleString("en-US")} inquiries (scale ${set.scale}, seed ${set.seed}, ${set.startDay} to ${set.endDay})`
    : "no data set";
  console.log(`\nBench of ${String(results.meta.commit)} on ${counts}\n`);
  console.log(markdownTable(rows));
  console.log(`\nResults written to ${out}`);
  if (options.compare) {
    const older = JSON.parse(readFileSync(options.compare, "utf8")) as BenchResults;
    console.log(`\n${comparisonTable(older, results)}`);
  }
  return rows.some((row) => row.error) ? 1 : 0;
}

process.exitCode = await main();
// The keep-alive agent and any lingering handle must not hold the process open.
process.exit();

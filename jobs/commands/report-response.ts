/**
 * `npm run crm -- report response --from D1 --to D2 [--json]` (SPEC §9): the response figures of
 * SPEC §3 for inquiries received from D1 to D2 inclusive (team-time-zone days). With --json the
 * exact shape of SPEC §9; otherwise a table. The figures come from `responseReport`, the function
 * the report screen uses too, after the SLA job's recent pass.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { isCalendarDay } from "~/domain/calendar";
import { responseReport, type ResponseReport, type ResponseReportFigures } from "~/models/response-report.server";
import { getSettings } from "~/models/settings.server";
import { database } from "~db/client.server";
import { JOB_DEFINITIONS } from "../registry";
import { runJob } from "../runner";
import { UsageError } from "../usage-error";

export const reportResponseUsage = `  report response --from D1 --to D2 [--json]
                          response figures (30-second and 24-hour rates, FRT, business SLA) for
                          inquiries received D1 to D2 inclusive (YYYY-MM-DD, team time zone),
                          per assignee and per channel; --json prints them as JSON`;

const day = z
  .string({ error: "is required (YYYY-MM-DD)" })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "must be a date YYYY-MM-DD" })
  .refine(isCalendarDay, { error: "is not a real date" });

const argsSchema = z
  .object({ from: day, to: day, json: z.boolean() })
  .refine((value) => value.from <= value.to, { error: "must not be after --to", path: ["from"] });

const REPORT_OPTIONS = { from: { type: "string" }, to: { type: "string" }, json: { type: "boolean", default: false } } as const;

function parseReportArgs(args: string[]) {
  let parsed: ReturnType<
    typeof parseArgs<{ args: string[]; options: typeof REPORT_OPTIONS; allowPositionals: true; strict: true }>
  >;
  try {
    parsed = parseArgs({
      args,
      options: REPORT_OPTIONS,
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    // Unknown options and options without their value.
    if (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS")) {
      throw new UsageError(error.message);
    }
    throw error;
  }
  if (parsed.positionals.length) throw new UsageError(`unexpected argument: ${parsed.positionals[0]}`);
  const result = argsSchema.safeParse(parsed.values);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new UsageError(`--${issue.path.join(".")}: ${issue.message}`);
  }
  return result.data;
}

// ---------------------------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------------------------

const percent = (fraction: number | null) => (fraction === null ? "–" : `${(fraction * 100).toFixed(1)} %`);

/** Seconds as H:MM:SS.mmm (hours unbounded), exact to the millisecond. */
export function formatFrt(seconds: number | null): string {
  if (seconds === null) return "–";
  const totalMs = Math.round(seconds * 1000);
  const h = Math.floor(totalMs / 3_600_000);
  const m = Math.floor((totalMs % 3_600_000) / 60_000);
  const s = Math.floor((totalMs % 60_000) / 1000);
  const ms = totalMs % 1000;
  return `${h}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}.${String(ms).padStart(3, "0")}`;
}

const HEADINGS = ["counted", "in hours", "30 s rate", "24 h rate", "avg FRT", "median FRT", "p90 FRT", "SLA hit", "SLA missed"];

const cells = (f: ResponseReportFigures) => [
  String(f.counted),
  String(f.inHoursCounted),
  percent(f.thirtySecondRate),
  percent(f.within24hRate),
  formatFrt(f.avgFrtSeconds),
  formatFrt(f.medianFrtSeconds),
  formatFrt(f.p90FrtSeconds),
  String(f.slaHit),
  String(f.slaMissed),
];

function formatResponseReport(report: ResponseReport): string {
  const rows: [string, string[]][] = [["All inquiries", cells(report)]];
  const sections: { title: string; rows: [string, string[]][] }[] = [
    { title: "By assignee", rows: report.byAssignee.map((a) => [`  ${a.email ?? "(unassigned)"}`, cells(a)]) },
    { title: "By channel", rows: report.byChannel.map((c) => [`  ${c.channel}`, cells(c)]) },
  ];
  const all = [...rows, ...sections.flatMap((s) => s.rows)];
  const labelWidth = Math.max(14, ...all.map(([label]) => label.length));
  const widths = HEADINGS.map((heading, i) => Math.max(heading.length, ...all.map(([, c]) => c[i].length)));
  const line = (label: string, values: string[]) =>
    [label.padEnd(labelWidth), ...values.map((value, i) => value.padStart(widths[i]))].join("  ").trimEnd();

  const out = [
    `Response figures for inquiries received ${report.from} to ${report.to}`,
    "",
    line("", HEADINGS),
    ...rows.map(([label, values]) => line(label, values)),
  ];
  for (const section of sections) {
    out.push(section.title);
    out.push(...(section.rows.length ? section.rows.map(([label, values]) => line(label, values)) : ["  (none)"]));
  }
  out.push(
    "",
    "Rates leave out pending inquiries (unanswered and not yet past the limit); FRT (H:MM:SS.mmm) is over",
    "answered inquiries; spam is never counted.",
  );
  return out.join("\n");
}

async function reportResponse(args: string[]): Promise<void> {
  const input = parseReportArgs(args);
  const { db } = database();
  // A report reads what the SLA job stored. From the command line, where no schedule may have
  // run (say, right after an import), the job's recent pass first brings the figures up to now:
  // through the runner, so it takes the job's lease and is recorded like any other run. Cheap
  // when the job runs as scheduled; when it is running elsewhere, the stored figures are read.
  const refreshed = await runJob(db, JOB_DEFINITIONS.sla, { trigger: "cli", mode: "recent" });
  if (refreshed.status !== "succeeded") {
    console.error(`The SLA job did not run now (${refreshed.status}); the figures are as it last stored them.`);
  }
  const report = responseReport(db, { from: input.from, to: input.to, settings: getSettings(db) });
  console.log(input.json ? JSON.stringify(report, null, 2) : formatResponseReport(report));
}

export const reportResponseCommands = {
  "report response": reportResponse,
} satisfies Record<string, (args: string[]) => Promise<void>>;

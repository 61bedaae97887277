/** `npm run crm -- report funnel --from D1 --to D2 [--by …] [--json]` (SPEC §7, §9). */
import { parseArgs } from "node:util";
import { addDays } from "~/domain/calendar";
import type { FunnelStageFigures } from "~/domain/funnel";
import { minorToDecimalString } from "~/domain/money";
import { FUNNEL_SPLITS, funnelReport, type FunnelReport, type FunnelSplit } from "~/models/funnel-report.server";
import { getSettings } from "~/models/settings.server";
import { database } from "~db/client.server";
import { JOB_DEFINITIONS } from "../registry";
import { runJob } from "../runner";
import { UsageError } from "../usage-error";

export const reportFunnelUsage = `  report funnel --from D1 --to D2 [--by channel|assignee|country|product] [--json]
                          the inquiry funnel (received → responded → quoted → won → repeat) of
                          the counted inquiries received from D1 to D2 inclusive (team time
                          zone), median days to won, and channel economics (CPA, ROAS)`;

function isDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  try {
    return addDays(value, 0) === value;
  } catch {
    return false;
  }
}

function dayOption(value: string | undefined, name: string): string {
  if (value === undefined) throw new UsageError(`--${name}: is required (YYYY-MM-DD)`);
  if (!isDay(value)) throw new UsageError(`--${name}: must be a date as YYYY-MM-DD, got ${JSON.stringify(value)}`);
  return value;
}

/** Minor units as a JSON number in major units; the decimal text is exact, so is the number. */
const major = (minor: number, currency: string): number => Number(minorToDecimalString(minor, currency));
const majorOrNull = (minor: number | null, currency: string): number | null => (minor === null ? null : major(minor, currency));
/** Days to two decimals (a quarter of an hour): the sales cycle needs no more. */
const days = (value: number | null): number | null => (value === null ? null : Math.round(value * 100) / 100);

const stageJson = (s: FunnelStageFigures) => ({
  stage: s.stage,
  count: s.count,
  fromPrevious: s.fromPrevious,
  fromReceived: s.fromReceived,
});

/** SPEC §9's JSON shape, plus the conversions, the currency, cost per won and the split. */
function funnelReportJson(report: FunnelReport) {
  const { currency } = report;
  return {
    from: report.from,
    to: report.to,
    currency,
    stages: report.stages.map(stageJson),
    medianDaysToWon: days(report.medianDaysToWon),
    byChannel: report.byChannel.map((c) => ({
      channel: c.channel,
      inquiries: c.inquiries,
      won: c.won,
      revenue: major(c.revenueMinor, currency),
      spend: major(c.spendMinor, currency),
      cpa: majorOrNull(c.cpaMinor, currency),
      costPerWon: majorOrNull(c.costPerWonMinor, currency),
      roas: c.roas,
    })),
    ...(report.split
      ? {
          split: {
            by: report.split.by,
            groups: report.split.groups.map((g) => ({
              key: g.key,
              label: g.label,
              stages: g.stages.map(stageJson),
              medianDaysToWon: days(g.medianDaysToWon),
            })),
          },
        }
      : {}),
  };
}

const percent = (value: number | null): string => (value === null ? "–" : `${(value * 100).toFixed(1)}%`);
const money = (minor: number | null, currency: string): string => {
  if (minor === null) return "–";
  const [whole, fraction] = minorToDecimalString(minor, currency).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
};

/** Left-aligns the first column and right-aligns the rest. */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

function stageTable(stages: FunnelStageFigures[]): string[] {
  return table(
    ["Stage", "Count", "From previous", "From received"],
    stages.map((s) => [s.stage, String(s.count), s.stage === "received" ? "" : percent(s.fromPrevious), percent(s.fromReceived)]),
  );
}

function funnelReportText(report: FunnelReport, timeZone: string): string {
  const { currency } = report;
  const lines = [`Funnel of the inquiries received ${report.from} to ${report.to} (${timeZone}); money in ${currency}`, ""];
  lines.push(...stageTable(report.stages), "");
  const median = days(report.medianDaysToWon);
  lines.push(`Median days from received to won: ${median === null ? "– (nothing won)" : median.toFixed(2)}`, "");
  if (report.byChannel.length === 0) {
    lines.push("Channel economics: no inquiries and no spend in the period.");
  } else {
    lines.push(
      "Channel economics",
      ...table(
        ["Channel", "Inquiries", "Won", "Revenue", "Spend", "CPA", "Cost per won", "ROAS"],
        report.byChannel.map((c) => [
          c.channel,
          String(c.inquiries),
          String(c.won),
          money(c.revenueMinor, currency),
          money(c.spendMinor, currency),
          money(c.cpaMinor, currency),
          money(c.costPerWonMinor, currency),
          c.roas === null ? "–" : c.roas.toFixed(2),
        ]),
      ),
    );
  }
  if (report.split) {
    lines.push("", `By ${report.split.by}`);
    lines.push(
      ...table(
        [report.split.by, "Received", "Responded", "Quoted", "Won", "Repeat", "Won/received", "Median days to won"],
        report.split.groups.map((g) => {
          const median = days(g.medianDaysToWon);
          return [
            g.key ?? "(none)",
            ...g.stages.map((s) => String(s.count)),
            percent(g.stages[3].fromReceived),
            median === null ? "–" : median.toFixed(2),
          ];
        }),
      ),
    );
  }
  return lines.join("\n");
}

async function reportFunnel(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      from: { type: "string" },
      to: { type: "string" },
      by: { type: "string" },
      json: { type: "boolean", default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length) throw new UsageError(`unexpected argument: ${positionals[0]}`);
  const from = dayOption(values.from, "from");
  const to = dayOption(values.to, "to");
  if (from > to) throw new UsageError(`--from (${from}) must not be after --to (${to})`);
  const by = values.by;
  if (by !== undefined && !(FUNNEL_SPLITS as readonly string[]).includes(by)) {
    throw new UsageError(`--by: must be one of ${FUNNEL_SPLITS.join(", ")}`);
  }
  const { db } = database();
  const settings = getSettings(db);
  // The report reads the funnel facts the SLA job's pass stores; from the command line that pass
  // runs first (through the runner: the job's lease, a recorded run), as for `report response`.
  const refreshed = await runJob(db, JOB_DEFINITIONS.sla, { trigger: "cli", mode: "recent" });
  if (refreshed.status !== "succeeded") {
    console.error(`The SLA job did not run now (${refreshed.status}); the figures are as it last stored them.`);
  }
  const report = funnelReport(db, { from, to, settings, split: by as FunnelSplit | undefined });
  console.log(
    values.json ? JSON.stringify(funnelReportJson(report), null, 2) : funnelReportText(report, settings.general.timeZone),
  );
}

export const reportFunnelCommands: Record<string, (args: string[]) => Promise<void>> = {
  "report funnel": reportFunnel,
};

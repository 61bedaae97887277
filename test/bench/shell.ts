/**
 * The `sqlite3` command-line shell computing the same figures as the product on the same file:
 * the yardstick SPEC §13 sets beside every report, job and import. Each query is written out to a
 * file and fed to `sqlite3 -readonly DB`; its wall time, less the shell's own start-up (measured
 * with `select 1`), is what the shell needed.
 *
 * The queries read the raw rows (received_at, first_response_at, status, orders' totals), not the
 * jobs' roll-ups: that is what "the same figures from the same file" means for a report. Business
 * hours are the default calendar (Monday–Friday 09:00–18:00 in UTC+8, as the bench's fresh
 * database has); the SLA hit/miss counts read the SLA job's per-inquiry status, as business seconds
 * across calendars are beyond a query.
 */
import { spawn } from "node:child_process";
import { openSync, closeSync, writeFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { percentile } from "./stats";

const SQLITE3 = process.env.SQLITE3_PATH || "sqlite3";
const DAY_MS = 86_400_000;

/** Runs the shell once with `sqlFile` on stdin; resolves to its wall time in ms. */
function runShellOnce(args: readonly string[], sqlFile: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const input = openSync(sqlFile, "r");
    const started = performance.now();
    const child = spawn(SQLITE3, [...args], { stdio: [input, "ignore", "pipe"] });
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", (error) => {
      closeSync(input);
      reject(error);
    });
    child.on("close", (code) => {
      const ms = performance.now() - started;
      closeSync(input);
      if (code !== 0 || stderr.trim()) reject(new Error(`sqlite3 failed (${code}): ${stderr.trim().slice(0, 500)}`));
      else resolve(ms);
    });
  });
}

export type ShellTimer = {
  /** The median wall time of `runs` runs of the query, less the shell's start-up. */
  time(name: string, sql: string, options?: { readonly?: boolean; database?: string }): Promise<number>;
  startupMs: number;
};

export async function shellTimer(database: string, scratchDir: string, runs: number): Promise<ShellTimer> {
  const startupFile = join(scratchDir, "select-1.sql");
  writeFileSync(startupFile, "select 1;\n");
  const startups: number[] = [];
  for (let i = 0; i < 5; i++) startups.push(await runShellOnce(["-readonly", database], startupFile));
  const startupMs = percentile(startups, 0.5)!;
  return {
    startupMs,
    async time(name, sql, options = {}) {
      const file = join(scratchDir, `${name.replace(/[^\w.-]+/g, "_")}.sql`);
      writeFileSync(file, sql);
      const target = options.database ?? database;
      const args = options.readonly === false ? [target] : ["-readonly", target];
      const times: number[] = [];
      for (let i = 0; i < runs; i++) times.push(await runShellOnce(args, file));
      return Math.max(0, percentile(times, 0.5)! - startupMs);
    },
  };
}

/** `.import` of a CSV file into a new table of an empty scratch database: the floor for an import. */
export async function shellImport(timer: ShellTimer, scratchDir: string, csvFile: string, name: string): Promise<number> {
  const scratch = join(scratchDir, `import-${name}.db`);
  const times: number[] = [];
  for (let i = 0; i < 2; i++) {
    rmSync(scratch, { force: true });
    times.push(await timer.time(`import-${name}`, `.import --csv ${csvFile} t\n`, { readonly: false, database: scratch }));
  }
  rmSync(scratch, { force: true });
  return Math.min(...times);
}

// ---------------------------------------------------------------------------------------------
// The queries

/** 1 when an instant (ms) lies in Monday–Friday 09:00–18:00 at UTC+8. */
const IN_HOURS = (column: string) => `(
    cast(strftime('%w', ${column} / 1000, 'unixepoch', '+8 hours') as integer) between 1 and 5
    and time(${column} / 1000, 'unixepoch', '+8 hours') >= '09:00:00'
    and time(${column} / 1000, 'unixepoch', '+8 hours') < '18:00:00')`;

/**
 * The response report's figures for inquiries received in [startMs, endMs): counted, in-hours
 * counted, 30-second and 24-hour numerators and denominators, answered, average, median and p90
 * FRT, SLA hit and missed; overall, per assignee and per channel.
 */
export function responseReportSql(startMs: number, endMs: number, nowMs: number): string {
  return `
with base as (
  select assignee_id, channel_id, received_at as r, first_response_at as f,
         first_response_at - received_at as frt, ${IN_HOURS("received_at")} as inh, sla_status
    from inquiries
   where received_at >= ${startMs} and received_at < ${endMs} and status <> 'spam'
),
grouped as (
  select 'all' as g, * from base
  union all select 'a' || coalesce(assignee_id, 0), * from base
  union all select 'c' || channel_id, * from base
),
counts as (
  select g, count(*) as counted, sum(inh) as in_hours,
         sum(inh and f is not null and frt <= 30000) as within30,
         sum(inh and (f is not null or r < ${nowMs - 30_000})) as decided30,
         sum(f is not null and frt <= ${DAY_MS}) as within24,
         sum(f is not null or r < ${nowMs - DAY_MS}) as decided24,
         sum(f is not null) as answered, avg(case when f is not null then frt end) as avg_frt,
         sum(sla_status = 'hit') as sla_hit, sum(sla_status = 'missed') as sla_missed
    from grouped group by g
),
ranked as (
  select g, frt, row_number() over (partition by g order by frt) as rn, count(*) over (partition by g) as n
    from grouped where f is not null
),
ranks as (
  select g, avg(case when rn in ((n + 1) / 2, (n + 2) / 2) then frt end) as median_frt,
         max(case when rn = (9 * n + 9) / 10 then frt end) as p90_frt
    from ranked group by g
)
select c.*, r.median_frt, r.p90_frt from counts c left join ranks r using (g) order by g;
`;
}

/** The funnel's stage counts and median days to won for the cohort received in [startMs, endMs). */
export function funnelReportSql(startMs: number, endMs: number): string {
  return `
with cohort as (
  select id, customer_id, received_at, first_response_at from inquiries
   where received_at >= ${startMs} and received_at < ${endMs} and status <> 'spam'
),
linked as (
  select c.id as inquiry_id, o.id as order_id, o.customer_id, o.ordered_at
    from cohort c join orders o on o.inquiry_id = c.id where o.status <> 'cancelled'
  union
  select c.id, o.id, o.customer_id, o.ordered_at
    from cohort c join quotes q on q.inquiry_id = c.id join orders o on o.quote_id = q.id where o.status <> 'cancelled'
),
first_won as (
  select inquiry_id, customer_id, min(ordered_at) as ordered_at from linked group by inquiry_id
),
reached as (
  select c.id, c.received_at, c.first_response_at is not null as responded,
         exists (select 1 from quotes q where q.inquiry_id = c.id
                   and (q.sent_at is not null or q.status in ('sent', 'accepted', 'rejected', 'expired'))) as quoted,
         fw.ordered_at as won_at,
         fw.ordered_at is not null and exists (
           select 1 from orders o where o.customer_id = fw.customer_id and o.status <> 'cancelled'
              and o.ordered_at > fw.ordered_at and o.ordered_at <= fw.ordered_at + ${365 * DAY_MS}) as repeated
    from cohort c left join first_won fw on fw.inquiry_id = c.id
),
cycle as (
  select won_at - received_at as ms, row_number() over (order by won_at - received_at) as rn, count(*) over () as n
    from reached where won_at is not null
)
select count(*), sum(responded), sum(quoted), sum(won_at is not null), sum(repeated),
       (select avg(ms) from cycle where rn in ((n + 1) / 2, (n + 2) / 2)) / ${DAY_MS}.0
  from reached;
`;
}

/**
 * What the SLA job derives from every inquiry: calendar FRT, in-hours flag, 30-second and 24-hour
 * outcomes, summed per team day × assignee × channel (the daily roll-ups).
 */
export function slaRollupSql(nowMs: number): string {
  return `
select date(received_at / 1000, 'unixepoch', '+8 hours') as day, coalesce(assignee_id, 0), channel_id,
       count(*), sum(status <> 'spam'), sum(status <> 'spam' and ${IN_HOURS("received_at")}),
       sum(status <> 'spam' and first_response_at - received_at <= 30000),
       sum(status <> 'spam' and first_response_at - received_at <= ${DAY_MS}),
       sum(first_response_at is not null), sum(first_response_at - received_at),
       sum(first_response_at is null and received_at < ${nowMs - DAY_MS})
  from inquiries where received_at <= ${nowMs}
 group by 1, 2, 3;
`;
}

/**
 * The tiers job's core figure: each customer's revenue (base currency) and orders over the 365
 * days before the as-of day, first and last order, and the 80th percentile of that revenue.
 */
export function tiersSql(asOfEndMs: number): string {
  return `
with per_customer as (
  select customer_id, min(ordered_at) as first_at, max(ordered_at) as last_at,
         sum(case when ordered_at > ${asOfEndMs - 365 * DAY_MS} then total_base_minor else 0 end) as revenue,
         sum(ordered_at > ${asOfEndMs - 365 * DAY_MS}) as orders_365
    from orders where status <> 'cancelled' and ordered_at <= ${asOfEndMs}
   group by customer_id
),
ranked as (
  select revenue, row_number() over (order by revenue) as rn, count(*) over () as n from per_customer
)
select (select count(*) from per_customer), (select count(*) from customers),
       (select revenue from ranked where rn = (4 * n + 4) / 5);
`;
}

/** The CLV fit's input: per customer, repeat purchases (frequency), recency, age and mean value. */
export function clvSql(asOfEndMs: number): string {
  return `
with per_day as (
  select customer_id, date(ordered_at / 1000, 'unixepoch', '+8 hours') as day, sum(total_base_minor) as value
    from orders where status <> 'cancelled' and ordered_at <= ${asOfEndMs}
   group by 1, 2
),
summary as (
  select customer_id, count(*) - 1 as frequency,
         julianday(max(day)) - julianday(min(day)) as recency,
         julianday(date(${asOfEndMs} / 1000, 'unixepoch', '+8 hours')) - julianday(min(day)) as age,
         avg(value) as monetary
    from per_day group by customer_id
)
select count(*), sum(frequency > 0), avg(frequency), avg(recency), avg(age), avg(monetary) from summary;
`;
}

/** The reminders job's input: each buyer's last order and mean interval between orders. */
export function remindersSql(asOfEndMs: number): string {
  return `
with gaps as (
  select customer_id, ordered_at,
         ordered_at - lag(ordered_at) over (partition by customer_id order by ordered_at) as gap
    from orders where status <> 'cancelled' and ordered_at <= ${asOfEndMs}
),
cycle as (
  select customer_id, max(ordered_at) as last_at, avg(gap) as mean_gap, count(*) as n
    from gaps group by customer_id having n >= 2
)
select count(*), sum(last_at + mean_gap <= ${asOfEndMs + 7 * DAY_MS}) from cycle;
`;
}

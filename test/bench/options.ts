/** `npm run bench -- [options]`, parsed with zod; bad options print one line and exit with 2. */
import { parseArgs } from "node:util";
import { z } from "zod";

export const SECTIONS = ["imports", "jobs", "reports", "pages", "intake"] as const;
export type Section = (typeof SECTIONS)[number];

export const USAGE = `Usage: npm run bench -- [options]

  --scale F            fraction of the reference data set (50,000 customers, 300,000 orders,
                       1,000,000 inquiries over three years); default 1. 0.02–0.1 for a quick run
  --seed N             seed of the generator (default 20261122): same seed, scale and --end,
                       same files
  --end YYYY-MM-DD     the data set's last day (default: yesterday in Asia/Shanghai)
  --only LIST          comma-separated sections: ${SECTIONS.join(",")} (default: all)
  --page-runs N        requests per page and role, after one warm-up (default 30)
  --report-runs N      calls per report in process (default 5)
  --budget-seconds N   a page or report stops repeating after this long (at least 3 requests
                       per page, 1 call per report; default 60)
  --shell-runs N       runs of each sqlite3 query (median taken; default 3)
  --intake-seconds N   seconds of each intake and health load (default 30)
  --intake-clients N   concurrent clients (default 50)
  --no-intake-jobs     skip the intake run with every job running in its own process beside it
  --no-build           use the existing build/ instead of running remix vite:build
  --keep DIR           keep the generated CSV files and the freshly imported database in DIR
  --reuse DIR          start from DIR (made with --keep): no generation, no imports
  --out FILE           the JSON results (default test/bench/results/<timestamp>.json)
  --compare OLD.json   print the old results beside the new ones
  --help`;

const positiveInt = (name: string) =>
  z.coerce
    .number({ error: `--${name} must be a number` })
    .int(`--${name} must be a whole number`)
    .positive(`--${name} must be at least 1`);

function yesterdayInShanghai(): string {
  return new Date(Date.now() + 8 * 3600_000 - 86_400_000).toISOString().slice(0, 10);
}

export const optionsSchema = z
  .object({
    scale: z.coerce
      .number({ error: "--scale must be a number" })
      .positive("--scale must be above 0")
      .max(10, "--scale is at most 10")
      .default(1),
    seed: z.coerce
      .number({ error: "--seed must be a number" })
      .int("--seed must be a whole number")
      .min(0)
      .max(2 ** 32 - 1)
      .default(20261122),
    end: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "--end must be a day YYYY-MM-DD")
      .refine((day) => new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) === day, "--end is not a real day")
      .refine((day) => day <= yesterdayInShanghai(), "--end must be before today")
      .default(yesterdayInShanghai),
    only: z
      .string()
      .transform((text) =>
        text
          .split(",")
          .map((part) => part.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.enum(SECTIONS, { error: `--only takes ${SECTIONS.join(", ")}` })).min(1))
      .default([...SECTIONS]),
    pageRuns: positiveInt("page-runs").default(30),
    reportRuns: positiveInt("report-runs").default(5),
    budgetSeconds: positiveInt("budget-seconds").default(60),
    shellRuns: positiveInt("shell-runs").default(3),
    intakeSeconds: positiveInt("intake-seconds").default(30),
    intakeClients: positiveInt("intake-clients").default(50),
    intakeJobs: z.boolean().default(true),
    build: z.boolean().default(true),
    keep: z.string().min(1).optional(),
    reuse: z.string().min(1).optional(),
    out: z.string().min(1).optional(),
    compare: z.string().min(1).optional(),
  })
  .refine((o) => !(o.keep && o.reuse), { error: "--keep and --reuse do not go together (the kept folder is reused as it is)" });

export type BenchOptions = z.output<typeof optionsSchema>;

export function parseOptions(argv: string[]): BenchOptions | "help" {
  const { values } = parseArgs({
    args: argv,
    options: {
      scale: { type: "string" },
      seed: { type: "string" },
      end: { type: "string" },
      only: { type: "string" },
      "page-runs": { type: "string" },
      "report-runs": { type: "string" },
      "budget-seconds": { type: "string" },
      "shell-runs": { type: "string" },
      "intake-seconds": { type: "string" },
      "intake-clients": { type: "string" },
      "no-intake-jobs": { type: "boolean" },
      "no-build": { type: "boolean" },
      keep: { type: "string" },
      reuse: { type: "string" },
      out: { type: "string" },
      compare: { type: "string" },
      help: { type: "boolean" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return "help";
  const result = optionsSchema.safeParse({
    scale: values.scale,
    seed: values.seed,
    end: values.end,
    only: values.only,
    pageRuns: values["page-runs"],
    reportRuns: values["report-runs"],
    budgetSeconds: values["budget-seconds"],
    shellRuns: values["shell-runs"],
    intakeSeconds: values["intake-seconds"],
    intakeClients: values["intake-clients"],
    intakeJobs: values["no-intake-jobs"] ? false : undefined,
    build: values["no-build"] ? false : undefined,
    keep: values.keep,
    reuse: values.reuse,
    out: values.out,
    compare: values.compare,
  });
  if (!result.success) throw new Error(result.error.issues[0]?.message ?? "invalid options");
  return result.data;
}

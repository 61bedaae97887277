/**
 * `npm run crm -- <command>`: the command line over the database at DATABASE_PATH.
 * Each command parses its arguments with zod; bad arguments print one line and exit with 2.
 */
import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { basename } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { z } from "zod";
import { hashPassword } from "~/auth/password.server";
import { createApiKey } from "~/models/api-key.server";
import { customerExportRows, streamCustomersCsv } from "~/models/customer-csv.server";
import { inquiryExportRows, streamInquiriesCsv } from "~/models/inquiry-csv.server";
import { orderExportRows, streamOrdersCsv } from "~/models/order-csv.server";
import { clearSignInThrottle, createUser, findUserByEmail } from "~/models/user.server";
import { CUSTOMER_CSV_EXPORT_COLUMNS } from "~/schemas/customer-csv";
import { INQUIRY_CSV_EXPORT_COLUMNS } from "~/schemas/inquiry-csv";
import { ORDER_CSV_EXPORT_COLUMNS } from "~/schemas/order-csv";
import { emailSchema, passwordSchema } from "~/schemas/user";
import { formatCsvProblem, writeCsv, type CsvCell, type CsvProblem } from "~/utils/csv.server";
import { database, runInBackground, type DB } from "~db/client.server";
import { clvCommands, clvUsage } from "./commands/clv";
import { jobCommands, jobUsage } from "./commands/jobs";
import { reminderCommands, reminderUsage } from "./commands/reminders";
import { reportFunnelCommands, reportFunnelUsage } from "./commands/report-funnel";
import { reportResponseCommands, reportResponseUsage } from "./commands/report-response";
import { backupDatabase } from "./commands/backup";
import { UsageError } from "./usage-error";
import { ROLES } from "~db/schema";

const USAGE = `Usage: npm run crm -- <command> [options]

Commands:
  user add --email E --name N --role admin|manager|sales|service [--password P] [--locale en|zh-CN]
                          create a user (the password is asked for when not given)
  user unlock --email E   let a user whose sign-in is paused after failed passwords try again now
  apikey create NAME      create an intake API key and print it once
  backup FILE [--overwrite]
                          write a consistent copy of the live database to FILE, even while
                          it is being written; an existing FILE is replaced only with --overwrite
  import customers|orders|inquiries FILE.csv [--dry-run]
                          validate every row, then import all or nothing (in short transactions,
                          undone together if one fails);
                          rows whose external_id exists are updated, not duplicated;
                          --dry-run only validates and tells what would be created or updated
                          (import customers before the orders that name them)
  export customers|orders|inquiries
                          write all customers, orders or inquiries as CSV to standard output
${reminderUsage}
${jobUsage}
${reportResponseUsage}
${reportFunnelUsage}
${clvUsage}

Environment: DATABASE_PATH (default ./data/crm.db)`;

export { UsageError };

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid arguments";
  const field = issue.path.length ? `--${issue.path.join(".")}` : "argument";
  const message = issue.message.startsWith("errors.") ? describe(issue) : issue.message;
  return `${field}: ${message}`;
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_value") return `must be one of ${issue.values.join(", ")}`;
  if (issue.message === "errors.required") return "is required";
  if (issue.message === "errors.email") return "is not a valid e-mail address";
  if (issue.message === "errors.passwordTooShort") return "must be at least 8 characters";
  return "is not valid";
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new UsageError(firstIssue(result.error));
  return result.data;
}

async function askPassword(): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: process.stdin.isTTY });
  if (process.stdin.isTTY) process.stderr.write("Password: ");
  const line = await new Promise<string>((resolve) => {
    rl.once("line", resolve);
    rl.once("close", () => resolve(""));
  });
  rl.close();
  return line;
}

const userAddSchema = z.object({
  email: emailSchema,
  name: z.string().trim().min(1).max(100),
  role: z.enum(ROLES),
  locale: z.enum(["en", "zh-CN"]).default("en"),
  password: z.string().optional(),
});

async function userAdd(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    options: {
      email: { type: "string" },
      name: { type: "string" },
      role: { type: "string" },
      password: { type: "string" },
      locale: { type: "string" },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length) throw new UsageError(`unexpected argument: ${positionals[0]}`);
  const input = parse(userAddSchema, values);
  const { db } = database();
  if (findUserByEmail(db, input.email)) throw new UsageError(`a user with e-mail ${input.email} already exists`);
  const password = parse(z.object({ password: passwordSchema }), { password: input.password ?? (await askPassword()) }).password;
  const user = createUser(
    db,
    { email: input.email, name: input.name, role: input.role, locale: input.locale, passwordHash: await hashPassword(password) },
    { userId: null, at: new Date() },
  );
  console.log(`Created ${user.role} ${user.email} (id ${user.id}).`);
}

async function userUnlock(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    options: { email: { type: "string" } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length) throw new UsageError(`unexpected argument: ${positionals[0]}`);
  const { email } = parse(z.object({ email: emailSchema }), values);
  const { db } = database();
  const user = findUserByEmail(db, email);
  if (!user) throw new UsageError(`no user has the e-mail ${email}`);
  const counted = clearSignInThrottle(db, user.id, { userId: null, at: new Date() });
  console.log(`${user.email} may sign in again (${counted} failed attempt${counted === 1 ? "" : "s"} forgotten).`);
}

async function apikeyCreate(args: string[]) {
  const { positionals } = parseArgs({ args, allowPositionals: true, strict: true });
  const [name, ...rest] = positionals;
  if (rest.length) throw new UsageError(`unexpected argument: ${rest[0]}`);
  const parsed = parse(z.string({ error: "errors.required" }).trim().min(1).max(100), name);
  const created = createApiKey(database().db, parsed, { userId: null, at: new Date() });
  console.error(`API key "${created.name}" created (id ${created.id}). It is shown only now:`);
  console.log(created.key);
}

async function backup(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    options: { overwrite: { type: "boolean" } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError("backup takes exactly one FILE");
  const target = positionals[0]!;
  const { sqlite, path } = database();
  // One snapshot (VACUUM INTO), complete however much the server writes meanwhile: commands/backup.ts.
  const result = backupDatabase(sqlite, path, target, { overwrite: values.overwrite ?? false });
  console.log(`Backed up ${path} to ${target} (${result.bytes} bytes).`);
}

type Command = (args: string[]) => Promise<void>;

/** Checks that FILE can be read before an import streams it. */
async function checkInputFile(file: string): Promise<void> {
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
    await access(file, constants.R_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : String(code ?? error);
    throw new UsageError(`cannot read ${file}: ${reason}`);
  }
}

type CsvImport = (
  db: DB,
  input: { path: string },
  options: { dryRun: boolean; fileName: string },
) => Promise<
  { ok: false; problems: CsvProblem[] } | { ok: true; rows: number; created: number; updated: number; unchanged: number }
>;

/**
 * Page cache for an import's connection (in KiB, as a negative cache_size): the inquiry table's
 * indexes are written in random order, and SQLite's default 2 MB makes every chunk read and write
 * the same index pages again. The command line's connection lives only for the import.
 */
const IMPORT_CACHE_KIB = 64 * 1024;

/**
 * `import KIND FILE [--dry-run]`: the same behaviour and exit codes for every kind of file. The
 * file is streamed twice (check, then write), never held whole (~/models/csv-import.server).
 */
function importCommand(kind: string, noun: { one: string; many: string }, importCsv: CsvImport): Command {
  return async (args) => {
    const { values, positionals } = parseArgs({
      args,
      options: { "dry-run": { type: "boolean", default: false } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1) throw new UsageError(`import ${kind} takes exactly one FILE`);
    const file = positionals[0]!;
    const started = performance.now();
    await checkInputFile(file);
    const dryRun = values["dry-run"] === true;
    const { db, sqlite } = database();
    sqlite.pragma(`cache_size = -${IMPORT_CACHE_KIB}`);
    const result = await importCsv(db, { path: file }, { dryRun, fileName: basename(file) });
    const elapsed = Math.round(performance.now() - started);
    if (!result.ok) {
      // One line per problem, each `row N, column C: reason`, then the verdict (exit 1).
      for (const problem of result.problems) console.error(formatCsvProblem(problem));
      const n = result.problems.length;
      throw new Error(`${file}: ${n} problem${n === 1 ? "" : "s"}; nothing was imported`);
    }
    const s = result.rows === 1 ? noun.one : noun.many;
    if (dryRun) {
      console.log(
        `Dry run: ${result.rows} ${s} valid (${result.created} would be created, ${result.updated} would be updated` +
          `${result.unchanged ? `, ${result.unchanged} of them already up to date` : ""}); nothing was written.`,
      );
    } else {
      console.log(`Imported ${result.rows} ${s} (${result.created} created, ${result.updated} updated) in ${elapsed} ms.`);
    }
  };
}

/** `export KIND`: every record as CSV on standard output. */
function exportCommand(header: readonly string[], rows: (db: DB) => Iterable<CsvCell[]>): Command {
  return async (args) => {
    const { positionals } = parseArgs({ args, allowPositionals: true, strict: true });
    if (positionals.length) throw new UsageError(`unexpected argument: ${positionals[0]}`);
    await writeCsv(process.stdout, header, rows(database().db));
  };
}

const COMMANDS: Record<string, Command> = {
  "user add": userAdd,
  "user unlock": userUnlock,
  "apikey create": apikeyCreate,
  backup,
  "import customers": importCommand("customers", { one: "customer", many: "customers" }, streamCustomersCsv),
  "import orders": importCommand("orders", { one: "order", many: "orders" }, streamOrdersCsv),
  "import inquiries": importCommand("inquiries", { one: "inquiry", many: "inquiries" }, streamInquiriesCsv),
  "export customers": exportCommand(CUSTOMER_CSV_EXPORT_COLUMNS, (db) => customerExportRows(db)),
  "export orders": exportCommand(ORDER_CSV_EXPORT_COLUMNS, (db) => orderExportRows(db)),
  "export inquiries": exportCommand(INQUIRY_CSV_EXPORT_COLUMNS, (db) => inquiryExportRows(db)),
  ...jobCommands,
  ...reportResponseCommands,
  ...reportFunnelCommands,
  ...clvCommands,
  ...reminderCommands,
};

export async function run(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === "help" || argv[0] === "--help" || argv[0] === "-h") {
    console.log(USAGE);
    return argv.length === 0 ? 2 : 0;
  }
  const twoWords = `${argv[0]} ${argv[1] ?? ""}`;
  const [name, rest] = COMMANDS[twoWords] ? [twoWords, argv.slice(2)] : [argv[0]!, argv.slice(1)];
  const command = COMMANDS[name];
  try {
    if (!command) throw new UsageError(`unknown command: ${argv.join(" ")} (run "npm run crm -- help")`);
    await command(rest);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`crm: ${error.message}`);
      return 2;
    }
    // parseArgs reports unknown or malformed options with a code of its own.
    if (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS")) {
      console.error(`crm: ${error.message}`);
      return 2;
    }
    console.error(`crm: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

const isMain = import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("jobs/cli.ts");
if (isMain) {
  // A command's writes (a job run, an import) give way to a web server's on the same database.
  runInBackground();
  process.exitCode = await run(process.argv.slice(2));
}

/**
 * Shared by the reliability suite (test/reliability/*.test.ts): a small world of rows of every
 * kind, sessions without the sign-in form (so the suite does not depend on sign-in throttling),
 * the route files as the app has them, a way to call a route module that turns any non-Response
 * error into the 500 the server would answer, and row counts of every table.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createCookie } from "@remix-run/node";
import { sql } from "drizzle-orm";
import { sessionSecret } from "~/env.server";
import type { Role } from "~/domain/permissions";
import { createApiKey } from "~/models/api-key.server";
import { createReplyTemplate } from "~/models/reply-template.server";
import { insertReminders } from "~/models/reminder.server";
import { createSession } from "~/models/session.server";
import type { DB, OpenDatabase } from "~db/client.server";
import {
  createContact,
  createCustomer,
  createInquiry,
  createOrder,
  createProduct,
  createQuote,
  demoPasswordHash,
  insertUser,
  type User,
} from "~db/factories";
import { jobRuns } from "~db/schema";
import { type loaderArgs, ORIGIN } from "../helpers";

export const ROLES: readonly Role[] = ["admin", "manager", "sales", "service"];
const ROUTES_DIR = fileURLToPath(new URL("../../app/routes/", import.meta.url));

// ---------------------------------------------------------------------------------------------
// Route files

/** Every route module file, as the app has it now (not a list kept by hand). */
export function routeFiles(): string[] {
  return readdirSync(ROUTES_DIR)
    .filter((file) => /\.(ts|tsx)$/.test(file) && !/\.test\.tsx?$/.test(file))
    .sort();
}

export function routeSource(file: string): string {
  return readFileSync(`${ROUTES_DIR}${file}`, "utf8");
}

export type RouteModule = {
  loader?: (args: ReturnType<typeof loaderArgs>) => unknown;
  action?: (args: ReturnType<typeof loaderArgs>) => unknown;
};

export async function loadRoute(file: string): Promise<RouteModule> {
  return (await import(/* @vite-ignore */ `${ROUTES_DIR}${file}`)) as RouteModule;
}

/** The `$name` params of a flat route file name ("customers.$customerId_.edit.tsx" → customerId). */
export function routeParams(file: string): string[] {
  return file
    .replace(/\.(ts|tsx)$/, "")
    .split(".")
    .filter((segment) => segment.startsWith("$") && segment.length > 1)
    .map((segment) => segment.slice(1).replace(/_$/, ""));
}

/** The URL path of a flat route file, with its params filled in. */
export function routePath(file: string, params: Record<string, string>): string {
  const segments = file
    .replace(/\.(ts|tsx)$/, "")
    .split(".")
    .filter((segment) => segment !== "_index")
    .map((segment) => {
      const bare = segment.replace(/_$/, "");
      if (bare === "$") return "no/such/page";
      if (bare.startsWith("$")) return encodeURIComponent(params[bare.slice(1)] ?? "1");
      return bare;
    });
  return `/${segments.join("/")}`;
}

// ---------------------------------------------------------------------------------------------
// Calling routes

export type Answer = { status: number; location: string | null; response: Response; error?: unknown };

/**
 * Runs a loader or action and returns what the server would answer: the Response it returned or
 * threw, plain data as 200, and any other thrown error as 500 (with the error kept for the report).
 * A streamed body is cancelled so that nothing keeps running after the answer.
 */
export async function answer(run: () => unknown): Promise<Answer> {
  let response: Response;
  let error: unknown;
  try {
    const result = await run();
    response = result instanceof Response ? result : new Response(null, { status: 200 });
  } catch (thrown) {
    if (thrown instanceof Response) {
      response = thrown;
    } else {
      error = thrown;
      response = new Response(null, { status: 500 });
    }
  }
  const type = response.headers.get("Content-Type") ?? "";
  if (type.includes("event-stream")) await response.body?.cancel().catch(() => {});
  return { status: response.status, location: response.headers.get("Location"), response, error };
}

/** Whether an answer sends an anonymous visitor to the sign-in page. */
export const isLoginRedirect = (a: Answer) => a.status >= 300 && a.status < 400 && /^\/login(\?|$)/.test(a.location ?? "");

/** One line for a 500: where, what was sent, and the first stack lines of the error. */
export function describeFailure(where: string, sent: unknown, a: Answer): string {
  const stack =
    a.error instanceof Error ? (a.error.stack ?? a.error.message).split("\n").slice(0, 4).join(" | ") : String(a.error);
  return `${where} ${JSON.stringify(sent).slice(0, 400)} → ${a.status} ${stack}`;
}

export const get = (path: string, cookie?: string) =>
  new Request(`${ORIGIN}${path}`, { headers: cookie ? { Cookie: cookie } : {} });

export const postForm = (path: string, fields: [string, string][], cookie?: string) =>
  new Request(`${ORIGIN}${path}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: ORIGIN,
      ...(cookie ? { Cookie: cookie } : {}),
    },
    body: new URLSearchParams(fields).toString(),
  });

// ---------------------------------------------------------------------------------------------
// Sessions

const sessionCookie = () => createCookie("crm_session", { secrets: [sessionSecret()] });

/** A fresh session for the user, as the Cookie header a browser would send (no sign-in form). */
export async function cookieFor(db: DB, userId: number): Promise<string> {
  const token = createSession(db, userId, new Date(), "reliability-suite");
  return (await sessionCookie().serialize(token)).split(";")[0]!;
}

// ---------------------------------------------------------------------------------------------
// Row counts

/** Rows per table; sessions are left out (the suite makes one per request). */
export function tableCounts(open: OpenDatabase): Record<string, number> {
  const tables = open.sqlite
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%'")
    .pluck()
    .all() as string[];
  const counts: Record<string, number> = {};
  for (const table of tables.sort()) {
    if (table === "sessions") continue;
    counts[table] = open.sqlite.prepare(`select count(*) from "${table}"`).pluck().get() as number;
  }
  return counts;
}

// ---------------------------------------------------------------------------------------------
// The world

export type World = {
  users: Record<Role | "sales2" | "service2" | "target", User>;
  /** Values for every route param and for id fields of forms. */
  params: Record<string, string>;
  ids: {
    customer: number;
    colleaguesCustomer: number;
    contact: number;
    product: number;
    inquiry: number;
    colleaguesInquiry: number;
    quote: number;
    order: number;
    template: number;
    apiKey: number;
    run: number;
    managersReminder: number;
    salesReminder: number;
  };
  apiKey: string;
};

/**
 * Rows of every kind the routes show: a user of every role (and a second sales rep and service
 * user as colleagues), customers owned by each rep, a contact, a product, an unassigned inquiry
 * and one assigned to the colleague, a quote, an order, reminders, a reply template, an API key
 * and a finished job run.
 */
export async function buildWorld(db: DB): Promise<World> {
  const passwordHash = await demoPasswordHash();
  const user = (role: Role, email: string) => insertUser(db, { role, email, name: email.split("@")[0]!, passwordHash });
  const users = {
    admin: user("admin", "admin@example.com"),
    manager: user("manager", "manager@example.com"),
    sales: user("sales", "sales@example.com"),
    service: user("service", "service@example.com"),
    sales2: user("sales", "sales2@example.com"),
    service2: user("service", "service2@example.com"),
    target: user("service", "target@example.com"),
  };
  const now = new Date();
  const customer = createCustomer(db, { name: "Acme GmbH", ownerId: users.sales.id, country: "DE" });
  const colleaguesCustomer = createCustomer(db, { name: "Beta Ltd", ownerId: users.sales2.id, country: "GB" });
  const contact = createContact(db, { customerId: customer.id, name: "Jonas Weber", email: "jonas@acme.example" });
  const product = createProduct(db, { sku: "HG-304-100", name: "Hinge" });
  const inquiry = createInquiry(db, { customerId: customer.id, receivedAt: new Date(now.getTime() - 3_600_000) });
  const colleaguesInquiry = createInquiry(db, {
    customerId: colleaguesCustomer.id,
    assigneeId: users.service2.id,
    receivedAt: new Date(now.getTime() - 7_200_000),
  });
  const quote = createQuote(db, { customerId: customer.id, createdById: users.sales.id, createdAt: now });
  const order = createOrder(db, { customerId: customer.id, totalMinor: 100_000, currency: "USD", orderedAt: now });
  const template = createReplyTemplate(
    db,
    { name: "Thanks", locale: "en", body: "Thank you." },
    { userId: users.admin.id, at: now },
  );
  const key = createApiKey(db, "reliability", { userId: users.admin.id, at: now });
  const run = db
    .insert(jobRuns)
    .values({
      job: "tiers",
      asOf: "2026-01-01",
      trigger: "cli",
      startedAt: now,
      finishedAt: now,
      status: "succeeded",
      progress: 1,
    })
    .returning({ id: jobRuns.id })
    .get();
  const due = new Date(now.getTime() - 86_400_000);
  insertReminders(
    db,
    [
      {
        kind: "repurchase",
        customerId: colleaguesCustomer.id,
        ownerId: null,
        dueAt: due,
        reason: "r",
        priority: null,
        cycleKey: "2025-06-01",
      },
      {
        kind: "repurchase",
        customerId: customer.id,
        ownerId: users.sales.id,
        dueAt: due,
        reason: "r",
        priority: null,
        cycleKey: "2025-06-02",
      },
    ],
    now,
  );
  const reminderIds = db.all<{ id: number; owner_id: number | null }>(sql`select id, owner_id from reminders order by id`);
  const managersReminder = reminderIds.find((r) => r.owner_id === null)!.id;
  const salesReminder = reminderIds.find((r) => r.owner_id === users.sales.id)!.id;
  const ids = {
    customer: customer.id,
    colleaguesCustomer: colleaguesCustomer.id,
    contact: contact.id,
    product: product.id,
    inquiry: inquiry.id,
    colleaguesInquiry: colleaguesInquiry.id,
    quote: quote.id,
    order: order.id,
    template: template.id,
    apiKey: key.id,
    run: run.id,
    managersReminder,
    salesReminder,
  };
  const params = {
    customerId: String(customer.id),
    inquiryId: String(inquiry.id),
    orderId: String(order.id),
    productId: String(product.id),
    quoteId: String(quote.id),
    templateId: String(template.id),
    userId: String(users.target.id),
    runId: String(run.id),
    report: "tiers",
  };
  return { users, params, ids, apiKey: key.key };
}

/** fast-check's settings for one property: a fixed seed, so that CI runs the same cases. */
export const seeded = (seed: number, numRuns: number) => ({ seed, numRuns, endOnFailure: true });

/**
 * The 500s a fuzz run found, one example per distinct error (its message with digits blanked and
 * its first stack frame), so that a report names each defect once with an input that shows it.
 */
export class FailureLog {
  private readonly seen = new Map<string, { example: string; count: number }>();
  total = 0;

  add(where: string, sent: unknown, a: Answer) {
    this.total++;
    const error = a.error instanceof Error ? a.error : undefined;
    const frame = error?.stack?.split("\n").find((line) => line.includes("/app/")) ?? "";
    const key = `${where} ${(error?.message ?? String(a.error)).replace(/\d+/g, "#").slice(0, 120)} ${frame.trim()}`;
    const entry = this.seen.get(key);
    if (entry) entry.count++;
    else this.seen.set(key, { example: describeFailure(where, sent, a), count: 1 });
  }

  /** One line per distinct failure: how often, and the first input that showed it. */
  list(): string[] {
    return [...this.seen.values()].map(({ example, count }) => `${count}× ${example}`);
  }
}

/** A route's own source and those of the app modules it imports from ~/utils, ~/schemas and ~/components. */
export function routeSources(file: string): string[] {
  const own = routeSource(file);
  const found = [own];
  for (const match of own.matchAll(/from "~\/(utils|schemas|components)\/([\w./-]+)"/g)) {
    for (const ext of [".ts", ".tsx"]) {
      const path = fileURLToPath(new URL(`../../app/${match[1]}/${match[2]}${ext}`, import.meta.url));
      if (existsSync(path)) found.push(readFileSync(path, "utf8"));
    }
  }
  return found;
}

const PROJECT_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/**
 * Starts a worker script in its own Node process (`node --import tsx script …args`), waits for the
 * `{"paused"…}` line it prints when it has reached the point to be killed at (it then blocks),
 * kills it with SIGKILL, waits for its end, and returns that line parsed. Rejects when the worker
 * ends before pausing, with its output, or when it ended other than by the kill.
 */
export async function killWhenPaused<T>(script: string, args: string[]): Promise<T> {
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
    cwd: PROJECT_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8");
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal })),
  );
  const paused = await new Promise<T>((resolve, reject) => {
    child.stdout.on("data", (chunk: string) => {
      stdout += chunk;
      const line = stdout.split("\n").find((text) => text.startsWith('{"paused"'));
      if (line) resolve(JSON.parse(line) as T);
    });
    void exited.then(({ code }) =>
      reject(new Error(`${script} ${args.join(" ")} ended (${code}) before pausing\nstdout: ${stdout}\nstderr: ${stderr}`)),
    );
  });
  child.kill("SIGKILL");
  const end = await exited;
  if (end.signal !== "SIGKILL") throw new Error(`${script} ended by ${end.signal ?? `exit ${end.code}`}, not by the kill`);
  return paused;
}

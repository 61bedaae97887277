/**
 * The authorisation matrix (SPEC §8), generated from the route files: every route file in
 * app/routes must be named in ROUTE_RULES below, which says what SPEC §8 requires for its loader
 * and for each action intent. A new route, or a new intent, that nobody reviewed here fails the
 * suite; so does a rule for a route or intent that no longer exists.
 *
 * For every route × every role and anonymous, the loader and each action intent are called with a
 * minimal plausible body: allowed → neither 401, 403 nor a redirect to the sign-in page; not
 * allowed → 403 when signed in, a redirect to /login when anonymous, and no row written. No answer
 * may be a 500. The ownership rules of SPEC §8 are checked on their own at the end.
 */
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { PERMISSIONS, type Role } from "~/domain/permissions";
import { limiter } from "~/utils/rate-limiter.server";
import type { OpenDatabase } from "~db/client.server";
import { customers, inquiries, jobRuns } from "~db/schema";
import { createTestDb, ORIGIN } from "../helpers";
import {
  answer,
  buildWorld,
  cookieFor,
  describeFailure,
  get,
  isLoginRedirect,
  loadRoute,
  postForm,
  routeFiles,
  routeParams,
  routePath,
  routeSource,
  ROLES,
  tableCounts,
  type Answer,
  type World,
} from "./support";

/** A permission of app/domain/permissions.ts, "public", "signed-in", the intake API's key, or roles SPEC §8 names. */
type Need = keyof typeof PERMISSIONS | "public" | "signed-in" | "apiKey" | { roles: readonly Role[]; because: string };
type Body = (world: World) => Record<string, string>;
type Rule = {
  /** null: the module exports no loader. */
  loader: Need | null;
  /** Intent → what it needs and a minimal plausible body; "" for a form without intents; null: no action. */
  actions: Record<string, { need: Need; body: Body }> | null;
};

const none: Body = () => ({});
const act = (need: Need, body: Body = none) => ({ need, body });
const intent =
  (name: string, more: Body = none): Body =>
  (world) => ({ intent: name, ...more(world) });

/**
 * What SPEC §8 requires, route by route. Reports, settings, jobs and imports are for managers and
 * admins; users and API keys for admins; selling (quotes, orders, products, agreed prices) for
 * sales, managers and admins; inquiries and customers for everyone signed in.
 */
const ROUTE_RULES: Record<string, Rule> = {
  "$.tsx": { loader: "public", actions: null },
  "_index.tsx": { loader: "signed-in", actions: null },
  "admin.api-keys.tsx": {
    loader: "manageApiKeys",
    actions: {
      create: act("manageApiKeys", intent("create", () => ({ name: "Shop" }))),
      revoke: act("manageApiKeys", intent("revoke", (w) => ({ id: String(w.ids.apiKey) }))),
    },
  },
  "admin.audit.tsx": { loader: "manageUsers", actions: null },
  "admin.users.$userId.tsx": {
    loader: "manageUsers",
    actions: {
      update: act("manageUsers", intent("update", () => ({ name: "Target", role: "service", locale: "en" }))),
      deactivate: act("manageUsers", intent("deactivate")),
      reactivate: act("manageUsers", intent("reactivate")),
      // SPEC §12: an admin can clear a sign-in lock-out.
      clearThrottle: act("manageUsers", intent("clearThrottle")),
    },
  },
  "admin.users._index.tsx": {
    loader: "manageUsers",
    actions: { "": act("manageUsers", () => ({ email: "new@example.com", name: "New", role: "service", locale: "en", password: "a-long-password-1" })) },
  },
  "api.v1.health.ts": { loader: "public", actions: null },
  "api.v1.inquiries.ts": { loader: "public", actions: { "": act("apiKey") } },
  "customers.$customerId.tsx": {
    loader: "viewSalesRecords",
    actions: {
      addContact: act("editCustomers", intent("addContact", () => ({ name: "Anna", email: "anna@acme.example" }))),
      updateContact: act("editCustomers", intent("updateContact", (w) => ({ contactId: String(w.ids.contact), name: "Jonas W." }))),
      removeContact: act("editCustomers", intent("removeContact", (w) => ({ contactId: String(w.ids.contact) }))),
    },
  },
  "customers.$customerId_.edit.tsx": {
    loader: "editCustomers",
    actions: { "": act("editCustomers", (w) => ({ name: "Acme GmbH", country: "DE", ownerId: String(w.users.sales.id) })) },
  },
  "customers.$customerId_.prices.tsx": {
    loader: "viewSalesRecords",
    actions: {
      set: act("sell", intent("set", (w) => ({ productId: String(w.ids.product), price: "12.50", currency: "USD" }))),
      remove: act("sell", intent("remove", () => ({ id: "1" }))),
    },
  },
  "customers._index.tsx": { loader: "viewSalesRecords", actions: null },
  "customers.export.ts": { loader: "importData", actions: null },
  "customers.new.tsx": { loader: "editCustomers", actions: { "": act("editCustomers", () => ({ name: "Gamma Srl", country: "IT" })) } },
  "customers.search.ts": { loader: "viewSalesRecords", actions: null },
  "import.progress.ts": { loader: "importData", actions: null },
  "import.tsx": {
    loader: "importData",
    actions: {
      preview: act("importData", intent("preview", () => ({ kind: "customers" }))),
      import: act("importData", intent("import", () => ({ token: "nope", kind: "customers" }))),
      discard: act("importData", intent("discard", () => ({ token: "nope", kind: "customers" }))),
    },
  },
  "inquire._index.tsx": {
    loader: "public",
    actions: { "": act("public", () => ({ name: "Li Wei", email: "li@beta.example", message: "Price for 500 pcs?" })) },
  },
  "inquire.thanks.tsx": { loader: null, actions: null },
  "inquiries.$inquiryId.tsx": {
    loader: "handleInquiries",
    actions: {
      reply: act("handleInquiries", intent("reply", () => ({ body: "Hello" }))),
      note: act("handleInquiries", intent("note", () => ({ body: "Called back" }))),
      // The inquiry of the route is unassigned: anyone who handles inquiries may take it.
      take: act("handleInquiries", intent("take")),
      assign: act("assignInquiries", intent("assign", (w) => ({ assigneeId: String(w.users.service.id) }))),
      status: act("handleInquiries", intent("status", () => ({ status: "closed" }))),
      linkCustomer: act("handleInquiries", intent("linkCustomer", (w) => ({ customerId: String(w.ids.colleaguesCustomer) }))),
      createCustomer: act("handleInquiries", intent("createCustomer", () => ({ name: "Delta AG" }))),
    },
  },
  "inquiries._index.tsx": { loader: "handleInquiries", actions: { "": act("handleInquiries", () => ({ onDuty: "on" })) } },
  "inquiries.events.ts": { loader: "handleInquiries", actions: null },
  "inquiries.new.tsx": {
    loader: "handleInquiries",
    actions: {
      "": act("handleInquiries", () => ({ channel: "website", customerName: "Epsilon", contactName: "Eva", subject: "Hinges", message: "Price?" })),
    },
  },
  "jobs.$runId.progress.ts": { loader: "runJobs", actions: null },
  "jobs._index.tsx": {
    loader: "runJobs",
    actions: { run: act("runJobs", intent("run", () => ({ job: "tiers" }))), runAll: act("runJobs", intent("runAll")) },
  },
  "locale.tsx": { loader: "public", actions: { "": act("public", () => ({ locale: "zh-CN" })) } },
  "login.tsx": { loader: "public", actions: { "": act("public", () => ({ email: "nobody@example.com", password: "wrong-password" })) } },
  "logout.tsx": { loader: "public", actions: { "": act("public") } },
  "my-day.tsx": { loader: "ownCustomers", actions: null },
  "orders.$orderId.tsx": { loader: "viewSalesRecords", actions: { "": act("sell", () => ({ status: "confirmed" })) } },
  "orders._index.tsx": { loader: "viewSalesRecords", actions: null },
  "orders.export.ts": { loader: "importData", actions: null },
  "orders.new.tsx": {
    loader: "sell",
    actions: { "": act("sell", (w) => ({ customerId: String(w.ids.customer), currency: "USD", orderedOn: "2026-01-05", "lines.0.description": "Hinge", "lines.0.quantity": "1", "lines.0.unitPrice": "10" })) },
  },
  "overview.tsx": { loader: "viewTeamReports", actions: null },
  "products.$productId.tsx": {
    loader: "viewSalesRecords",
    actions: {
      update: act("sell", intent("update", () => ({ sku: "HG-304-100", name: "Hinge", currency: "USD", listPrice: "1.00" }))),
      deactivate: act("sell", intent("deactivate")),
      reactivate: act("sell", intent("reactivate")),
      delete: act("sell", intent("delete")),
    },
  },
  "products._index.tsx": { loader: "viewSalesRecords", actions: { "": act("sell", () => ({ sku: "NEW-1", name: "Bolt", currency: "USD", listPrice: "2.00" })) } },
  "quotes.$quoteId.tsx": {
    loader: "viewSalesRecords",
    actions: { send: act("sell", intent("send")), accept: act("sell", intent("accept")), reject: act("sell", intent("reject")) },
  },
  "quotes.$quoteId_.edit.tsx": {
    loader: "sell",
    actions: { "": act("sell", (w) => ({ customerId: String(w.ids.customer), currency: "USD", "lines.0.description": "Hinge", "lines.0.quantity": "2", "lines.0.unitPrice": "10" })) },
  },
  "quotes.$quoteId_.print.tsx": { loader: "viewSalesRecords", actions: null },
  "quotes._index.tsx": { loader: "viewSalesRecords", actions: null },
  "quotes.new.tsx": {
    loader: "sell",
    actions: { "": act("sell", (w) => ({ customerId: String(w.ids.customer), currency: "USD", "lines.0.description": "Hinge", "lines.0.quantity": "2", "lines.0.unitPrice": "10" })) },
  },
  "quotes.price.ts": { loader: "sell", actions: null },
  "reminders.tsx": {
    loader: "signed-in",
    // The route's reminder has no owner: SPEC §5 gives it to the managers (admins count as managers).
    actions: {
      done: act({ roles: ["manager", "admin"], because: "an owner-less reminder is the managers'" }, intent("done", (w) => ({ id: String(w.ids.managersReminder), outcome: "Ordered" }))),
      snooze: act({ roles: ["manager", "admin"], because: "an owner-less reminder is the managers'" }, intent("snooze", (w) => ({ id: String(w.ids.managersReminder), until: "2999-01-01" }))),
      dismiss: act({ roles: ["manager", "admin"], because: "an owner-less reminder is the managers'" }, intent("dismiss", (w) => ({ id: String(w.ids.managersReminder) }))),
    },
  },
  "reports._index.tsx": { loader: "viewTeamReports", actions: null },
  "reports.clv.tsx": { loader: "viewTeamReports", actions: null },
  "reports.csv.$report.ts": { loader: "viewTeamReports", actions: null },
  "reports.funnel.tsx": { loader: "viewTeamReports", actions: null },
  "reports.response.tsx": { loader: "viewTeamReports", actions: null },
  "reports.spend.tsx": {
    loader: "viewTeamReports",
    actions: {
      save: act("manageSettings", intent("save", () => ({ month: "2026-01", channel: "alibaba", amount: "100", currency: "USD" }))),
      remove: act("manageSettings", intent("remove", () => ({ id: "1" }))),
    },
  },
  "reports.tiers.tsx": { loader: "viewTeamReports", actions: null },
  "settings.tsx": { loader: "manageSettings", actions: { "": act("manageSettings") } },
  "templates.$templateId.tsx": {
    loader: "manageSettings",
    actions: {
      update: act("manageSettings", intent("update", () => ({ name: "Thanks", locale: "en", body: "Thank you!" }))),
      delete: act("manageSettings", intent("delete")),
    },
  },
  "templates._index.tsx": { loader: "manageSettings", actions: { "": act("manageSettings", () => ({ name: "Hello", locale: "en", body: "Hi" })) } },
};

type Who = Role | "anonymous";
const WHO: readonly Who[] = ["anonymous", ...ROLES];

function allows(need: Need, who: Who): boolean {
  if (need === "public") return true;
  if (who === "anonymous") return false;
  if (need === "signed-in") return true;
  if (need === "apiKey") return false;
  if (typeof need === "object") return need.roles.includes(who);
  return (PERMISSIONS[need] as readonly Role[]).includes(who);
}

/** The intents a route's source offers: hidden inputs and buttons named "intent", and the intent schemas. */
function intentsInSource(source: string): Set<string> {
  const found = new Set<string>();
  for (const match of source.matchAll(/name="intent"\s+value="([^"]+)"/g)) found.add(match[1]!);
  for (const match of source.matchAll(/intent:\s*z\.literal\("([^"]+)"\)/g)) found.add(match[1]!);
  for (const match of source.matchAll(/intent:\s*z\.enum\(\[([^\]]*)\]\)/g)) {
    for (const value of match[1]!.matchAll(/"([^"]+)"/g)) found.add(value[1]!);
  }
  return found;
}

let open: OpenDatabase;
let world: World;
const failures: string[] = [];
const counts = { routes: 0, loaderChecks: 0, actionChecks: 0 };

async function freshWorld() {
  open = createTestDb();
  limiter("publicForm").reset();
  limiter("intake").reset();
  world = await buildWorld(open.db);
}

/** Jobs started by the jobs page run on after the answer; let them end before the database goes. */
async function settleJobs() {
  for (let i = 0; i < 1000; i++) {
    const running = open.db.select({ id: jobRuns.id }).from(jobRuns).where(eq(jobRuns.status, "running")).all();
    if (running.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function cookieOf(who: Who): Promise<string | undefined> {
  return who === "anonymous" ? undefined : cookieFor(open.db, world.users[who].id);
}

function intakeRequest(withKey: boolean, cookie?: string) {
  return new Request(`${ORIGIN}/api/v1/inquiries`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      ...(withKey ? { Authorization: `Bearer ${world.apiKey}` } : {}),
      ...(cookie ? { Cookie: cookie } : {}),
    },
    body: JSON.stringify({ channel: "alibaba", subject: "Hinges", message: "Price?", buyer: { name: "Jonas" } }),
  });
}

/** Checks one answer against the rule; returns a problem, or null. */
function judge(need: Need, who: Who, a: Answer, wrote: boolean): string | null {
  if (a.status >= 500) return `answered ${a.status}`;
  // A public route may still refuse bad credentials (401) or send to the sign-in page (sign-out).
  if (need === "public") return a.status === 403 ? "public but answered 403" : null;
  if (allows(need, who)) {
    if (a.status === 401 || a.status === 403) return `allowed but answered ${a.status}`;
    if (isLoginRedirect(a)) return `allowed but redirected to ${a.location}`;
    return null;
  }
  if (need === "apiKey") {
    if (a.status !== 401) return `without a key answered ${a.status}`;
  } else if (who === "anonymous") {
    if (!isLoginRedirect(a)) return `anonymous got ${a.status} ${a.location ?? ""}, not a redirect to /login`;
  } else if (a.status !== 403) {
    return `not allowed but answered ${a.status} ${a.location ?? ""}`;
  }
  return wrote ? "not allowed but a row was written" : null;
}

afterAll(() => {
  console.log(
    `reliability: authorisation matrix: ${counts.routes} routes, ${counts.loaderChecks} route×role checks, ${counts.actionChecks} action-intent×role checks, ${failures.length} failures`,
  );
});

describe("authorisation matrix (SPEC §8)", () => {
  it("names every route file, and every rule has its file, exports and intents", async () => {
    const files = routeFiles();
    expect(files.filter((file) => !(file in ROUTE_RULES)), "route files without a reviewed rule").toEqual([]);
    expect(Object.keys(ROUTE_RULES).filter((file) => !files.includes(file)), "rules for route files that do not exist").toEqual([]);
    const mismatches: string[] = [];
    for (const file of files) {
      const rule = ROUTE_RULES[file]!;
      const module = await loadRoute(file);
      if ((rule.loader !== null) !== (typeof module.loader === "function")) mismatches.push(`${file}: loader`);
      if ((rule.actions !== null) !== (typeof module.action === "function")) mismatches.push(`${file}: action`);
      const offered = intentsInSource(routeSource(file));
      const ruled = new Set(Object.keys(rule.actions ?? {}).filter((name) => name !== ""));
      for (const name of offered) if (!ruled.has(name)) mismatches.push(`${file}: intent "${name}" has no rule`);
      for (const name of ruled) if (!offered.has(name)) mismatches.push(`${file}: rule for intent "${name}" that the route does not offer`);
    }
    expect(mismatches).toEqual([]);
  });

  it("every route × every role and anonymous: allowed, or 403 / sign-in with nothing written", async () => {
    for (const file of routeFiles()) {
      const rule = ROUTE_RULES[file];
      if (!rule) continue;
      counts.routes++;
      const module = await loadRoute(file);
      if (rule.loader !== null && module.loader) {
        await freshWorld();
        for (const who of WHO) {
          const cookie = await cookieOf(who);
          const params = Object.fromEntries(routeParams(file).map((name) => [name, world.params[name]!]));
          const path = routePath(file, params);
          const before = tableCounts(open);
          const a = await answer(() => module.loader!({ request: get(path, cookie), params, context: { clientAddress: "127.0.0.1" } }));
          const wrote = JSON.stringify(tableCounts(open)) !== JSON.stringify(before);
          counts.loaderChecks++;
          const problem = judge(rule.loader, who, a, wrote);
          if (problem) failures.push(`${who} GET ${path} (${file}): ${problem}${a.error ? ` — ${describeFailure("", "", a)}` : ""}`);
        }
      }
      for (const [intentName, { need, body }] of Object.entries(rule.actions ?? {})) {
        if (!module.action) continue;
        for (const who of WHO) {
          // A fresh world for each call: an allowed delete or deactivate must not change the next check.
          await freshWorld();
          const cookie = await cookieOf(who);
          const params = Object.fromEntries(routeParams(file).map((name) => [name, world.params[name]!]));
          const path = routePath(file, params);
          const before = tableCounts(open);
          const request = need === "apiKey" ? intakeRequest(false, cookie) : postForm(path, Object.entries(body(world)), cookie);
          const a = await answer(() => module.action!({ request, params, context: { clientAddress: "127.0.0.1" } }));
          await settleJobs();
          const wrote = JSON.stringify(tableCounts(open)) !== JSON.stringify(before);
          counts.actionChecks++;
          const problem = judge(need, who, a, wrote);
          if (problem) failures.push(`${who} POST ${path} intent=${intentName || "-"} (${file}): ${problem}${a.error ? ` — ${describeFailure("", "", a)}` : ""}`);
        }
        if (need === "apiKey") {
          // And with the key, the API is open whoever calls.
          await freshWorld();
          const a = await answer(() => module.action!({ request: intakeRequest(true), params: {}, context: { clientAddress: "127.0.0.1" } }));
          counts.actionChecks++;
          if (a.status !== 201) failures.push(`POST /api/v1/inquiries with a key answered ${a.status}`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);
});

describe("ownership rules of SPEC §8", () => {
  const inquiryPage = () => loadRoute("inquiries.$inquiryId.tsx");
  const customerEdit = () => loadRoute("customers.$customerId_.edit.tsx");
  const reminders = () => loadRoute("reminders.tsx");

  it("taking an inquiry assigned to a colleague is for managers and admins: 403 for service and sales, nothing changed", async () => {
    const module = await inquiryPage();
    for (const who of ROLES) {
      await freshWorld();
      const id = String(world.ids.colleaguesInquiry);
      const before = tableCounts(open);
      const a = await answer(() =>
        module.action!({
          request: postForm(`/inquiries/${id}`, [["intent", "take"]], undefined),
          params: { inquiryId: id },
          context: { clientAddress: "127.0.0.1" },
        }),
      );
      // Anonymous first (a sanity check of the call), then signed in.
      expect(isLoginRedirect(a)).toBe(true);
      const cookie = await cookieFor(open.db, world.users[who].id);
      const taken = await answer(() =>
        module.action!({ request: postForm(`/inquiries/${id}`, [["intent", "take"]], cookie), params: { inquiryId: id }, context: { clientAddress: "127.0.0.1" } }),
      );
      counts.actionChecks++;
      const assignee = open.db.select({ a: inquiries.assigneeId }).from(inquiries).where(eq(inquiries.id, world.ids.colleaguesInquiry)).get()!.a;
      if (who === "manager" || who === "admin") {
        expect(taken.status, `${who} takes a colleague's inquiry`).toBeLessThan(300);
        expect(assignee).toBe(world.users[who].id);
      } else {
        expect(taken.status, `${who} takes a colleague's inquiry`).toBe(403);
        expect(assignee).toBe(world.users.service2.id);
        expect(tableCounts(open)).toEqual(before);
      }
    }
  }, 60_000);

  it("changing a customer's owner is for managers and admins: a sales rep gets 403 and the owner stays", async () => {
    const module = await customerEdit();
    for (const who of ROLES) {
      await freshWorld();
      const id = String(world.ids.customer);
      const cookie = await cookieFor(open.db, world.users[who].id);
      const before = tableCounts(open);
      const a = await answer(() =>
        module.action!({
          request: postForm(`/customers/${id}/edit`, [["name", "Acme GmbH"], ["country", "DE"], ["ownerId", String(world.users.sales2.id)]], cookie),
          params: { customerId: id },
          context: { clientAddress: "127.0.0.1" },
        }),
      );
      counts.actionChecks++;
      const owner = open.db.select({ o: customers.ownerId }).from(customers).where(eq(customers.id, world.ids.customer)).get()!.o;
      if (who === "manager" || who === "admin") {
        expect(a.status, `${who} changes the owner`).toBeLessThan(400);
        expect(owner).toBe(world.users.sales2.id);
      } else {
        expect(a.status, `${who} changes the owner`).toBe(403);
        expect(owner).toBe(world.users.sales.id);
        expect(tableCounts(open)).toEqual(before);
      }
    }
  }, 60_000);

  it("a reminder is its owner's: the sales rep may close their own, the service user gets 403", async () => {
    const module = await reminders();
    for (const who of ["sales", "service"] as const) {
      await freshWorld();
      const cookie = await cookieFor(open.db, world.users[who].id);
      const before = tableCounts(open);
      const a = await answer(() =>
        module.action!({
          request: postForm("/reminders", [["intent", "dismiss"], ["id", String(world.ids.salesReminder)]], cookie),
          params: {},
          context: { clientAddress: "127.0.0.1" },
        }),
      );
      counts.actionChecks++;
      if (who === "sales") expect(a.status).toBe(200);
      else {
        expect(a.status).toBe(403);
        expect(tableCounts(open)).toEqual(before);
      }
    }
  }, 60_000);
});

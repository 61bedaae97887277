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
  routeSources,
  ROLES,
  tableCounts,
  type Answer,
  type World,
} from "./support";
import { ROUTE_RULES, type Need } from "./route-rules";

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
    expect(
      files.filter((file) => !(file in ROUTE_RULES)),
      "route files without a reviewed rule",
    ).toEqual([]);
    expect(
      Object.keys(ROUTE_RULES).filter((file) => !files.includes(file)),
      "rules for route files that do not exist",
    ).toEqual([]);
    const mismatches: string[] = [];
    for (const file of files) {
      const rule = ROUTE_RULES[file]!;
      const module = await loadRoute(file);
      if ((rule.loader !== null) !== (typeof module.loader === "function")) mismatches.push(`${file}: loader`);
      if ((rule.actions !== null) !== (typeof module.action === "function")) mismatches.push(`${file}: action`);
      const offered = new Set(routeSources(file).flatMap((source) => [...intentsInSource(source)]));
      const ruled = new Set(Object.keys(rule.actions ?? {}).filter((name) => name !== ""));
      for (const name of offered) if (!ruled.has(name)) mismatches.push(`${file}: intent "${name}" has no rule`);
      for (const name of ruled)
        if (!offered.has(name)) mismatches.push(`${file}: rule for intent "${name}" that the route does not offer`);
    }
    expect(mismatches).toEqual([]);
  }, 60_000);

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
          const a = await answer(() =>
            module.loader!({ request: get(path, cookie), params, context: { clientAddress: "127.0.0.1" } }),
          );
          const wrote = JSON.stringify(tableCounts(open)) !== JSON.stringify(before);
          counts.loaderChecks++;
          const problem = judge(rule.loader, who, a, wrote);
          if (problem)
            failures.push(`${who} GET ${path} (${file}): ${problem}${a.error ? ` — ${describeFailure("", "", a)}` : ""}`);
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
          if (problem)
            failures.push(
              `${who} POST ${path} intent=${intentName || "-"} (${file}): ${problem}${a.error ? ` — ${describeFailure("", "", a)}` : ""}`,
            );
        }
        if (need === "apiKey") {
          // And with the key, the API is open whoever calls.
          await freshWorld();
          const a = await answer(() =>
            module.action!({ request: intakeRequest(true), params: {}, context: { clientAddress: "127.0.0.1" } }),
          );
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
        module.action!({
          request: postForm(`/inquiries/${id}`, [["intent", "take"]], cookie),
          params: { inquiryId: id },
          context: { clientAddress: "127.0.0.1" },
        }),
      );
      counts.actionChecks++;
      const assignee = open.db
        .select({ a: inquiries.assigneeId })
        .from(inquiries)
        .where(eq(inquiries.id, world.ids.colleaguesInquiry))
        .get()!.a;
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
          request: postForm(
            `/customers/${id}/edit`,
            [
              ["name", "Acme GmbH"],
              ["country", "DE"],
              ["ownerId", String(world.users.sales2.id)],
            ],
            cookie,
          ),
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
          request: postForm(
            "/reminders",
            [
              ["intent", "dismiss"],
              ["id", String(world.ids.salesReminder)],
            ],
            cookie,
          ),
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

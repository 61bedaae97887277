/**
 * Property-based fuzzing of every route (SPEC §12: no input, however malformed, answers 500):
 *
 * - every form action, with field maps made of the route's own field names (read from the route
 *   file and the schemas and components it imports) holding garbage, plus its intents and stray
 *   names; signed in as admin, and a smaller pass as manager, sales and service;
 * - every loader, with query strings made of the route's parameter names holding garbage,
 *   repeated parameters, huge values, years 0000 and 9999, and `format=csv`.
 *
 * The route files are listed at test time, so a new route is fuzzed without anyone adding it here.
 */
import { existsSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import type { Role } from "~/domain/permissions";
import { limiter } from "~/utils/rate-limiter.server";
import type { OpenDatabase } from "~db/client.server";
import { jobRuns } from "~db/schema";
import { createTestDb } from "../helpers";
import { ROUTE_RULES } from "./route-rules";
import {
  answer,
  buildWorld,
  cookieFor,
  FailureLog,
  get,
  loadRoute,
  postForm,
  routeFiles,
  routeParams,
  routePath,
  routeSource,
  seeded,
  type World,
} from "./support";

const APP_DIR = new URL("../../app/", import.meta.url);
const tally = { actionCases: 0, actionRoutes: 0, queryCases: 0, queryRoutes: 0 };
const actionFailures = new FailureLog();
const queryFailures = new FailureLog();

afterAll(() => {
  console.log(
    `reliability: fuzz form actions: ${tally.actionRoutes} routes, ${tally.actionCases} cases, ${actionFailures.total} answers >= 500`,
  );
  console.log(
    `reliability: fuzz loader query strings: ${tally.queryRoutes} routes, ${tally.queryCases} cases, ${queryFailures.total} answers >= 500`,
  );
});

// ---------------------------------------------------------------------------------------------
// Names a route reads, from its own file and the schemas and components it imports

function importedSources(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(/from "~\/(schemas|components)\/([\w./-]+)"/g)) {
    for (const ext of [".ts", ".tsx"]) {
      const url = new URL(`${match[1]}/${match[2]}${ext}`, APP_DIR);
      if (existsSync(url)) found.push(readFileSync(url, "utf8"));
    }
  }
  return found;
}

/** Field and parameter names: form inputs, formData/searchParams reads, and schema keys. */
function namesOf(file: string): string[] {
  const own = routeSource(file);
  const names = new Set<string>();
  for (const source of [own, ...importedSources(own)]) {
    for (const match of source.matchAll(/name="([\w.[\]-]+)"/g)) names.add(match[1]!);
    for (const match of source.matchAll(/(?:formData|searchParams|params)\.(?:get|getAll|has)\("([\w.[\]-]+)"\)/g))
      names.add(match[1]!);
    for (const match of source.matchAll(
      /^\s+([a-zA-Z]\w*): (?:z\.|requiredText|optionalText|formNumber|checkbox|optional|windowsText|datesText|currency|price|money|day|month)/gm,
    )) {
      names.add(match[1]!);
    }
  }
  // The lines of quotes and orders are named lines[N].field (app/schemas/document-lines.ts).
  if (own.includes("lines")) {
    for (const field of ["productId", "description", "quantity", "unitPrice", "discount"]) {
      for (const index of [0, 1, 999, 1000]) names.add(`lines[${index}].${field}`);
    }
  }
  return [...names].sort();
}

/** Intents from the route and the schema files it imports (a page's `*-actions` schema). */
function intentsOf(file: string): string[] {
  const own = routeSource(file);
  const schemas = importedSources(own.replace(/from "~\/components\/[^"]+"/g, ""));
  const found = new Set<string>();
  for (const match of own.matchAll(/name="intent"\s+value="([^"]+)"/g)) found.add(match[1]!);
  for (const source of [own, ...schemas]) {
    for (const match of source.matchAll(/intent:\s*z\.literal\("([^"]+)"\)/g)) found.add(match[1]!);
    for (const match of source.matchAll(/intent:\s*z\.enum\(\[([^\]]*)\]\)/g)) {
      for (const value of match[1]!.matchAll(/"([^"]+)"/g)) found.add(value[1]!);
    }
  }
  return [...found].sort();
}

// ---------------------------------------------------------------------------------------------
// Garbage

const pad = (n: number, width: number) => String(n).padStart(width, "0");

const oddDay = fc.oneof(
  fc.integer({ min: 0, max: 99 }).map((year) => `${pad(year, 4)}-01-01`),
  fc.constantFrom(
    "0000-01-01",
    "0001-01-01",
    "9999-12-31",
    "+275760-09-13",
    "2026-02-30",
    "2026-13-01",
    "2026-00-10",
    "99999-01-01",
    "2026-1-1",
  ),
  fc.constantFrom("0000-01", "9999-12", "2026-13", "0000", "9999", "275760", "-1", "2026-W05", "2026-Q1"),
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10)),
);

const oddNumber = fc.oneof(
  fc.integer().map(String),
  fc.double().map(String),
  fc.constantFrom(
    "-1",
    "0",
    "1e309",
    "NaN",
    "Infinity",
    "0x10",
    "9007199254740993",
    "1.5",
    "١٢",
    "1,000.50",
    "1.000,50",
    "00012",
    " 7 ",
  ),
);

const oddText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.constantFrom(
    "\u0000",
    "\u001b[2J",
    "\ud800",
    "\u202eevil",
    "=cmd|' /C calc'!A0",
    "+49 30 1234567",
    "<script>alert(1)</script>",
    "'; drop table users; --",
    "%",
    "_",
    "\\",
  ),
);

const huge = fc.constantFrom(5_000, 70_000).map((n) => "9".repeat(n));

function valueFor(world: World, intents: string[]) {
  const known = [
    ...Object.values(world.params),
    ...Object.values(world.ids).map(String),
    ...Object.values(world.users).map((user) => String(user.id)),
    ...intents,
    "USD",
    "EUR",
    "CNY",
    "XXX",
    "usd",
    "ZZZ",
    "",
    "on",
    "true",
    "1",
    "me",
    "unassigned",
    "csv",
    "json",
    "admin",
    "manager",
    "sales",
    "service",
    "en",
    "zh-CN",
    "alibaba",
    "website",
    "new",
    "responded",
    "quoted",
    "won",
    "lost",
    "closed",
    "draft",
    "sent",
    "accepted",
    "rejected",
    "confirmed",
    "shipped",
    "cancelled",
    "high_value",
    "growing",
    "dormant",
    "sla",
    "tiers",
    "reminders",
    "clv",
    "customers",
    "orders",
    "inquiries",
    "month",
    "week",
    "quarter",
    "year",
    "custom",
  ];
  return fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...known) },
    { weight: 3, arbitrary: oddDay },
    { weight: 3, arbitrary: oddNumber },
    { weight: 3, arbitrary: oddText },
    { weight: 1, arbitrary: huge },
  );
}

function fieldsFor(world: World, names: string[], intents: string[]) {
  const name = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...(names.length ? names : ["q"])) },
    { weight: 1, arbitrary: fc.constantFrom("intent", "redirectTo", "_data", "index", "__proto__", "constructor") },
    { weight: 1, arbitrary: oddText },
  );
  const pairs = fc.array(fc.tuple(name, valueFor(world, intents)), { maxLength: 16 });
  if (!intents.length) return pairs;
  // Most posts carry one of the route's intents, as its forms do.
  return fc
    .tuple(fc.option(fc.constantFrom(...intents), { nil: undefined, freq: 5 }), pairs)
    .map(([intent, rest]) => (intent === undefined ? rest : ([["intent", intent], ...rest] as [string, string][])));
}

/**
 * A plausible body of one of the route's intents (from route-rules.ts) with a few fields replaced
 * or repeated with garbage: the posts that get past validation into the models.
 */
function mutatedBodiesFor(world: World, file: string, names: string[], intents: string[]) {
  const bases = Object.values(ROUTE_RULES[file]?.actions ?? {}).map(({ body }) => Object.entries(body(world)));
  if (!bases.length) return undefined;
  // Mostly the body's own fields: those are the ones that reach past validation.
  const name = (base: [string, string][]) => {
    const own = base.map(([key]) => key).filter((key) => key !== "intent");
    const others = fc.constantFrom(...new Set([...names, "intent"]));
    return own.length ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...own) }, { weight: 1, arbitrary: others }) : others;
  };
  return fc.constantFrom(...bases).chain((base) =>
    fc.array(fc.tuple(name(base), valueFor(world, intents), fc.boolean()), { minLength: 1, maxLength: 3 }).map((changes) => {
      const fields = [...base];
      for (const [key, value, repeat] of changes) {
        const at = fields.findIndex(([existing]) => existing === key);
        if (at >= 0 && !repeat) fields[at] = [key, value];
        else fields.push([key, value]);
      }
      return fields;
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Running

let open: OpenDatabase;

async function freshWorld(): Promise<World> {
  open = createTestDb();
  limiter("publicForm").reset();
  limiter("intake").reset();
  return buildWorld(open.db);
}

/** Jobs started from the jobs page run on after the answer; let them end before the database goes. */
async function settleJobs() {
  for (let i = 0; i < 1000; i++) {
    if (!open.db.select({ id: jobRuns.id }).from(jobRuns).where(eq(jobRuns.status, "running")).get()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Routes whose every post hashes a password (scrypt is slow on purpose): fewer runs there. */
const SLOW_ACTIONS = new Set(["login.tsx", "admin.users._index.tsx", "admin.users.$userId.tsx"]);
const ADMIN_RUNS = 45;
const OTHER_ROLE_RUNS = 12;

const seedOf = (text: string) => [...text].reduce((hash, char) => (hash * 31 + char.charCodeAt(0)) | 0, 0x5eed);

describe("fuzzing every form action", () => {
  it("any field map, signed in as admin (and fewer as manager, sales, service), answers < 500", async () => {
    for (const file of routeFiles()) {
      const module = await loadRoute(file);
      if (typeof module.action !== "function" || file === "api.v1.inquiries.ts" || file === "inquire._index.tsx") continue;
      tally.actionRoutes++;
      const names = namesOf(file);
      const intents = intentsOf(file);
      const passes: [Role, number][] = [
        ["admin", ADMIN_RUNS],
        ["manager", OTHER_ROLE_RUNS],
        ["sales", OTHER_ROLE_RUNS],
        ["service", OTHER_ROLE_RUNS],
      ];
      for (const [role, runs] of passes) {
        const world = await freshWorld();
        const params = Object.fromEntries(routeParams(file).map((name) => [name, world.params[name]!]));
        const path = routePath(file, params);
        const numRuns = SLOW_ACTIONS.has(file) ? Math.ceil(runs / 4) : runs;
        const mutated = mutatedBodiesFor(world, file, names, intents);
        const posts = mutated
          ? fc.oneof({ weight: 1, arbitrary: fieldsFor(world, names, intents) }, { weight: 2, arbitrary: mutated })
          : fieldsFor(world, names, intents);
        await fc.assert(
          fc.asyncProperty(posts, async (fields) => {
            // A fresh session each time: a post may sign out or change the user's own account.
            const cookie = await cookieFor(open.db, world.users[role].id);
            const a = await answer(() =>
              module.action!({ request: postForm(path, fields, cookie), params, context: { clientAddress: "127.0.0.1" } }),
            );
            await settleJobs();
            tally.actionCases++;
            if (a.status >= 500) actionFailures.add(`${role} POST ${path}`, fields, a);
          }),
          seeded(seedOf(`${file}:${role}`), numRuns),
        );
      }
    }
    expect(actionFailures.list()).toEqual([]);
  }, 180_000);
});

describe("fuzzing every loader's query string", () => {
  it("any query string answers < 500, format=csv included", async () => {
    const world = await freshWorld();
    for (const file of routeFiles()) {
      const module = await loadRoute(file);
      if (typeof module.loader !== "function") continue;
      tally.queryRoutes++;
      const names = [...new Set([...namesOf(file), "from", "to", "page", "format", "q", "sort", "preset", "year", "month"])];
      const params = Object.fromEntries(routeParams(file).map((name) => [name, world.params[name]!]));
      const path = routePath(file, params);
      const cookie = await cookieFor(open.db, world.users.admin.id);
      const query = fc.oneof(
        { weight: 4, arbitrary: fieldsFor(world, names, []) },
        // A valid-looking period with an edge year: what the date filters see from a hand-edited URL.
        {
          weight: 2,
          arbitrary: fc
            .tuple(oddDay, oddDay, fc.boolean())
            .map(([from, to, csv]) => [["from", from], ["to", to], ...(csv ? [["format", "csv"]] : [])] as [string, string][]),
        },
      );
      await fc.assert(
        fc.asyncProperty(query, async (pairs) => {
          const search = new URLSearchParams(pairs).toString();
          const url = `${path}${search ? `?${search}` : ""}`;
          const a = await answer(() =>
            module.loader!({ request: get(url, cookie), params, context: { clientAddress: "127.0.0.1" } }),
          );
          tally.queryCases++;
          if (a.status >= 500) queryFailures.add(`GET ${path}`, url, a);
        }),
        seeded(seedOf(`query:${file}`), 40),
      );
    }
    expect(queryFailures.list()).toEqual([]);
  }, 180_000);
});

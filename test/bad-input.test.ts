/**
 * Bad input never answers 500 (SPEC §12, issue 9 item 7): the defects found, each requested as an
 * attacker or a careless user would, signed in as an admin. GET filters that are not valid are
 * ignored and the page says so; forms answer 400 with their messages and write nothing.
 *
 * Pages are rendered on the server as a browser without scripts gets them, because some of these
 * failed only while rendering (a form showing back an unknown currency, a report page handed a
 * CSV). A generic fuzzer over all routes lives elsewhere; this is the targeted regression test.
 */
import { count } from "drizzle-orm";
import { createElement, type ComponentType } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { Outlet, type RouteObject } from "react-router-dom";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { OpenDatabase } from "~db/client.server";
import { createCustomer, createInquiry, createOrder, createProduct, createQuote, createUser } from "~db/factories";
import { orderLines, orders, quoteLines, quotes } from "~db/schema";
import { createI18n } from "~/i18n";
import * as inquiriesPage from "~/routes/inquiries._index";
import * as jobsPage from "~/routes/jobs._index";
import * as ordersExport from "~/routes/orders.export";
import * as ordersPage from "~/routes/orders._index";
import * as newOrder from "~/routes/orders.new";
import * as editQuote from "~/routes/quotes.$quoteId_.edit";
import * as newQuote from "~/routes/quotes.new";
import * as clvPage from "~/routes/reports.clv";
import * as reportCsv from "~/routes/reports.csv.$report";
import * as funnelPage from "~/routes/reports.funnel";
import * as responsePage from "~/routes/reports.response";
import * as spendPage from "~/routes/reports.spend";
import * as tiersPage from "~/routes/reports.tiers";
import { createTestDb, formRequest, getRequest, loaderArgs, ORIGIN, respond, sessionCookieFor } from "./helpers";

const NOW = new Date("2026-11-23T10:30:00+08:00");

let database: OpenDatabase;
let cookie: string;
let customerId: number;
let quoteId: number;

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  database = createTestDb();
  await createUser(database.db, { email: "root@example.com", name: "Root", role: "admin" });
  const customer = createCustomer(database.db, { name: "Acme GmbH" });
  customerId = customer.id;
  createProduct(database.db, { sku: "HG-1" });
  createInquiry(database.db, { customerId });
  createOrder(database.db, { customerId });
  quoteId = createQuote(database.db, { customerId }).id;
  cookie = await sessionCookieFor("root@example.com");
});

afterEach(() => {
  vi.useRealTimers();
});

type RouteModule = {
  loader: (args: ReturnType<typeof loaderArgs>) => Promise<unknown>;
  action?: (args: ReturnType<typeof loaderArgs>) => Promise<unknown>;
  default: ComponentType;
};

/**
 * What a browser without scripts gets for `request` on a page route: the action (for a POST), the
 * loader, then the page rendered. A thrown error anywhere is a 500, as the server would answer.
 */
async function renderRoute(
  route: RouteModule,
  pattern: string,
  request: Request,
): Promise<{ status: number; html: string; location: string | null }> {
  const routes: RouteObject[] = [
    {
      id: "root",
      path: "/",
      loader: () => ({ locale: "en", timeZone: "Asia/Shanghai", baseCurrency: "USD", user: null, unanswered: null }),
      element: createElement(Outlet),
      children: [
        {
          id: "page",
          path: pattern,
          loader: ({ request: inner, params }) => route.loader(loaderArgs(inner, params as Record<string, string>)),
          action: route.action
            ? ({ request: inner, params }) => route.action!(loaderArgs(inner, params as Record<string, string>))
            : undefined,
          Component: route.default,
        },
      ],
    },
  ];
  const handler = createStaticHandler(routes);
  const context = await handler.query(request);
  if (context instanceof Response) return { status: context.status, html: "", location: context.headers.get("Location") };
  const thrown = context.errors ? Object.values(context.errors)[0] : undefined;
  if (thrown !== undefined) {
    const status = thrown && typeof thrown === "object" && "status" in thrown ? Number(thrown.status) : 500;
    if (status >= 500) throw thrown instanceof Error ? thrown : new Error(`the route answered ${status}`);
    return { status, html: "", location: null };
  }
  const html = renderToString(
    createElement(
      I18nextProvider,
      { i18n: createI18n("en") },
      createElement(StaticRouterProvider, { router: createStaticRouter(routes, context), context, hydrate: false }),
    ),
  );
  return { status: context.statusCode, html, location: null };
}

const get = (path: string) => getRequest(path, cookie);

// ---------------------------------------------------------------------------------------------
// Date filters of every list and report
// ---------------------------------------------------------------------------------------------

const PAGES: { path: string; pattern: string; route: RouteModule }[] = [
  { path: "/inquiries", pattern: "inquiries", route: inquiriesPage as unknown as RouteModule },
  { path: "/orders", pattern: "orders", route: ordersPage as unknown as RouteModule },
  { path: "/reports/response", pattern: "reports/response", route: responsePage as unknown as RouteModule },
  { path: "/reports/funnel", pattern: "reports/funnel", route: funnelPage as unknown as RouteModule },
  { path: "/reports/spend", pattern: "reports/spend", route: spendPage as unknown as RouteModule },
  { path: "/reports/tiers", pattern: "reports/tiers", route: tiersPage as unknown as RouteModule },
  { path: "/reports/clv", pattern: "reports/clv", route: clvPage as unknown as RouteModule },
];
const REPORT_CSVS = ["response", "funnel", "tiers", "clv"];

const BAD_DAYS = [
  "0000-01-01",
  "0001-01-01",
  "0099-12-31",
  "9999-12-31",
  "2026-02-30",
  "",
  "9".repeat(5000),
  "%00",
  "2026-01-01%00",
  "10000-01-01",
  "-001-01-01",
];

/** Query strings with one malformed date filter, each alone and as a pair, plus repeated parameters. */
function badQueries(): string[] {
  const queries: string[] = [];
  for (const day of BAD_DAYS) {
    queries.push(`from=${day}`, `to=${day}`, `from=${day}&to=2026-11-01`, `from=2026-11-01&to=${day}`, `from=${day}&to=${day}`);
    queries.push(`metric=counted&from=${day}&to=2026-11-20`);
  }
  queries.push(
    "from=a&from=b",
    "from=2026-11-01&from=0000-01-01&to=9999-12-31&to=2026-11-20",
    "preset=12m&from=0001-01-01",
    "year=0000",
    "year=9999",
    "month=0000-01",
  );
  return queries;
}

describe("date filters", () => {
  it("never answer 500 on any list, report or export, and the page names the filters it ignored", async () => {
    let requests = 0;
    for (const query of badQueries()) {
      for (const page of PAGES) {
        const answer = await renderRoute(page.route, page.pattern, get(`${page.path}?${query}`));
        requests++;
        expect(answer.status, `${page.path}?${query}`).toBeLessThan(500);
      }
      for (const report of REPORT_CSVS) {
        const response = await respond(() => reportCsv.loader(loaderArgs(get(`/reports/csv/${report}?${query}`), { report })));
        await response.arrayBuffer();
        requests++;
        expect(response.status, `/reports/csv/${report}?${query}`).toBeLessThan(500);
      }
      const exported = await respond(() => ordersExport.loader(loaderArgs(get(`/orders/export?${query}`))));
      // The export streams: a failure would come while reading the body.
      await exported.arrayBuffer();
      requests++;
      expect(exported.status, `/orders/export?${query}`).toBe(200);
    }
    expect(requests).toBeGreaterThan(700);
  }, 180_000);

  it("say in the page which filter was ignored, and still apply the valid one", async () => {
    const inbox = await renderRoute(
      inquiriesPage as unknown as RouteModule,
      "inquiries",
      get("/inquiries?from=0001-01-01&to=2026-11-30"),
    );
    expect(inbox.status).toBe(200);
    expect(inbox.html).toContain('data-notice="ignored-filters"');
    expect(inbox.html).toContain("Ignored filters that are not valid: From.");
    const data = (await (
      await respond(() => ordersPage.loader(loaderArgs(get("/orders?from=2026-01-01&to=9999-12-31"))))
    ).json()) as { ignoredFilters: string[] };
    expect(data.ignoredFilters).toEqual(["to"]);
    const report = await renderRoute(
      funnelPage as unknown as RouteModule,
      "reports/funnel",
      get("/reports/funnel?from=0000-01-01&to=0000-02-01"),
    );
    expect(report.html).toContain("Ignored filters that are not valid: From, To.");
    const clean = await renderRoute(ordersPage as unknown as RouteModule, "orders", get("/orders?from=2026-01-01"));
    expect(clean.html).not.toContain("ignored-filters");
  });
});

describe("?format=csv on a report page", () => {
  it("sends the browser on to the report's CSV instead of rendering a broken page", async () => {
    for (const report of REPORT_CSVS) {
      const page = PAGES.find((entry) => entry.path === `/reports/${report}`)!;
      const answer = await renderRoute(
        page.route,
        page.pattern,
        get(`/reports/${report}?from=2026-11-01&to=2026-11-20&format=csv`),
      );
      expect(answer.status, report).toBe(302);
      expect(answer.location, report).toBe(`/reports/csv/${report}?from=2026-11-01&to=2026-11-20`);
    }
    const spend = await renderRoute(spendPage as unknown as RouteModule, "reports/spend", get("/reports/spend?format=csv"));
    expect(spend.status).toBeLessThan(500);
  });
});

// ---------------------------------------------------------------------------------------------
// Quote and order forms
// ---------------------------------------------------------------------------------------------

const rowCounts = () => ({
  quotes: database.db.select({ n: count() }).from(quotes).get()!.n,
  quoteLines: database.db.select({ n: count() }).from(quoteLines).get()!.n,
  orders: database.db.select({ n: count() }).from(orders).get()!.n,
  orderLines: database.db.select({ n: count() }).from(orderLines).get()!.n,
});

const BAD_CURRENCIES = ["ZZZZ", "DOLLARS", "US", "U$D", "€", "", " ", "\u0000", "usd\u0000", "X".repeat(2000), "123"];
const BAD_NUMBERS = [
  "-1",
  "-0.5",
  "NaN",
  "Infinity",
  "-Infinity",
  "1e309",
  "99999999999999999999999",
  "0x10",
  "1e3",
  "--5",
  "9".repeat(400),
];

function quoteFields(overrides: Record<string, string>) {
  return {
    customerId: String(customerId),
    currency: "USD",
    discount: "",
    validUntil: "2026-12-31",
    notes: "",
    "lines[0].description": "Hinge",
    "lines[0].quantity": "10",
    "lines[0].unitPrice": "2.50",
    "lines[0].discount": "",
    ...overrides,
  };
}

function orderFields(overrides: Record<string, string>) {
  return {
    customerId: String(customerId),
    currency: "USD",
    fxRate: "",
    orderedOn: "2026-11-20",
    discount: "",
    "lines[0].description": "Hinge",
    "lines[0].quantity": "10",
    "lines[0].unitPrice": "2.50",
    "lines[0].discount": "",
    ...overrides,
  };
}

const FORMS = [
  {
    name: "/quotes/new",
    route: newQuote as unknown as RouteModule,
    pattern: "quotes/new",
    path: () => `/quotes/new?customerId=${customerId}`,
    fields: quoteFields,
  },
  {
    name: "/quotes/:id/edit",
    route: editQuote as unknown as RouteModule,
    pattern: "quotes/:quoteId/edit",
    path: () => `/quotes/${quoteId}/edit`,
    fields: quoteFields,
  },
  {
    name: "/orders/new",
    route: newOrder as unknown as RouteModule,
    pattern: "orders/new",
    path: () => `/orders/new?customerId=${customerId}`,
    fields: orderFields,
  },
];

function cases(): Record<string, string>[] {
  const list: Record<string, string>[] = [];
  for (const currency of BAD_CURRENCIES) list.push({ currency });
  for (const value of BAD_NUMBERS) {
    for (const field of ["lines[0].quantity", "lines[0].unitPrice", "lines[0].discount", "discount", "fxRate"])
      list.push({ [field]: value });
    list.push({ currency: "EUR", fxRate: value });
  }
  for (const day of ["0000-01-01", "0001-01-01", "9999-12-31", "2026-02-30", "x".repeat(3000)])
    list.push({ validUntil: day, orderedOn: day });
  list.push(
    { customerId: "NaN" },
    { customerId: "-1" },
    { customerId: "1e309" },
    { "lines[999].quantity": "1" },
    { "lines[0].productId": "Infinity" },
  );
  return list;
}

describe("quote and order forms", () => {
  it("answer 400 with the form shown again for unknown currencies and impossible numbers, and write nothing", async () => {
    const before = rowCounts();
    let posts = 0;
    for (const form of FORMS) {
      for (const overrides of cases()) {
        // A quote has no exchange rate: those cases are valid quotes.
        if (form.name.startsWith("/quotes") && "fxRate" in overrides) continue;
        const label = `${form.name} ${JSON.stringify(overrides).slice(0, 120)}`;
        const answer = await renderRoute(form.route, form.pattern, formRequest(form.path(), form.fields(overrides), { cookie }));
        posts++;
        expect(answer.status, label).toBeLessThan(500);
        if (answer.status === 400) expect(answer.html, label).toContain('role="alert"');
        expect(answer.status, label).not.toBe(302);
      }
    }
    expect(rowCounts()).toEqual(before);
    expect(posts).toBeGreaterThan(150);
  }, 180_000);

  it("show an unknown currency's error with the form in the default currency", async () => {
    const answer = await renderRoute(
      newQuote as unknown as RouteModule,
      "quotes/new",
      formRequest(`/quotes/new?customerId=${customerId}`, quoteFields({ currency: "DOLLARS" }), { cookie }),
    );
    expect(answer.status).toBe(400);
    expect(answer.html).toContain("Unknown currency code");
    expect(answer.html).not.toContain("DOLLARS");
  });

  it("still save a valid quote and order (the sweep above is not refusing everything)", async () => {
    const before = rowCounts();
    expect(
      (
        await renderRoute(
          newQuote as unknown as RouteModule,
          "quotes/new",
          formRequest(`/quotes/new?customerId=${customerId}`, quoteFields({ currency: "usd" }), { cookie }),
        )
      ).status,
    ).toBe(302);
    expect(
      (
        await renderRoute(
          newOrder as unknown as RouteModule,
          "orders/new",
          formRequest(`/orders/new?customerId=${customerId}`, orderFields({}), { cookie }),
        )
      ).status,
    ).toBe(302);
    expect(rowCounts()).toMatchObject({ quotes: before.quotes + 1, orders: before.orders + 1 });
  });
});

describe("the marketing spend form", () => {
  it("answers 400 for unknown currencies and impossible amounts, and writes nothing", async () => {
    const base = { intent: "save", month: "2026-10", channel: "alibaba", amount: "100", currency: "USD", fxRate: "" };
    const spendCount = () => database.sqlite.prepare("select count(*) as n from channel_spend").get() as { n: number };
    const before = spendCount();
    const posts: Record<string, string>[] = [
      ...BAD_CURRENCIES.map((currency): Record<string, string> => ({ currency })),
      ...BAD_NUMBERS.flatMap((value): Record<string, string>[] => [{ amount: value }, { currency: "EUR", fxRate: value }]),
      { month: "0000-01" },
      { month: "9999-13" },
    ];
    for (const overrides of posts) {
      const answer = await renderRoute(
        spendPage as unknown as RouteModule,
        "reports/spend",
        formRequest("/reports/spend", { ...base, ...overrides }, { cookie }),
      );
      expect(answer.status, JSON.stringify(overrides).slice(0, 120)).toBeLessThan(500);
      expect(spendCount(), JSON.stringify(overrides).slice(0, 120)).toEqual(before);
    }
    expect(spendCount()).toEqual(before);
  });
});

// ---------------------------------------------------------------------------------------------
// Jobs: "Run now" without scripts
// ---------------------------------------------------------------------------------------------

describe("the jobs page without scripts", () => {
  it("answers a plain form post of Run now and Run all with the page and its message", async () => {
    const posts: Record<string, string>[] = [
      { intent: "run", job: "tiers" },
      { intent: "runAll" },
      { intent: "run", job: "nonsense" },
      { intent: "" },
    ];
    for (const fields of posts) {
      const request = new Request(`${ORIGIN}/jobs?index`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: ORIGIN, Cookie: cookie },
        body: new URLSearchParams(fields).toString(),
      });
      const answer = await renderRoute(jobsPage as unknown as RouteModule, "jobs", request);
      expect(answer.status, JSON.stringify(fields)).toBeLessThan(500);
    }
  });
});

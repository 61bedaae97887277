/**
 * The tiers report (/reports/tiers): who may see it, its figures on a small hand-computed fixture
 * (tiers and history written straight into customers and tier_history, no tiers job), the movement
 * matrix and its period edges, the customers of a tier, the CSV holding exactly the rows shown,
 * the honest empty state, and the server-rendered page in both languages.
 *
 * Date is frozen at Monday 2026-11-23 10:30 Shanghai; the team time zone is the default.
 */
import { parse } from "csv-parse/sync";
import { createElement, type ComponentType } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { Outlet, type LoaderFunction, type RouteObject } from "react-router-dom";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { OpenDatabase } from "~db/client.server";
import { createCustomer, type Customer, type User } from "~db/factories";
import { jobRuns, tierHistory, type Tier } from "~db/schema";
import { createI18n, type Locale } from "~/i18n";
import { reportTiersText } from "~/i18n/sections/report-tiers";
import type { TierCounts, MovementMatrix, TierCustomerRow } from "~/models/tier-report.server";
import * as tiersPage from "~/routes/reports.tiers";
import * as reportCsv from "~/routes/reports.csv.$report";
import { createTeam, createTestDb, getRequest, loaderArgs, respond, sessionCookieFor } from "./helpers";

const NOW = new Date("2026-11-23T10:30:00+08:00");
const AS_OF = "2026-11-23";
const PERIOD = "from=2026-11-01&to=2026-11-23";

let database: OpenDatabase;
let rep: User;

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  database = createTestDb();
  const team = await createTeam(database.db, { rep: "Rita Rep" });
  rep = team.rep;
});

afterEach(() => {
  vi.useRealTimers();
});

async function signIn(who: string) {
  return await sessionCookieFor(`${who}@example.com`);
}

// A CSV is downloaded through /reports/csv/:report (the page itself sends ?format=csv on there).
const load = (cookie: string, search = "") =>
  respond(() =>
    /format=csv/.test(search)
      ? reportCsv.loader(loaderArgs(getRequest(`/reports/csv/tiers${search}`, cookie), { report: "tiers" }))
      : tiersPage.loader(loaderArgs(getRequest(`/reports/tiers${search}`, cookie))),
  );

type PageJson = {
  hasRun: boolean;
  canRunJobs: boolean;
  tier: string;
  asOf: { asOf: string | null; lastRun: { asOf: string } | null };
  counts: TierCounts | null;
  movements: MovementMatrix | null;
  customers: {
    rows: (Omit<TierCustomerRow, "lastOrderAt"> & { lastOrderAt: string | null })[];
    total: number;
    page: number;
    pages: number;
  } | null;
};

async function page(cookie: string, search = ""): Promise<PageJson> {
  const response = await load(cookie, search);
  expect(response.status, search).toBe(200);
  return (await response.json()) as PageJson;
}

async function csvRows(response: Response): Promise<string[][]> {
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
  return parse(Buffer.from(await response.arrayBuffer()), { bom: true, relax_column_count: true }) as string[][];
}

const reason = (code: string, figures: Record<string, unknown>) => JSON.stringify({ code, ...figures });

/** A customer as the tiers job leaves it (as of AS_OF). */
function tiered(name: string, tier: Tier | null, revenue12mMinor: number, extra: Partial<Customer> = {}): Customer {
  return createCustomer(database.db, {
    name,
    tier,
    tiersAsOf: tier ? AS_OF : null,
    tierSince: tier ? "2026-11-10" : null,
    tierReason: tier
      ? reason("growing", { revenueMinor: revenue12mMinor, orders: 3, thresholdMinor: 40_000, topPercent: 20, minOrders: 2 })
      : null,
    revenue12mMinor,
    revenueTotalMinor: revenue12mMinor,
    ordersCount: revenue12mMinor > 0 ? 3 : 0,
    ...extra,
  });
}

function moved(customerId: number, fromTier: Tier | null, toTier: Tier, changedOn: string) {
  database.db.insert(tierHistory).values({ customerId, fromTier, toTier, changedOn, reason: "{}" }).run();
}

describe("who may see the tiers report", () => {
  it("lets managers and admins in and turns service and sales away with 403, for the page and its CSV", async () => {
    tiered("Acme", "growing", 10_000);
    for (const [who, status] of [
      ["svc", 403],
      ["rep", 403],
      ["boss", 200],
      ["root", 200],
    ] as const) {
      const cookie = await signIn(who);
      expect((await load(cookie)).status, who).toBe(status);
      expect((await load(cookie, "?format=csv")).status, `${who} csv`).toBe(status);
    }
  });
});

describe("before the tiers job has run", () => {
  it("says so, with a way to run it for those who may, and exports nothing", async () => {
    // A customer created on screen starts as "new" but was never tiered by the job.
    createCustomer(database.db, { name: "Fresh Lead", tier: "new" });
    const boss = await page(await signIn("boss"));
    expect(boss).toMatchObject({ hasRun: false, canRunJobs: true, counts: null, movements: null, customers: null });
    expect(boss.asOf).toEqual({ asOf: null, lastRun: null });
    expect((await load(await signIn("boss"), "?format=csv")).status).toBe(404);
  });

  it("counts as run once a tiers run succeeded, even with no customers", async () => {
    database.db
      .insert(jobRuns)
      .values({
        job: "tiers",
        asOf: AS_OF,
        startedAt: NOW,
        finishedAt: NOW,
        status: "succeeded",
        progress: 1,
        figures: { customers: 0 },
      })
      .run();
    const data = await page(await signIn("root"));
    expect(data.hasRun).toBe(true);
    expect(data.asOf.asOf).toBe(AS_OF);
    expect(data.counts?.customers).toBe(0);
    expect(data.counts?.rows.every((row) => row.customers === 0 && row.revenueShare === null)).toBe(true);
  });
});

describe("counts, movements and a tier's customers", () => {
  let acme: Customer;
  let berlin: Customer;
  let cotton: Customer;
  let delta: Customer;
  let echo: Customer;
  let fox: Customer;

  beforeEach(() => {
    // 12-month revenue: high value 600 + 400 = 1,000 USD, growing 500, new 500, dormant 0;
    // 2,000 USD in all, so the shares are 50 %, 25 %, 0 %, 25 % and 0 % for the untiered.
    acme = tiered("Acme GmbH", "high_value", 60_000, {
      ownerId: rep.id,
      country: "DE",
      lastOrderAt: new Date("2026-11-20T03:00:00Z"),
    });
    berlin = tiered("Berlin Tools", "high_value", 40_000, {
      tierReason: reason("top_revenue", {
        revenueMinor: 40_000,
        orders: 2,
        thresholdMinor: 40_000,
        topPercent: 20,
        minOrders: 2,
      }),
    });
    cotton = tiered("Cotton Ltd", "growing", 50_000);
    delta = tiered("Delta Imports", "dormant", 0, {
      tierReason: reason("dormant_inactive", { lastOrderOn: "2026-03-01", days: 267, dormantAfterDays: 180 }),
    });
    echo = tiered("Echo Trading", "new", 50_000);
    fox = tiered("Fox Imports", null, 0);

    moved(echo.id, null, "new", "2026-11-01"); // the period's first day: in
    moved(cotton.id, null, "growing", "2026-11-01");
    moved(acme.id, "growing", "high_value", "2026-11-10");
    moved(cotton.id, "new", "growing", "2026-11-10");
    moved(delta.id, "growing", "dormant", "2026-11-23"); // the period's last day: in
    moved(delta.id, "high_value", "growing", "2026-10-31"); // the day before: out
    moved(berlin.id, "dormant", "high_value", "2026-11-24"); // the day after: out
  });

  it("counts customers and 12-month revenue per tier, with shares, untiered customers as their own row", async () => {
    const data = await page(await signIn("boss"), `?${PERIOD}`);
    expect(data.hasRun).toBe(true);
    expect(data.asOf.asOf).toBe(AS_OF);
    expect(data.counts).toEqual({
      customers: 6,
      revenue12mMinor: 200_000,
      rows: [
        { tier: "high_value", customers: 2, customerShare: 2 / 6, revenue12mMinor: 100_000, revenueShare: 0.5 },
        { tier: "growing", customers: 1, customerShare: 1 / 6, revenue12mMinor: 50_000, revenueShare: 0.25 },
        { tier: "dormant", customers: 1, customerShare: 1 / 6, revenue12mMinor: 0, revenueShare: 0 },
        { tier: "new", customers: 1, customerShare: 1 / 6, revenue12mMinor: 50_000, revenueShare: 0.25 },
        { tier: "none", customers: 1, customerShare: 1 / 6, revenue12mMinor: 0, revenueShare: 0 },
      ],
    });
    void fox;
  });

  it("counts the period's tier changes from → to, first tierings from none, both edge days included", async () => {
    const { movements } = await page(await signIn("boss"), `?${PERIOD}`);
    expect(movements).toEqual({
      from: "2026-11-01",
      to: "2026-11-23",
      rows: [
        { from: "none", counts: { high_value: 0, growing: 1, dormant: 0, new: 1 }, total: 2 },
        { from: "high_value", counts: { high_value: 0, growing: 0, dormant: 0, new: 0 }, total: 0 },
        { from: "growing", counts: { high_value: 1, growing: 0, dormant: 1, new: 0 }, total: 2 },
        { from: "dormant", counts: { high_value: 0, growing: 0, dormant: 0, new: 0 }, total: 0 },
        { from: "new", counts: { high_value: 0, growing: 1, dormant: 0, new: 0 }, total: 1 },
      ],
      columnTotals: { high_value: 1, growing: 2, dormant: 1, new: 1 },
      total: 5,
    });

    const narrower = await page(await signIn("boss"), "?from=2026-11-02&to=2026-11-22");
    expect(narrower.movements?.total).toBe(2);
    expect(narrower.movements?.rows.find((row) => row.from === "none")?.total).toBe(0);

    const wider = await page(await signIn("boss"), "?from=2026-10-31&to=2026-11-24");
    expect(wider.movements?.total).toBe(7);
    expect(wider.movements?.rows.find((row) => row.from === "high_value")?.counts.growing).toBe(1);
    expect(wider.movements?.rows.find((row) => row.from === "dormant")?.counts.high_value).toBe(1);

    const quiet = await page(await signIn("boss"), "?from=2026-01-01&to=2026-01-31");
    expect(quiet.movements?.total).toBe(0);
    expect(quiet.counts?.customers).toBe(6); // counts are the current tiers, whatever the period
  });

  it("lists a tier's customers, biggest 12-month revenue first, with reason, tier since, last order and owner", async () => {
    const cookie = await signIn("boss");
    const highValue = await page(cookie, `?${PERIOD}`);
    expect(highValue.tier).toBe("high_value");
    expect(highValue.customers?.total).toBe(2);
    expect(highValue.customers?.rows.map((row) => row.name)).toEqual(["Acme GmbH", "Berlin Tools"]);
    expect(highValue.customers?.rows[0]).toMatchObject({
      id: acme.id,
      country: "DE",
      tierSince: "2026-11-10",
      revenue12mMinor: 60_000,
      ordersCount: 3,
      owner: "Rita Rep",
      lastOrderAt: "2026-11-20T03:00:00.000Z",
    });
    expect(JSON.parse(highValue.customers!.rows[1]!.tierReason!)).toMatchObject({ code: "top_revenue" });

    const dormant = await page(cookie, `?${PERIOD}&tier=dormant`);
    expect(dormant.customers?.rows.map((row) => row.id)).toEqual([delta.id]);
    const untiered = await page(cookie, "?tier=none");
    expect(untiered.customers?.rows.map((row) => row.id)).toEqual([fox.id]);
    const unknown = await page(cookie, "?tier=platinum");
    expect(unknown.tier).toBe("high_value");
  });

  it("pages a long tier, the total counted over all of it", async () => {
    for (let i = 0; i < 52; i++) tiered(`Growing ${String(i).padStart(2, "0")}`, "growing", 1_000);
    const cookie = await signIn("boss");
    const first = await page(cookie, "?tier=growing");
    expect(first.customers).toMatchObject({ total: 53, page: 1, pages: 2 });
    expect(first.customers?.rows).toHaveLength(50);
    expect(first.customers?.rows[0]?.name).toBe("Cotton Ltd");
    const second = await page(cookie, "?tier=growing&page=2");
    expect(second.customers?.rows).toHaveLength(3);
    const csv = await csvRows(await load(cookie, "?tier=growing&format=csv&table=customers"));
    expect(csv).toHaveLength(1 + 53);
    expect(csv.slice(1).map((row) => row[1])).toEqual(
      [...first.customers!.rows, ...second.customers!.rows].map((row) => row.name),
    );
  });

  it("exports exactly the rows shown: each table alone, or all of them stacked", async () => {
    const cookie = await signIn("boss");
    const shown = await page(cookie, `?${PERIOD}`);

    const counts = await csvRows(await load(cookie, `?${PERIOD}&format=csv&table=counts`));
    expect(counts[0]).toEqual(["tier", "customers", "customer_share", "revenue_12m", "revenue_share"]);
    expect(counts.slice(1)).toEqual([
      ...shown.counts!.rows.map((row) => [
        row.tier,
        String(row.customers),
        row.customerShare!.toFixed(4),
        (row.revenue12mMinor / 100).toFixed(2),
        row.revenueShare!.toFixed(4),
      ]),
      ["total", "6", "1.0000", "2000.00", "1.0000"],
    ]);
    expect(counts[1]).toEqual(["high_value", "2", "0.3333", "1000.00", "0.5000"]);

    const movements = await csvRows(await load(cookie, `?${PERIOD}&format=csv&table=movements`));
    expect(movements).toEqual([
      ["from_tier", "high_value", "growing", "dormant", "new", "total"],
      ["none", "0", "1", "0", "1", "2"],
      ["high_value", "0", "0", "0", "0", "0"],
      ["growing", "1", "0", "1", "0", "2"],
      ["dormant", "0", "0", "0", "0", "0"],
      ["new", "0", "1", "0", "0", "1"],
      ["total", "1", "2", "1", "1", "5"],
    ]);

    const customers = await csvRows(await load(cookie, `?${PERIOD}&format=csv&table=customers`));
    expect(customers[0]).toEqual([
      "customer_id",
      "name",
      "country",
      "tier_reason",
      "tier_since",
      "orders_count",
      "revenue_12m",
      "last_order_on",
      "owner",
    ]);
    expect(customers.slice(1).map((row) => Number(row[0]))).toEqual(shown.customers!.rows.map((row) => row.id));
    expect(customers[1]).toEqual([
      String(acme.id),
      "Acme GmbH",
      "DE",
      expect.stringContaining("600"),
      "2026-11-10",
      "3",
      "600.00",
      "2026-11-20",
      "Rita Rep",
    ]);
    expect(customers[2]![3]).toMatch(/Top 20%/);

    const all = await csvRows(await load(cookie, `?${PERIOD}&format=csv`));
    const blocks = all.filter((row) => row.length > 1).map((row) => row[0]);
    expect(blocks.filter((name) => name === "table")).toHaveLength(3); // one header per block
    expect(blocks.filter((name) => name === "counts")).toHaveLength(6);
    expect(blocks.filter((name) => name === "movements")).toHaveLength(6);
    expect(blocks.filter((name) => name === "customers")).toHaveLength(2);
    expect(all.filter((row) => row.length === 1 && row[0] === "")).toHaveLength(2);

    expect((await load(cookie, "?format=csv&table=nonsense")).status).toBe(400);
  });
});

// ---------------------------------------------------------------------------------------------
// Server rendering, as a browser without scripts gets it
// ---------------------------------------------------------------------------------------------

type PageModule = { loader: (args: ReturnType<typeof loaderArgs>) => Promise<unknown>; default: ComponentType };

async function renderPage(locale: Locale, path: string, cookie: string, route: PageModule) {
  const pageLoader: LoaderFunction = ({ request }) => route.loader(loaderArgs(request));
  const routes: RouteObject[] = [
    {
      id: "root",
      path: "/",
      loader: () => ({ locale, timeZone: "Asia/Shanghai", baseCurrency: "USD", user: null, unanswered: null }),
      element: createElement(Outlet),
      children: [{ id: "page", path: path.split("?")[0]!.slice(1), loader: pageLoader, Component: route.default }],
    },
  ];
  const handler = createStaticHandler(routes);
  const context = await handler.query(getRequest(path, cookie));
  if (context instanceof Response) throw new Error(`the page answered ${context.status}`);
  const i18n = createI18n(locale);
  i18n.addResourceBundle(locale, "translation", { reportTiers: reportTiersText[locale] }, true, true);
  return renderToString(
    createElement(
      I18nextProvider,
      { i18n },
      createElement(StaticRouterProvider, { router: createStaticRouter(routes, context), context, hydrate: false }),
    ),
  );
}

describe("server rendering", () => {
  it("renders the tables, the tier's reasons and links in both languages, with no missing text", async () => {
    const acme = tiered("Acme GmbH", "high_value", 60_000);
    moved(acme.id, "growing", "high_value", "2026-11-10");
    const cookie = await signIn("boss");
    for (const locale of ["en", "zh-CN"] as const) {
      const html = await renderPage(locale, `/reports/tiers?${PERIOD}`, cookie, tiersPage as unknown as PageModule);
      for (const table of ["counts", "movements", "customers"])
        expect(html, `${locale} ${table}`).toContain(`data-table="${table}"`);
      expect(html).toContain(reportTiersText[locale].movements);
      expect(html).toContain(`href="/customers/${acme.id}"`);
      expect(html).toMatch(/\/reports\/csv\/tiers\?[^"]*table=movements/);
      expect(html).not.toMatch(/reportTiers\.|tierReasons\./);
    }
    expect(await renderPage("en", `/reports/tiers?${PERIOD}`, cookie, tiersPage as unknown as PageModule)).toContain(
      "12-month revenue $600.00 over 3 orders.",
    );
  });

  it("renders the empty state, with the jobs link for managers", async () => {
    const cookie = await signIn("boss");
    for (const locale of ["en", "zh-CN"] as const) {
      const html = await renderPage(locale, "/reports/tiers", cookie, tiersPage as unknown as PageModule);
      expect(html).toContain(reportTiersText[locale].notRun);
      expect(html).toContain('href="/jobs"');
      expect(html).not.toContain("data-table=");
    }
  });
});

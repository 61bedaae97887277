import { asc } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { addDays, localDay, startOfLocalDay } from "~/domain/calendar";
import {
  MIN_REPEAT_CUSTOMERS,
  expectedOrderValue,
  expectedPurchases,
  fitBgNbd,
  fitGammaGamma,
  pAlive,
  predictedClv,
  purchaseHistory,
  repeatSpend,
  type PurchaseHistory,
  type RepeatSpend,
} from "~/domain/clv";
import { mulberry32, sampleBeta, sampleExponential, sampleGamma } from "~db/random";
import { lastClvParams, replaceClvPredictions } from "~/models/clv.server";
import { DEFAULT_SETTINGS } from "~/schemas/settings";
import type { OpenDatabase } from "~db/client.server";
import { createCustomer, createOrder } from "~db/factories";
import { customers, jobRuns } from "~db/schema";
import type { DB } from "~db/client.server";
import { createTestDb, jobContext, privateTestDb } from "../test/helpers";
import { UsageError } from "./usage-error";
import { clvJob } from "./clv";
import { clvCommands } from "./commands/clv";
import type { JobContext, JobFigures } from "./job";

const TZ = "Asia/Shanghai";
const AS_OF = "2026-06-30";
/** The end of the as-of day in Shanghai: a run "as if it were" that day. */
const endOfDay = (day: string) => new Date(startOfLocalDay(addDays(day, 1), TZ).getTime() - 1);
/** A team-local time on a day, e.g. at("2026-03-01", "23:30"). */
const at = (day: string, time = "10:00") => new Date(`${day}T${time}:00+08:00`);

function context(db: DB, overrides: Partial<JobContext> = {}): JobContext {
  return { ...jobContext(db, { asOf: AS_OF, now: endOfDay(AS_OF), settings: DEFAULT_SETTINGS }), ...overrides };
}

type SimOrder = { day: string; time: string; valueMinor: number; status?: "cancelled" };
type SimCustomer = { name: string; orders: SimOrder[] };

/**
 * Customers who behave as BG/NBD and Gamma-Gamma say (seeded, so every run builds the same
 * database): first purchase within the two years before the as-of day, purchases at rate λ per
 * day, dropout after each repeat purchase with probability p, values Gamma(6, ν) in USD cents.
 */
function simulate(seed: number, n: number): SimCustomer[] {
  const random = mulberry32(seed);
  const result: SimCustomer[] = [];
  for (let i = 0; i < n; i++) {
    const lambda = sampleGamma(random, 0.8, 60);
    const dropout = sampleBeta(random, 0.6, 3);
    const nu = sampleGamma(random, 4, 300_000);
    const T = Math.floor(30 + 690 * random());
    const first = addDays(AS_OF, -T);
    const value = () => Math.max(1, Math.round(sampleGamma(random, 6, nu)));
    const orders: SimOrder[] = [{ day: first, time: "10:00", valueMinor: value() }];
    let t = 0;
    for (;;) {
      t += sampleExponential(random, lambda);
      if (t > T) break;
      orders.push({ day: addDays(first, Math.floor(t)), time: "15:00", valueMinor: value() });
      if (random() < dropout) break;
    }
    result.push({ name: `Sim ${seed}-${i}`, orders });
  }
  return result;
}

/** Writes the customers and returns their ids in the same order. */
function insert(db: DB, sim: SimCustomer[]): number[] {
  return db.transaction((tx) =>
    sim.map((c) => {
      const customer = createCustomer(tx, { name: c.name, createdAt: at("2024-01-01") });
      for (const o of c.orders) {
        createOrder(tx, {
          customerId: customer.id,
          totalMinor: o.valueMinor,
          orderedAt: at(o.day, o.time),
          status: o.status ?? "completed",
        });
      }
      return customer.id;
    }),
  );
}

/** What the job should have seen: orders after the as-of day and cancelled ones left out. */
function expectedInputs(sim: SimCustomer[], asOf = AS_OF) {
  const histories: PurchaseHistory[] = [];
  const spends: (RepeatSpend | null)[] = [];
  const index: number[] = [];
  sim.forEach((c, i) => {
    const live = c.orders.filter((o) => o.status !== "cancelled" && o.day <= asOf);
    const history = purchaseHistory(
      live.map((o) => o.day),
      asOf,
    );
    if (!history) return;
    histories.push(history);
    const spend = repeatSpend(
      live.map((o) => ({ day: o.day, value: o.valueMinor })),
      asOf,
    );
    spends.push(spend && spend.meanValue > 0 ? spend : null);
    index.push(i);
  });
  return { histories, spends, index };
}

function predictionsOf(db: DB) {
  return db
    .select({
      id: customers.id,
      pAlive: customers.pAlive,
      expectedOrders365d: customers.expectedOrders365d,
      expectedOrderValueMinor: customers.expectedOrderValueMinor,
      predictedClv12mMinor: customers.predictedClv12mMinor,
      clvAsOf: customers.clvAsOf,
    })
    .from(customers)
    .orderBy(asc(customers.id))
    .all();
}

const withoutDuration = ({ durationMs: _ms, ...rest }: JobFigures) => rest;

let database: OpenDatabase;
beforeEach(() => {
  database = createTestDb();
});

describe("CLV job", () => {
  it("fits both models and writes predictions that match the domain functions", async () => {
    const { db } = database;
    const sim = simulate(7, 160);
    // A customer with two orders on one Shanghai day, 00:30 and 23:30: two different UTC days,
    // one purchase day, worth the sum of both orders.
    sim.push({
      name: "Same-day buyer",
      orders: [
        { day: "2025-11-03", time: "10:00", valueMinor: 400_000 },
        { day: "2026-03-01", time: "00:30", valueMinor: 120_000 },
        { day: "2026-03-01", time: "23:30", valueMinor: 80_000 },
        { day: "2026-05-20", time: "10:00", valueMinor: 300_000 },
      ],
    });
    // A repeat customer whose repeat purchase is worth 0 (a free replacement).
    sim.push({
      name: "Zero repeat",
      orders: [
        { day: "2025-10-01", time: "10:00", valueMinor: 500_000 },
        { day: "2026-02-01", time: "10:00", valueMinor: 0 },
      ],
    });
    const ids = insert(db, sim);
    const lead = createCustomer(db, { name: "Lead without orders" });
    const fractions: number[] = [];

    const figures = await clvJob.run(context(db, { progress: (f) => fractions.push(f) }));

    const { histories, spends, index } = expectedInputs(sim);
    const repeatCustomers = histories.filter((h) => h.x > 0).length;
    expect(repeatCustomers).toBeGreaterThanOrEqual(40);
    const bgnbd = fitBgNbd(histories);
    const gammaGamma = fitGammaGamma(spends.filter((s): s is RepeatSpend => s !== null));
    expect(figures).toMatchObject({
      fitted: true,
      asOf: AS_OF,
      customers: histories.length,
      repeatCustomers,
      timeUnit: "days",
      bgnbd: { ...bgnbd.params, logLikelihood: bgnbd.logLikelihood, converged: true },
      gammaGamma: {
        p: gammaGamma.params.p,
        q: gammaGamma.params.q,
        v: gammaGamma.params.v / 100,
        customers: repeatCustomers - 1,
        currency: "USD",
      },
      zeroValueRepeatCustomers: 1,
      predictions: histories.length,
      monthlyDiscountRate: 0.01,
    });
    expect(figures.durationMs).toEqual(expect.any(Number));
    expect(fractions.at(-1)).toBe(1);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));

    const rows = new Map(predictionsOf(db).map((r) => [r.id, r]));
    const populationMean = expectedOrderValue(gammaGamma.params, 0, 0);
    histories.forEach((history, k) => {
      const spend = spends[k];
      const eov = spend ? expectedOrderValue(gammaGamma.params, spend.x, spend.meanValue) : populationMean;
      const clv = predictedClv({ bgnbd: bgnbd.params, history, expectedOrderValue: eov, monthlyDiscountRate: 0.01 });
      expect(rows.get(ids[index[k]])).toEqual({
        id: ids[index[k]],
        pAlive: pAlive(bgnbd.params, history),
        expectedOrders365d: expectedPurchases(bgnbd.params, history, 365),
        expectedOrderValueMinor: Math.floor(eov + 0.5),
        predictedClv12mMinor: Math.floor(clv + 0.5),
        clvAsOf: AS_OF,
      });
    });
    expect(rows.get(lead.id)).toMatchObject({
      pAlive: null,
      expectedOrderValueMinor: null,
      predictedClv12mMinor: null,
      clvAsOf: null,
    });

    // The same-day buyer: 3 purchase days (x = 2), repeat days worth 2,000.00 and 3,000.00.
    const sameDay = histories[index.indexOf(sim.length - 2)];
    expect(sameDay).toEqual({ x: 2, tx: 198, T: 239 });
    expect(spends[index.indexOf(sim.length - 2)]).toEqual({ x: 2, meanValue: 250_000 });
    expect(rows.get(ids[sim.length - 2])!.pAlive).toBe(pAlive(bgnbd.params, { x: 2, tx: 198, T: 239 }));
    // One-time buyers and the zero-value repeat customer get the population mean p·v/(q−1).
    const oneTimer = index.findIndex((_, k) => histories[k].x === 0);
    expect(rows.get(ids[index[oneTimer]])!.expectedOrderValueMinor).toBe(Math.floor(populationMean + 0.5));
    expect(rows.get(ids[sim.length - 1])!.expectedOrderValueMinor).toBe(Math.floor(populationMean + 0.5));
    expect(rows.get(ids[index[oneTimer]])!.pAlive).toBe(1);
  });

  it("writes identical values when run twice for the same as-of day", async () => {
    const { db } = database;
    insert(db, simulate(11, 120));
    const first = await clvJob.run(context(db));
    const rows = predictionsOf(db);
    const second = await clvJob.run(context(db));
    expect(predictionsOf(db)).toEqual(rows);
    expect(withoutDuration(second)).toEqual(withoutDuration(first));
    expect(first.fitted).toBe(true);
  });

  it("ignores orders after the as-of moment and cancelled orders", async () => {
    const { db } = database;
    const ids = insert(db, simulate(13, 120));
    await clvJob.run(context(db));
    const before = predictionsOf(db);
    // Later the same as-of day (after `now`), the next day, and a cancelled order before.
    const noon = at(AS_OF, "12:00");
    createOrder(db, { customerId: ids[0], totalMinor: 900_000, orderedAt: at(AS_OF, "18:00") });
    createOrder(db, { customerId: ids[1], totalMinor: 900_000, orderedAt: at(addDays(AS_OF, 1), "09:00") });
    createOrder(db, { customerId: ids[2], totalMinor: 900_000, orderedAt: at("2026-01-15"), status: "cancelled" });
    const newcomer = createCustomer(db, { name: "Tomorrow's buyer" });
    createOrder(db, { customerId: newcomer.id, totalMinor: 50_000, orderedAt: at(addDays(AS_OF, 1)) });

    // With `now` at noon, the 18:00 order is in the future too; compare with a noon run before it.
    const other = privateTestDb();
    insert(other.db, simulate(13, 120));
    await clvJob.run(context(other.db, { now: noon }));
    const reference = predictionsOf(other.db);
    other.sqlite.close();

    await clvJob.run(context(db, { now: noon }));
    const after = predictionsOf(db);
    expect(after.slice(0, reference.length)).toEqual(reference);
    expect(after.find((r) => r.id === newcomer.id)).toMatchObject({ pAlive: null, clvAsOf: null });
    // And at the end of the day the 18:00 order counts (it changes that customer's figures).
    await clvJob.run(context(db));
    expect(predictionsOf(db)[0]).not.toEqual(before[0]);
  });

  it("does not fit with fewer than 30 repeat customers, clears predictions and says why", async () => {
    const { db } = database;
    const sim: SimCustomer[] = [];
    for (let i = 0; i < MIN_REPEAT_CUSTOMERS - 1; i++) {
      sim.push({
        name: `Repeat ${i}`,
        orders: [
          { day: "2025-06-01", time: "10:00", valueMinor: 100_000 },
          { day: "2026-01-10", time: "10:00", valueMinor: 120_000 },
        ],
      });
    }
    for (let i = 0; i < 25; i++)
      sim.push({ name: `Once ${i}`, orders: [{ day: "2026-02-01", time: "10:00", valueMinor: 80_000 }] });
    const ids = insert(db, sim);
    // Predictions from an older run must not survive next to a run that says "not fitted".
    replaceClvPredictions(db, "2026-05-31", [
      {
        customerId: ids[0],
        pAlive: 0.5,
        expectedOrders365d: 1.2,
        expectedOrderValueMinor: 100_000,
        predictedClv12mMinor: 110_000,
      },
    ]);

    const figures = await clvJob.run(context(db));

    expect(figures).toMatchObject({
      fitted: false,
      asOf: AS_OF,
      customers: MIN_REPEAT_CUSTOMERS - 1 + 25,
      repeatCustomers: MIN_REPEAT_CUSTOMERS - 1,
      required: MIN_REPEAT_CUSTOMERS,
      code: "too_few_repeat_customers",
      reason: "Only 29 customers have repeat purchases; the CLV models need at least 30.",
      predictions: 0,
    });
    expect(
      predictionsOf(db).every(
        (r) =>
          r.pAlive === null &&
          r.expectedOrders365d === null &&
          r.expectedOrderValueMinor === null &&
          r.predictedClv12mMinor === null &&
          r.clvAsOf === null,
      ),
    ).toBe(true);
  });

  it("does not fit an empty database", async () => {
    const figures = await clvJob.run(context(database.db));
    expect(figures).toMatchObject({ fitted: false, customers: 0, repeatCustomers: 0, code: "too_few_repeat_customers" });
  });

  it("does not write predictions when a fit has no interior optimum", async () => {
    const { db } = database;
    // 30 repeat customers who all buy on exactly the same two days, every 0 days apart in
    // value terms too: every one spends exactly the same, so Gamma-Gamma's between-customer
    // variance is 0 and q runs off to the fence.
    const sim: SimCustomer[] = Array.from({ length: 40 }, (_, i) => ({
      name: `Clone ${i}`,
      orders: [
        { day: "2025-06-01", time: "10:00", valueMinor: 100_000 },
        { day: "2025-12-01", time: "10:00", valueMinor: 100_000 },
      ],
    }));
    insert(db, sim);
    const figures = await clvJob.run(context(db));
    expect(figures.fitted).toBe(false);
    expect(figures.code).toMatch(/^(bgnbd_not_converged|gamma_gamma_not_converged|gamma_gamma_infinite_mean)$/);
    expect(figures.reason).toMatch(/no predictions were written/);
    expect(predictionsOf(db).every((r) => r.pAlive === null)).toBe(true);
  });

  it("leaves the previous predictions in place when it crashes before or during the write", async () => {
    const { db, sqlite } = database;
    // Seed 23's Gamma-Gamma fit has an interior optimum (p ≈ 4). Seed 17's likelihood rises
    // towards p → ∞ (checked at 50 digits), so whether its fit "converged" depended on rounding.
    const ids = insert(db, simulate(23, 120));
    await clvJob.run(context(db));
    const previous = predictionsOf(db);
    expect(previous.some((r) => r.pAlive !== null)).toBe(true);
    // A run for the next day would change every figure (T grows by a day).
    const nextDay = { asOf: addDays(AS_OF, 1), now: endOfDay(addDays(AS_OF, 1)) };

    // 1. The process dies after the computation, before the write (progress is the last call).
    const dying = (f: number) => {
      if (f >= 0.9) throw new Error("killed");
    };
    await expect(clvJob.run(context(db, { ...nextDay, progress: dying }))).rejects.toThrow("killed");
    expect(predictionsOf(db)).toEqual(previous);

    // 2. The write itself fails half-way (after the clearing and some customers).
    sqlite.exec(`create temp trigger clv_crash before update of predicted_clv_12m_minor on customers
      when new.id = ${ids[60]} and new.predicted_clv_12m_minor is not null
      begin select raise(abort, 'disk full'); end`);
    await expect(clvJob.run(context(db, nextDay))).rejects.toThrow("disk full");
    expect(predictionsOf(db)).toEqual(previous);

    sqlite.exec("drop trigger clv_crash");
    expect((await clvJob.run(context(db, nextDay))).fitted).toBe(true);
    expect(predictionsOf(db)).not.toEqual(previous);
  });

  it("runs on the demo data", async () => {
    const { seedDemo } = await import("~db/seed");
    const { db } = database;
    const now = new Date("2026-11-20T10:00:00Z");
    await seedDemo(db, { now });
    const asOf = localDay(now, TZ);
    const figures = await clvJob.run(context(db, { asOf, now }));
    expect(figures).toMatchObject({ fitted: true, asOf });
    expect(figures.repeatCustomers as number).toBeGreaterThanOrEqual(MIN_REPEAT_CUSTOMERS);
    expect(figures.durationMs as number).toBeLessThan(10_000);
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------
// The last run's parameters
// ---------------------------------------------------------------------------------------------

function recordRun(db: DB, figures: JobFigures, status: "succeeded" | "failed", startedAt: Date) {
  db.insert(jobRuns)
    .values({ job: "clv", asOf: String(figures.asOf ?? AS_OF), startedAt, finishedAt: startedAt, status, figures })
    .run();
}

describe("last CLV parameters", () => {
  let out: string[];
  beforeEach(() => {
    out = [];
    vi.spyOn(console, "log").mockImplementation((...args) => void out.push(args.join(" ")));
  });
  afterEach(() => vi.restoreAllMocks());
  const command = clvCommands["clv params"];

  it("says that nothing was fitted yet", async () => {
    expect(lastClvParams(database.db)).toMatchObject({ status: "never_run" });
    await expect(command([])).rejects.toThrow("The CLV models have not been fitted yet: the CLV job has not run successfully.");
    expect(out).toEqual([]);
  });

  it("gives the last succeeded run's parameters in SPEC §9's shape", async () => {
    const { db } = database;
    insert(db, simulate(19, 120));
    const figures = await clvJob.run(context(db));
    recordRun(db, figures, "succeeded", new Date("2026-07-01T02:30:00Z"));
    // A later failed run does not count.
    recordRun(db, { asOf: "2026-07-01" }, "failed", new Date("2026-07-02T02:30:00Z"));

    const last = lastClvParams(db);
    expect(last.status).toBe("fitted");
    const bgnbd = figures.bgnbd as Record<string, number>;
    const gammaGamma = figures.gammaGamma as Record<string, number>;
    const expected = {
      asOf: AS_OF,
      customers: figures.customers,
      bgnbd: { r: bgnbd.r, alpha: bgnbd.alpha, a: bgnbd.a, b: bgnbd.b, logLikelihood: bgnbd.logLikelihood },
      gammaGamma: { p: gammaGamma.p, q: gammaGamma.q, v: gammaGamma.v, customers: gammaGamma.customers },
    };
    expect(last.status === "fitted" && last.params).toEqual(expected);

    await command([]);
    expect(JSON.parse(out.join("\n"))).toEqual(expected);
  });

  it("says why when the last succeeded run did not fit", async () => {
    const { db } = database;
    insert(db, simulate(19, 120));
    recordRun(db, await clvJob.run(context(db)), "succeeded", new Date("2026-07-01T02:30:00Z"));
    const empty = privateTestDb();
    const tooFew = await clvJob.run(context(empty.db, { asOf: "2026-07-01", now: endOfDay("2026-07-01") }));
    empty.sqlite.close();
    recordRun(db, tooFew, "succeeded", new Date("2026-07-02T02:30:00Z"));

    expect(lastClvParams(db)).toMatchObject({ status: "not_fitted", asOf: "2026-07-01", code: "too_few_repeat_customers" });
    await expect(command([])).rejects.toThrow(
      "The CLV models were not fitted as of 2026-07-01: Only 0 customers have repeat purchases; the CLV models need at least 30.",
    );
    expect(out).toEqual([]);
  });

  it("refuses arguments", async () => {
    await expect(command(["now"])).rejects.toBeInstanceOf(UsageError);
    await expect(command(["--json"])).rejects.toThrow(/json/);
  });
});

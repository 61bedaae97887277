import { and, desc, eq, isNotNull, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "~db/client.server";
import { customers, jobRuns } from "~db/schema";
import { writeCustomerPredictions } from "./customer.server";

/**
 * What the CLV job (SPEC §6) reads and writes, and the parameters of its last run.
 */

/** One non-cancelled order as the CLV models see it: who, when, and its value in base minor units. */
export type ClvOrder = { customerId: number; orderedAt: Date; valueMinor: number };

/**
 * Every non-cancelled order placed on or before `now`, by customer and time. The models need each
 * customer's purchase days; a purchase day is a day of the team's time zone, which SQLite cannot
 * compute, so the rows (three integers each) are grouped into days by the caller.
 */
export function ordersForClv(db: DB, now: Date): ClvOrder[] {
  const rows = db.all<{ customerId: number; orderedAt: number; valueMinor: number }>(sql`
    select customer_id as customerId, ordered_at as orderedAt, total_base_minor as valueMinor
      from orders
     where status <> 'cancelled' and ordered_at <= ${now.getTime()}
     order by customer_id, ordered_at, id`);
  return rows.map((row) => ({ customerId: row.customerId, orderedAt: new Date(row.orderedAt), valueMinor: row.valueMinor }));
}

export type ClvPrediction = {
  customerId: number;
  pAlive: number;
  expectedOrders365d: number;
  expectedOrderValueMinor: number;
  predictedClv12mMinor: number;
};

// Bound as the driver stores them; see inquiry-csv.server.ts for why placeholders are wrapped.

/**
 * One customer's CLV columns as a run leaves them: its prediction, or (a customer that left the
 * model, e.g. because its only order was cancelled, or every customer when the models were not
 * fitted) nothing, so that nothing stale stays.
 */
export type ClvWrite = {
  customerId: number;
  /** pAlive, expectedOrders365d, expectedOrderValueMinor, predictedClv12mMinor; null clears them. */
  values: [number, number, number, number] | null;
  asOf: string | null;
};

/**
 * The writes that make every customer's CLV columns equal the given predictions (as of `asOf`):
 * one per prediction, and one clearing each customer that holds figures but has no prediction now.
 * Reads only; the caller applies them (writeCustomerPredictions), in one transaction or in staged chunks.
 */
export function clvWrites(db: DB, asOf: string, predictions: readonly ClvPrediction[]): ClvWrite[] {
  const predicted = new Set(predictions.map((p) => p.customerId));
  const holding = db
    .select({ id: customers.id })
    .from(customers)
    .where(
      or(
        isNotNull(customers.pAlive),
        isNotNull(customers.expectedOrders365d),
        isNotNull(customers.expectedOrderValueMinor),
        isNotNull(customers.predictedClv12mMinor),
        isNotNull(customers.clvAsOf),
      ),
    )
    .all();
  const writes: ClvWrite[] = predictions.map((p) => ({
    customerId: p.customerId,
    values: [p.pAlive, p.expectedOrders365d, p.expectedOrderValueMinor, p.predictedClv12mMinor],
    asOf,
  }));
  for (const { id } of holding) if (!predicted.has(id)) writes.push({ customerId: id, values: null, asOf: null });
  return writes;
}

/**
 * Replaces every customer's CLV predictions in ONE transaction (the CLV job stages the same writes
 * in chunks instead). With no predictions every customer ends with empty predictions.
 */
export function replaceClvPredictions(db: DB, asOf: string, predictions: readonly ClvPrediction[]): void {
  db.transaction((tx) => writeCustomerPredictions(tx, clvWrites(tx, asOf, predictions)), { behavior: "immediate" });
}

// ---------------------------------------------------------------------------------------------
// The last run's parameters (`clv params`, SPEC §9)
// ---------------------------------------------------------------------------------------------

/** SPEC §9's `clv params` shape; time in days, v in base-currency major units. */
export type ClvParams = {
  asOf: string;
  customers: number;
  bgnbd: { r: number; alpha: number; a: number; b: number; logLikelihood: number };
  gammaGamma: { p: number; q: number; v: number; customers: number };
};

const fittedFigures = z.object({
  fitted: z.literal(true),
  asOf: z.string(),
  customers: z.number(),
  bgnbd: z.object({ r: z.number(), alpha: z.number(), a: z.number(), b: z.number(), logLikelihood: z.number() }),
  gammaGamma: z.object({ p: z.number(), q: z.number(), v: z.number(), customers: z.number() }),
});

const unfittedFigures = z.object({
  fitted: z.literal(false),
  asOf: z.string().optional(),
  code: z.string().optional(),
  reason: z.string(),
});

export type LastClvParams =
  | { status: "fitted"; runId: number; finishedAt: Date | null; params: ClvParams }
  | { status: "not_fitted"; runId: number; asOf: string; code: string | null; reason: string; message: string }
  | { status: "never_run"; message: string }
  | { status: "unreadable"; runId: number; asOf: string; message: string };

/**
 * The parameters of the last succeeded CLV run, in SPEC §9's shape. When that run did not fit
 * the models, says why rather than reaching back to an older fit: the predictions on screen are
 * empty then, and parameters of an older as-of day would not describe them.
 */
export function lastClvParams(db: DB): LastClvParams {
  const run = db
    .select({ id: jobRuns.id, asOf: jobRuns.asOf, finishedAt: jobRuns.finishedAt, figures: jobRuns.figures })
    .from(jobRuns)
    .where(and(eq(jobRuns.job, "clv"), eq(jobRuns.status, "succeeded")))
    .orderBy(desc(jobRuns.startedAt), desc(jobRuns.id))
    .limit(1)
    .get();
  if (!run)
    return { status: "never_run", message: "The CLV models have not been fitted yet: the CLV job has not run successfully." };

  const fitted = fittedFigures.safeParse(run.figures);
  if (fitted.success) {
    const { asOf, customers: n, bgnbd, gammaGamma } = fitted.data;
    return {
      status: "fitted",
      runId: run.id,
      finishedAt: run.finishedAt,
      params: {
        asOf,
        customers: n,
        bgnbd: { r: bgnbd.r, alpha: bgnbd.alpha, a: bgnbd.a, b: bgnbd.b, logLikelihood: bgnbd.logLikelihood },
        gammaGamma: { p: gammaGamma.p, q: gammaGamma.q, v: gammaGamma.v, customers: gammaGamma.customers },
      },
    };
  }
  const unfitted = unfittedFigures.safeParse(run.figures);
  if (unfitted.success) {
    const asOf = unfitted.data.asOf ?? run.asOf;
    return {
      status: "not_fitted",
      runId: run.id,
      asOf,
      code: unfitted.data.code ?? null,
      reason: unfitted.data.reason,
      message: `The CLV models were not fitted as of ${asOf}: ${unfitted.data.reason}`,
    };
  }
  return {
    status: "unreadable",
    runId: run.id,
    asOf: run.asOf,
    message: `The last CLV run (as of ${run.asOf}) recorded no parameters this version can read; run the CLV job again.`,
  };
}

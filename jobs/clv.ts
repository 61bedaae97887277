/**
 * The CLV job (SPEC §6, §10): fits BG/NBD and Gamma-Gamma to the purchase histories as of the
 * as-of day and writes each customer's P(alive), expected orders in the next 365 days, expected
 * order value and predicted 12-month CLV.
 *
 * Thin: the model reads the orders, `~/domain/clv` decides everything, the model writes. All
 * numbers are computed before anything is written, then written as one staged generation in short
 * transactions (staged-write.ts), so a crash leaves the previous results or, once the next start
 * has finished applying them, the complete new ones. The optimiser starts from fixed points
 * derived from the data (no randomness), so a second run for the same as-of day writes the same
 * values.
 */
import {
  clvFitEligibility,
  expectedOrderValue,
  expectedPurchases,
  fitBgNbd,
  fitGammaGamma,
  pAlive,
  predictedClv,
  purchaseHistory,
  repeatSpend,
  type BgNbdFit,
  type GammaGammaFit,
  type PurchaseHistory,
  type RepeatSpend,
} from "~/domain/clv";
import { localDay } from "~/domain/calendar";
import { minorDigits } from "~/domain/money";
import { clvWrites, ordersForClv, type ClvPrediction } from "~/models/clv.server";
import { writeCustomerPredictions } from "~/models/customer.server";
import type { JobContext, JobDefinition, JobFigures } from "./job";
import { registerChunkWriter, writeStaged } from "./staged-write";

// A process that finishes a stage a dead run left ready writes it as the run would have.
registerChunkWriter("clv", writeCustomerPredictions);

/**
 * Makes the customers' CLV columns the given predictions as one staged generation (staged-write.ts):
 * short transactions, and after a crash the previous run's figures or, once the next start has
 * finished applying them, all of this run's.
 */
function storePredictions(context: JobContext, predictions: readonly ClvPrediction[], from: number) {
  const writes = clvWrites(context.db, context.asOf, predictions);
  writeStaged(context.db, "clv", writes, writeCustomerPredictions, (fraction) => context.progress(from + (1 - from) * fraction));
}

/** Expected purchases and P(alive) are over this many days (SPEC §6). */
const PREDICTION_DAYS = 365;

type CustomerInput = {
  customerId: number;
  history: PurchaseHistory;
  /** Null for x = 0, and for repeat days all worth 0 (the Gamma-Gamma model needs positive values). */
  spend: RepeatSpend | null;
};

/** Groups the orders into each customer's purchase days (team time zone) and values (minor units). */
function customerInputs(context: JobContext): CustomerInput[] {
  const timeZone = context.settings.general.timeZone;
  const byCustomer = new Map<number, { day: string; value: number }[]>();
  for (const order of ordersForClv(context.db, context.now)) {
    let list = byCustomer.get(order.customerId);
    if (!list) byCustomer.set(order.customerId, (list = []));
    list.push({ day: localDay(order.orderedAt, timeZone), value: order.valueMinor });
  }
  const inputs: CustomerInput[] = [];
  for (const [customerId, orders] of byCustomer) {
    const history = purchaseHistory(
      orders.map((o) => o.day),
      context.asOf,
    );
    if (!history) continue; // every order falls after the as-of day
    const spend = repeatSpend(orders, context.asOf);
    inputs.push({ customerId, history, spend: spend && spend.meanValue > 0 ? spend : null });
  }
  return inputs;
}

/** Rounded half up to whole minor units; done once, on the final figure. */
const roundMinor = (value: number): number => Math.floor(value + 0.5);

type NotFitted = { code: string; reason: string };

function checkBgNbd(fit: BgNbdFit): NotFitted | null {
  if (fit.converged) return null;
  return {
    code: "bgnbd_not_converged",
    reason:
      "The BG/NBD fit found no clear optimum (the likelihood is still rising at the edge of the search region); no predictions were written.",
  };
}

function checkGammaGamma(fit: GammaGammaFit): NotFitted | null {
  if (!fit.converged) {
    return {
      code: "gamma_gamma_not_converged",
      reason: "The Gamma-Gamma fit found no clear optimum; no predictions were written.",
    };
  }
  if (!(fit.params.q > 1)) {
    return {
      code: "gamma_gamma_infinite_mean",
      reason: `The Gamma-Gamma fit gives q = ${fit.params.q.toPrecision(4)} ≤ 1, so the expected order value is not finite; no predictions were written.`,
    };
  }
  return null;
}

function bgnbdFigures(fit: BgNbdFit) {
  return {
    ...fit.params,
    logLikelihood: fit.logLikelihood,
    customers: fit.customers,
    converged: fit.converged,
    iterations: fit.iterations,
  };
}

function gammaGammaFigures(fit: GammaGammaFit, currency: string) {
  // Fitted on minor units; v is the one parameter in money, reported in major units like all
  // money in reports (p and q are unit-free, so nothing else changes).
  const perMajor = 10 ** minorDigits(currency);
  return {
    p: fit.params.p,
    q: fit.params.q,
    v: fit.params.v / perMajor,
    customers: fit.customers,
    logLikelihood: fit.logLikelihood,
    converged: fit.converged,
    iterations: fit.iterations,
    currency,
    meanOrderValue: fit.params.q > 1 ? (fit.params.p * fit.params.v) / (fit.params.q - 1) / perMajor : null,
  };
}

async function runClv(context: JobContext): Promise<JobFigures> {
  const started = performance.now();
  const { asOf, settings } = context;
  const currency = settings.general.baseCurrency;
  const elapsed = () => Math.round(performance.now() - started);

  context.progress(0.05);
  const inputs = customerInputs(context);
  context.progress(0.2);

  const base = { asOf, customers: inputs.length, timeUnit: "days" as const };
  const notFitted = (why: NotFitted & { repeatCustomers: number }, extra: Record<string, unknown> = {}): JobFigures => {
    // Predictions of an older as-of day next to a run that says "not fitted" would mislead: the
    // run clears them (in one transaction) and the screens show the reason from the run.
    storePredictions(context, [], 0.9);
    context.progress(1);
    return { ...base, fitted: false, ...why, ...extra, predictions: 0, durationMs: elapsed() };
  };

  const eligibility = clvFitEligibility(inputs.map((c) => c.history));
  if (!eligibility.fit) {
    return notFitted(
      { code: eligibility.code, reason: eligibility.reason, repeatCustomers: eligibility.repeatCustomers },
      { required: eligibility.required },
    );
  }
  const repeatCustomers = eligibility.repeatCustomers;

  const bgnbd = fitBgNbd(inputs.map((c) => c.history));
  context.progress(0.5);
  const bgnbdProblem = checkBgNbd(bgnbd);
  if (bgnbdProblem) return notFitted({ ...bgnbdProblem, repeatCustomers }, { bgnbd: bgnbdFigures(bgnbd) });

  const spends = inputs.flatMap((c) => (c.spend ? [c.spend] : []));
  if (spends.length === 0) {
    return notFitted(
      {
        code: "gamma_gamma_no_values",
        reason: "Every repeat purchase is worth 0, so the Gamma-Gamma model cannot be fitted; no predictions were written.",
        repeatCustomers,
      },
      { bgnbd: bgnbdFigures(bgnbd) },
    );
  }
  const gammaGamma = fitGammaGamma(spends);
  context.progress(0.6);
  const gammaGammaProblem = checkGammaGamma(gammaGamma);
  if (gammaGammaProblem) {
    return notFitted(
      { ...gammaGammaProblem, repeatCustomers },
      { bgnbd: bgnbdFigures(bgnbd), gammaGamma: gammaGammaFigures(gammaGamma, currency) },
    );
  }

  const predictions: ClvPrediction[] = [];
  const step = Math.max(1, Math.ceil(inputs.length / 20));
  inputs.forEach((c, i) => {
    // Repeat customers: the Gamma-Gamma conditional expectation, their own mean repeat value
    // shrunk towards the population's. One-time buyers (x = 0) have no repeat purchase to learn
    // from, and the model deliberately ignores first purchases (often trial orders), so they get
    // the population mean p·v/(q−1), which is the same formula at x = 0. So do the rare repeat
    // customers whose repeat days are all worth 0 (left out of the fit: values must be positive).
    const orderValue = c.spend
      ? expectedOrderValue(gammaGamma.params, c.spend.x, c.spend.meanValue)
      : expectedOrderValue(gammaGamma.params, 0, 0);
    predictions.push({
      customerId: c.customerId,
      pAlive: pAlive(bgnbd.params, c.history),
      expectedOrders365d: expectedPurchases(bgnbd.params, c.history, PREDICTION_DAYS),
      expectedOrderValueMinor: roundMinor(orderValue),
      predictedClv12mMinor: roundMinor(
        predictedClv({
          bgnbd: bgnbd.params,
          history: c.history,
          expectedOrderValue: orderValue,
          monthlyDiscountRate: settings.clv.monthlyDiscountRate,
        }),
      ),
    });
    if ((i + 1) % step === 0) context.progress(0.6 + (0.3 * (i + 1)) / inputs.length);
  });

  context.progress(0.9);
  storePredictions(context, predictions, 0.9);
  context.progress(1);

  return {
    ...base,
    fitted: true,
    repeatCustomers,
    bgnbd: bgnbdFigures(bgnbd),
    gammaGamma: gammaGammaFigures(gammaGamma, currency),
    zeroValueRepeatCustomers: inputs.filter((c) => c.history.x > 0 && !c.spend).length,
    monthlyDiscountRate: settings.clv.monthlyDiscountRate,
    predictions: predictions.length,
    durationMs: elapsed(),
  };
}

export const clvJob: JobDefinition = { name: "clv", run: runClv };

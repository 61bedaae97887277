import { lnGamma } from "~/utils/ln-gamma";
import { addDays } from "./calendar";
import { expm1OverX, logSumExp, nelderMead, sumSeries } from "./stats";

/**
 * Customer lifetime value (SPEC §6): the statistics behind the CLV job.
 *
 * - BG/NBD (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way", Marketing
 *   Science 24(2)): purchase counts and P(alive) from each customer's (x, t_x, T).
 * - Gamma-Gamma (Fader, Hardie & Lee 2005, "RFM and CLV: Using Iso-Value Curves", JMR 42(4);
 *   Fader & Hardie 2013, "The Gamma-Gamma Model of Monetary Value"): expected order value from
 *   the mean value of a customer's repeat purchase days.
 * - Predicted 12-month CLV: their combination, discounted monthly.
 *
 * Pure: the as-of day D and every setting are arguments. Days are "YYYY-MM-DD" local days in
 * the team's time zone (the caller turns order instants into days), so the day arithmetic here
 * is plain calendar arithmetic. All model time is in days.
 */

// ---------------------------------------------------------------------------------------------
// Inputs per customer
// ---------------------------------------------------------------------------------------------

/** A customer's BG/NBD summary, in days (SPEC §6). */
export type PurchaseHistory = {
  /** Purchase days after the first purchase day (repeat purchase days). */
  x: number;
  /** Last purchase day − first purchase day. */
  tx: number;
  /** As-of day − first purchase day. */
  T: number;
};

/** Months of the CLV horizon: 365.25 / 12 days. */
export const DAYS_PER_MONTH = 30.4375;

/** With fewer customers than this having repeat purchases, the models are not fitted. */
export const MIN_REPEAT_CUSTOMERS = 30;

const MS_PER_DAY = 86_400_000;

function dayNumber(day: string): number {
  // addDays is the one place that decides what a valid "YYYY-MM-DD" day is; it throws a
  // RangeError otherwise. The UTC date below is only a zone-free day count.
  addDays(day, 0);
  const [y, m, d] = day.split("-").map(Number);
  return Date.UTC(y, m - 1, d) / MS_PER_DAY;
}

/**
 * (x, t_x, T) of SPEC §6 from a customer's purchase days (SPEC §5: distinct days with a
 * non-cancelled order). Days after `asOf` are ignored and a day given twice counts once.
 * Null when the customer has no purchase day on or before `asOf` (not part of the model).
 */
export function purchaseHistory(purchaseDays: readonly string[], asOf: string): PurchaseHistory | null {
  const d = dayNumber(asOf);
  const days = new Set<number>();
  for (const day of purchaseDays) {
    const n = dayNumber(day);
    if (n <= d) days.add(n);
  }
  if (days.size === 0) return null;
  let first = Infinity;
  let last = -Infinity;
  for (const n of days) {
    first = Math.min(first, n);
    last = Math.max(last, n);
  }
  return { x: days.size - 1, tx: last - first, T: d - first };
}

/** A customer's Gamma-Gamma input: repeat purchase days and their mean value. */
export type RepeatSpend = { x: number; meanValue: number };

/**
 * The Gamma-Gamma input of SPEC §6: a purchase day's value is the sum of that day's orders; the
 * first purchase day is left out; the mean is over the remaining (repeat) days. Orders after
 * `asOf` are ignored. Null when the customer has no repeat purchase day as of `asOf`. Pass only
 * non-cancelled orders, valued in the base currency.
 */
export function repeatSpend(orders: readonly { day: string; value: number }[], asOf: string): RepeatSpend | null {
  const d = dayNumber(asOf);
  const valueByDay = new Map<number, number>();
  for (const order of orders) {
    if (!Number.isFinite(order.value)) throw new RangeError(`order value must be finite, got ${order.value}`);
    const n = dayNumber(order.day);
    if (n <= d) valueByDay.set(n, (valueByDay.get(n) ?? 0) + order.value);
  }
  if (valueByDay.size < 2) return null;
  const first = Math.min(...valueByDay.keys());
  let total = 0;
  for (const [n, value] of valueByDay) if (n !== first) total += value;
  const x = valueByDay.size - 1;
  return { x, meanValue: total / x };
}

// ---------------------------------------------------------------------------------------------
// When the models may be fitted
// ---------------------------------------------------------------------------------------------

export type ClvFitEligibility =
  | { fit: true; repeatCustomers: number }
  | {
      fit: false;
      repeatCustomers: number;
      required: number;
      /** Stable code for screens to word themselves. */
      code: "too_few_repeat_customers";
      /** English wording, for logs and the job run record. */
      reason: string;
    };

/** SPEC §6: fit only when at least `required` customers have repeat purchases (x > 0). */
export function clvFitEligibility(histories: readonly { x: number }[], required = MIN_REPEAT_CUSTOMERS): ClvFitEligibility {
  const repeatCustomers = histories.filter((h) => h.x > 0).length;
  if (repeatCustomers >= required) return { fit: true, repeatCustomers };
  const who = repeatCustomers === 1 ? "1 customer has" : `${repeatCustomers} customers have`;
  return {
    fit: false,
    repeatCustomers,
    required,
    code: "too_few_repeat_customers",
    reason: `Only ${who} repeat purchases; the CLV models need at least ${required}.`,
  };
}

// ---------------------------------------------------------------------------------------------
// BG/NBD
// ---------------------------------------------------------------------------------------------

/** λ ~ Gamma(shape r, rate α) per day; dropout probability p ~ Beta(a, b). */
export type BgNbdParams = { r: number; alpha: number; a: number; b: number };

function requirePositive(value: number, what: string): void {
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`${what} must be positive and finite, got ${value}`);
}

function requireBgNbdParams(params: BgNbdParams): void {
  requirePositive(params.r, "r");
  requirePositive(params.alpha, "alpha");
  requirePositive(params.a, "a");
  requirePositive(params.b, "b");
}

function requireHistory(h: PurchaseHistory): void {
  if (!Number.isInteger(h.x) || h.x < 0) throw new RangeError(`x must be a whole number ≥ 0, got ${h.x}`);
  if (!(h.tx >= 0) || !(h.T >= h.tx) || !Number.isFinite(h.T)) {
    throw new RangeError(`need 0 ≤ tx ≤ T (finite), got tx = ${h.tx}, T = ${h.T}`);
  }
}

/** Customers in columns, with the Γ-function terms shared by all customers of equal x. */
type BgNbdData = {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  distinctX: number[];
  countOfX: number[];
  /**
   * The distinct values of T and t_x together, and each customer's positions in them: a fit
   * evaluates ln(α + t) once per distinct time (customers share days) instead of twice per
   * customer, and ln(b + x − 1) once per distinct x.
   */
  times: Float64Array;
  TAt: Uint32Array;
  txAt: Uint32Array;
  xAt: Uint32Array;
};

function prepareBgNbd(customers: readonly PurchaseHistory[]): BgNbdData {
  const n = customers.length;
  const counts = new Map<number, number>();
  const timeIndex = new Map<number, number>();
  const indexOfTime = (t: number) => {
    let at = timeIndex.get(t);
    if (at === undefined) timeIndex.set(t, (at = timeIndex.size));
    return at;
  };
  const x = new Float64Array(n);
  const tx = new Float64Array(n);
  const T = new Float64Array(n);
  const TAt = new Uint32Array(n);
  const txAt = new Uint32Array(n);
  customers.forEach((c, i) => {
    requireHistory(c);
    x[i] = c.x;
    tx[i] = c.tx;
    T[i] = c.T;
    TAt[i] = indexOfTime(c.T);
    txAt[i] = indexOfTime(c.tx);
    counts.set(c.x, (counts.get(c.x) ?? 0) + 1);
  });
  const distinctX = [...counts.keys()];
  const xIndex = new Map(distinctX.map((value, k) => [value, k]));
  const xAt = Uint32Array.from(x, (value) => xIndex.get(value)!);
  return {
    x,
    tx,
    T,
    distinctX,
    countOfX: distinctX.map((value) => counts.get(value)!),
    times: Float64Array.from(timeIndex.keys()),
    TAt,
    txAt,
    xAt,
  };
}

/**
 * Σ ln L_i with the paper's individual likelihood (FHL 2005, eq. 6):
 *   L = B(a, b+x)/B(a, b) · Γ(r+x) α^r / (Γ(r) (α+T)^(r+x))
 *     + δ(x>0) · B(a+1, b+x−1)/B(a, b) · Γ(r+x) α^r / (Γ(r) (α+t_x)^(r+x)).
 * Both terms share Γ(r+x)Γ(b+x)Γ(a+b) α^r / (Γ(r)Γ(b)Γ(a+b+x)); the second is the first's
 * shape times a/(b+x−1) with α+t_x in place of α+T, so ln L = shared + logsumexp(the two).
 */
function bgnbdLogLikelihoodOf(params: BgNbdParams, data: BgNbdData): number {
  const { r, alpha, a, b } = params;
  const lnGammaR = lnGamma(r);
  const lnGammaB = lnGamma(b);
  const lnGammaAB = lnGamma(a + b);
  const lnA = Math.log(a);
  let total = data.x.length * r * Math.log(alpha);
  for (let k = 0; k < data.distinctX.length; k++) {
    const x = data.distinctX[k];
    if (x === 0) continue; // every Γ ratio is 1
    const shared = lnGamma(r + x) - lnGammaR + lnGamma(b + x) - lnGammaB + lnGammaAB - lnGamma(a + b + x);
    total += data.countOfX[k] * shared;
  }
  const lnAlphaPlus = data.times.map((t) => Math.log(alpha + t));
  const lnBXMinus1 = data.distinctX.map((x) => Math.log(b + x - 1));
  for (let i = 0; i < data.x.length; i++) {
    const x = data.x[i];
    const rx = r + x;
    const alive = -rx * lnAlphaPlus[data.TAt[i]];
    if (x === 0) {
      total += alive;
    } else {
      const dropped = lnA - lnBXMinus1[data.xAt[i]] - rx * lnAlphaPlus[data.txAt[i]];
      total += logSumExp(alive, dropped);
    }
  }
  return total;
}

/** The BG/NBD log-likelihood of the customers (FHL 2005, eq. 6), summed. */
export function bgnbdLogLikelihood(params: BgNbdParams, customers: readonly PurchaseHistory[]): number {
  requireBgNbdParams(params);
  return bgnbdLogLikelihoodOf(params, prepareBgNbd(customers));
}

export type FitOptions<P> = {
  /** Starting points for the optimiser; the default is a small spread derived from the data. */
  starts?: P[];
  /** Iteration budget per starting point (restarts included). */
  maxIterations?: number;
};

export type BgNbdFit = {
  params: BgNbdParams;
  logLikelihood: number;
  /** Number of customers the model was fitted to. */
  customers: number;
  /** The best run's optimum was confirmed by a restart and lies inside the search region. */
  converged: boolean;
  /** Nelder–Mead iterations over all starting points. */
  iterations: number;
};

/**
 * Log-parameters beyond ±LOG_PARAM_LIMIT (e^25 ≈ 7·10^10) are fenced off: a likelihood still
 * climbing there has no interior maximum, and the fit reports `converged: false`.
 */
const LOG_PARAM_LIMIT = 25;

function outsideLimits(theta: readonly number[]): boolean {
  return theta.some((t) => !(Math.abs(t) <= LOG_PARAM_LIMIT));
}

function nearLimits(theta: readonly number[]): boolean {
  return theta.some((t) => Math.abs(t) > LOG_PARAM_LIMIT - 1);
}

type Optimum = { theta: number[]; meanLogLikelihood: number; converged: boolean; iterations: number };

/**
 * Maximise the mean log-likelihood over log-parameters (so every parameter stays positive) from
 * each start; keep the best. Nelder–Mead restarts from its own optimum until a restart no longer
 * improves, and several starts guard against a poor local optimum.
 */
function maximise(meanLogLikelihood: (theta: readonly number[]) => number, starts: number[][], maxIterations: number): Optimum {
  let best: Optimum | null = null;
  let iterations = 0;
  for (const start of starts) {
    const run = nelderMead((theta) => (outsideLimits(theta) ? Infinity : -meanLogLikelihood(theta)), start, {
      step: 0.5,
      fTolerance: 1e-11,
      xTolerance: 1e-7,
      maxIterations,
      maxRestarts: 4,
    });
    iterations += run.iterations;
    const candidate = { theta: run.x, meanLogLikelihood: -run.fx, converged: run.converged, iterations: 0 };
    if (!best || candidate.meanLogLikelihood > best.meanLogLikelihood) best = candidate;
  }
  if (!best) throw new RangeError("no starting point");
  return { ...best, converged: best.converged && !nearLimits(best.theta), iterations };
}

/** Fit BG/NBD by maximum likelihood to every customer with a purchase on or before D. */
export function fitBgNbd(customers: readonly PurchaseHistory[], options: FitOptions<BgNbdParams> = {}): BgNbdFit {
  if (customers.length === 0) throw new RangeError("fitBgNbd needs at least one customer");
  const data = prepareBgNbd(customers);
  const n = customers.length;
  let repeat = 0;
  let exposure = 0;
  for (let i = 0; i < n; i++) {
    repeat += data.x[i];
    exposure += data.T[i];
  }
  // Purchase rate per day across the base: with r = 1 the mean of λ, r/α, matches it.
  const rate = repeat > 0 && exposure > 0 ? repeat / exposure : 1 / Math.max(1, exposure / n);
  const alpha0 = 1 / rate;
  const starts = options.starts ?? [
    { r: 1, alpha: alpha0, a: 1, b: 3 },
    { r: 0.3, alpha: 0.3 * alpha0, a: 0.5, b: 1 },
    { r: 3, alpha: 3 * alpha0, a: 2, b: 10 },
  ];
  starts.forEach(requireBgNbdParams);
  const toParams = (theta: readonly number[]): BgNbdParams => ({
    r: Math.exp(theta[0]),
    alpha: Math.exp(theta[1]),
    a: Math.exp(theta[2]),
    b: Math.exp(theta[3]),
  });
  const optimum = maximise(
    (theta) => bgnbdLogLikelihoodOf(toParams(theta), data) / n,
    starts.map((s) => [s.r, s.alpha, s.a, s.b].map(Math.log)),
    options.maxIterations ?? 4000,
  );
  const params = toParams(optimum.theta);
  return {
    params,
    logLikelihood: bgnbdLogLikelihoodOf(params, data),
    customers: n,
    converged: optimum.converged,
    iterations: optimum.iterations,
  };
}

/**
 * P(alive | x, t_x, T) (FHL 2005, eq. 9):
 *   1 / (1 + δ(x>0) · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)).
 * 1 for x = 0: the model lets a customer drop out only after a repeat purchase.
 */
export function pAlive(params: BgNbdParams, h: PurchaseHistory): number {
  requireBgNbdParams(params);
  requireHistory(h);
  return pAliveOf(params, h);
}

function pAliveOf({ r, alpha, a, b }: BgNbdParams, { x, tx, T }: PurchaseHistory): number {
  if (x === 0) return 1;
  const lnOdds = Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  return 1 / (1 + Math.exp(lnOdds));
}

/**
 * E[Y(t) | x, t_x, T]: expected purchases in the next t days (FHL 2005, eq. 10):
 *
 *   (a+b+x−1)/(a−1) · [1 − u^(r+x) ₂F₁(r+x, b+x; a+b+x−1; z)] · P(alive),
 *   z = t/(α+T+t), u = 1 − z.
 *
 * Computed in a form that is exact algebra of the same expression but has no trouble spots:
 * Euler's transformation ₂F₁(r+x, b+x; c; z) = u^(a−1−r−x) ₂F₁(a+b−1−r, a−1; c; z) with
 * c = a+b+x−1 turns u^(r+x)·₂F₁ into u^(a−1)·F, where F's parameters no longer grow with x (the
 * raw series overflows past x ≈ 150 near z = 1). Writing F = 1 + (a−1)·H/c, with
 *   H = Σ_{n≥1} (a+b−1−r)_n (a)_{n−1} zⁿ / ((c+1)_{n−1} n!),
 * the bracket over (a−1) becomes c·(1 − u^(a−1))/(a−1) − u^(a−1)·H, which is continuous through
 * a = 1 (the paper's formula is 0/0 there) and through c = 0.
 *
 * The series converges like zⁿ; it needs about 35/(1 − z) terms, and a RangeError is thrown
 * past a million (1 − z below ~3·10⁻⁵, i.e. α + T under a thousandth of t: no real fit).
 */
export function expectedPurchases(params: BgNbdParams, h: PurchaseHistory, t: number): number {
  requireBgNbdParams(params);
  requireHistory(h);
  if (!(t >= 0) || !Number.isFinite(t)) throw new RangeError(`t must be ≥ 0 and finite, got ${t}`);
  if (t === 0) return 0;
  const { r, alpha, a, b } = params;
  const { x, T } = h;
  const c = a + b + x - 1;
  const lnU = Math.log(alpha + T) - Math.log(alpha + T + t);
  const z = t / (alpha + T + t);
  const k = (a - 1) * lnU;
  // (1 − u^(a−1))/(a−1) = −ln u · (e^k − 1)/k
  const head = c * -lnU * expm1OverX(k);
  const shift = a + b - 1 - r;
  const H = sumSeries(shift * z, (n) => (((shift + n + 1) * (a + n)) / ((c + n + 1) * (n + 2))) * z, z, {
    scale: head,
  });
  const ifAlive = head - Math.exp(k) * H;
  return ifAlive * pAliveOf(params, h);
}

/** E[X(t)]: expected repeat purchases in a new customer's first t days (FHL 2005, eq. 7). */
export function expectedPurchasesNewCustomer(params: BgNbdParams, t: number): number {
  // A customer seen for T = 0 days has x = 0 and P(alive) = 1, and eq. 10 reduces to eq. 7.
  return expectedPurchases(params, { x: 0, tx: 0, T: 0 }, t);
}

// ---------------------------------------------------------------------------------------------
// Gamma-Gamma
// ---------------------------------------------------------------------------------------------

/**
 * A transaction's value z ~ Gamma(shape p, rate ν); across customers ν ~ Gamma(shape q, rate v).
 * The mean spend across customers, pv/(q−1), is finite only for q > 1.
 */
export type GammaGammaParams = { p: number; q: number; v: number };

function requireGammaGammaParams(params: GammaGammaParams): void {
  requirePositive(params.p, "p");
  requirePositive(params.q, "q");
  requirePositive(params.v, "v");
}

function requireSpend(s: RepeatSpend): void {
  if (!Number.isInteger(s.x) || s.x < 1) throw new RangeError(`Gamma-Gamma needs x ≥ 1 repeat purchases, got ${s.x}`);
  requirePositive(s.meanValue, "meanValue");
}

type SpendData = { x: Float64Array; lnX: Float64Array; m: Float64Array; lnM: Float64Array };

function prepareSpend(customers: readonly RepeatSpend[]): SpendData {
  const n = customers.length;
  const data: SpendData = {
    x: new Float64Array(n),
    lnX: new Float64Array(n),
    m: new Float64Array(n),
    lnM: new Float64Array(n),
  };
  customers.forEach((s, i) => {
    requireSpend(s);
    data.x[i] = s.x;
    data.lnX[i] = Math.log(s.x);
    data.m[i] = s.meanValue;
    data.lnM[i] = Math.log(s.meanValue);
  });
  return data;
}

/**
 * Σ ln f(m̄ | p, q, v, x) with the mean of x transactions (Fader & Hardie 2013, eq. 3):
 *   f = Γ(px+q)/(Γ(px)Γ(q)) · v^q · m̄^(px−1) · x^(px) / (v + x·m̄)^(px+q).
 */
function gammaGammaLogLikelihoodOf({ p, q, v }: GammaGammaParams, data: SpendData): number {
  const lnGammaQ = lnGamma(q);
  const lnV = Math.log(v);
  const gammaTerms = new Map<number, number>();
  let total = 0;
  for (let i = 0; i < data.x.length; i++) {
    const x = data.x[i];
    const px = p * x;
    let g = gammaTerms.get(x);
    if (g === undefined) {
      g = lnGamma(px + q) - lnGamma(px) - lnGammaQ;
      gammaTerms.set(x, g);
    }
    total += g + q * lnV + (px - 1) * data.lnM[i] + px * data.lnX[i] - (px + q) * Math.log(v + x * data.m[i]);
  }
  return total;
}

/** The Gamma-Gamma log-likelihood of customers with x ≥ 1 and mean repeat value > 0. */
export function gammaGammaLogLikelihood(params: GammaGammaParams, customers: readonly RepeatSpend[]): number {
  requireGammaGammaParams(params);
  return gammaGammaLogLikelihoodOf(params, prepareSpend(customers));
}

export type GammaGammaFit = {
  params: GammaGammaParams;
  logLikelihood: number;
  customers: number;
  converged: boolean;
  iterations: number;
};

/** Fit Gamma-Gamma by maximum likelihood to the customers with repeat purchases (x ≥ 1). */
export function fitGammaGamma(customers: readonly RepeatSpend[], options: FitOptions<GammaGammaParams> = {}): GammaGammaFit {
  if (customers.length === 0) throw new RangeError("fitGammaGamma needs at least one customer");
  const data = prepareSpend(customers);
  const n = customers.length;
  const meanSpend = data.m.reduce((s, m) => s + m, 0) / n;
  // Each start puts the population mean spend pv/(q−1) at the observed mean.
  const starts = options.starts ?? [
    { p: 1, q: 2, v: meanSpend },
    { p: 5, q: 5, v: 0.8 * meanSpend },
    { p: 0.5, q: 1.5, v: meanSpend },
  ];
  starts.forEach(requireGammaGammaParams);
  const toParams = (theta: readonly number[]): GammaGammaParams => ({
    p: Math.exp(theta[0]),
    q: Math.exp(theta[1]),
    v: Math.exp(theta[2]),
  });
  const optimum = maximise(
    (theta) => gammaGammaLogLikelihoodOf(toParams(theta), data) / n,
    starts.map((s) => [s.p, s.q, s.v].map(Math.log)),
    options.maxIterations ?? 3000,
  );
  const params = toParams(optimum.theta);
  return {
    params,
    logLikelihood: gammaGammaLogLikelihoodOf(params, data),
    customers: n,
    converged: optimum.converged,
    iterations: optimum.iterations,
  };
}

/**
 * E[M | p, q, v, x, m̄] = p(v + x·m̄)/(px + q − 1) (FHL 2005 JMR, eq. 4): the mean of the
 * population, pv/(q−1), weighted (q−1)/(px+q−1), and the customer's own mean m̄, weighted
 * px/(px+q−1). x = 0 gives the population mean. Needs q > 1 (else the mean is infinite).
 */
export function expectedOrderValue(params: GammaGammaParams, x: number, meanValue: number): number {
  requireGammaGammaParams(params);
  if (!(params.q > 1)) throw new RangeError(`expected order value needs q > 1, got q = ${params.q}`);
  if (!Number.isInteger(x) || x < 0) throw new RangeError(`x must be a whole number ≥ 0, got ${x}`);
  if (x > 0) requirePositive(meanValue, "meanValue");
  const { p, q, v } = params;
  return (p * (v + x * (x > 0 ? meanValue : 0))) / (p * x + q - 1);
}

// ---------------------------------------------------------------------------------------------
// Predicted CLV
// ---------------------------------------------------------------------------------------------

export type ClvInput = {
  bgnbd: BgNbdParams;
  history: PurchaseHistory;
  expectedOrderValue: number;
  /** Monthly discount rate d (SPEC §6 setting, default 1% = 0.01). */
  monthlyDiscountRate: number;
  months?: number;
  daysPerMonth?: number;
};

/**
 * SPEC §6: Σ_{i=1..months} EOV · (E[purchases by month i] − E[purchases by month i−1]) / (1+d)^i,
 * where E[purchases by month i] is E[Y(i · daysPerMonth) | x, t_x, T].
 */
export function predictedClv({
  bgnbd,
  history,
  expectedOrderValue: orderValue,
  monthlyDiscountRate,
  months = 12,
  daysPerMonth = DAYS_PER_MONTH,
}: ClvInput): number {
  if (!Number.isFinite(orderValue)) throw new RangeError(`expected order value must be finite, got ${orderValue}`);
  if (!(monthlyDiscountRate > -1) || !Number.isFinite(monthlyDiscountRate)) {
    throw new RangeError(`monthly discount rate must be > −1, got ${monthlyDiscountRate}`);
  }
  if (!Number.isInteger(months) || months < 0) throw new RangeError(`months must be a whole number ≥ 0, got ${months}`);
  requirePositive(daysPerMonth, "daysPerMonth");
  let clv = 0;
  let before = 0;
  for (let i = 1; i <= months; i++) {
    const byMonth = expectedPurchases(bgnbd, history, i * daysPerMonth);
    clv += (orderValue * (byMonth - before)) / (1 + monthlyDiscountRate) ** i;
    before = byMonth;
  }
  return clv;
}

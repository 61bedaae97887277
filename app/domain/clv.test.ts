import { describe, expect, it } from "vitest";
import {
  DAYS_PER_MONTH,
  MIN_REPEAT_CUSTOMERS,
  bgnbdLogLikelihood,
  clvFitEligibility,
  expectedOrderValue,
  expectedPurchases,
  expectedPurchasesNewCustomer,
  fitBgNbd,
  fitGammaGamma,
  gammaGammaLogLikelihood,
  pAlive,
  predictedClv,
  purchaseHistory,
  repeatSpend,
  type BgNbdParams,
  type GammaGammaParams,
  type PurchaseHistory,
  type RepeatSpend,
} from "./clv";
import { mulberry32, sampleBeta, sampleExponential, sampleGamma } from "~db/random";
import { hyp2f1 } from "./stats";

/**
 * The paper's CDNOW estimates (time unit: weeks): Fader, Hardie & Lee (2005), "Counting Your
 * Customers the Easy Way", Marketing Science 24(2), p. 280: r = 0.243, α = 4.414, a = 0.793,
 * b = 2.426.
 */
const CDNOW: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

/** The published estimates are rounded to 3 decimals: every corner of that rounding box. */
function roundingBox(p: BgNbdParams): BgNbdParams[] {
  const corners: BgNbdParams[] = [];
  for (let m = 0; m < 16; m++) {
    corners.push({
      r: p.r + (m & 1 ? 5e-4 : -5e-4),
      alpha: p.alpha + (m & 2 ? 5e-4 : -5e-4),
      a: p.a + (m & 4 ? 5e-4 : -5e-4),
      b: p.b + (m & 8 ? 5e-4 : -5e-4),
    });
  }
  return corners;
}

/** The paper's eq. 10 written out literally, with the plain ₂F₁ series (for moderate inputs). */
function paperEquation10(p: BgNbdParams, h: PurchaseHistory, t: number): number {
  const { r, alpha, a, b } = p;
  const { x, tx, T } = h;
  const z = t / (alpha + T + t);
  const bracket = 1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z);
  const denominator = 1 + (x > 0 ? (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x) : 0);
  return (((a + b + x - 1) / (a - 1)) * bracket) / denominator;
}

describe("purchaseHistory", () => {
  it("measures x, t_x and T in calendar days from the purchase days", () => {
    // First 2024-01-01, last 2024-03-01: 31 (Jan) + 29 (Feb, leap year) = 60 days.
    // As of 2024-04-01: 31 + 29 + 31 = 91 days. Repeat days: Feb 15, Mar 1 → x = 2.
    expect(purchaseHistory(["2024-03-01", "2024-01-01", "2024-02-15"], "2024-04-01")).toEqual({ x: 2, tx: 60, T: 91 });
  });

  it("counts a day with two orders once", () => {
    expect(purchaseHistory(["2024-01-01", "2024-01-01", "2024-01-11"], "2024-01-31")).toEqual({ x: 1, tx: 10, T: 30 });
  });

  it("ignores purchases after the as-of day and counts one on it", () => {
    expect(purchaseHistory(["2024-01-01", "2024-05-01"], "2024-04-01")).toEqual({ x: 0, tx: 0, T: 91 });
    // Across a year end: 2023-12-31 → 2024-01-02 is 2 days.
    expect(purchaseHistory(["2023-12-31", "2024-01-02"], "2024-01-02")).toEqual({ x: 1, tx: 2, T: 2 });
  });

  it("is null without a purchase on or before the as-of day, and rejects bad dates", () => {
    expect(purchaseHistory([], "2024-04-01")).toBeNull();
    expect(purchaseHistory(["2024-04-02"], "2024-04-01")).toBeNull();
    expect(() => purchaseHistory(["2023-02-29"], "2024-04-01")).toThrow(RangeError);
    expect(() => purchaseHistory(["2024-01-01"], "2024/04/01")).toThrow(RangeError);
  });
});

describe("repeatSpend", () => {
  it("averages the repeat purchase days' values, leaving out the first day", () => {
    const orders = [
      { day: "2024-01-01", value: 500 },
      { day: "2024-01-10", value: 100 },
      { day: "2024-01-10", value: 300 },
      { day: "2024-02-01", value: 200 },
      { day: "2024-06-01", value: 9_999 },
    ];
    // Repeat days as of 2024-03-01: Jan 10 (100 + 300 = 400) and Feb 1 (200); mean 300.
    expect(repeatSpend(orders, "2024-03-01")).toEqual({ x: 2, meanValue: 300 });
    expect(repeatSpend(orders.slice(0, 1), "2024-03-01")).toBeNull();
  });
});

describe("clvFitEligibility", () => {
  const histories = (repeaters: number) => [
    ...Array.from({ length: repeaters }, () => ({ x: 2 })),
    ...Array.from({ length: 100 }, () => ({ x: 0 })),
  ];

  it("fits from 30 customers with repeat purchases", () => {
    expect(MIN_REPEAT_CUSTOMERS).toBe(30);
    expect(clvFitEligibility(histories(30))).toEqual({ fit: true, repeatCustomers: 30 });
  });

  it("does not fit with fewer, and says why", () => {
    const verdict = clvFitEligibility(histories(29));
    expect(verdict.fit).toBe(false);
    if (verdict.fit) return;
    expect(verdict).toMatchObject({ repeatCustomers: 29, required: 30, code: "too_few_repeat_customers" });
    expect(verdict.reason).toBe("Only 29 customers have repeat purchases; the CLV models need at least 30.");
    expect(clvFitEligibility([]).fit).toBe(false);
  });
});

describe("BG/NBD log-likelihood", () => {
  it("matches the likelihood worked out by hand for small cases", () => {
    // x = 0: L = (α/(α+T))^r (both beta ratios are 1).
    expect(bgnbdLogLikelihood({ r: 0.5, alpha: 3, a: 2, b: 5 }, [{ x: 0, tx: 0, T: 9 }])).toBeCloseTo(0.5 * Math.log(3 / 12), 13);
    // x = 1, r = 1, α = 2, a = b = 1, t_x = 1, T = 2:
    // L = B(1,2)/B(1,1) · Γ(2)·2/(Γ(1)·4²) + B(2,1)/B(1,1) · Γ(2)·2/(Γ(1)·3²) = ½·2/16 + ½·2/9 = 25/144.
    expect(bgnbdLogLikelihood({ r: 1, alpha: 2, a: 1, b: 1 }, [{ x: 1, tx: 1, T: 2 }])).toBeCloseTo(Math.log(25 / 144), 13);
    // x = 2, r = α = a = b = 1, t_x = T = 1: L = B(1,3)·Γ(3)/2³ + B(2,2)·Γ(3)/2³ = (1/3)(2/8) + (1/6)(2/8) = 1/8.
    expect(bgnbdLogLikelihood({ r: 1, alpha: 1, a: 1, b: 1 }, [{ x: 2, tx: 1, T: 1 }])).toBeCloseTo(Math.log(1 / 8), 13);
  });

  it("adds up over customers", () => {
    const c1 = { x: 3, tx: 20, T: 35 };
    const c2 = { x: 0, tx: 0, T: 12 };
    const both = bgnbdLogLikelihood(CDNOW, [c1, c2, c1]);
    expect(both).toBeCloseTo(2 * bgnbdLogLikelihood(CDNOW, [c1]) + bgnbdLogLikelihood(CDNOW, [c2]), 10);
  });

  it("stays finite for extreme inputs", () => {
    const extremes: PurchaseHistory[] = [
      { x: 0, tx: 0, T: 0 },
      { x: 1000, tx: 0.5, T: 1 },
      { x: 5000, tx: 1e-6, T: 1e6 },
      { x: 1, tx: 1e9, T: 1e9 },
    ];
    for (const params of [CDNOW, { r: 1e-6, alpha: 1e8, a: 1e-4, b: 1e5 }, { r: 50, alpha: 1e-3, a: 30, b: 1e-3 }]) {
      for (const c of extremes) expect(Number.isFinite(bgnbdLogLikelihood(params, [c]))).toBe(true);
    }
    // T = 0 with x = 0: (α/α)^r = 1.
    expect(bgnbdLogLikelihood(CDNOW, [{ x: 0, tx: 0, T: 0 }])).toBe(0);
  });

  it("rejects impossible inputs", () => {
    expect(() => bgnbdLogLikelihood({ ...CDNOW, r: 0 }, [])).toThrow(RangeError);
    expect(() => bgnbdLogLikelihood(CDNOW, [{ x: 1, tx: 5, T: 4 }])).toThrow(RangeError);
    expect(() => bgnbdLogLikelihood(CDNOW, [{ x: 1.5, tx: 1, T: 4 }])).toThrow(RangeError);
  });
});

describe("BG/NBD predictions", () => {
  it("reproduces the paper's E[Y(39) | x = 2, t_x = 30.43, T = 38.86] = 1.226", () => {
    // FHL 2005, section 5 (their customer 1, also in the accompanying spreadsheet): 1.226.
    expect(Math.abs(expectedPurchases(CDNOW, { x: 2, tx: 30.43, T: 38.86 }, 39) - 1.226)).toBeLessThan(5e-4);
  });

  it("reproduces the BG/NBD spreadsheet's E[X(t)] within the rounding of the published parameters", () => {
    // Fader & Hardie's BG/NBD spreadsheet (brucehardie.com, note 004), as checked by the
    // lifetimes library's test_expectation_returns_same_value_Hardie_excel_sheet. The sheet uses
    // unrounded estimates, so each value must lie between the extremes over the box of
    // parameters that round to the published ones (E[X(t)] is monotone in each parameter, so the
    // corners bound it), widened by half a unit of the value's own 4th decimal.
    const published: [number, number][] = [
      [0.1429, 0.0078],
      [1, 0.0532],
      [3, 0.1506],
      [31.8571, 1.0405],
      [32, 1.0437],
      [78, 1.8576],
    ];
    for (const [t, value] of published) {
      const range = roundingBox(CDNOW).map((p) => expectedPurchasesNewCustomer(p, t));
      expect(value).toBeGreaterThanOrEqual(Math.min(...range) - 5e-5);
      expect(value).toBeLessThanOrEqual(Math.max(...range) + 5e-5);
    }
  });

  it("agrees with the paper's eq. 10 computed literally", () => {
    const cases: [BgNbdParams, PurchaseHistory, number][] = [
      [CDNOW, { x: 2, tx: 30.43, T: 38.86 }, 39],
      [CDNOW, { x: 0, tx: 0, T: 38.86 }, 52],
      [CDNOW, { x: 15, tx: 37, T: 38 }, 20],
      [{ r: 0.8, alpha: 60, a: 0.6, b: 3 }, { x: 4, tx: 300, T: 500 }, 365.25],
      [{ r: 0.8, alpha: 60, a: 0.6, b: 3 }, { x: 0, tx: 0, T: 0 }, 365.25],
      [{ r: 2, alpha: 10, a: 3, b: 0.5 }, { x: 40, tx: 700, T: 720 }, 30],
      [{ r: 0.1, alpha: 1, a: 0.2, b: 0.3 }, { x: 1, tx: 2, T: 3 }, 365.25],
    ];
    for (const [p, h, t] of cases) {
      const literal = paperEquation10(p, h, t);
      expect(Math.abs(expectedPurchases(p, h, t) / literal - 1)).toBeLessThan(1e-10);
    }
  });

  it("is continuous through a = 1, where the paper's formula is 0/0", () => {
    const h = { x: 3, tx: 100, T: 200 };
    const at = (a: number) => expectedPurchases({ r: 1, alpha: 30, a, b: 2 }, h, 365.25);
    expect(Number.isFinite(at(1))).toBe(true);
    expect(Math.abs(at(1) - at(1 + 1e-7))).toBeLessThan(1e-6);
    expect(Math.abs(at(1) - at(1 - 1e-7))).toBeLessThan(1e-6);
    // Either side agrees with the literal formula a little away from the singularity.
    expect(at(1.001) / paperEquation10({ r: 1, alpha: 30, a: 1.001, b: 2 }, h, 365.25)).toBeCloseTo(1, 10);
  });

  it("tends to the no-dropout NBD when p ≈ 0", () => {
    // With a tiny and b huge, mean p = a/(a+b) = 1e-6 and the model is the NBD: the posterior of
    // λ is Gamma(r + x, α + T), so E[Y(t)] = t(r + x)/(α + T) and E[X(t)] = rt/α.
    const p = { r: 2, alpha: 10, a: 1e-3, b: 1e3 };
    // (2 + 3)/(10 + 10) · 4 = 1
    expect(expectedPurchases(p, { x: 3, tx: 5, T: 10 }, 4)).toBeCloseTo(1, 4);
    // 2 · 5/10 = 1
    expect(expectedPurchasesNewCustomer(p, 5)).toBeCloseTo(1, 4);
  });

  it("tends to E[1/p] = (a+b−1)/(a−1) purchases over an unbounded horizon", () => {
    // A new customer buys until the dropout after a repeat purchase: Geometric(p) repeat
    // purchases with mean 1/p, and E[1/p] = (a+b−1)/(a−1) for p ~ Beta(a, b), a > 1.
    // With a = 3, b = 3: 5/2. What is left at time t is (a+b−1)/(a−1) · u^r · ₂F₁(r, b; a+b−1; z),
    // u = α/(α+t) = 1 − z. With r = 3 that ₂F₁(3, 3; 5; z) grows like Γ(5)Γ(1)/(Γ(3)Γ(3)) / u =
    // 6/u near z = 1, so the remainder is about (5/2) · 6 · u² = 15u² ≈ 1.5e-7 at t = 1e4.
    expect(expectedPurchasesNewCustomer({ r: 3, alpha: 1, a: 3, b: 3 }, 1e4)).toBeCloseTo(2.5, 6);
    expect(expectedPurchasesNewCustomer({ r: 3, alpha: 1, a: 3, b: 3 }, 1e4)).toBeLessThan(2.5);
  });

  it("stays finite and bounded for customers with very many purchases", () => {
    // Alive-branch bound: E[Y(t)] ≤ P(alive) · t(r+x)/(α+T), since E[Y(t) | λ, p, alive] =
    // (1 − e^(−λpt))/p ≤ λt and the alive branch's posterior mean of λ is (r+x)/(α+T).
    const p = { r: 0.8, alpha: 60, a: 0.6, b: 3 };
    for (const h of [
      { x: 500, tx: 719, T: 720 },
      { x: 2000, tx: 700, T: 720 },
      { x: 300, tx: 100, T: 720 },
    ]) {
      const e = expectedPurchases(p, h, 365.25);
      expect(Number.isFinite(e)).toBe(true);
      expect(e).toBeGreaterThanOrEqual(0);
      expect(e).toBeLessThanOrEqual((pAlive(p, h) * 365.25 * (p.r + h.x)) / (p.alpha + h.T) + 1e-9);
    }
    // A buyer who stopped long ago is almost surely gone.
    expect(pAlive(p, { x: 300, tx: 100, T: 720 })).toBeLessThan(1e-100);
  });

  it("gives a one-time buyer P(alive) = 1 and fewer expected purchases the longer ago they bought", () => {
    const p = { r: 0.8, alpha: 60, a: 0.6, b: 3 };
    const expected = [0, 30, 180, 720].map((T) => {
      const h = { x: 0, tx: 0, T };
      expect(pAlive(p, h)).toBe(1);
      return expectedPurchases(p, h, 365.25);
    });
    expect(expected[3]).toBeGreaterThan(0);
    for (let i = 1; i < expected.length; i++) expect(expected[i]).toBeLessThan(expected[i - 1]);
  });

  it("computes P(alive) as the paper's eq. 9", () => {
    // 1/(1 + a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)) for the paper's customer 1:
    // a/(b+1) = 0.793/3.426 = 0.231465; (43.274/34.844)^2.243 = 1.241935^2.243 = e^(2.243·0.216671)
    // = e^0.485993 = 1.625789; 0.231465 · 1.625789 = 0.376314; 1/1.376314 = 0.726579.
    expect(pAlive(CDNOW, { x: 2, tx: 30.43, T: 38.86 })).toBeCloseTo(0.726579, 5);
    // Buying more recently makes a customer more likely alive.
    expect(pAlive(CDNOW, { x: 2, tx: 38, T: 38.86 })).toBeGreaterThan(pAlive(CDNOW, { x: 2, tx: 30.43, T: 38.86 }));
  });

  it("refuses, rather than hangs, when z = t/(α+T+t) is within a few millionths of 1", () => {
    // 1 − z = α/(α+t) = 0.001/365.251 ≈ 2.7e-6: the series would need some 10⁷ terms.
    expect(() => expectedPurchases({ r: 1, alpha: 1e-3, a: 0.5, b: 2 }, { x: 0, tx: 0, T: 0 }, 365.25)).toThrow(
      /did not converge/,
    );
  });

  it("expects nothing in no time and refuses negative horizons", () => {
    expect(expectedPurchases(CDNOW, { x: 2, tx: 30.43, T: 38.86 }, 0)).toBe(0);
    expect(() => expectedPurchases(CDNOW, { x: 2, tx: 30.43, T: 38.86 }, -1)).toThrow(RangeError);
  });
});

describe("Gamma-Gamma", () => {
  it("matches the density worked out by hand", () => {
    // f = Γ(px+q)/(Γ(px)Γ(q)) · v^q · m̄^(px−1) · x^(px) / (v + x·m̄)^(px+q).
    // p = q = v = 1, x = 1, m̄ = 1: Γ(2)/(Γ(1)Γ(1)) · 1 · 1 · 1 / 2² = 1/4.
    expect(gammaGammaLogLikelihood({ p: 1, q: 1, v: 1 }, [{ x: 1, meanValue: 1 }])).toBeCloseTo(Math.log(1 / 4), 13);
    // p = 1, q = 2, v = 3, x = 2, m̄ = 1.5: Γ(4)/(Γ(2)Γ(2)) · 3² · 1.5 · 2² / 6⁴ = 6·9·1.5·4/1296 = 1/4.
    expect(gammaGammaLogLikelihood({ p: 1, q: 2, v: 3 }, [{ x: 2, meanValue: 1.5 }])).toBeCloseTo(Math.log(1 / 4), 13);
  });

  it("reproduces the Gamma-Gamma spreadsheet's expected spend for CDNOW customers", () => {
    // Parameters: FHL 2005 (JMR), "RFM and CLV", CDNOW: p = 6.25, q = 3.74, v = 15.44.
    // (x, m̄) of CDNOW customers 1, 2, 3, 6, 9 and E[M] from Fader & Hardie's spreadsheet for
    // note 025 (brucehardie.com/notes/025), as checked by lifetimes'
    // test_conditional_expected_average_profit (atol 0.1: the sheet uses unrounded estimates).
    const cdnow: GammaGammaParams = { p: 6.25, q: 3.74, v: 15.44 };
    const published: [number, number, number][] = [
      [2, 22.35, 24.65],
      [1, 11.77, 18.91],
      [0, 0, 35.17],
      [7, 73.74, 71.46],
      [2, 25.55, 27.28],
    ];
    for (const [x, m, value] of published) expect(Math.abs(expectedOrderValue(cdnow, x, m) - value)).toBeLessThan(0.1);
  });

  it("weights the population mean and the customer's own mean", () => {
    const params = { p: 6, q: 4, v: 3000 };
    // Population mean pv/(q−1) = 6·3000/3 = 6000.
    expect(expectedOrderValue(params, 0, 0)).toBeCloseTo(6000, 9);
    // x = 1, m̄ = 1000: (q−1)/(p+q−1) = 3/9, p/(p+q−1) = 6/9 → 6000/3 + 1000·2/3 = 2666.67;
    // the formula's p(v + x·m̄)/(px+q−1) = 6·4000/9 says the same.
    expect(expectedOrderValue(params, 1, 1000)).toBeCloseTo(24000 / 9, 9);
    // Many purchases: the customer's own mean dominates.
    expect(expectedOrderValue(params, 10_000, 1000) / 1000).toBeCloseTo(1, 3);
    expect(() => expectedOrderValue({ p: 6, q: 1, v: 3000 }, 1, 1000)).toThrow(RangeError);
    expect(() => gammaGammaLogLikelihood(params, [{ x: 0, meanValue: 1 }])).toThrow(RangeError);
    expect(() => gammaGammaLogLikelihood(params, [{ x: 1, meanValue: 0 }])).toThrow(RangeError);
  });
});

describe("predictedClv", () => {
  const bgnbd = { r: 0.8, alpha: 60, a: 0.6, b: 3 };
  const history = { x: 4, tx: 300, T: 400 };

  it("with d = 0 is the expected order value times the purchases expected in 12 × 30.4375 days", () => {
    // The monthly increments telescope: Σ (E_i − E_{i−1}) = E_12 − E_0 = E[Y(365.25)].
    const clv = predictedClv({ bgnbd, history, expectedOrderValue: 250, monthlyDiscountRate: 0 });
    expect(clv).toBeCloseTo(250 * expectedPurchases(bgnbd, history, 12 * DAYS_PER_MONTH), 9);
    expect(12 * DAYS_PER_MONTH).toBe(365.25);
  });

  it("discounts each month's purchases by (1 + d)^i", () => {
    const undiscounted = predictedClv({ bgnbd, history, expectedOrderValue: 250, monthlyDiscountRate: 0 });
    const discounted = predictedClv({ bgnbd, history, expectedOrderValue: 250, monthlyDiscountRate: 0.01 });
    expect(discounted).toBeLessThan(undiscounted);
    // Every month is discounted by at least 1.01 and at most 1.01^12.
    expect(discounted).toBeLessThan(undiscounted / 1.01);
    expect(discounted).toBeGreaterThan(undiscounted / 1.01 ** 12);
    // One month: EOV · E[Y(30.4375)] / 1.01.
    const oneMonth = predictedClv({ bgnbd, history, expectedOrderValue: 250, monthlyDiscountRate: 0.01, months: 1 });
    expect(oneMonth).toBeCloseTo((250 * expectedPurchases(bgnbd, history, DAYS_PER_MONTH)) / 1.01, 9);
  });

  it("is zero without expected value and refuses nonsense settings", () => {
    expect(predictedClv({ bgnbd, history, expectedOrderValue: 0, monthlyDiscountRate: 0.01 })).toBe(0);
    expect(() => predictedClv({ bgnbd, history, expectedOrderValue: 1, monthlyDiscountRate: -1 })).toThrow(RangeError);
    expect(() => predictedClv({ bgnbd, history, expectedOrderValue: 1, monthlyDiscountRate: 0, months: 1.5 })).toThrow(
      RangeError,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Parameter recovery from simulated customers
// ---------------------------------------------------------------------------------------------

/**
 * The BG/NBD story, simulated: λ ~ Gamma(r, rate α), p ~ Beta(a, b); from the first purchase at
 * time 0, purchases follow a Poisson process at rate λ; after each *repeat* purchase the customer
 * drops out with probability p (the likelihood's (1−p)^x and p(1−p)^(x−1) terms: no dropout
 * right after the first purchase). Observed for T ~ U(180, 720) days.
 */
function simulateBgNbd(seed: number, n: number, truth: BgNbdParams): PurchaseHistory[] {
  const random = mulberry32(seed);
  const customers: PurchaseHistory[] = [];
  for (let i = 0; i < n; i++) {
    const lambda = sampleGamma(random, truth.r, truth.alpha);
    const dropout = sampleBeta(random, truth.a, truth.b);
    const T = 180 + 540 * random();
    let t = 0;
    let x = 0;
    let tx = 0;
    for (;;) {
      t += sampleExponential(random, lambda);
      if (t > T) break;
      x++;
      tx = t;
      if (random() < dropout) break;
    }
    customers.push({ x, tx, T });
  }
  return customers;
}

/**
 * The Gamma-Gamma story: ν ~ Gamma(q, rate v) per customer, each transaction's value
 * z ~ Gamma(p, rate ν), and m̄ the mean of x repeat transactions, x = 1 + ⌊Exp(mean 3)⌋.
 */
function simulateGammaGamma(seed: number, n: number, truth: GammaGammaParams): RepeatSpend[] {
  const random = mulberry32(seed);
  const customers: RepeatSpend[] = [];
  for (let i = 0; i < n; i++) {
    const x = 1 + Math.floor(sampleExponential(random, 1 / 3));
    const nu = sampleGamma(random, truth.q, truth.v);
    let total = 0;
    for (let k = 0; k < x; k++) total += sampleGamma(random, truth.p, nu);
    customers.push({ x, meanValue: total / x });
  }
  return customers;
}

function relativeError(estimate: number, truth: number): number {
  return Math.abs(estimate / truth - 1);
}

describe("parameter recovery", () => {
  // Tolerances: fits of 20 seeds (1–20) of these very simulations, run once while writing this
  // test, gave these relative standard deviations of the estimates (≈ their standard errors):
  //   BG/NBD, 5,000 customers: r 1.9%, α 2.2%, a 8.3%, b 11.4%; mean λ = r/α 2.0%;
  //                             mean p = a/(a+b) 4.2%.
  //   Gamma-Gamma, 4,000 customers: p 9.1%, q 3.9%, v 13.3%; mean spend pv/(q−1) 1.2%.
  // Each tolerance is about 3 of those standard deviations, rounded up. a and b (and p and v)
  // are loose because they are strongly correlated; the population means they imply are tight.
  // Whatever the estimates, the maximum-likelihood fit must do at least as well as the truth.

  it("recovers BG/NBD parameters from 5,000 simulated B2B customers (daily scale)", () => {
    const truth = { r: 0.8, alpha: 60, a: 0.6, b: 3 };
    const customers = simulateBgNbd(1, 5000, truth);
    const started = performance.now();
    const fit = fitBgNbd(customers);
    const elapsedMs = performance.now() - started;

    expect(fit.converged).toBe(true);
    expect(fit.customers).toBe(5000);
    expect(fit.logLikelihood).toBeCloseTo(bgnbdLogLikelihood(fit.params, customers), 9);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(bgnbdLogLikelihood(truth, customers) - 1e-6);
    expect(relativeError(fit.params.r, truth.r)).toBeLessThan(0.06);
    expect(relativeError(fit.params.alpha, truth.alpha)).toBeLessThan(0.07);
    expect(relativeError(fit.params.a, truth.a)).toBeLessThan(0.25);
    expect(relativeError(fit.params.b, truth.b)).toBeLessThan(0.35);
    expect(relativeError(fit.params.r / fit.params.alpha, truth.r / truth.alpha)).toBeLessThan(0.06);
    expect(relativeError(fit.params.a / (fit.params.a + fit.params.b), truth.a / (truth.a + truth.b))).toBeLessThan(0.13);
    // Measured at about 0.6 s on the development machine; the bound leaves room for a busy CI.
    expect(elapsedMs).toBeLessThan(5000);
  });

  it("finds the same optimum from far-off starting points", () => {
    const customers = simulateBgNbd(2, 2000, { r: 0.8, alpha: 60, a: 0.6, b: 3 });
    const reference = fitBgNbd(customers);
    for (const start of [
      { r: 10, alpha: 10_000, a: 10, b: 0.1 },
      { r: 0.05, alpha: 1, a: 0.05, b: 50 },
    ]) {
      const fit = fitBgNbd(customers, { starts: [start] });
      expect(fit.converged).toBe(true);
      expect(fit.logLikelihood).toBeCloseTo(reference.logLikelihood, 5);
      expect(relativeError(fit.params.b, reference.params.b)).toBeLessThan(1e-3);
    }
  });

  it("says so when the data have no interior optimum", () => {
    // Nobody ever buys again: the likelihood keeps rising as r/α → 0, off to the fence.
    const fit = fitBgNbd(Array.from({ length: 200 }, (_, i) => ({ x: 0, tx: 0, T: 100 + i })));
    expect(fit.converged).toBe(false);
  });

  it("recovers Gamma-Gamma parameters from 4,000 simulated repeat customers", () => {
    const truth = { p: 6, q: 4, v: 3000 };
    const customers = simulateGammaGamma(1001, 4000, truth);
    const fit = fitGammaGamma(customers);

    expect(fit.converged).toBe(true);
    expect(fit.customers).toBe(4000);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(gammaGammaLogLikelihood(truth, customers) - 1e-6);
    expect(relativeError(fit.params.p, truth.p)).toBeLessThan(0.3);
    expect(relativeError(fit.params.q, truth.q)).toBeLessThan(0.12);
    expect(relativeError(fit.params.v, truth.v)).toBeLessThan(0.4);
    const meanSpend = ({ p, q, v }: GammaGammaParams) => (p * v) / (q - 1);
    expect(relativeError(meanSpend(fit.params), meanSpend(truth))).toBeLessThan(0.04);
  });
});

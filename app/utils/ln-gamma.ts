/**
 * ln|Γ(x)|, the log-gamma function that the CLV models' likelihoods are written in.
 *
 * Three pieces, so that the relative error stays within a few units in the last place everywhere,
 * including next to lnΓ's zeros at 1 and 2 (where a single Lanczos sum keeps only its absolute
 * error, about 1e-16, and so loses all relative accuracy as lnΓ(x) → 0):
 *
 *  - on [1.5, 2.5) a power series about 2 whose terms shrink like (|x − 2|/2)^k (Abramowitz and
 *    Stegun 6.1.41 shifted by one); [0.5, 1.5) and (0, 0.5) step up to it by lnΓ(x) = lnΓ(x+1) − ln x;
 *  - on [2.5, 10) the recurrence steps down to [1.5, 2.5) (x − k is exact in floating point);
 *  - from 10 the Stirling series, whose first omitted term is below 2e-18 there.
 *
 * Negative arguments go through the reflection formula; the poles (0, −1, −2, …) give +∞.
 */

/** (−1)^k (ζ(k) − 1)/k for k = 2, 3, …, 30: the power series of lnΓ(2 + z) beyond its linear term. */
const SERIES_ABOUT_TWO = [
  0.3224670334241132, -0.0673523010531981, 0.020580808427784546, -0.007385551028673986, 0.0028905103307415234,
  -0.001192753911703261, 0.0005096695247430425, -0.00022315475845357939, 9.945751278180853e-5, -4.492623673813314e-5,
  2.050721277567069e-5, -9.439488275268397e-6, 4.374866789907488e-6, -2.039215753801366e-6, 9.55141213040742e-7,
  -4.492469198764566e-7, 2.1207184805554665e-7, -1.0043224823968099e-7, 4.7698101693639804e-8, -2.2711094608943164e-8,
  1.0838659214896955e-8, -5.183475041970047e-9, 2.4836745438024785e-9, -1.1921401405860912e-9, 5.731367241678862e-10,
  -2.7595228851242334e-10, 1.330476437424449e-10, -6.4229645638381e-11, 3.1044247747322276e-11,
];
/** 1 − γ (Euler–Mascheroni): the slope of lnΓ at 2. */
const ONE_MINUS_EULER_GAMMA = 0.42278433509846713;
/** B_2k / (2k(2k − 1)) for k = 1 … 8: the Stirling series' coefficients of x^−(2k−1). */
const STIRLING = [
  0.08333333333333333, -0.002777777777777778, 0.0007936507936507937, -0.0005952380952380953, 0.0008417508417508417,
  -0.0019175269175269176, 0.00641025641025641, -0.029550653594771242,
];
const HALF_LN_TWO_PI = 0.9189385332046728;
const LN_PI = 1.1447298858494002;
const STIRLING_FROM = 10;

/** lnΓ(2 + z) for |z| ≤ 0.5. */
function lnGammaNearTwo(z: number): number {
  let sum = 0;
  for (let k = SERIES_ABOUT_TWO.length - 1; k >= 0; k--) sum = sum * z + SERIES_ABOUT_TWO[k]!;
  return z * (ONE_MINUS_EULER_GAMMA + z * sum);
}

function lnGammaStirling(x: number): number {
  const inverse = 1 / x;
  const inverseSquared = inverse * inverse;
  let sum = 0;
  for (let k = STIRLING.length - 1; k >= 0; k--) sum = sum * inverseSquared + STIRLING[k]!;
  return (x - 0.5) * Math.log(x) - x + HALF_LN_TWO_PI + sum * inverse;
}

/** sin(πx) with the argument reduced exactly first, so that it is 0 at every integer. */
function sinPi(x: number): number {
  const r = x - 2 * Math.round(x / 2); // in [−1, 1], exact
  const a = Math.abs(r);
  const folded = a > 0.5 ? 1 - a : a; // sin(π(1 − a)) = sin(πa)
  return Math.sign(r) * Math.sin(Math.PI * folded);
}

/** ln|Γ(x)|: +∞ at the poles (0, −1, −2, …) and at ±∞; NaN for NaN. */
export function lnGamma(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x === Infinity || x === -Infinity) return Infinity;
  if (x <= 0) {
    if (Number.isInteger(x)) return Infinity;
    // Γ(x)Γ(1 − x) = π / sin(πx)
    return LN_PI - Math.log(Math.abs(sinPi(x))) - lnGamma(1 - x);
  }
  if (x < 0.5) return lnGammaNearTwo(x) - Math.log1p(x) - Math.log(x);
  if (x < 1.5) return lnGammaNearTwo(x - 1) - Math.log(x);
  if (x < 2.5) return lnGammaNearTwo(x - 2);
  if (x < STIRLING_FROM) {
    let reduced = x;
    let product = 1;
    while (reduced >= 2.5) {
      reduced -= 1;
      product *= reduced;
    }
    return lnGammaNearTwo(reduced - 2) + Math.log(product);
  }
  return lnGammaStirling(x);
}

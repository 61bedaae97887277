/** Money is held as integer minor units; these rules convert and present it exactly. */

const digitsCache = new Map<string, number>();

/** How many minor-unit digits a currency has (USD 2, JPY 0, KWD 3), as ISO 4217 says. */
export function minorDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsCache.set(currency, digits);
  }
  return digits;
}

/** Minor units as a decimal string in major units, exactly: 123456 USD → "1234.56". */
export function minorToDecimalString(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  const negative = minor < 0;
  const text = Math.abs(minor)
    .toString()
    .padStart(digits + 1, "0");
  const whole = digits === 0 ? text : text.slice(0, -digits);
  const fraction = digits === 0 ? "" : `.${text.slice(-digits)}`;
  return `${negative ? "-" : ""}${whole}${fraction}`;
}

/** n / d rounded half up (half away from zero for negative n), exactly. d must be positive. */
export function roundHalfUpDiv(n: bigint, d: bigint): bigint {
  if (d <= 0n) throw new RangeError("divisor must be positive");
  if (n < 0n) return -roundHalfUpDiv(-n, d);
  return (2n * n + d) / (2n * d);
}

function requireInteger(value: number, what: string, min = 0): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${what} must be an integer ≥ ${min}, got ${value}`);
  }
}

function requireBps(bps: number, what: string): void {
  requireInteger(bps, what);
  if (bps > 10_000) throw new RangeError(`${what} must be at most 10000 bps, got ${bps}`);
}

/** round-half-up(quantity × unit price × (1 − discount)), discount in basis points. */
export function lineTotalMinor(quantity: number, unitPriceMinor: number, discountBps = 0): number {
  requireInteger(quantity, "quantity");
  requireInteger(unitPriceMinor, "unit price");
  requireBps(discountBps, "line discount");
  const gross = BigInt(quantity) * BigInt(unitPriceMinor) * BigInt(10_000 - discountBps);
  return Number(roundHalfUpDiv(gross, 10_000n));
}

export type LineInput = {
  productId?: number | null;
  description?: string;
  quantity: number;
  unitPriceMinor: number;
  discountBps?: number;
};

export type DocumentTotals = {
  lineTotals: number[];
  subtotalMinor: number;
  discountMinor: number;
  totalMinor: number;
};

/** Line totals, their sum, the document discount (rounded half up) and what is left to pay. */
export function documentTotals(lines: LineInput[], discountBps = 0): DocumentTotals {
  requireBps(discountBps, "discount");
  const lineTotals = lines.map((l) => lineTotalMinor(l.quantity, l.unitPriceMinor, l.discountBps ?? 0));
  const subtotal = lineTotals.reduce((sum, t) => sum + BigInt(t), 0n);
  const discount = roundHalfUpDiv(subtotal * BigInt(discountBps), 10_000n);
  return {
    lineTotals,
    subtotalMinor: Number(subtotal),
    discountMinor: Number(discount),
    totalMinor: Number(subtotal - discount),
  };
}

/** A non-negative decimal string ("1.0850", "7", "0.139") as units / 10^scale, exactly. */
export function parseDecimal(text: string): { units: bigint; scale: bigint } {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) throw new RangeError(`Not a decimal number: ${JSON.stringify(text)}`);
  const fraction = match[2] ?? "";
  return { units: BigInt(match[1] + fraction), scale: 10n ** BigInt(fraction.length) };
}

/**
 * An amount in `currency` minor units converted to the base currency's minor units with the
 * decimal rate "1 unit of currency = rate units of base", rounded half up, without floats.
 */
export function toBaseMinor(amountMinor: number, fxRate: string, currency: string, baseCurrency: string): number {
  requireInteger(amountMinor, "amount", Number.MIN_SAFE_INTEGER);
  const { units, scale } = parseDecimal(fxRate);
  if (units === 0n) throw new RangeError("fx rate must be positive");
  // Minor units differ in size between currencies (JPY 0 digits, USD 2, KWD 3).
  const shift = minorDigits(baseCurrency) - minorDigits(currency);
  let numerator = BigInt(amountMinor) * units;
  let denominator = scale;
  if (shift > 0) numerator *= 10n ** BigInt(shift);
  if (shift < 0) denominator *= 10n ** BigInt(-shift);
  return Number(roundHalfUpDiv(numerator, denominator));
}

/**
 * A decimal amount typed by a person ("1,234.5", "0.10") as minor units, exactly, without ever
 * passing through a binary float. More decimals than the currency has are refused, not rounded.
 */
export function parseMoney(text: string, currency: string): number | null {
  const cleaned = text.trim().replace(/[,\s]/g, "");
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(cleaned);
  if (!match) return null;
  const digits = minorDigits(currency);
  const fraction = match[3] ?? "";
  if (fraction.length > digits) return null;
  const minor = BigInt(match[2]! + fraction.padEnd(digits, "0"));
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return Number(match[1] === "-" ? -minor : minor);
}

/** A percentage typed by a person ("12.5") as basis points (1250), exactly; at most 2 decimals. */
export function parsePercentToBps(text: string): number | null {
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  const bps = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  return bps <= 10_000 ? bps : null;
}

export function bpsToPercentString(bps: number): string {
  const whole = Math.floor(bps / 100);
  const rest = bps % 100;
  return rest === 0 ? String(whole) : `${whole}.${String(rest).padStart(2, "0").replace(/0$/, "")}`;
}

import { useFetcher } from "@remix-run/react";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "~/utils/use-translation";
import { bpsToPercentString, documentTotals, minorToDecimalString, parseMoney, parsePercentToBps } from "~/domain/money";
import { translateMessage } from "~/i18n";
import type { LineFields } from "~/schemas/document-lines";
import { useFormat } from "~/utils/use-format";

export type ProductOption = { id: number; sku: string; name: string };

const EMPTY: LineFields = { productId: "", description: "", quantity: "", unitPrice: "", discount: "" };

/** Lines as the form sent them back after a failed save, or as stored. */
export function linesFromValues(values: Record<string, string> | undefined): LineFields[] | undefined {
  if (!values) return undefined;
  const rows = new Map<number, LineFields>();
  for (const [key, value] of Object.entries(values)) {
    const match = /^lines\[(\d+)\]\.(\w+)$/.exec(key);
    if (!match) continue;
    const row = rows.get(Number(match[1])) ?? { ...EMPTY };
    (row as Record<string, string>)[match[2]!] = value;
    rows.set(Number(match[1]), row);
  }
  return [...rows.entries()].sort(([a], [b]) => a - b).map(([, row]) => row);
}

export function storedLines(
  lines: { productId: number | null; description: string; quantity: number; unitPriceMinor: number; discountBps: number }[],
  currency: string,
): LineFields[] {
  return lines.map((line) => ({
    productId: line.productId ? String(line.productId) : "",
    description: line.description,
    quantity: String(line.quantity),
    unitPrice: minorToDecimalString(line.unitPriceMinor, currency),
    discount: line.discountBps ? bpsToPercentString(line.discountBps) : "",
  }));
}

type PriceAnswer = {
  productId: number | null;
  price: { priceMinor: number; currency: string; source: "agreed" | "list" } | null;
};

function ProductPriceFetcher({
  customerId,
  productId,
  currency,
  onPrice,
}: {
  customerId: number;
  productId: string;
  currency: string;
  onPrice: (answer: PriceAnswer) => void;
}) {
  const fetcher = useFetcher<PriceAnswer>();
  // biome-ignore lint/correctness/useExhaustiveDependencies: a price is asked for when the line's product or terms change, not when the fetcher does.
  useEffect(() => {
    if (productId) fetcher.load(`/quotes/price?customerId=${customerId}&productId=${productId}&currency=${currency}`);
  }, [productId, customerId, currency]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new answer is passed on; the callback changes every render.
  useEffect(() => {
    if (fetcher.data) onPrice(fetcher.data);
  }, [fetcher.data]);
  return null;
}

/**
 * The lines of a quote or an order with live totals. The totals use the same rule as the server
 * (app/domain/money.ts), so what the page shows is what gets stored. Without scripts the spare
 * rows still work and the server computes everything.
 */
export function LinesEditor({
  initial,
  currency,
  discount,
  customerId,
  products,
  errors,
}: {
  initial: LineFields[];
  currency: string;
  discount: string;
  customerId: number;
  products: ProductOption[];
  errors?: Record<string, string[]>;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  // Spare empty rows let the form work without scripts; empty rows are ignored when saving.
  const [rows, setRows] = useState<LineFields[]>(() => {
    const spare = Math.max(3 - initial.length, initial.some((row) => Object.values(row).every((value) => !value)) ? 0 : 1);
    return [...initial, ...Array.from({ length: spare }, () => ({ ...EMPTY }))];
  });
  const [sources, setSources] = useState<Record<number, "agreed" | "list" | undefined>>({});
  const rowsRef = useRef(rows);
  rowsRef.current = rows;
  const update = (index: number, patch: Partial<LineFields>) =>
    setRows((current) => current.map((row, i) => (i === index ? { ...row, ...patch } : row)));

  const totals = useMemo(() => {
    const lines = rows
      .map((row) => ({
        quantity: Number(row.quantity.replace(/[,\s]/g, "")),
        unitPriceMinor: parseMoney(row.unitPrice, currency),
        discountBps: row.discount ? parsePercentToBps(row.discount) : 0,
      }))
      .map((line) =>
        Number.isInteger(line.quantity) &&
        line.quantity > 0 &&
        line.unitPriceMinor !== null &&
        line.unitPriceMinor >= 0 &&
        line.discountBps !== null
          ? { quantity: line.quantity, unitPriceMinor: line.unitPriceMinor, discountBps: line.discountBps }
          : null,
      );
    const valid = lines.filter((line): line is NonNullable<typeof line> => line !== null);
    const documentDiscount = discount ? parsePercentToBps(discount) : 0;
    try {
      const result = documentTotals(valid, documentDiscount ?? 0);
      let next = 0;
      return { ...result, perRow: lines.map((line) => (line ? result.lineTotals[next++] : null)) };
    } catch {
      return null;
    }
  }, [rows, currency, discount]);

  const fieldError = (index: number, field: string) =>
    errors?.[`lines[${index}].${field}`]?.map((message) => translateMessage(t, message)).join(" ");

  return (
    <fieldset className="space-y-2">
      <legend className="text-lg font-semibold">{t("documents.lines")}</legend>
      {errors?.lines ? (
        <p className="field-error" role="alert">
          {errors.lines.map((message) => translateMessage(t, message)).join(" ")}
        </p>
      ) : null}
      <div className="overflow-x-auto">
        <table className="data-table">
          <thead className="bg-slate-50">
            <tr>
              <th scope="col">{t("documents.product")}</th>
              <th scope="col">{t("documents.description")}</th>
              <th scope="col">{t("documents.quantity")}</th>
              <th scope="col">{t("documents.unitPrice", { currency })}</th>
              <th scope="col">{t("documents.lineDiscount")}</th>
              <th scope="col" className="text-right">
                {t("documents.lineTotal")}
              </th>
              <th scope="col">
                <span className="sr-only">{t("common.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => {
              const prefix = `lines[${index}]`;
              const label = (field: string) => `${t(`documents.${field}`, { currency })} ${index + 1}`;
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: a line is its position: its fields are named lines[index].
                <tr key={index} data-line={index}>
                  <td className="min-w-48">
                    <label className="sr-only" htmlFor={`${prefix}.productId`}>
                      {label("product")}
                    </label>
                    <select
                      id={`${prefix}.productId`}
                      name={`${prefix}.productId`}
                      className="field-input"
                      value={row.productId}
                      aria-invalid={fieldError(index, "productId") ? true : undefined}
                      onChange={(event) => {
                        const productId = event.currentTarget.value;
                        // A new product replaces a price that came from the previous product.
                        update(index, { productId, ...(sources[index] ? { unitPrice: "" } : {}) });
                        setSources((current) => ({ ...current, [index]: undefined }));
                      }}
                    >
                      <option value="">{t("documents.noProduct")}</option>
                      {products.map((product) => (
                        <option key={product.id} value={product.id}>
                          {product.sku} · {product.name}
                        </option>
                      ))}
                    </select>
                    {row.productId && !row.unitPrice ? (
                      <ProductPriceFetcher
                        customerId={customerId}
                        productId={row.productId}
                        currency={currency}
                        onPrice={({ productId, price }) => {
                          // Only an answer for the product still chosen, into a price still empty.
                          const current = rowsRef.current[index];
                          if (!price || price.currency !== currency || !current) return;
                          if (current.productId !== String(productId) || current.unitPrice) return;
                          update(index, { unitPrice: minorToDecimalString(price.priceMinor, currency) });
                          setSources((sourcesNow) => ({ ...sourcesNow, [index]: price.source }));
                        }}
                      />
                    ) : null}
                    {fieldError(index, "productId") ? <p className="field-error">{fieldError(index, "productId")}</p> : null}
                  </td>
                  <td className="min-w-48">
                    <label className="sr-only" htmlFor={`${prefix}.description`}>
                      {label("description")}
                    </label>
                    <input
                      id={`${prefix}.description`}
                      name={`${prefix}.description`}
                      className="field-input"
                      value={row.description}
                      onChange={(event) => update(index, { description: event.currentTarget.value })}
                      aria-invalid={fieldError(index, "description") ? true : undefined}
                    />
                    {fieldError(index, "description") ? <p className="field-error">{fieldError(index, "description")}</p> : null}
                  </td>
                  <td className="w-28">
                    <label className="sr-only" htmlFor={`${prefix}.quantity`}>
                      {label("quantity")}
                    </label>
                    <input
                      id={`${prefix}.quantity`}
                      name={`${prefix}.quantity`}
                      inputMode="numeric"
                      className="field-input"
                      value={row.quantity}
                      onChange={(event) => update(index, { quantity: event.currentTarget.value })}
                      aria-invalid={fieldError(index, "quantity") ? true : undefined}
                    />
                    {fieldError(index, "quantity") ? <p className="field-error">{fieldError(index, "quantity")}</p> : null}
                  </td>
                  <td className="w-36">
                    <label className="sr-only" htmlFor={`${prefix}.unitPrice`}>
                      {label("unitPrice")}
                    </label>
                    <input
                      id={`${prefix}.unitPrice`}
                      name={`${prefix}.unitPrice`}
                      inputMode="decimal"
                      className="field-input"
                      value={row.unitPrice}
                      onChange={(event) => {
                        update(index, { unitPrice: event.currentTarget.value });
                        setSources((current) => ({ ...current, [index]: undefined }));
                      }}
                      aria-invalid={fieldError(index, "unitPrice") ? true : undefined}
                    />
                    {sources[index] ? (
                      <p className="mt-1 text-xs text-slate-500" data-price-source={sources[index]}>
                        {t(`documents.priceSource.${sources[index]}`)}
                      </p>
                    ) : null}
                    {fieldError(index, "unitPrice") ? <p className="field-error">{fieldError(index, "unitPrice")}</p> : null}
                  </td>
                  <td className="w-24">
                    <label className="sr-only" htmlFor={`${prefix}.discount`}>
                      {label("lineDiscount")}
                    </label>
                    <input
                      id={`${prefix}.discount`}
                      name={`${prefix}.discount`}
                      inputMode="decimal"
                      className="field-input"
                      placeholder="0"
                      value={row.discount}
                      onChange={(event) => update(index, { discount: event.currentTarget.value })}
                      aria-invalid={fieldError(index, "discount") ? true : undefined}
                    />
                    {fieldError(index, "discount") ? <p className="field-error">{fieldError(index, "discount")}</p> : null}
                  </td>
                  <td className="whitespace-nowrap text-right tabular-nums" data-line-total>
                    {totals?.perRow[index] != null ? format.money(totals.perRow[index], currency) : ""}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="text-sm text-red-700 underline"
                      onClick={() =>
                        setRows((current) => (current.length > 1 ? current.filter((_, i) => i !== index) : [{ ...EMPTY }]))
                      }
                    >
                      {t("documents.removeLine")}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <button type="button" className="btn-secondary" onClick={() => setRows((current) => [...current, { ...EMPTY }])}>
        {t("documents.addLine")}
      </button>
      {totals ? (
        <dl className="ml-auto grid max-w-xs grid-cols-2 gap-1 text-sm" aria-live="polite">
          <dt>{t("documents.subtotal")}</dt>
          <dd className="text-right tabular-nums" data-total="subtotal">
            {format.money(totals.subtotalMinor, currency)}
          </dd>
          <dt>{t("documents.discount")}</dt>
          <dd className="text-right tabular-nums" data-total="discount">
            −{format.money(totals.discountMinor, currency)}
          </dd>
          <dt className="font-semibold">{t("documents.total")}</dt>
          <dd className="text-right font-semibold tabular-nums" data-total="total">
            {format.money(totals.totalMinor, currency)}
          </dd>
        </dl>
      ) : null}
    </fieldset>
  );
}

import { useTranslation } from "~/utils/use-translation";
import { bpsToPercentString } from "~/domain/money";
import { useFormat } from "~/utils/use-format";

type Line = {
  id: number;
  sku: string | null;
  description: string;
  quantity: number;
  unitPriceMinor: number;
  discountBps: number;
  lineTotalMinor: number;
};

/** The lines and totals of a quote or order, as stored (read-only; also used when printing). */
export function DocumentLines({
  lines,
  currency,
  discountBps,
  subtotalMinor,
  discountMinor,
  totalMinor,
}: {
  lines: Line[];
  currency: string;
  discountBps: number;
  subtotalMinor: number;
  discountMinor: number;
  totalMinor: number;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div className="space-y-2">
      <table className="data-table">
        <thead className="bg-slate-50">
          <tr>
            <th scope="col">{t("documents.description")}</th>
            <th scope="col" className="text-right">
              {t("documents.quantity")}
            </th>
            <th scope="col" className="text-right">
              {t("documents.unitPrice", { currency })}
            </th>
            <th scope="col" className="text-right">
              {t("documents.lineDiscount")}
            </th>
            <th scope="col" className="text-right">
              {t("documents.lineTotal")}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {lines.map((line) => (
            <tr key={line.id}>
              <td>
                {line.description}
                {line.sku ? <span className="block text-xs text-slate-500">{line.sku}</span> : null}
              </td>
              <td className="text-right tabular-nums">{format.number(line.quantity)}</td>
              <td className="text-right tabular-nums">{format.money(line.unitPriceMinor, currency)}</td>
              <td className="text-right tabular-nums">{line.discountBps ? `${bpsToPercentString(line.discountBps)}%` : ""}</td>
              <td className="text-right tabular-nums">{format.money(line.lineTotalMinor, currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="ml-auto grid max-w-xs grid-cols-2 gap-1 text-sm">
        <dt>{t("documents.subtotal")}</dt>
        <dd className="text-right tabular-nums">{format.money(subtotalMinor, currency)}</dd>
        {discountBps ? (
          <>
            <dt>
              {t("documents.discount")} ({bpsToPercentString(discountBps)}%)
            </dt>
            <dd className="text-right tabular-nums">−{format.money(discountMinor, currency)}</dd>
          </>
        ) : null}
        <dt className="font-semibold">{t("documents.total")}</dt>
        <dd className="text-right font-semibold tabular-nums" data-testid="document-total">
          {format.money(totalMinor, currency)}
        </dd>
      </dl>
    </div>
  );
}

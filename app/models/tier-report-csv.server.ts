/**
 * The tiers report's tables as CSV: machine-stable headers (snake_case), tiers as their codes
 * ("none": not tiered yet / a first tiering), shares as fractions 0–1, money in the base
 * currency's major unit, days as YYYY-MM-DD in the team's time zone. The customers table holds all
 * its pages.
 */
import { localDay } from "~/domain/calendar";
import { minorToDecimalString } from "~/domain/money";
import type { ReportCsvTable } from "~/utils/csv-download.server";
import { TIERS } from "~db/enums";
import { tierReasonForExport } from "./customer-csv.server";
import type { MovementMatrix, TierCounts, TierCustomerRow, TierKey } from "./tier-report.server";

/** The tables of the page, by the name `?table=` uses to export one of them alone. */
export type TierTableName = "counts" | "movements" | "customers";

const fraction = (value: number | null) => (value === null ? null : value.toFixed(4));

export function tierCsvTables(
  team: { baseCurrency: string; timeZone: string },
  data: { counts: TierCounts; movements: MovementMatrix; customers: TierCustomerRow[] },
): ReportCsvTable<TierTableName>[] {
  const money = (minor: number) => minorToDecimalString(minor, team.baseCurrency);
  const { counts, movements } = data;
  return [
    {
      name: "counts",
      header: ["tier", "customers", "customer_share", "revenue_12m", "revenue_share"],
      rows: [
        ...counts.rows.map((row) => [
          row.tier,
          row.customers,
          fraction(row.customerShare),
          money(row.revenue12mMinor),
          fraction(row.revenueShare),
        ]),
        [
          "total",
          counts.customers,
          fraction(counts.customers > 0 ? 1 : null),
          money(counts.revenue12mMinor),
          fraction(counts.revenue12mMinor > 0 ? 1 : null),
        ],
      ],
    },
    {
      name: "movements",
      header: ["from_tier", ...TIERS, "total"],
      rows: [
        ...movements.rows.map((row) => [row.from, ...TIERS.map((tier) => row.counts[tier]), row.total]),
        ["total", ...TIERS.map((tier) => movements.columnTotals[tier]), movements.total],
      ],
    },
    {
      name: "customers",
      header: [
        "customer_id",
        "name",
        "country",
        "tier_reason",
        "tier_since",
        "orders_count",
        "revenue_12m",
        "last_order_on",
        "owner",
      ],
      rows: data.customers.map((row) => [
        row.id,
        row.name,
        row.country,
        tierReasonForExport(row.tierReason, team.baseCurrency),
        row.tierSince,
        row.ordersCount,
        money(row.revenue12mMinor),
        row.lastOrderAt ? localDay(new Date(row.lastOrderAt), team.timeZone) : null,
        row.owner,
      ]),
    },
  ];
}

/** `tiers_<as of>_moves_<from>_<to>_<tier listed>`. */
export function tierCsvFileBase(asOf: string, movesPeriod: { from: string; to: string }, tier: TierKey): string {
  return `tiers_${asOf}_moves_${movesPeriod.from}_${movesPeriod.to}_${tier}`;
}

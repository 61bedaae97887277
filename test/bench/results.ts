/** The bench's results: rows for the table, the JSON file, and the side-by-side comparison. */
import { formatMs } from "./stats";

export type Row = {
  section: "import" | "job" | "report" | "page" | "intake";
  name: string;
  /** The product's figure: ms (the p50 when repeated), or requests per second for intake. */
  product: number | null;
  unit: "ms" | "req/s";
  p95?: number | null;
  /** The sqlite3 shell's time for the same figures, ms. */
  shell?: number | null;
  note?: string;
  error?: string;
  detail?: unknown;
};

export type BenchResults = {
  meta: Record<string, unknown>;
  rows: Row[];
};

const rowKey = (row: Pick<Row, "section" | "name">) => `${row.section}: ${row.name}`;

function ratio(row: Row): number | null {
  if (row.unit !== "ms" || row.product === null || !row.shell) return null;
  return row.product / row.shell;
}

const value = (figure: number | null | undefined, unit: Row["unit"]) =>
  figure === null || figure === undefined ? "–" : unit === "req/s" ? `${figure.toFixed(0)} req/s` : formatMs(figure);

const formatRatio = (r: number | null) =>
  r === null ? "" : r >= 10 ? `${r.toFixed(0)}×` : r >= 0.1 ? `${r.toFixed(1)}×` : `${r.toPrecision(1)}×`;
const cell = (text: string) => text.replaceAll("|", "\\|");

export function markdownTable(rows: readonly Row[]): string {
  const lines = ["| what | product (p50) | p95 | sqlite3 shell, same figures | ratio | notes |", "|---|---|---|---|---|---|"];
  for (const row of rows) {
    const what = `${row.section} ${row.name}`;
    if (row.error) {
      lines.push(`| ${cell(what)} | error | | | | ${cell(row.error.split("\n")[0]!.slice(0, 160))} |`);
      continue;
    }
    lines.push(
      `| ${cell(what)} | ${value(row.product, row.unit)} | ${row.p95 === undefined ? "" : value(row.p95, row.unit)} | ${row.shell === undefined ? "" : value(row.shell, "ms")} | ${formatRatio(ratio(row))} | ${cell(row.note ?? "")} |`,
    );
  }
  return lines.join("\n");
}

/** Two runs side by side, matched by row; the change is new ÷ old (below 1 is faster for times). */
export function comparisonTable(older: BenchResults, newer: BenchResults): string {
  const old = new Map(older.rows.map((row) => [rowKey(row), row]));
  const seen = new Set<string>();
  const lines = [
    `Comparing ${String(older.meta.commit ?? "?")} (${String(older.meta.startedAt ?? "")}) with ${String(newer.meta.commit ?? "?")} (${String(newer.meta.startedAt ?? "")})`,
    "",
    "| what | old p50 | new p50 | new ÷ old | old p95 | new p95 |",
    "|---|---|---|---|---|---|",
  ];
  const line = (key: string, a: Row | undefined, b: Row | undefined) => {
    const unit = (b ?? a)!.unit;
    const pa = a && !a.error ? a.product : null;
    const pb = b && !b.error ? b.product : null;
    const change = pa && pb ? `${(pb / pa).toFixed(2)}` : "";
    lines.push(
      `| ${cell(key)} | ${a?.error ? "error" : value(pa, unit)} | ${b?.error ? "error" : value(pb, unit)} | ${change} | ${value(a?.p95, unit)} | ${value(b?.p95, unit)} |`,
    );
  };
  for (const row of newer.rows) {
    const key = rowKey(row);
    seen.add(key);
    line(key, old.get(key), row);
  }
  for (const [key, row] of old) if (!seen.has(key)) line(key, row, undefined);
  return lines.join("\n");
}

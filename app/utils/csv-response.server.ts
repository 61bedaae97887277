import { redirect } from "@remix-run/node";
import { csvLines } from "./csv.server";
import { reportCsvHref } from "./report-csv";

/**
 * A report's table as a CSV download, written (and neutralised against formulas) by csvLines like
 * every other CSV of the product. The byte-order mark makes Excel read the UTF-8 (Chinese
 * names, currency signs) correctly; the imports accept it back.
 */
export function csvResponse(filename: string, header: string[], rows: (string | number | null | undefined)[][]) {
  const body = csvLines([header, ...rows]);
  return new Response(`\uFEFF${body}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename.replace(/[^\w.-]/g, "_")}"`,
      "Cache-Control": "no-store",
    },
  });
}

/** Where report CSVs are served; a report's loader answers CSV only when asked through it. */
export const REPORT_CSV_PATH = "/reports/csv/";

/**
 * Whether a report's loader should answer with its CSV. Only the resource route `/reports/csv/:report`
 * can answer a document request with a file: a page route's loader data is rendered, so a CSV
 * returned there would render as a broken page. `?format=csv` on the page itself is sent on to the
 * download instead.
 */
export function wantsCsv(url: URL): boolean {
  if (url.searchParams.get("format") !== "csv") return false;
  if (url.pathname.startsWith(REPORT_CSV_PATH)) return true;
  throw redirect(reportCsvHref(url.pathname, url.search));
}

/**
 * CSV downloads for the web: the list exports and every report's tables go out through
 * csvDownload, so they share one writer (csvLines, neutralised against formulas), one byte-order
 * mark and one set of headers. The command line's export has no mark: its output goes to other
 * programs.
 */
import { redirect } from "@remix-run/node";
import { localDay } from "~/domain/calendar";
import { csvLines, type CsvCell } from "./csv.server";
import { reportCsvHref } from "./report-csv";

const ROWS_PER_CHUNK = 500;

/**
 * A CSV download streamed from a row generator: the body pulls one batch of rows at a time, only
 * as fast as the client reads, so a large export never sits in memory.
 *
 * It starts with a UTF-8 byte-order mark, because Excel opens a CSV without one in the PC's
 * legacy code page (GBK on a Chinese Windows) and garbles every non-ASCII name. That is safe here
 * only because every import of this app accepts the mark back (decodeCsv strips it), so a
 * downloaded file can be edited and imported again as it is.
 */
export function csvDownload(fileName: string, header: readonly string[], rows: Iterable<readonly CsvCell[]>): Response {
  const encoder = new TextEncoder();
  let iterator: Iterator<readonly CsvCell[]> | undefined;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      try {
        if (!iterator) {
          iterator = rows[Symbol.iterator]();
          controller.enqueue(encoder.encode(`\uFEFF${csvLines([header])}`));
          return;
        }
        const batch: (readonly CsvCell[])[] = [];
        let next = iterator.next();
        while (!next.done) {
          batch.push(next.value);
          if (batch.length === ROWS_PER_CHUNK) break;
          next = iterator.next();
        }
        if (batch.length > 0) controller.enqueue(encoder.encode(csvLines(batch)));
        if (next.done) controller.close();
      } catch (error) {
        controller.error(error);
      }
    },
    cancel() {
      iterator?.return?.();
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      // Only letters, digits, "_", "." and "-" are left, so the name needs no quoting and cannot
      // break out of the header, whatever a report puts in it.
      "Content-Disposition": `attachment; filename=${fileName.replace(/[^\w.-]/g, "_")}`,
      "Cache-Control": "no-store",
    },
  });
}

/** `customers-2026-11-22.csv`, the day in the team's time zone. */
export function exportFileName(kind: string, now: Date, timeZone: string): string {
  return `${kind}-${localDay(now, timeZone)}.csv`;
}

// ---------------------------------------------------------------------------------------------
// Reports: several tables of one page in one file
// ---------------------------------------------------------------------------------------------

/** One table of a report page as its CSV holds it: machine-stable column names and plain values. */
export type ReportCsvTable<Name extends string = string> = {
  name: Name;
  header: readonly string[];
  rows: readonly (readonly CsvCell[])[];
};

/** The rows of tables stacked in one file, after the header row `["table", ...first.header]`. */
function* stackedRows(first: ReportCsvTable, rest: readonly ReportCsvTable[]): Generator<readonly CsvCell[]> {
  for (const row of first.rows) yield [first.name, ...row];
  for (const block of rest) {
    yield [];
    yield ["table", ...block.header];
    for (const row of block.rows) yield [block.name, ...row];
  }
}

/**
 * A report's CSV. `table` names one table: a plain CSV of it (400 when the page does not show
 * it). Without it, every table the page shows, stacked: each block starts with its own header
 * row, every row starts with a `table` column naming its block, and one empty line separates the
 * blocks, so a spreadsheet can filter one table out again.
 */
export function reportCsvDownload(
  fileBase: string,
  tables: readonly ReportCsvTable[],
  table: string | null | undefined,
): Response {
  if (table !== null && table !== undefined) {
    const one = tables.find((candidate) => candidate.name === table);
    if (!one) return new Response(`No table "${table}" on this page.`, { status: 400 });
    return csvDownload(`${fileBase}_${one.name}.csv`, one.header, one.rows);
  }
  const [first, ...rest] = tables;
  if (!first) return csvDownload(`${fileBase}.csv`, ["table"], []);
  return csvDownload(`${fileBase}.csv`, ["table", ...first.header], stackedRows(first, rest));
}

/** Where report CSVs are served; a report's loader answers CSV only when asked through it. */
const REPORT_CSV_PATH = "/reports/csv/";

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

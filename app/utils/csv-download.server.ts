/**
 * CSV downloads for the web (the list exports): streamed, with a byte-order mark for Excel.
 * (csv-response.server's csvResponse builds a small report in memory; this one streams.)
 */
import { localDay } from "~/domain/calendar";
import { csvLines, type CsvCell } from "./csv.server";

const ROWS_PER_CHUNK = 500;

/**
 * A CSV download streamed from a row generator: the body pulls one batch of rows at a time, only
 * as fast as the client reads, so a large export never sits in memory.
 *
 * It starts with a UTF-8 byte-order mark, because Excel opens a CSV without one in the PC's
 * legacy code page (GBK on a Chinese Windows) and garbles every non-ASCII name. That is safe here
 * only because every import of this app accepts the mark back (decodeCsv strips it), so a
 * downloaded file can be edited and imported again as it is. The command line's export has no
 * mark: its output goes to other programs.
 */
export function csvDownload(fileName: string, header: readonly string[], rows: Iterable<CsvCell[]>): Response {
  const encoder = new TextEncoder();
  let iterator: Iterator<CsvCell[]> | undefined;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      try {
        if (!iterator) {
          iterator = rows[Symbol.iterator]();
          controller.enqueue(encoder.encode(`\uFEFF${csvLines([header])}`));
          return;
        }
        const batch: CsvCell[][] = [];
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
      "Content-Disposition": `attachment; filename=${fileName}`,
      "Cache-Control": "no-store",
    },
  });
}

/** `customers-2026-11-22.csv`, the day in the team's time zone. */
export function exportFileName(kind: string, now: Date, timeZone: string): string {
  return `${kind}-${localDay(now, timeZone)}.csv`;
}

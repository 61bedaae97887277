import { stringify } from "csv-stringify/sync";

/**
 * A report's table as a CSV download. The byte-order mark makes Excel read the UTF-8 (Chinese
 * names, currency signs) correctly; the imports accept it back.
 */
export function csvResponse(filename: string, header: string[], rows: (string | number | null | undefined)[][]) {
  const body = stringify([header, ...rows.map((row) => row.map((cell) => (cell === null || cell === undefined ? "" : String(cell))))]);
  return new Response(`\uFEFF${body}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename.replace(/[^\w.-]/g, "_")}"`,
      "Cache-Control": "no-store",
    },
  });
}

export const wantsCsv = (url: URL) => url.searchParams.get("format") === "csv";

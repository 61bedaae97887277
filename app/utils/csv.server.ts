/**
 * CSV plumbing shared by every import and export (SPEC §9): UTF-8 with an optional byte-order mark,
 * comma-separated, one header row. Knows nothing about inquiries, customers or orders: a caller
 * names its columns and gets back the records keyed by column, or the problems it must report.
 *
 * Row numbers are the ones a spreadsheet shows: the header is row 1, the first data row is row 2,
 * a quoted value spanning several lines is still one row, and a blank line is a row too.
 */
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import type { z } from "zod";
import { neutraliseCsvCell, unquoteCsvCell } from "./csv-safety";

/** One reason a file cannot be imported. `row` is absent for problems with the file as a whole. */
export type CsvProblem = { row?: number; column?: string; message: string };

export function formatCsvProblem(problem: CsvProblem): string {
  if (problem.row === undefined) return problem.message;
  if (problem.column === undefined) return `row ${problem.row}: ${problem.message}`;
  return `row ${problem.row}, column ${problem.column}: ${problem.message}`;
}

/** Problems in file order: by row, file-level ones first; the order within a row is kept. */
export function sortCsvProblems(problems: CsvProblem[]): CsvProblem[] {
  return problems
    .map((problem, index) => ({ problem, index }))
    .sort((a, b) => (a.problem.row ?? 0) - (b.problem.row ?? 0) || a.index - b.index)
    .map(({ problem }) => problem);
}

export type CsvColumns = {
  /** Every column an import reads, in the order the messages list them. */
  columns: readonly string[];
  /** Columns the header must have. */
  required: readonly string[];
  /**
   * Columns accepted in the header but not read, e.g. the computed columns an export adds, so an
   * export can be imported back without editing.
   */
  ignored?: readonly string[];
};

/** One data row: the spreadsheet row number and the raw text of each column the header has. */
export type CsvRecord = { row: number; values: Record<string, string> };

export type CsvTable = {
  /** The readable columns present in the header (a subset of `columns`). */
  columns: string[];
  records: CsvRecord[];
};

export type CsvParseResult = { ok: true; table: CsvTable } | { ok: false; problems: CsvProblem[] };

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * Bytes → text. Accepts UTF-8 with or without a BOM (Excel's "CSV UTF-8" writes one). Anything
 * else is refused rather than guessed: Excel's plain "CSV" on a Chinese Windows is GBK, and decoding
 * it as UTF-8 would silently turn every buyer's name into replacement characters.
 */
export function decodeCsv(input: Uint8Array | string): { ok: true; text: string } | { ok: false; problem: CsvProblem } {
  if (typeof input === "string") return { ok: true, text: input.startsWith("\uFEFF") ? input.slice(1) : input };
  if ((input[0] === 0xff && input[1] === 0xfe) || (input[0] === 0xfe && input[1] === 0xff)) {
    return {
      ok: false,
      problem: { message: 'the file is UTF-16 text; save it as "CSV UTF-8 (comma delimited)" instead' },
    };
  }
  const hasBom = UTF8_BOM.every((byte, i) => input[i] === byte);
  try {
    // fatal: invalid bytes throw instead of becoming U+FFFD; ignoreBOM keeps the BOM so we strip
    // exactly one ourselves.
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(input);
    return { ok: true, text: hasBom ? text.slice(1) : text };
  } catch {
    return {
      ok: false,
      problem: {
        message:
          'the file is not UTF-8 text (Excel: save as "CSV UTF-8 (comma delimited)", not plain "CSV")',
      },
    };
  }
}

/** Header names are matched without surrounding spaces and case-insensitively. */
const normalizeHeader = (name: string) => name.trim().toLowerCase();

function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0];
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j];
      previous[j] = Math.min(previous[j] + 1, previous[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length];
}

function suggestion(unknown: string, known: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of known) {
    const distance = editDistance(unknown, name);
    if (distance < bestDistance) [best, bestDistance] = [name, distance];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(unknown.length / 4)) ? ` (did you mean "${best}"?)` : "";
}

const isBlank = (cell: string | undefined) => cell === undefined || cell.trim() === "";

function parseRecords(text: string): { ok: true; records: string[][] } | { ok: false; problem: CsvProblem } {
  try {
    const records: string[][] = parse(text, {
      delimiter: ",",
      // Blank lines are kept so that record index = spreadsheet row; they are skipped below.
      skip_empty_lines: false,
      // Field counts are checked below, with row numbers in the message.
      relax_column_count: true,
      // A stray quote inside an unquoted value (`5" hinge`) is kept as text, as Excel does.
      relax_quotes: true,
    });
    return { ok: true, records };
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      problem: { message: `the file is not valid CSV${line ? ` (near line ${line})` : ""}: ${message}` },
    };
  }
}

/**
 * Decodes and parses a CSV file and checks its header against `spec`: unknown columns (a typo in a
 * header must not silently drop a column of data), missing required columns and duplicated columns
 * are refused. Fully blank rows are skipped. A row with more values than the header has columns is
 * refused; missing trailing values read as empty.
 */
export function parseCsv(input: Uint8Array | string, spec: CsvColumns): CsvParseResult {
  const decoded = decodeCsv(input);
  if (!decoded.ok) return { ok: false, problems: [decoded.problem] };
  const parsed = parseRecords(decoded.text);
  if (!parsed.ok) return { ok: false, problems: [parsed.problem] };
  const rows = parsed.records;

  const header = rows[0];
  if (!header || header.every((cell) => isBlank(cell))) {
    return {
      ok: false,
      problems: [{ row: 1, message: `the header row is missing; expected columns: ${spec.columns.join(", ")}` }],
    };
  }

  const readable = new Set(spec.columns);
  const accepted = new Set([...spec.columns, ...(spec.ignored ?? [])]);
  const problems: CsvProblem[] = [];
  const names = header.map(normalizeHeader);
  const seen = new Map<string, number>();
  const unknown: string[] = [];
  names.forEach((name, index) => {
    if (name === "") {
      // Spreadsheets often leave a trailing empty column; refuse it only when it holds data.
      const holdsData = rows.some((record, r) => r > 0 && !isBlank(record[index]));
      if (holdsData) problems.push({ row: 1, message: `column ${index + 1} has data but no name in the header` });
      return;
    }
    if (seen.has(name)) {
      problems.push({ row: 1, message: `column "${name}" appears twice (columns ${seen.get(name)! + 1} and ${index + 1})` });
      return;
    }
    seen.set(name, index);
    if (!accepted.has(name)) unknown.push(name);
  });
  if (unknown.length > 0) {
    const listed = unknown.map((name) => `"${name}"${suggestion(name, spec.columns)}`).join(", ");
    problems.push({
      row: 1,
      message: `unknown column${unknown.length > 1 ? "s" : ""} ${listed}; the columns are: ${spec.columns.join(", ")}`,
    });
  }
  const missing = spec.required.filter((name) => !seen.has(name));
  if (missing.length > 0) {
    problems.push({
      row: 1,
      message: `missing required column${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}`,
    });
  }
  if (problems.length > 0) return { ok: false, problems };

  const present = spec.columns.filter((name) => seen.has(name));
  const records: CsvRecord[] = [];
  for (let r = 1; r < rows.length; r++) {
    const cells = rows[r];
    if (cells.every((cell) => isBlank(cell))) continue;
    const row = r + 1;
    const extra = cells.slice(header.length);
    if (extra.some((cell) => !isBlank(cell))) {
      problems.push({ row, message: `has ${cells.length} values but the header has ${header.length} columns` });
      continue;
    }
    const values: Record<string, string> = {};
    // A cell an export neutralised against formulas reads back as it was (csv-safety).
    for (const name of present) values[name] = unquoteCsvCell(cells[seen.get(name)!] ?? "");
    records.push({ row, values });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, table: { columns: present.filter((name) => readable.has(name)), records } };
}

/**
 * Plain-English messages for zod issues in a CSV row (the app's forms turn zod's defaults into
 * catalog keys; a command line reports in English). Schemas that name their own message keep it.
 */
export function csvIssueMessage(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined || issue.input === null ? "is required" : "is not valid";
    case "too_small":
      return issue.origin === "string" ? "is required" : `must be at least ${issue.minimum}`;
    case "too_big":
      return issue.origin === "string" ? `is longer than ${issue.maximum} characters` : `must be at most ${issue.maximum}`;
    case "invalid_value":
      return `must be one of ${issue.values.map(String).join(", ")}`;
    case "invalid_format":
      return issue.format === "email" ? "is not a valid e-mail address" : "is not valid";
    default:
      return "is not valid";
  }
}

/** The problems of one row from a failed zod parse; the first path element names the column. */
export function csvRowProblems(row: number, error: z.ZodError): CsvProblem[] {
  return error.issues.map((issue) => {
    const column = issue.path[0];
    return column === undefined ? { row, message: issue.message } : { row, column: String(column), message: issue.message };
  });
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

export type CsvCell = string | number | boolean | null | undefined;

/**
 * Lines of CSV (each ending in "\n") for the given rows; null/undefined become empty cells. Every
 * CSV the product writes goes through here, so every text cell is neutralised against formula
 * injection here (SPEC §12); numbers are written as numbers.
 */
export function csvLines(rows: readonly (readonly CsvCell[])[]): string {
  return stringify(rows as CsvCell[][], {
    cast: {
      boolean: (value) => (value ? "true" : "false"),
      string: (value) => neutraliseCsvCell(value),
    },
  });
}

/** What writeCsv needs of a stream: process.stdout, a file stream, a response body adapter. */
export type CsvSink = {
  write(chunk: string): boolean;
  once(event: "drain", listener: () => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  off(event: "error", listener: (error: Error) => void): unknown;
};

/**
 * Writes the header and then the rows, pulling rows from the iterable only as fast as the sink
 * takes them (waits for "drain" when its buffer is full), so a million rows never sit in memory.
 * Returns the number of data rows written.
 */
export async function writeCsv(
  sink: CsvSink,
  header: readonly string[],
  rows: Iterable<readonly CsvCell[]>,
  batchSize = 500,
): Promise<number> {
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const onError = (error: Error) => {
    failure = error;
    wake?.();
  };
  // A sink that fails never drains: the error wakes the wait as well.
  const drained = () =>
    new Promise<void>((resolve) => {
      wake = resolve;
      sink.once("drain", resolve);
    });
  sink.on("error", onError);
  try {
    let count = 0;
    let ready = sink.write(csvLines([header]));
    let batch: (readonly CsvCell[])[] = [];
    const flush = async () => {
      if (!ready) await drained();
      if (failure) throw failure;
      ready = sink.write(csvLines(batch));
      batch = [];
    };
    for (const row of rows) {
      batch.push(row);
      count++;
      if (batch.length >= batchSize) await flush();
    }
    if (batch.length > 0) await flush();
    if (!ready) await drained();
    if (failure) throw failure;
    return count;
  } finally {
    sink.off("error", onError);
  }
}

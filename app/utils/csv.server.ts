/**
 * CSV plumbing shared by every import and export (SPEC §9): UTF-8 with an optional byte-order mark,
 * comma-separated, one header row. Knows nothing about inquiries, customers or orders: a caller
 * names its columns and gets back the records keyed by column, or the problems it must report.
 *
 * Row numbers are the ones a spreadsheet shows: the header is row 1, the first data row is row 2,
 * a quoted value spanning several lines is still one row, and a blank line is a row too.
 */
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { parse as parseStream } from "csv-parse";
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
function decodeCsv(input: Uint8Array | string): { ok: true; text: string } | { ok: false; problem: CsvProblem } {
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
        message: 'the file is not UTF-8 text (Excel: save as "CSV UTF-8 (comma delimited)", not plain "CSV")',
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

/**
 * Checks a file's rows one at a time as they are read, so a file of any size is never held whole:
 * the header against `spec` (unknown columns, since a typo in a header must not silently drop a
 * column of data; missing required columns; duplicated columns), then each data row. Fully blank
 * rows are skipped. A row with more values than the header has columns is refused; missing
 * trailing values read as empty.
 *
 * `push` turns each raw row into a record, or null (the header, a blank row, a refused row, or any
 * row once the header is refused). `problems()` at the end gives the file's problems: the header's
 * if it has any (an unnamed column is refused only when some row has data in it, which only the
 * whole file can tell), else the refused rows'.
 */
export class CsvRowReader {
  private row = 0;
  private header: string[] | null = null;
  private headerMissing = false;
  private seen = new Map<string, number>();
  private present: { name: string; index: number }[] = [];
  private unnamed: number[] = [];
  private unnamedWithData = new Set<number>();
  /** Header problems other than unnamed columns with data, each at the column index it concerns. */
  private headerProblems: { index: number; problem: CsvProblem }[] = [];
  private trailingHeaderProblems: CsvProblem[] = [];
  private rowProblems: CsvProblem[] = [];
  /** The readable columns present in the header (a subset of `columns`). */
  columns: string[] = [];

  constructor(private readonly spec: CsvColumns) {}

  /** The header is known and good so far (an unnamed column with data may still refuse it). */
  private get headerOk() {
    return this.header !== null && this.headerProblems.length === 0 && this.trailingHeaderProblems.length === 0;
  }

  push(cells: string[]): CsvRecord | null {
    this.row++;
    if (this.header === null) {
      this.readHeader(cells);
      return null;
    }
    const header = this.header;
    for (const index of this.unnamed) if (!isBlank(cells[index])) this.unnamedWithData.add(index);
    if (!this.headerOk || cells.every((cell) => isBlank(cell))) return null;
    for (let i = header.length; i < cells.length; i++) {
      if (!isBlank(cells[i])) {
        this.rowProblems.push({
          row: this.row,
          message: `has ${cells.length} values but the header has ${header.length} columns`,
        });
        return null;
      }
    }
    const values: Record<string, string> = {};
    // A cell an export neutralised against formulas reads back as it was (csv-safety).
    for (const { name, index } of this.present) values[name] = unquoteCsvCell(cells[index] ?? "");
    return { row: this.row, values };
  }

  private readHeader(cells: string[]) {
    const spec = this.spec;
    if (cells.every((cell) => isBlank(cell))) {
      this.headerMissing = true;
      this.header = cells;
      this.trailingHeaderProblems.push({
        row: 1,
        message: `the header row is missing; expected columns: ${spec.columns.join(", ")}`,
      });
      return;
    }
    this.header = cells;
    const accepted = new Set([...spec.columns, ...(spec.ignored ?? [])]);
    const unknown: string[] = [];
    cells.map(normalizeHeader).forEach((name, index) => {
      if (name === "") {
        // Spreadsheets often leave a trailing empty column; refuse it only when it holds data.
        this.unnamed.push(index);
        return;
      }
      if (this.seen.has(name)) {
        this.headerProblems.push({
          index,
          problem: { row: 1, message: `column "${name}" appears twice (columns ${this.seen.get(name)! + 1} and ${index + 1})` },
        });
        return;
      }
      this.seen.set(name, index);
      if (!accepted.has(name)) unknown.push(name);
    });
    if (unknown.length > 0) {
      const listed = unknown.map((name) => `"${name}"${suggestion(name, spec.columns)}`).join(", ");
      this.trailingHeaderProblems.push({
        row: 1,
        message: `unknown column${unknown.length > 1 ? "s" : ""} ${listed}; the columns are: ${spec.columns.join(", ")}`,
      });
    }
    const missing = spec.required.filter((name) => !this.seen.has(name));
    if (missing.length > 0) {
      this.trailingHeaderProblems.push({
        row: 1,
        message: `missing required column${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}`,
      });
    }
    const readable = new Set(spec.columns);
    this.present = spec.columns.filter((name) => this.seen.has(name)).map((name) => ({ name, index: this.seen.get(name)! }));
    this.columns = this.present.map(({ name }) => name).filter((name) => readable.has(name));
  }

  /** The file's problems once every row was pushed; empty when it can be read. */
  problems(): CsvProblem[] {
    if (this.header === null || this.headerMissing) {
      return [{ row: 1, message: `the header row is missing; expected columns: ${this.spec.columns.join(", ")}` }];
    }
    const atColumns = [
      ...this.headerProblems,
      ...[...this.unnamedWithData].map((index) => ({
        index,
        problem: { row: 1, message: `column ${index + 1} has data but no name in the header` } as CsvProblem,
      })),
    ].sort((a, b) => a.index - b.index);
    const header = [...atColumns.map(({ problem }) => problem), ...this.trailingHeaderProblems];
    return header.length > 0 ? header : this.rowProblems;
  }
}

/** Input to an import: the text or bytes in memory, or a file on disk (read as a stream). */
export type CsvInput = string | Uint8Array | { path: string };

/** A file-level reason to stop reading (not UTF-8, not CSV), raised while a file is streamed. */
class CsvFileError extends Error {
  constructor(readonly problem: CsvProblem) {
    super(problem.message);
  }
}

const PARSE_OPTIONS = {
  delimiter: ",",
  // Blank lines are kept so that record index = spreadsheet row; the reader skips them.
  skip_empty_lines: false,
  // Field counts are checked by the reader, with row numbers in the message.
  relax_column_count: true,
  // A stray quote inside an unquoted value (`5" hinge`) is kept as text, as Excel does.
  relax_quotes: true,
} as const;

function notCsvProblem(error: unknown): CsvProblem {
  const line = (error as { lines?: number }).lines;
  const message = error instanceof Error ? error.message : String(error);
  return { message: `the file is not valid CSV${line ? ` (near line ${line})` : ""}: ${message}` };
}

function parseRecords(text: string): { ok: true; records: string[][] } | { ok: false; problem: CsvProblem } {
  try {
    return { ok: true, records: parse(text, PARSE_OPTIONS) as string[][] };
  } catch (error) {
    return { ok: false, problem: notCsvProblem(error) };
  }
}

const UTF16_PROBLEM: CsvProblem = { message: 'the file is UTF-16 text; save it as "CSV UTF-8 (comma delimited)" instead' };
const NOT_UTF8_PROBLEM: CsvProblem = {
  message: 'the file is not UTF-8 text (Excel: save as "CSV UTF-8 (comma delimited)", not plain "CSV")',
};

/**
 * A file's bytes as text, chunk by chunk, with the checks of decodeCsv: UTF-16 is refused, one
 * UTF-8 byte-order mark is dropped, and an invalid byte anywhere stops the read.
 */
async function* decodeStream(bytes: AsyncIterable<Uint8Array>, onBytes?: (count: number) => void): AsyncGenerator<string> {
  // fatal: invalid bytes throw instead of becoming U+FFFD; the decoder drops one leading BOM.
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let first = true;
  for await (const chunk of bytes) {
    if (first && chunk.length > 0) {
      first = false;
      if ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff))
        throw new CsvFileError(UTF16_PROBLEM);
    }
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      throw new CsvFileError(NOT_UTF8_PROBLEM);
    }
    onBytes?.(chunk.length);
    if (text) yield text;
  }
  try {
    const rest = decoder.decode();
    if (rest) yield rest;
  } catch {
    throw new CsvFileError(NOT_UTF8_PROBLEM);
  }
}

/** The raw rows of a file on disk, parsed as they are read (a megabyte at a time). */
async function* streamRows(path: string, onBytes?: (count: number) => void): AsyncGenerator<string[]> {
  const source = Readable.from(decodeStream(createReadStream(path, { highWaterMark: 1 << 20 }), onBytes));
  const parser = parseStream(PARSE_OPTIONS);
  source.on("error", (error) => parser.destroy(error));
  source.pipe(parser);
  try {
    for await (const cells of parser) yield cells as string[];
  } catch (error) {
    if (error instanceof CsvFileError) throw error;
    throw new CsvFileError(notCsvProblem(error));
  } finally {
    source.destroy();
    parser.destroy();
  }
}

/** The raw rows of a file in memory. */
function* memoryRows(input: string | Uint8Array): Generator<string[]> {
  const decoded = decodeCsv(input);
  if (!decoded.ok) throw new CsvFileError(decoded.problem);
  const parsed = parseRecords(decoded.text);
  if (!parsed.ok) throw new CsvFileError(parsed.problem);
  yield* parsed.records;
}

/** What one read of a file gave: its problems (file, header or rows), else none. */
export type CsvReadOutcome = { problems: CsvProblem[]; columns: string[] };

/**
 * Reads a file's records in batches of `batchSize`, handing each to `onBatch` as it is read; for
 * a file on disk only one batch (and the parser's buffer) is in memory at a time. Resolves with
 * the file's own problems; the records given before a problem came to light are not taken back,
 * so a caller that must act only on a good file reads it twice (check, then act).
 */
export async function readCsvBatches(
  input: CsvInput,
  spec: CsvColumns,
  batchSize: number | (() => number),
  onBatch: (records: CsvRecord[], reader: CsvRowReader) => void | Promise<void>,
  onBytes?: (count: number) => void,
): Promise<CsvReadOutcome> {
  const size = typeof batchSize === "number" ? () => batchSize : batchSize;
  const reader = new CsvRowReader(spec);
  let batch: CsvRecord[] = [];
  try {
    const rows = typeof input === "object" && "path" in input ? streamRows(input.path, onBytes) : memoryRows(input);
    for await (const cells of rows) {
      const record = reader.push(cells);
      if (record) batch.push(record);
      if (batch.length >= size()) {
        const full = batch;
        batch = [];
        await onBatch(full, reader);
      }
    }
  } catch (error) {
    if (error instanceof CsvFileError) return { problems: [error.problem], columns: [] };
    throw error;
  }
  if (batch.length > 0) await onBatch(batch, reader);
  return { problems: reader.problems(), columns: reader.columns };
}

/**
 * The same read for text or bytes in memory, without giving the event loop a turn: for callers
 * that import a small file synchronously (tests, fixtures, the demo data).
 */
export function readCsvBatchesSync(
  input: string | Uint8Array,
  spec: CsvColumns,
  batchSize: number | (() => number),
  onBatch: (records: CsvRecord[], reader: CsvRowReader) => void,
): CsvReadOutcome {
  const size = typeof batchSize === "number" ? () => batchSize : batchSize;
  const reader = new CsvRowReader(spec);
  let batch: CsvRecord[] = [];
  try {
    for (const cells of memoryRows(input)) {
      const record = reader.push(cells);
      if (record) batch.push(record);
      if (batch.length >= size()) {
        const full = batch;
        batch = [];
        onBatch(full, reader);
      }
    }
  } catch (error) {
    if (error instanceof CsvFileError) return { problems: [error.problem], columns: [] };
    throw error;
  }
  if (batch.length > 0) onBatch(batch, reader);
  return { problems: reader.problems(), columns: reader.columns };
}

/**
 * Decodes and parses a whole CSV file held in memory and checks it as CsvRowReader does: the
 * records, or every problem of the file.
 */
export function parseCsv(input: Uint8Array | string, spec: CsvColumns): CsvParseResult {
  const records: CsvRecord[] = [];
  const outcome = readCsvBatchesSync(input, spec, Number.MAX_SAFE_INTEGER, (batch) => records.push(...batch));
  if (outcome.problems.length > 0) return { ok: false, problems: outcome.problems };
  return { ok: true, table: { columns: outcome.columns, records } };
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

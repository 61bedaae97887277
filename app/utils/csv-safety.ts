/**
 * Formula injection in CSV exports (SPEC §12). A spreadsheet runs a cell that begins with `=`,
 * `+`, `-` or `@` as a formula (and tab or carriage return can hide such a start), so a buyer who
 * names their company `=HYPERLINK("http://evil")` through the public form would plant a link in
 * the export a colleague opens. Such cells get a leading `'`, which spreadsheets show as text.
 *
 * Plain numbers (`-12.5`) and phone numbers (`+49 30 1234567`) start the same way but cannot run
 * anything, so they stay as they are: a refund stays a number and a phone number stays readable.
 *
 * The rule is made reversible so that an exported file imports back to exactly what was exported:
 * a cell that already begins with `'` followed by something that would be quoted is quoted once
 * more, and `unquoteCsvCell` (used by every import) strips one `'` only in that case. A name such
 * as `'t Hooft` is therefore never touched in either direction.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;
const PHONE_NUMBER = /^\+[\d ()-]*\d[\d ()-]*$/;

/** True when a spreadsheet could read the cell as a formula. */
export function isFormulaLike(cell: string): boolean {
  return FORMULA_START.test(cell) && !PLAIN_NUMBER.test(cell) && !PHONE_NUMBER.test(cell);
}

/** True when the export writes the cell with a leading `'` (see the file comment). */
function needsCsvQuote(cell: string): boolean {
  let rest = cell;
  while (rest.startsWith("'")) rest = rest.slice(1);
  return isFormulaLike(rest);
}

/** The cell as an export writes it. */
export function neutraliseCsvCell(cell: string): string {
  return needsCsvQuote(cell) ? `'${cell}` : cell;
}

/** The cell as an import reads it: the inverse of `neutraliseCsvCell`. */
export function unquoteCsvCell(cell: string): string {
  return cell.startsWith("'") && needsCsvQuote(cell.slice(1)) ? cell.slice(1) : cell;
}

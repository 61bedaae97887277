/**
 * What a search box's text asks of the full-text indexes (see the search_index migration).
 *
 * The indexes use SQLite FTS5's trigram tokenizer: every run of three characters of a searched
 * column is a term, case-folded. A search keeps the meaning it had as `LIKE '%text%'`: the text is
 * found anywhere, as typed, whatever the script. Chinese has no spaces between words, so a company
 * like 深圳华强电子有限公司 is found by 华强 or 强电子 alike, and English by any part of a word,
 * e-mail or order number (PO-2024-00123, 00123).
 *
 * Three characters or more: the text is one FTS5 phrase (its trigrams in a row), quoted, so
 * that quotes, *, -, AND, NEAR or parentheses are only characters to find, never operators.
 * One or two characters (华强, 螺丝, 丝): FTS5 cannot match fewer than three characters, so the
 * search reads the index's terms that start with the text (a range on the fts5vocab table); the
 * indexed text ends in two spaces, so a character at the very end also starts a term.
 */
export type SearchQuery =
  /** Nothing searchable (empty text): no row matches. */
  | { kind: "nothing" }
  /** An FTS5 MATCH expression: one quoted phrase. */
  | { kind: "phrase"; phrase: string }
  /** Index terms t with from ≤ t < to: the terms that start with the one- or two-character text. */
  | { kind: "terms"; from: string; to: string };

/** The highest code point: a term that starts with the text sorts before text + this. */
const LAST_CODE_POINT = "\u{10FFFF}";

export function searchQuery(text: string): SearchQuery {
  // SQLite reads a bound string only up to a NUL; nobody types one.
  const wanted = text.replace(/\0/g, "").trim();
  const characters = [...wanted];
  if (characters.length === 0) return { kind: "nothing" };
  if (characters.length >= 3) return { kind: "phrase", phrase: `"${wanted.replace(/"/g, '""')}"` };
  // The terms are folded to lower case as the tokenizer folds them (case_sensitive 0); each
  // character on its own, so that a folding that grows a character cannot change the length.
  const from = characters.map((c) => (c.toLowerCase().length === c.length ? c.toLowerCase() : c)).join("");
  return { kind: "terms", from, to: from + LAST_CODE_POINT };
}

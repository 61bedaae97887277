import { z } from "zod";

/**
 * Text from outside (forms, the intake API, CSV imports) is stored without control characters
 * (SPEC §12): NUL, escape sequences and the other C0/C1 controls, unpaired surrogates and the
 * noncharacters such as U+FFFE break terminals, exports and other programs reading the data, and
 * no person types them. A body or other multi-line text keeps its tabs and line breaks (a
 * Windows line break becomes one "\n"); a single-line field keeps neither.
 */
const MULTI_LINE_DROPPED = /(?![\t\n])[\p{Cc}\p{Cs}\p{Noncharacter_Code_Point}]/gu;
const SINGLE_LINE_DROPPED = /[\p{Cc}\p{Cs}\p{Noncharacter_Code_Point}]/gu;

export function stripControls(text: string, kind: "singleLine" | "multiLine"): string {
  if (kind === "multiLine") return text.replace(/\r\n/g, "\n").replace(MULTI_LINE_DROPPED, "");
  // A line break inside a one-line field reads as a space, so "Acme\nGmbH" does not become "AcmeGmbH".
  return text.replace(/\r\n|[\r\n\t]/g, " ").replace(SINGLE_LINE_DROPPED, "");
}

/** A string schema for a one-line field (a name, a subject, a phone number): chain .trim(), .max() … */
export const singleLine = () => z.string().overwrite((text) => stripControls(text, "singleLine"));

/** A string schema for a body, a message or notes: tabs and line breaks stay. */
export const multiLine = () => z.string().overwrite((text) => stripControls(text, "multiLine"));

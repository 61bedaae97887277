import { parseWithZod } from "@conform-to/zod/v4";
import { z } from "zod";
import { multiLine, singleLine } from "./text";

/** Field path ("" for the form as a whole) → messages, each a catalog key with optional values. */
export type FieldErrors = Record<string, string[]>;

const withValues = (key: string, values: Record<string, unknown>) => `${key}|${JSON.stringify(values)}`;

/**
 * Zod's default messages, turned into catalog keys so the same schema speaks both languages.
 * A schema that names its own message (e.g. "errors.timeZone") keeps it.
 */
z.config({
  customError: (issue) => {
    switch (issue.code) {
      case "invalid_type":
        if (issue.input === undefined || issue.input === null) return "errors.required";
        if (issue.expected === "int") return "errors.integer";
        if (issue.expected === "number") return "errors.number";
        return "errors.invalid";
      case "too_small":
        if (issue.origin === "string") {
          return Number(issue.minimum) <= 1 ? "errors.required" : withValues("errors.tooShort", { minimum: issue.minimum });
        }
        if (issue.origin === "number") return withValues("errors.tooSmall", { minimum: issue.minimum });
        return "errors.invalid";
      case "too_big":
        if (issue.origin === "string") return withValues("errors.tooLong", { maximum: issue.maximum });
        if (issue.origin === "number") return withValues("errors.tooBig", { maximum: issue.maximum });
        return "errors.invalid";
      case "invalid_format":
        return issue.format === "email" ? "errors.email" : "errors.invalid";
      default:
        return "errors.invalid";
    }
  },
});

export function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join(".");
    (errors[path] ??= []).push(issue.message);
  }
  return errors;
}

/** What the user typed, to put back into the form after a failed submission. */
export function submittedValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string" && !/password/i.test(key)) values[key] = value;
  }
  return values;
}

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors; values: Record<string, string> };

/**
 * Conform's parse of a posted form. The schemas read form strings themselves (formNumber, checkbox,
 * optional text), so Conform's own coercion stays off and a schema means the same in the action,
 * the API and the CSV import. The answer keeps the `{ errors, values }` shape the forms and their
 * tests share; `submissionResult` turns it into what Conform's useForm takes back.
 */
export function parseForm<S extends z.ZodType>(schema: S, formData: FormData): FormResult<z.output<S>> {
  const submission = parseWithZod(formData, { schema, disableAutoCoercion: true });
  if (submission.status === "success") return { ok: true, data: submission.value };
  const errors: FieldErrors = {};
  for (const [name, messages] of Object.entries(submission.error ?? {})) if (messages) errors[name] = messages;
  return { ok: false, errors, values: submittedValues(formData) };
}

// --- Form field helpers: an HTML form sends strings; these read them strictly. ---

// Text fields drop control characters (schemas/text.ts); bodies keep their tabs and line breaks.
export const requiredText = (max = 200) => singleLine().trim().min(1).max(max);
export const optionalText = (max = 2000) =>
  singleLine()
    .trim()
    .max(max)
    .optional()
    .transform((value) => value ?? "");
export const requiredBody = (max = 20_000) => multiLine().trim().min(1).max(max);
export const optionalBody = (max = 5000) =>
  multiLine()
    .trim()
    .max(max)
    .optional()
    .transform((value) => value ?? "");

export const formNumber = (options: { min?: number; max?: number; int?: boolean } = {}) => {
  let number = z.number();
  if (options.int) number = number.int();
  if (options.min !== undefined) number = number.min(options.min);
  if (options.max !== undefined) number = number.max(options.max);
  return z
    .string()
    .trim()
    .min(1)
    .transform((value) => Number(value.replace(/,/g, "")))
    .pipe(number);
};

/** An HTML checkbox is "on" when ticked and absent otherwise. */
export const checkbox = () =>
  z
    .string()
    .optional()
    .transform((value) => value === "on" || value === "true");

/** A row picked by a button that carries its id (remove, revoke). */
export const recordIdSchema = z.object({ id: z.coerce.number().int().positive() });

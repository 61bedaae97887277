import { useForm, type SubmissionResult } from "@conform-to/react";
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";
import { useId } from "react";
import { useTranslation } from "~/utils/use-translation";
import { translateMessage } from "~/i18n";
import type { FieldErrors } from "~/schemas/form";

/** Errors arrive as catalog keys, optionally with values: "errors.tooShort|{"minimum":8}". */
export function useErrorText() {
  const { t } = useTranslation();
  return (message: string) => translateMessage(t, message);
}

function FieldShell({
  id,
  label,
  errors,
  help,
  children,
}: {
  id: string;
  label: ReactNode;
  errors?: string[];
  help?: ReactNode;
  children: ReactNode;
}) {
  const errorText = useErrorText();
  return (
    <div>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {children}
      {help ? (
        <p id={`${id}-help`} className="mt-1 text-xs text-slate-500">
          {help}
        </p>
      ) : null}
      {errors?.length ? (
        <div id={`${id}-error`} className="field-error" role="alert">
          {errors.map((message) => (
            <p key={message}>{errorText(message)}</p>
          ))}
        </div>
      ) : null}
    </div>
  );
}

type FieldProps = { label: ReactNode; name: string; errors?: FieldErrors; help?: ReactNode };

function describedBy(id: string, hasErrors: boolean, hasHelp: boolean) {
  return [hasErrors ? `${id}-error` : null, hasHelp ? `${id}-help` : null].filter(Boolean).join(" ") || undefined;
}

export function TextField({ label, name, errors, help, ...input }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const fieldErrors = errors?.[name];
  return (
    <FieldShell id={id} label={label} errors={fieldErrors} help={help}>
      <input
        id={id}
        name={name}
        className="field-input"
        aria-invalid={fieldErrors?.length ? true : undefined}
        aria-describedby={describedBy(id, Boolean(fieldErrors?.length), Boolean(help))}
        {...input}
      />
    </FieldShell>
  );
}

export function TextAreaField({ label, name, errors, help, ...input }: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  const fieldErrors = errors?.[name];
  return (
    <FieldShell id={id} label={label} errors={fieldErrors} help={help}>
      <textarea
        id={id}
        name={name}
        className="field-input"
        aria-invalid={fieldErrors?.length ? true : undefined}
        aria-describedby={describedBy(id, Boolean(fieldErrors?.length), Boolean(help))}
        {...input}
      />
    </FieldShell>
  );
}

export function SelectField({
  label,
  name,
  errors,
  help,
  options,
  ...select
}: FieldProps & SelectHTMLAttributes<HTMLSelectElement> & { options: { value: string; label: string }[] }) {
  const id = useId();
  const fieldErrors = errors?.[name];
  return (
    <FieldShell id={id} label={label} errors={fieldErrors} help={help}>
      <select
        id={id}
        name={name}
        className="field-input"
        aria-invalid={fieldErrors?.length ? true : undefined}
        aria-describedby={describedBy(id, Boolean(fieldErrors?.length), Boolean(help))}
        {...select}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

export function CheckboxField({ label, name, errors, ...input }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const errorText = useErrorText();
  const fieldErrors = errors?.[name];
  return (
    <div>
      <div className="flex items-center gap-2">
        <input id={id} type="checkbox" name={name} value="on" className="h-4 w-4 rounded border-slate-300" {...input} />
        <label htmlFor={id} className="text-sm text-slate-700">
          {label}
        </label>
      </div>
      {fieldErrors?.length ? (
        <p className="field-error" role="alert">
          {fieldErrors.map(errorText).join(" ")}
        </p>
      ) : null}
    </div>
  );
}

export function FormErrorSummary({ errors }: { errors?: FieldErrors }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  if (!errors || Object.keys(errors).length === 0) return null;
  const general = errors[""] ?? [];
  return (
    <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
      <p>{t("common.fixErrors")}</p>
      {general.map((message) => (
        <p key={message}>{errorText(message)}</p>
      ))}
    </div>
  );
}

/** What an action answers when it refuses a post: messages by field name ("" for the form) and what was typed. */
type FormReply = { errors?: FieldErrors; values?: Record<string, string> };

function submissionResult(reply: FormReply | undefined): SubmissionResult<string[]> | undefined {
  // A refusal without field errors (a likely duplicate) still hands back what was typed.
  if (!reply || (Object.keys(reply.errors ?? {}).length === 0 && !reply.values)) return undefined;
  return { status: "error", error: reply.errors ?? {}, initialValue: reply.values };
}

/**
 * Conform's form state for a page whose action answers `{ errors, values }`: the errors go next to
 * their fields and the typed values come back, with or without JavaScript. Checks run in the
 * action (parseForm), where the rules that need the database live too.
 */
export function useServerForm(reply: FormReply | undefined, defaultValue?: Record<string, string>) {
  // Every field is a string in the post; the schema in the action gives them their types.
  return useForm<Record<string, string>>({ lastResult: submissionResult(reply), defaultValue });
}

/** The props the field components above take, from a Conform field. */
export function fieldProps(field: { name: string; initialValue?: unknown; errors?: string[] }) {
  return {
    name: field.name,
    defaultValue: typeof field.initialValue === "string" ? field.initialValue : "",
    errors: field.errors ? { [field.name]: field.errors } : undefined,
  };
}

import { Form, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { useTranslation } from "~/utils/use-translation";
import type { InquiryActionData } from "~/components/inquiry-sidebar";

export type ReplyTemplate = { id: number; name: string; locale: string; body: string };

/**
 * The reply box: send a reply to the buyer or add an internal note, with the reply templates to
 * insert. "r" anywhere on the page jumps here; Ctrl/⌘+Enter sends.
 */
export function ReplyComposer({ templates, actionData }: { templates: ReplyTemplate[]; actionData?: InquiryActionData }) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const formRef = useRef<HTMLFormElement>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const submitting = navigation.state === "submitting";
  const failedHere = actionData?.intent === "reply" || actionData?.intent === "note";
  const [body, setBody] = useState(failedHere ? (actionData?.values?.body ?? "") : "");

  // After a successful send the box empties; after a failed one it keeps what was typed.
  useEffect(() => {
    if (actionData?.done === "reply" || actionData?.done === "note" || actionData?.done === "firstResponse") setBody("");
  }, [actionData]);

  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (event.key !== "r" || event.ctrlKey || event.metaKey || event.altKey) return;
      if (target.closest("input, textarea, select, [contenteditable]")) return;
      event.preventDefault();
      textRef.current?.focus();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      formRef.current?.requestSubmit(formRef.current.querySelector<HTMLButtonElement>('button[value="reply"]'));
    }
  };
  const insertTemplate = (id: string) => {
    const template = templates.find((candidate) => String(candidate.id) === id);
    if (!template) return;
    setBody((current) => (current.trim() ? `${current.trimEnd()}\n\n${template.body}` : template.body));
    textRef.current?.focus();
  };
  const errors = failedHere ? actionData?.errors : undefined;
  return (
    <Form method="post" ref={formRef} className="card space-y-3" aria-labelledby="composer-title">
      <h2 id="composer-title" className="text-lg font-semibold">
        {t("inquiry.reply")}
      </h2>
      {templates.length > 0 ? (
        <div>
          <label htmlFor="template-picker" className="field-label">
            {t("inquiry.insertTemplate")}
          </label>
          <select
            id="template-picker"
            className="field-input"
            value=""
            onChange={(event) => insertTemplate(event.currentTarget.value)}
          >
            <option value="">{t("inquiry.chooseTemplate")}</option>
            {templates.map((template) => (
              <option key={template.id} value={template.id}>
                {template.name} ({t(`locales.${template.locale}`, template.locale)})
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div>
        <label htmlFor="reply-body" className="field-label">
          {t("inquiry.message")}
        </label>
        <textarea
          id="reply-body"
          ref={textRef}
          name="body"
          rows={6}
          className="field-input"
          value={body}
          onChange={(event) => setBody(event.currentTarget.value)}
          onKeyDown={onKeyDown}
          aria-invalid={errors?.body ? true : undefined}
          aria-describedby="reply-help"
        />
        <p id="reply-help" className="mt-1 text-xs text-slate-500">
          {t("inquiry.sendHint")}
        </p>
        {errors?.body ? (
          <p className="field-error" role="alert">
            {t("errors.required")}
          </p>
        ) : null}
      </div>
      <div className="flex flex-wrap gap-2">
        <button type="submit" name="intent" value="reply" className="btn-primary" disabled={submitting}>
          {t("inquiry.send")}
        </button>
        <button type="submit" name="intent" value="note" className="btn-secondary" disabled={submitting}>
          {t("inquiry.addNote")}
        </button>
      </div>
    </Form>
  );
}

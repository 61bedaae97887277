import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { invariantResponse } from "@epic-web/invariant";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "~/utils/use-translation";
import { requirePermission } from "~/auth/session.server";
import { EmptyState } from "~/components/empty-state";
import { FormErrorSummary, TextField } from "~/components/forms";
import { db } from "~db/client.server";
import { createApiKey, listApiKeys, revokeApiKey } from "~/models/api-key.server";
import { apiKeyIntentSchema, newApiKeySchema } from "~/schemas/api-key";
import { parseForm, recordIdSchema, type FieldErrors } from "~/schemas/form";
import { useFormat } from "~/utils/use-format";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "apiKeys.title");

const INTAKE_ENDPOINT = "POST /api/v1/inquiries";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "manageApiKeys");
  return { keys: listApiKeys(db()) };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "manageApiKeys");
  const formData = await request.formData();
  const intent = apiKeyIntentSchema.safeParse({ intent: formData.get("intent") });
  invariantResponse(intent.success, "Unknown action", { status: 400 });
  const by = { userId: admin.id, at: new Date() };

  if (intent.data.intent === "revoke") {
    const parsed = recordIdSchema.safeParse({ id: formData.get("id") });
    const revoked = parsed.success ? revokeApiKey(db(), parsed.data.id, by) : undefined;
    invariantResponse(revoked, "Not found", { status: 404 });
    return Response.json({ revoked: revoked.name, errors: {}, values: {} });
  }

  const parsed = parseForm(newApiKeySchema, formData);
  if (!parsed.ok) return Response.json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const { key, id, name } = createApiKey(db(), parsed.data.name, by);
  // The only response that ever carries the key itself: keep it out of every cache.
  return Response.json({ created: { id, name, key }, errors: {}, values: {} }, { headers: { "Cache-Control": "no-store" } });
}

type ActionData = {
  created?: { id: number; name: string; key: string };
  revoked?: string;
  errors: FieldErrors;
  values: Record<string, string>;
};

function UsageExample() {
  const { t } = useTranslation();
  return (
    <pre className="mt-2 overflow-x-auto rounded-md bg-slate-900 p-3 text-left text-xs text-slate-100">
      <code>
        {INTAKE_ENDPOINT}
        {"\n"}
        {`Authorization: Bearer <${t("apiKeys.keyPlaceholder")}>`}
      </code>
    </pre>
  );
}

function NewKey({ name, apiKey }: { name: string; apiKey: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <section role="status" className="space-y-3 rounded-md border border-green-200 bg-green-50 p-4 text-sm text-green-900">
      <p className="font-medium">{t("apiKeys.createdTitle", { name })}</p>
      <p>{t("apiKeys.shownOnce")}</p>
      <div className="flex items-end gap-2">
        <div className="grow">
          <TextField
            label={t("apiKeys.newKey")}
            name="newApiKey"
            value={apiKey}
            readOnly
            spellCheck={false}
            autoComplete="off"
            className="field-input font-mono"
            onFocus={(event) => event.currentTarget.select()}
          />
        </div>
        <button
          type="button"
          className="btn-secondary"
          onClick={() => {
            navigator.clipboard?.writeText(apiKey).then(
              () => setCopied(true),
              () => setCopied(false),
            );
          }}
        >
          {t("apiKeys.copy")}
        </button>
      </div>
      {copied ? <p>{t("apiKeys.copied")}</p> : null}
      <div>
        <p>{t("apiKeys.usage")}</p>
        <UsageExample />
      </div>
    </section>
  );
}

export default function ApiKeys() {
  const { t } = useTranslation();
  const format = useFormat();
  const { keys } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const navigation = useNavigation();
  const values = actionData?.values ?? {};
  const errors = actionData?.errors;
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">{t("apiKeys.title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("apiKeys.intro")}</p>
      </div>
      {actionData?.revoked ? (
        <p role="status" className="rounded-md bg-green-50 p-3 text-sm text-green-800">
          {t("apiKeys.revokedDone", { name: actionData.revoked })}
        </p>
      ) : null}
      {keys.length === 0 ? (
        <EmptyState>
          <p className="font-medium">{t("apiKeys.emptyTitle")}</p>
          <p className="mt-2">{t("apiKeys.empty")}</p>
          <div className="mx-auto max-w-md">
            <UsageExample />
          </div>
        </EmptyState>
      ) : (
        <div className="card overflow-x-auto p-0">
          <table className="data-table">
            <thead className="bg-slate-50">
              <tr>
                <th scope="col">{t("apiKeys.name")}</th>
                <th scope="col">{t("apiKeys.prefix")}</th>
                <th scope="col">{t("apiKeys.created")}</th>
                <th scope="col">{t("apiKeys.lastUsed")}</th>
                <th scope="col">{t("apiKeys.status")}</th>
                <th scope="col">
                  <span className="sr-only">{t("common.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {keys.map((key) => (
                <tr key={key.id} className={key.revokedAt ? "[&>td]:text-slate-400" : ""}>
                  <td>{key.name}</td>
                  <td>
                    <code>{key.prefix}…</code>
                  </td>
                  <td className="whitespace-nowrap">{format.dateTime(key.createdAt)}</td>
                  <td className="whitespace-nowrap">
                    {key.lastUsedAt ? format.dateTime(key.lastUsedAt) : t("apiKeys.neverUsed")}
                  </td>
                  <td className="whitespace-nowrap">
                    {key.revokedAt ? (
                      <>
                        {t("apiKeys.revoked")}
                        <span className="block text-xs">{format.dateTime(key.revokedAt)}</span>
                      </>
                    ) : (
                      t("apiKeys.active")
                    )}
                  </td>
                  <td>
                    {key.revokedAt ? null : (
                      <Form
                        method="post"
                        onSubmit={(event) => {
                          if (!confirm(t("apiKeys.confirmRevoke", { name: key.name }))) event.preventDefault();
                        }}
                      >
                        <input type="hidden" name="intent" value="revoke" />
                        <input type="hidden" name="id" value={key.id} />
                        <button type="submit" className="btn-danger">
                          {t("apiKeys.revoke")}
                          <span className="sr-only"> {key.name}</span>
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <section aria-labelledby="create-key-title" className="space-y-3">
        <h2 id="create-key-title" className="text-lg font-semibold">
          {t("apiKeys.create")}
        </h2>
        {actionData?.created ? <NewKey name={actionData.created.name} apiKey={actionData.created.key} /> : null}
        <Form method="post" className="card space-y-4" noValidate key={actionData?.created?.id ?? "new"}>
          <FormErrorSummary errors={errors} />
          <input type="hidden" name="intent" value="create" />
          <TextField
            label={t("apiKeys.name")}
            name="name"
            maxLength={100}
            help={t("apiKeys.nameHelp")}
            defaultValue={values.name ?? ""}
            errors={errors}
          />
          <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
            {t("common.create")}
          </button>
        </Form>
      </section>
    </div>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { invariantResponse } from "@epic-web/invariant";
import { Form, Link, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";
import { requirePermission } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ReplyTemplateForm, type ReplyTemplateFormReply } from "~/components/reply-template-form";
import { redirectWithToast } from "~/components/toast.server";
import { db } from "~db/client.server";
import { deleteReplyTemplate, getReplyTemplate, updateReplyTemplate } from "~/models/reply-template.server";
import { parseForm } from "~/schemas/form";
import { replyTemplateSchema } from "~/schemas/reply-template";
import { replyTemplateIntentSchema } from "~/schemas/reply-template-actions";
import { useFormat } from "~/utils/use-format";
import { pageTitle } from "~/utils/meta";
import { idParam, type RouteParams } from "~/utils/params";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "templates.title");

function loadTemplate(params: RouteParams) {
  const template = getReplyTemplate(db(), idParam(params, "templateId"));
  invariantResponse(template, "Not found", { status: 404 });
  return template;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "manageSettings");
  return { template: loadTemplate(params) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "manageSettings");
  const template = loadTemplate(params);
  const formData = await request.formData();
  const intent = replyTemplateIntentSchema.safeParse({ intent: formData.get("intent") });
  invariantResponse(intent.success, "Unknown action", { status: 400 });

  if (intent.data.intent === "delete") {
    deleteReplyTemplate(db(), template.id);
    return redirectWithToast(request, "/templates", { key: "toast.templateDeleted", values: { name: template.name } });
  }
  const parsed = parseForm(replyTemplateSchema, formData);
  if (!parsed.ok) return Response.json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const updated = updateReplyTemplate(db(), template.id, parsed.data, { userId: user.id, at: new Date() });
  return Response.json({ updated: updated?.name ?? template.name, errors: {} });
}

type ActionData = ReplyTemplateFormReply & { updated?: string };

export default function EditReplyTemplate() {
  const { t } = useTranslation();
  const format = useFormat();
  const { template } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  return (
    <div className="max-w-3xl space-y-6">
      <Link to="/templates" className="text-sm text-brand-700 underline">
        {t("templates.back")}
      </Link>
      <h1 className="text-2xl font-semibold">{t("templates.editTitle", { name: template.name })}</h1>
      <p className="text-sm text-slate-600">
        {t(`locales.${template.locale}`)} · {t("templates.updatedAt")}: {format.dateTime(template.updatedAt)}
      </p>
      <ReplyTemplateForm
        key={JSON.stringify(template)}
        reply={actionData}
        defaults={{ name: template.name, locale: template.locale, body: template.body }}
        bodyRows={12}
        submitLabel={t("common.save")}
        className="card space-y-4"
      >
        {actionData?.updated ? (
          <p role="status" className="rounded-md bg-green-50 p-3 text-sm text-green-800">
            {t("templates.updated", { name: actionData.updated })}
          </p>
        ) : null}
        <input type="hidden" name="intent" value="update" />
      </ReplyTemplateForm>
      <Form
        method="post"
        onSubmit={(event) => {
          if (!confirm(t("templates.confirmDelete", { name: template.name }))) event.preventDefault();
        }}
      >
        <input type="hidden" name="intent" value="delete" />
        <button type="submit" className="btn-danger">
          {t("templates.delete")}
        </button>
      </Form>
    </div>
  );
}

// A missing or forbidden record answers inside the page, so the navigation stays usable.
export function ErrorBoundary() {
  return <GeneralErrorBoundary error={useRouteError()} />;
}

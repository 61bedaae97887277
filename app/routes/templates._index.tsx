import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";
import { requirePermission } from "~/auth/session.server";
import { EmptyState } from "~/components/empty-state";
import { ReplyTemplateForm, type ReplyTemplateFormReply } from "~/components/reply-template-form";
import { db } from "~db/client.server";
import { LOCALES } from "~db/enums";
import { createReplyTemplate, listReplyTemplates } from "~/models/reply-template.server";
import { parseForm } from "~/schemas/form";
import { replyTemplateFilterSchema, replyTemplateSchema } from "~/schemas/reply-template";
import { useFormat } from "~/utils/use-format";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "templates.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "manageSettings");
  const { locale } = replyTemplateFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { locale: locale ?? null, templates: listReplyTemplates(db(), { locale }) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "manageSettings");
  const parsed = parseForm(replyTemplateSchema, await request.formData());
  if (!parsed.ok) return Response.json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const created = createReplyTemplate(db(), parsed.data, { userId: user.id, at: new Date() });
  return Response.json({ created: { id: created.id, name: created.name }, errors: {}, values: {} });
}

type ActionData = ReplyTemplateFormReply & { created?: { id: number; name: string } };

export default function ReplyTemplates() {
  const { t } = useTranslation();
  const format = useFormat();
  const { locale, templates } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const filters = [
    { to: "/templates", label: t("templates.all"), current: locale === null },
    ...LOCALES.map((value) => ({
      to: `/templates?locale=${encodeURIComponent(value)}`,
      label: t(`locales.${value}`),
      current: locale === value,
    })),
  ];
  const groups = LOCALES.map((value) => ({
    locale: value,
    templates: templates.filter((template) => template.locale === value),
  })).filter((group) => group.templates.length > 0);
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">{t("templates.title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("templates.intro")}</p>
      </div>
      <nav aria-label={t("templates.filter")} className="flex flex-wrap items-center gap-2 text-sm">
        <span className="text-slate-600">{t("templates.filter")}:</span>
        {filters.map((filter) => (
          <Link
            key={filter.to}
            to={filter.to}
            aria-current={filter.current ? "page" : undefined}
            className={
              filter.current
                ? "rounded-full bg-brand-600 px-3 py-1 font-medium text-white"
                : "rounded-full border border-slate-300 bg-white px-3 py-1 text-slate-700 hover:bg-slate-50"
            }
          >
            {filter.label}
          </Link>
        ))}
      </nav>
      {groups.length === 0 ? (
        <EmptyState>
          {locale ? t("templates.emptyLocale", { language: t(`locales.${locale}`) }) : t("templates.empty")}
        </EmptyState>
      ) : (
        groups.map((group) => (
          <section key={group.locale} aria-labelledby={`templates-${group.locale}`}>
            <h2 id={`templates-${group.locale}`} className="text-lg font-semibold">
              {t(`locales.${group.locale}`)}
            </h2>
            <div className="card mt-3 overflow-x-auto p-0">
              <table className="data-table">
                <thead className="bg-slate-50">
                  <tr>
                    <th scope="col">{t("templates.name")}</th>
                    <th scope="col">{t("templates.language")}</th>
                    <th scope="col">{t("templates.preview")}</th>
                    <th scope="col">{t("templates.updatedAt")}</th>
                    <th scope="col">
                      <span className="sr-only">{t("common.actions")}</span>
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {group.templates.map((template) => (
                    <tr key={template.id}>
                      <td className="font-medium">{template.name}</td>
                      <td className="whitespace-nowrap">{t(`locales.${template.locale}`)}</td>
                      <td className="max-w-xl">
                        <p className="line-clamp-2 whitespace-pre-line text-slate-600" lang={template.locale}>
                          {template.body}
                        </p>
                      </td>
                      <td className="whitespace-nowrap">{format.dateTime(template.updatedAt)}</td>
                      <td>
                        <Link to={`/templates/${template.id}`} className="text-brand-700 underline">
                          {t("common.edit")}
                          <span className="sr-only"> {template.name}</span>
                        </Link>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        ))
      )}
      <section aria-labelledby="create-template-title">
        <h2 id="create-template-title" className="text-lg font-semibold">
          {t("templates.create")}
        </h2>
        <ReplyTemplateForm
          key={actionData?.created?.id ?? "new"}
          reply={actionData?.created ? undefined : actionData}
          defaults={{ name: "", locale: locale ?? "en", body: "" }}
          bodyRows={8}
          submitLabel={t("common.create")}
          className="card mt-3 space-y-4"
        >
          {actionData?.created ? (
            <p role="status" className="rounded-md bg-green-50 p-3 text-sm text-green-800">
              {t("templates.created", { name: actionData.created.name })}
            </p>
          ) : null}
        </ReplyTemplateForm>
      </section>
    </div>
  );
}

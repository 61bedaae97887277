import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { getFormProps } from "@conform-to/react";
import type { ReactNode } from "react";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";
import { hashPassword } from "~/auth/password.server";
import { requirePermission } from "~/auth/session.server";
import { fieldProps, FormErrorSummary, SelectField, TextField, useServerForm } from "~/components/forms";
import { db } from "~db/client.server";
import { LOCALES, ROLES } from "~db/enums";
import { createUser, findUserByEmail, listUsers, throttledEmails } from "~/models/user.server";
import { parseForm, type FieldErrors } from "~/schemas/form";
import { newUserSchema } from "~/schemas/user";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "users.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "manageUsers");
  const throttled = throttledEmails(db(), new Date());
  return { users: listUsers(db()).map((user) => ({ ...user, signInThrottled: throttled.has(user.email) })) };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "manageUsers");
  const parsed = parseForm(newUserSchema, await request.formData());
  if (!parsed.ok) return Response.json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const { password, ...user } = parsed.data;
  if (findUserByEmail(db(), user.email)) {
    const { password: _omit, ...values } = parsed.data;
    return Response.json({ errors: { email: ["errors.emailTaken"] }, values }, { status: 400 });
  }
  const created = createUser(db(), { ...user, passwordHash: await hashPassword(password) }, { userId: admin.id, at: new Date() });
  return Response.json({ created: created.email, errors: {}, values: {} });
}

type ActionData = { created?: string; errors?: FieldErrors; values?: Record<string, string> };

export default function Users() {
  const { t } = useTranslation();
  const { users } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-semibold">{t("users.title")}</h1>
      <div className="card overflow-x-auto p-0">
        <table className="data-table">
          <thead className="bg-slate-50">
            <tr>
              <th scope="col">{t("users.name")}</th>
              <th scope="col">{t("users.email")}</th>
              <th scope="col">{t("users.role")}</th>
              <th scope="col">{t("users.locale")}</th>
              <th scope="col">{t("users.status")}</th>
              <th scope="col">
                <span className="sr-only">{t("common.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {users.map((user) => (
              <tr key={user.id} className={user.active ? "" : "text-slate-400"}>
                <td>{user.name}</td>
                <td>{user.email}</td>
                <td>{t(`roles.${user.role}`)}</td>
                <td>{t(`locales.${user.locale}`)}</td>
                <td>
                  {user.active ? t("users.active") : t("users.inactive")}
                  {user.signInThrottled ? (
                    <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-900">
                      {t("signIn.throttled")}
                    </span>
                  ) : null}
                </td>
                <td>
                  <Link to={`/admin/users/${user.id}`} className="text-brand-700 underline">
                    {t("common.edit")}
                    <span className="sr-only"> {user.name}</span>
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section aria-labelledby="create-user-title">
        <h2 id="create-user-title" className="text-lg font-semibold">
          {t("users.create")}
        </h2>
        <NewUserForm key={actionData?.created ?? "new"} reply={actionData?.created ? undefined : actionData}>
          {actionData?.created ? (
            <p role="status" className="rounded-md bg-green-50 p-3 text-sm text-green-800">
              {t("users.created", { email: actionData.created })}
            </p>
          ) : null}
        </NewUserForm>
      </section>
    </div>
  );
}

/** Keyed by the user just created, so the next one starts from a blank form. */
function NewUserForm({ reply, children }: { reply?: ActionData; children: ReactNode }) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const [form, fields] = useServerForm(reply, { role: "service", locale: "en" });
  return (
    <Form method="post" className="card mt-3 space-y-4" {...getFormProps(form)}>
      <FormErrorSummary errors={form.allErrors} />
      {children}
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <TextField label={t("users.name")} {...fieldProps(fields.name)} />
        <TextField label={t("users.email")} {...fieldProps(fields.email)} type="email" />
        <SelectField
          label={t("users.role")}
          {...fieldProps(fields.role)}
          options={ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
        />
        <SelectField
          label={t("users.locale")}
          {...fieldProps(fields.locale)}
          options={LOCALES.map((locale) => ({ value: locale, label: t(`locales.${locale}`) }))}
        />
        {/* A password is never sent back: the field starts empty after a refused post. */}
        <TextField label={t("users.password")} {...fieldProps(fields.password)} type="password" autoComplete="new-password" />
      </div>
      <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
        {t("common.create")}
      </button>
    </Form>
  );
}

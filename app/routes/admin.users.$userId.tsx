import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { getFormProps } from "@conform-to/react";
import { invariantResponse } from "@epic-web/invariant";
import type { ReactNode } from "react";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteError } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";
import { hashPassword } from "~/auth/password.server";
import { requirePermission } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { CheckboxField, fieldProps, FormErrorSummary, SelectField, TextField, useServerForm } from "~/components/forms";
import { redirectWithToast } from "~/components/toast.server";
import { db } from "~db/client.server";
import { LOCALES, ROLES } from "~db/enums";
import { clearSignInThrottle, countActiveAdmins, getUser, signInThrottledUntil, updateUser } from "~/models/user.server";
import { parseForm, submittedValues, type FieldErrors } from "~/schemas/form";
import { editUserSchema } from "~/schemas/user";
import { userIntentSchema } from "~/schemas/user-actions";
import { pageTitle } from "~/utils/meta";
import { useFormat } from "~/utils/use-format";
import { idParam, type RouteParams } from "~/utils/params";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "users.title");

function loadUser(params: RouteParams) {
  const user = getUser(db(), idParam(params, "userId"));
  invariantResponse(user, "Not found", { status: 404 });
  return user;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "manageUsers");
  const user = loadUser(params);
  // SPEC §12: the admin sees when failed attempts keep the user out, and can let them in again.
  const throttledUntil = signInThrottledUntil(db(), user.email, new Date());
  return { user, throttledUntil: throttledUntil?.toISOString() ?? null };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "manageUsers");
  const user = loadUser(params);
  const formData = await request.formData();
  const intent = userIntentSchema.safeParse({ intent: formData.get("intent") });
  invariantResponse(intent.success, "Unknown action", { status: 400 });
  const by = { userId: admin.id, at: new Date() };
  // An admin must remain, or nobody could manage users and keys again.
  const wouldLeaveNoAdmin = user.role === "admin" && user.active && countActiveAdmins(db(), user.id) === 0;

  if (intent.data.intent === "deactivate") {
    if (user.id === admin.id) return Response.json({ errors: { "": ["errors.notYourself"] } }, { status: 400 });
    if (wouldLeaveNoAdmin) return Response.json({ errors: { "": ["errors.lastAdmin"] } }, { status: 400 });
    updateUser(db(), user.id, { active: false }, by);
    return redirectWithToast(request, "/admin/users", { key: "toast.userDeactivated", values: { email: user.email } });
  }
  if (intent.data.intent === "clearThrottle") {
    clearSignInThrottle(db(), user.id, { userId: admin.id, at: by.at });
    return Response.json({ throttleCleared: user.email, errors: {} });
  }
  if (intent.data.intent === "reactivate") {
    updateUser(db(), user.id, { active: true }, by);
    return redirectWithToast(request, `/admin/users/${user.id}`, { key: "toast.userReactivated", values: { email: user.email } });
  }
  const parsed = parseForm(editUserSchema, formData);
  if (!parsed.ok) return Response.json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  if (parsed.data.role !== "admin" && wouldLeaveNoAdmin) {
    return Response.json({ errors: { role: ["errors.lastAdmin"] }, values: submittedValues(formData) }, { status: 400 });
  }
  const { password, ...changes } = parsed.data;
  updateUser(db(), user.id, { ...changes, ...(password ? { passwordHash: await hashPassword(password) } : {}) }, by);
  return Response.json({ updated: user.email, errors: {} });
}

type ActionData = { updated?: string; throttleCleared?: string; errors?: FieldErrors; values?: Record<string, string> };

export default function EditUser() {
  const { t } = useTranslation();
  const { user, throttledUntil } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const format = useFormat();
  return (
    <div className="max-w-2xl space-y-6">
      <Link to="/admin/users" className="text-sm text-brand-700 underline">
        {t("users.back")}
      </Link>
      <h1 className="text-2xl font-semibold">{t("users.editTitle", { name: user.name })}</h1>
      <p className="text-sm text-slate-600">
        {user.email} · {user.active ? t("users.active") : t("users.inactive")}
      </p>
      {actionData?.throttleCleared ? (
        <p role="status" className="rounded-md bg-green-50 p-3 text-sm text-green-800">
          {t("signIn.throttleCleared", { email: actionData.throttleCleared })}
        </p>
      ) : null}
      {throttledUntil ? (
        <Form method="post" className="card space-y-3 border-amber-300 bg-amber-50">
          <p className="text-sm text-amber-900">{t("signIn.throttledUntil", { time: format.dateTime(throttledUntil) })}</p>
          <input type="hidden" name="intent" value="clearThrottle" />
          <button type="submit" className="btn-secondary">
            {t("signIn.clearThrottle")}
          </button>
        </Form>
      ) : null}
      <UserForm key={JSON.stringify(user)} user={user} reply={actionData}>
        {actionData?.updated ? (
          <p role="status" className="rounded-md bg-green-50 p-3 text-sm text-green-800">
            {t("users.updated", { email: actionData.updated })}
          </p>
        ) : null}
      </UserForm>
      <Form
        method="post"
        onSubmit={(event) => {
          if (user.active && !confirm(t("users.confirmDeactivate", { name: user.name }))) event.preventDefault();
        }}
      >
        <input type="hidden" name="intent" value={user.active ? "deactivate" : "reactivate"} />
        <button type="submit" className={user.active ? "btn-danger" : "btn-secondary"}>
          {user.active ? t("users.deactivate") : t("users.reactivate")}
        </button>
      </Form>
    </div>
  );
}

/** Keyed by the saved user, so a save starts the form again from what was stored. */
function UserForm({
  user,
  reply,
  children,
}: {
  user: { name: string; role: string; locale: string; onDuty: boolean };
  reply?: ActionData;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const [form, fields] = useServerForm(reply, {
    name: user.name,
    role: user.role,
    locale: user.locale,
    onDuty: user.onDuty ? "on" : "",
  });
  return (
    <Form method="post" className="card space-y-4" {...getFormProps(form)}>
      <FormErrorSummary errors={form.allErrors} />
      {children}
      <input type="hidden" name="intent" value="update" />
      <TextField label={t("users.name")} {...fieldProps(fields.name)} />
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
      {/* An unticked box is absent from the post, so a refused post keeps it unticked. */}
      <CheckboxField
        label={t("users.onDuty")}
        name={fields.onDuty.name}
        defaultChecked={fields.onDuty.initialValue === "on"}
        errors={fields.onDuty.errors ? { [fields.onDuty.name]: fields.onDuty.errors } : undefined}
      />
      <TextField label={t("users.newPassword")} {...fieldProps(fields.password)} type="password" autoComplete="new-password" />
      <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
        {t("common.save")}
      </button>
    </Form>
  );
}

// A missing or forbidden record answers inside the page, so the navigation stays usable.
export function ErrorBoundary() {
  return <GeneralErrorBoundary error={useRouteError()} />;
}

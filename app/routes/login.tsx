import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { checkSignIn, getCurrentUser, safeRedirect, startSession } from "~/auth/session.server";
import { FormErrorSummary, TextField } from "~/components/forms";
import { homePath } from "~/domain/permissions";
import { parseForm } from "~/schemas/form";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "login.title");

const signInSchema = z.object({
  email: z.string().trim().min(1).max(200),
  password: z.string().min(1).max(500),
  redirectTo: z.string().optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  if (user) throw redirect(homePath(user.role));
  const url = new URL(request.url);
  return { signedOut: url.searchParams.get("signedOut") === "1" };
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData();
  const parsed = parseForm(signInSchema, formData);
  if (!parsed.ok) return Response.json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const { email, password, redirectTo } = parsed.data;
  const result = await checkSignIn(email, password, new Date());
  if (!result.ok) {
    const message = result.reason === "throttled" ? "login.tooMany" : "login.invalid";
    return Response.json(
      { errors: { "": [message] }, values: { email } },
      { status: result.reason === "throttled" ? 429 : 401 },
    );
  }
  return startSession(request, result.userId, safeRedirect(redirectTo ?? null, homePath(result.role)));
}

type ActionData = { errors: Record<string, string[]>; values: Record<string, string> } | undefined;

export default function Login() {
  const { t } = useTranslation();
  const { signedOut } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const general = actionData?.errors[""] ?? [];
  return (
    <div className="mx-auto mt-10 max-w-sm">
      <h1 className="text-2xl font-semibold">{t("login.title")}</h1>
      {signedOut && !actionData ? (
        <p className="mt-3 rounded-md bg-green-50 p-3 text-sm text-green-800" role="status">
          {t("login.signedOut")}
        </p>
      ) : null}
      <Form method="post" className="card mt-6 space-y-4" noValidate>
        {general.length ? (
          <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
            {general.map((key) => t(key)).join(" ")}
          </p>
        ) : (
          <FormErrorSummary errors={actionData?.errors} />
        )}
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <TextField
          label={t("login.email")}
          name="email"
          type="email"
          autoComplete="username"
          required
          defaultValue={actionData?.values.email ?? ""}
          errors={actionData?.errors}
        />
        <TextField
          label={t("login.password")}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          errors={actionData?.errors}
        />
        <button type="submit" className="btn-primary w-full" disabled={busy}>
          {t("login.submit")}
        </button>
      </Form>
    </div>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";
import { checkSignIn, getCurrentUser, safeRedirect, startSession } from "~/auth/session.server";
import { FormErrorSummary, TextField } from "~/components/forms";
import { homePath } from "~/domain/permissions";
import { retryAfterSeconds } from "~/domain/sign-in-throttle";
import { parseForm } from "~/schemas/form";
import { signInSchema } from "~/schemas/sign-in";
import { pageTitle } from "~/utils/meta";
import { useFormat } from "~/utils/use-format";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "login.title");

/**
 * A signed-in visitor goes on to where they were headed. After a sign-in the action sends the
 * browser here with check=1 rather than straight to the target: if the browser kept the session
 * cookie this forwards it, and if it refused the cookie the page says so instead of showing the
 * form again without a word (SPEC §12).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  const url = new URL(request.url);
  if (user) throw redirect(safeRedirect(url.searchParams.get("redirectTo"), homePath(user.role)));
  return {
    signedOut: url.searchParams.get("signedOut") === "1",
    cookieRefused: url.searchParams.get("check") === "1",
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  const parsed = parseForm(signInSchema, formData);
  if (!parsed.ok) return Response.json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const { email, password, redirectTo } = parsed.data;
  const now = new Date();
  const result = await checkSignIn(email, password, { now, address: context.clientAddress || "unknown" });
  if (!result.ok && result.reason === "throttled") {
    return Response.json(
      { errors: { "": ["signIn.tooMany"] }, values: { email }, retryAt: result.retryAt.toISOString() },
      { status: 429, headers: { "Retry-After": String(retryAfterSeconds(result.retryAt, now)) } },
    );
  }
  if (!result.ok) return Response.json({ errors: { "": ["login.invalid"] }, values: { email } }, { status: 401 });
  const target = safeRedirect(redirectTo, homePath(result.role));
  return startSession(request, result.userId, `/login?check=1&redirectTo=${encodeURIComponent(target)}`);
}

type ActionData = { errors: Record<string, string[]>; values: Record<string, string>; retryAt?: string } | undefined;

export default function Login() {
  const { t } = useTranslation();
  const { signedOut, cookieRefused } = useLoaderData<typeof loader>();
  const format = useFormat();
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
      {cookieRefused && !actionData ? (
        <p className="mt-3 rounded-md bg-amber-50 p-3 text-sm text-amber-900" role="alert">
          {t("signIn.cookieRefused")}
        </p>
      ) : null}
      <Form method="post" className="card mt-6 space-y-4" noValidate>
        {general.length ? (
          <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
            {general.map((key) => t(key, { time: format.dateTime(actionData?.retryAt) })).join(" ")}
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

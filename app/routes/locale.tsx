import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getCurrentUser, localeCookie, safeRedirect } from "~/auth/session.server";
import { db } from "~db/client.server";
import { setUserLocale } from "~/models/user.server";
import { parseForm } from "~/schemas/form";
import { localeChoiceSchema } from "~/schemas/locale";

export async function action({ request }: ActionFunctionArgs) {
  const parsed = parseForm(localeChoiceSchema, await request.formData());
  if (!parsed.ok) throw new Response("Unknown language", { status: 400 });
  const user = await getCurrentUser(request);
  if (user) setUserLocale(db(), user.id, parsed.data.locale);
  return redirect(safeRedirect(parsed.data.redirectTo ?? null, "/"), {
    headers: { "Set-Cookie": await localeCookie.serialize(parsed.data.locale) },
  });
}

export function loader() {
  return redirect("/");
}

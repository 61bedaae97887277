import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { getCurrentUser, localeCookie, safeRedirect } from "~/auth/session.server";
import { db } from "~db/client.server";
import { SUPPORTED_LOCALES } from "~/i18n";
import { setUserLocale } from "~/models/user.server";
import { parseForm } from "~/schemas/form";

const schema = z.object({ locale: z.enum(SUPPORTED_LOCALES), redirectTo: z.string().optional() });

export async function action({ request }: ActionFunctionArgs) {
  const parsed = parseForm(schema, await request.formData());
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

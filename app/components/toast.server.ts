import { randomUUID } from "node:crypto";
import { createCookie, redirect } from "@remix-run/node";
import { cameOverHttps } from "~/auth/session.server";
import { sessionSecret } from "~/env.server";
import { toastSchema, type ToastMessage } from "~/schemas/toast";

// Signed, so a crafted cookie cannot put words on the page; short-lived, so a toast whose next
// page never loaded does not turn up much later somewhere else.
let toastCookieInstance: ReturnType<typeof createCookie> | undefined;
function toastCookie() {
  toastCookieInstance ??= createCookie("crm_toast", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    maxAge: 60,
    secrets: [sessionSecret()],
  });
  return toastCookieInstance;
}

/** A redirect that shows `key` (a "toast.*" catalog key) on the page it leads to. */
export async function redirectWithToast(request: Request, url: string, toast: Omit<ToastMessage, "id">): Promise<Response> {
  const value = { ...toast, id: randomUUID() } satisfies ToastMessage;
  return redirect(url, { headers: { "Set-Cookie": await toastCookie().serialize(value, { secure: cameOverHttps(request) }) } });
}

/** The waiting toast, if any, and the header that clears it so it shows only once. */
export async function takeToast(request: Request): Promise<{ toast: ToastMessage | null; headers: HeadersInit }> {
  const raw: unknown = await toastCookie().parse(request.headers.get("Cookie"));
  if (raw === null || raw === undefined) return { toast: null, headers: {} };
  const parsed = toastSchema.safeParse(raw);
  const clear = await toastCookie().serialize("", { maxAge: 0, secure: cameOverHttps(request) });
  return { toast: parsed.success ? parsed.data : null, headers: { "Set-Cookie": clear } };
}

import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";
import { FormErrorSummary, TextAreaField, TextField } from "~/components/forms";
import { db } from "~db/client.server";
import { receiveInquiry } from "~/models/inquiry.server";
import { getSettings } from "~/models/settings.server";
import { parseForm, type FieldErrors } from "~/schemas/form";
import { publicInquirySchema } from "~/schemas/inquiry";
import { limiter } from "~/utils/rate-limiter.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "publicForm.title");

// A person sends a handful of inquiries; a script sends hundreds. Five a minute per address.
const FORM_RATE_PER_SECOND = 5 / 60;
const FORM_BURST = 5;

// A page's response takes its headers from `headers` exports only, not from the action's
// Response; without this the 429 would lose its Retry-After.
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const headers = new Headers();
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};

export async function loader(_args: LoaderFunctionArgs) {
  return { seller: getSettings(db()).seller.companyName };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  const now = new Date();
  const rate = limiter("publicForm").take(context.clientAddress ?? "unknown", now.getTime(), FORM_RATE_PER_SECOND, FORM_BURST);
  const parsed = parseForm(publicInquirySchema, formData);
  if (!rate.allowed) {
    const values = parsed.ok ? Object.fromEntries(formData.entries()) : parsed.values;
    return Response.json(
      { errors: { "": ["publicForm.tooMany"] }, values },
      { status: 429, headers: { "Retry-After": String(rate.retryAfterSeconds) } },
    );
  }
  if (!parsed.ok) return Response.json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const input = parsed.data;
  // The honeypot was filled in: thank the bot and keep nothing.
  if (input.website) return redirect("/inquire/thanks");
  const firstLine = input.message.split("\n")[0]!.slice(0, 80);
  const subject = input.product ? `${input.product}: ${firstLine}` : firstLine;
  const settings = getSettings(db());
  const result = receiveInquiry(
    db(),
    {
      channelKey: "website",
      receivedAt: now,
      subject: subject.slice(0, 300),
      message: input.product ? `${input.message}\n\n(Product: ${input.product})` : input.message,
      buyer: {
        company: input.company || undefined,
        name: input.name,
        email: input.email,
        phone: input.phone || undefined,
        country: input.country,
      },
      productSku: input.product || undefined,
      quantity: input.quantity ?? null,
    },
    { now, settings, autoReply: true },
  );
  if (!result.ok) throw new Response("The website channel is not configured.", { status: 500 });
  return redirect("/inquire/thanks");
}

type ActionData = { errors: FieldErrors; values: Record<string, string> };

export default function PublicInquiry() {
  const { t } = useTranslation();
  const { seller } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const navigation = useNavigation();
  const values = actionData?.values ?? {};
  const errors = actionData?.errors;
  const general = errors?.[""] ?? [];
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <h1 className="text-2xl font-semibold">{seller ? t("publicForm.titleWithSeller", { seller }) : t("publicForm.title")}</h1>
      <p className="text-slate-600">{t("publicForm.intro")}</p>
      <Form method="post" className="card space-y-4" noValidate>
        {general.length ? (
          <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
            {general.map((key) => t(key)).join(" ")}
          </p>
        ) : (
          <FormErrorSummary errors={errors} />
        )}
        <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
          <TextField
            label={t("publicForm.name")}
            name="name"
            autoComplete="name"
            required
            defaultValue={values.name ?? ""}
            errors={errors}
          />
          <TextField
            label={t("publicForm.email")}
            name="email"
            type="email"
            autoComplete="email"
            required
            defaultValue={values.email ?? ""}
            errors={errors}
          />
          <TextField
            label={t("publicForm.company")}
            name="company"
            autoComplete="organization"
            defaultValue={values.company ?? ""}
            errors={errors}
          />
          <TextField
            label={t("publicForm.phone")}
            name="phone"
            type="tel"
            autoComplete="tel"
            defaultValue={values.phone ?? ""}
            errors={errors}
          />
          <TextField
            label={t("publicForm.country")}
            name="country"
            maxLength={2}
            help={t("publicForm.countryHelp")}
            defaultValue={values.country ?? ""}
            errors={errors}
          />
          <TextField label={t("publicForm.product")} name="product" defaultValue={values.product ?? ""} errors={errors} />
          <TextField
            label={t("publicForm.quantity")}
            name="quantity"
            inputMode="numeric"
            defaultValue={values.quantity ?? ""}
            errors={errors}
          />
        </div>
        <TextAreaField
          label={t("publicForm.message")}
          name="message"
          rows={6}
          required
          defaultValue={values.message ?? ""}
          errors={errors}
        />
        {/* Hidden from people and screen readers; bots fill it in. */}
        <div aria-hidden="true" className="absolute -left-[10000px] h-px w-px overflow-hidden">
          <label htmlFor="website-field">{t("publicForm.honeypot")}</label>
          <input id="website-field" name="website" type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
        </div>
        <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
          {t("publicForm.submit")}
        </button>
      </Form>
    </div>
  );
}

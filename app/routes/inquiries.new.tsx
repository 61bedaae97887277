import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { TZDate } from "@date-fns/tz";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";
import { requirePermission } from "~/auth/session.server";
import { getFormProps } from "@conform-to/react";
import { fieldProps, FormErrorSummary, SelectField, TextAreaField, TextField, useServerForm } from "~/components/forms";
import { redirectWithToast } from "~/components/toast.server";
import { db } from "~db/client.server";
import { receiveInquiry } from "~/models/inquiry.server";
import { productOptions } from "~/models/product.server";
import { getSettings } from "~/models/settings.server";
import { parseForm, submittedValues, type FieldErrors } from "~/schemas/form";
import { manualInquirySchema } from "~/schemas/inquiry";
import { useFormat } from "~/utils/use-format";
import { pageTitle } from "~/utils/meta";
import { activeChannels } from "~/models/channel.server";
import { isInTheFuture } from "~/schemas/instant";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "logInquiry.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "handleInquiries");
  const database = db();
  return {
    channels: activeChannels(database).map((channel) => ({ key: channel.key, name: channel.name })),
    products: productOptions(database),
  };
}

/** "2026-11-22T09:15" typed in the team's time zone, as an instant. */
function fromLocalDateTime(text: string, timeZone: string): Date {
  const [day = "", time = ""] = text.split("T");
  const [y, m, d] = day.split("-").map(Number);
  const [hh, mm, ss] = time.split(":").map(Number);
  return new Date(new TZDate(y!, m! - 1, d!, hh!, mm!, ss ?? 0, 0, timeZone).getTime());
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "handleInquiries");
  const formData = await request.formData();
  const parsed = parseForm(manualInquirySchema, formData);
  if (!parsed.ok) return Response.json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const input = parsed.data;
  const now = new Date();
  const settings = getSettings(db());
  const receivedAt = input.receivedAt ? fromLocalDateTime(input.receivedAt, settings.general.timeZone) : now;
  if (isInTheFuture(receivedAt, now)) {
    return Response.json(
      { errors: { receivedAt: ["errors.receivedAtFuture"] }, values: submittedValues(formData) },
      { status: 400 },
    );
  }
  const result = receiveInquiry(
    db(),
    {
      channelKey: input.channel,
      receivedAt,
      subject: input.subject,
      message: input.message,
      buyer: {
        company: input.customerName,
        name: input.contactName,
        email: input.contactEmail,
        phone: input.contactPhone || undefined,
        country: input.country,
      },
      productId: input.productId ?? null,
      quantity: input.quantity ?? null,
      createdById: user.id,
    },
    // A call logged by hand was already answered in person, so no auto-reply goes out.
    { now, settings, autoReply: false },
  );
  if (!result.ok) {
    const field = result.reason === "unknown_product" ? "productId" : "channel";
    return Response.json({ errors: { [field]: ["errors.invalid"] }, values: submittedValues(formData) }, { status: 400 });
  }
  return redirectWithToast(request, `/inquiries/${result.id}`, { key: "toast.inquiryLogged" });
}

type ActionData = { errors: FieldErrors; values: Record<string, string> };

export default function LogInquiry() {
  const { t } = useTranslation();
  const format = useFormat();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const navigation = useNavigation();
  const [form, fields] = useServerForm(actionData, { channel: "trade_show" });
  const suggestions = useFetcher<{ customers: { id: number; name: string; country: string | null }[] }>();
  return (
    <div className="max-w-3xl space-y-4">
      <Link to="/inquiries" className="text-sm text-brand-700 underline">
        {t("inquiry.back")}
      </Link>
      <h1 className="text-2xl font-semibold">{t("logInquiry.title")}</h1>
      <p className="text-sm text-slate-600">{t("logInquiry.intro")}</p>
      <Form method="post" className="card space-y-4" {...getFormProps(form)}>
        <FormErrorSummary errors={form.allErrors} />
        <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
          <SelectField
            label={t("logInquiry.channel")}
            {...fieldProps(fields.channel)}
            options={data.channels.map((channel) => ({ value: channel.key, label: channel.name }))}
          />
          <TextField
            label={t("logInquiry.receivedAt")}
            {...fieldProps(fields.receivedAt)}
            type="datetime-local"
            help={t("logInquiry.receivedAtHelp", { timeZone: format.timeZone })}
          />
          <TextField
            label={t("logInquiry.customerName")}
            {...fieldProps(fields.customerName)}
            help={t("logInquiry.customerHelp")}
            list="customer-suggestions"
            autoComplete="off"
            onChange={(event) => {
              const text = event.currentTarget.value.trim();
              if (text.length >= 2) suggestions.load(`/customers/search?q=${encodeURIComponent(text)}`);
            }}
          />
          <datalist id="customer-suggestions">
            {suggestions.data?.customers.map((customer) => (
              <option key={customer.id} value={customer.name} />
            ))}
          </datalist>
          <TextField label={t("logInquiry.country")} {...fieldProps(fields.country)} maxLength={2} />
          <TextField label={t("logInquiry.contactName")} {...fieldProps(fields.contactName)} />
          <TextField label={t("logInquiry.contactEmail")} {...fieldProps(fields.contactEmail)} type="email" />
          <TextField label={t("logInquiry.contactPhone")} {...fieldProps(fields.contactPhone)} />
          <SelectField
            label={t("logInquiry.product")}
            {...fieldProps(fields.productId)}
            options={[
              { value: "", label: t("logInquiry.noProduct") },
              ...data.products.map((product) => ({ value: String(product.id), label: `${product.sku} · ${product.name}` })),
            ]}
          />
          <TextField label={t("logInquiry.quantity")} {...fieldProps(fields.quantity)} inputMode="numeric" />
        </div>
        <TextField label={t("logInquiry.subject")} {...fieldProps(fields.subject)} />
        <TextAreaField label={t("logInquiry.message")} {...fieldProps(fields.message)} rows={6} />
        <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
          {t("logInquiry.submit")}
        </button>
      </Form>
    </div>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { useTranslation } from "~/utils/use-translation";
import { z } from "zod";
import { forbidden, requirePermission } from "~/auth/session.server";
import { AssignmentCard, CustomerCard, StatusCard, type InquiryActionData } from "~/components/inquiry-sidebar";
import { useInquiryStream, useServerOffset, WaitingClock } from "~/components/live";
import { db } from "~db/client.server";
import { can, mayTakeInquiry } from "~/domain/permissions";
import { customerExists, searchCustomers } from "~/models/customer.server";
import {
  addMessage,
  assignableUsers,
  assignInquiry,
  changeInquiryStatus,
  createCustomerFromInquiry,
  getInquiry,
  inquiryThread,
  linkInquiryCustomer,
  statusChoices,
  takeInquiry,
  type StatusChangeResult,
} from "~/models/inquiry.server";
import { listReplyTemplates } from "~/models/reply-template.server";
import { getSettings } from "~/models/settings.server";
import { parseForm, submittedValues, type FieldErrors } from "~/schemas/form";
import { assignSchema, linkCustomerSchema, replySchema, statusSchema } from "~/schemas/inquiry";
import { useFormat } from "~/utils/use-format";
import { pageTitle } from "~/utils/meta";
import { idParam, type RouteParams } from "~/utils/params";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data ? [{ title: data.inquiry.subject }] : pageTitle(matches, "inbox.title");

function inquiryIdFrom(params: RouteParams): number {
  return idParam(params, "inquiryId");
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "handleInquiries");
  const id = inquiryIdFrom(params);
  const database = db();
  const inquiry = getInquiry(database, id);
  if (!inquiry) throw new Response("Not found", { status: 404 });
  const settings = getSettings(database);
  const customerQuery = new URL(request.url).searchParams.get("customerQuery")?.trim().slice(0, 100) ?? "";
  const canAssign = can(user.role, "assignInquiries");
  const templates = listReplyTemplates(database)
    .map((template) => ({ id: template.id, name: template.name, locale: template.locale, body: template.body }))
    .sort((a, b) => Number(b.locale === user.locale) - Number(a.locale === user.locale) || a.name.localeCompare(b.name));
  return {
    inquiry,
    thread: inquiryThread(database, id),
    templates,
    people: canAssign ? assignableUsers(database).map((person) => ({ id: person.id, name: person.name })) : [],
    canAssign,
    canTake: inquiry.assigneeId !== user.id && mayTakeInquiry(user, inquiry.assigneeId),
    canEditCustomers: can(user.role, "editCustomers"),
    statusChoices: statusChoices(database, id),
    canSell: can(user.role, "sell"),
    me: { id: user.id },
    customerQuery,
    customerMatches: customerQuery ? searchCustomers(database, customerQuery) : [],
    serverNow: Date.now(),
    thresholdSeconds: settings.response.thresholdSeconds,
  };
}

const intentSchema = z.object({
  intent: z.enum(["reply", "note", "take", "assign", "status", "linkCustomer", "createCustomer"]),
});

/** The message for a refused status change: how far the data says the inquiry has got. */
function statusRefusal(result: Exclude<StatusChangeResult, { ok: true } | { reason: "notFound" }>): string {
  if (result.reason === "notSpam") return "inquiry.errors.notSpam";
  if (result.reason === "alreadyWon") return "inquiry.errors.alreadyWon";
  return `inquiry.errors.statusBelow.${result.lowest}`;
}

const relinkSchema = z.object({
  expectedCustomerId: z
    .string()
    .optional()
    .transform((value) => (value ? Number(value) : null))
    .pipe(z.number().int().positive().nullable()),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "handleInquiries");
  const id = inquiryIdFrom(params);
  const database = db();
  if (!getInquiry(database, id)) throw new Response("Not found", { status: 404 });
  const formData = await request.formData();
  const intent = intentSchema.safeParse({ intent: formData.get("intent") });
  if (!intent.success) return Response.json({ errors: { "": ["errors.invalid"] } }, { status: 400 });
  const now = new Date();
  const settings = getSettings(database);
  const fail = (errors: FieldErrors, status = 400) =>
    Response.json({ intent: intent.data.intent, errors, values: submittedValues(formData) } satisfies InquiryActionData, { status });

  switch (intent.data.intent) {
    case "reply":
    case "note": {
      const parsed = parseForm(replySchema, formData);
      if (!parsed.ok) return fail(parsed.errors);
      const direction = intent.data.intent === "reply" ? "out" : "note";
      const saved = addMessage(database, { inquiryId: id, authorId: user.id, direction, body: parsed.data.body }, { now, settings });
      return Response.json({ intent: intent.data.intent, done: saved?.firstResponse ? "firstResponse" : intent.data.intent });
    }
    case "take": {
      const taken = takeInquiry(database, id, user, now);
      if (taken === "notFound") throw new Response("Not found", { status: 404 });
      // SPEC §8: an inquiry a colleague has is for a manager to hand over.
      if (taken === "assignedToColleague") return fail({ "": ["inquiry.errors.assignedToColleague"] }, 403);
      return Response.json({ intent: "take", done: "take" });
    }
    case "assign": {
      if (!can(user.role, "assignInquiries")) forbidden();
      const parsed = parseForm(assignSchema, formData);
      if (!parsed.ok) return fail(parsed.errors);
      // Only people who handle inquiries (active, not admins) can be given one.
      const { assigneeId } = parsed.data;
      if (assigneeId !== null && !assignableUsers(database).some((person) => person.id === assigneeId)) {
        return fail({ assigneeId: ["inquiry.errors.notAssignable"] });
      }
      assignInquiry(database, id, assigneeId, now, user.id);
      return Response.json({ intent: "assign", done: "assign" });
    }
    case "status": {
      const parsed = parseForm(statusSchema, formData);
      if (!parsed.ok) return fail(parsed.errors);
      const changed = changeInquiryStatus(database, id, parsed.data, { now, settings, userId: user.id });
      if (!changed.ok) {
        if (changed.reason === "notFound") throw new Response("Not found", { status: 404 });
        return fail({ status: [statusRefusal(changed)] });
      }
      return Response.json({ intent: "status", done: "status" });
    }
    case "linkCustomer": {
      if (!can(user.role, "editCustomers")) forbidden();
      const parsed = parseForm(linkCustomerSchema, formData);
      if (!parsed.ok || !customerExists(database, parsed.data.customerId)) return fail({ customerId: ["errors.invalid"] });
      const expected = relinkSchema.safeParse({ expectedCustomerId: formData.get("expectedCustomerId") ?? undefined });
      if (!expected.success) return fail({ "": ["errors.invalid"] });
      const linked = linkInquiryCustomer(database, id, parsed.data.customerId, {
        now,
        userId: user.id,
        expectedCustomerId: expected.data.expectedCustomerId,
      });
      if (!linked.ok) {
        if (linked.reason === "notFound") throw new Response("Not found", { status: 404 });
        return fail({ "": ["inquiry.errors.customerChanged"] }, 409);
      }
      return Response.json({ intent: "linkCustomer", done: "linkCustomer" });
    }
    case "createCustomer": {
      if (!can(user.role, "editCustomers")) forbidden();
      const parsed = parseForm(z.object({ name: z.string().trim().min(1).max(200) }), formData);
      if (!parsed.ok) return fail(parsed.errors);
      // A sales rep's new customer is theirs (SPEC §8); others leave the owner to a manager.
      const ownerId = can(user.role, "ownCustomers") ? user.id : null;
      const created = createCustomerFromInquiry(database, id, { name: parsed.data.name, ownerId }, { userId: user.id, at: now });
      if (!created.ok) {
        if (created.reason === "notFound") throw new Response("Not found", { status: 404 });
        return fail({ "": ["inquiry.errors.alreadyLinked"] }, 409);
      }
      return Response.json({ intent: "createCustomer", done: "createCustomer" });
    }
  }
}

type ActionData = InquiryActionData;

function Composer({ templates, actionData }: { templates: { id: number; name: string; locale: string; body: string }[]; actionData?: ActionData }) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const formRef = useRef<HTMLFormElement>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const submitting = navigation.state === "submitting";
  const failedHere = actionData?.intent === "reply" || actionData?.intent === "note";
  const [body, setBody] = useState(failedHere ? (actionData?.values?.body ?? "") : "");

  // After a successful send the box empties; after a failed one it keeps what was typed.
  useEffect(() => {
    if (actionData?.done === "reply" || actionData?.done === "note" || actionData?.done === "firstResponse") setBody("");
  }, [actionData]);

  // "r" anywhere on the page jumps to the reply box.
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (event.key !== "r" || event.ctrlKey || event.metaKey || event.altKey) return;
      if (target.closest("input, textarea, select, [contenteditable]")) return;
      event.preventDefault();
      textRef.current?.focus();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      formRef.current?.requestSubmit(formRef.current.querySelector<HTMLButtonElement>('button[value="reply"]'));
    }
  };
  const insertTemplate = (id: string) => {
    const template = templates.find((candidate) => String(candidate.id) === id);
    if (!template) return;
    setBody((current) => (current.trim() ? `${current.trimEnd()}\n\n${template.body}` : template.body));
    textRef.current?.focus();
  };
  const errors = failedHere ? actionData?.errors : undefined;
  return (
    <Form method="post" ref={formRef} className="card space-y-3" aria-labelledby="composer-title">
      <h2 id="composer-title" className="text-lg font-semibold">
        {t("inquiry.reply")}
      </h2>
      {templates.length > 0 ? (
        <div>
          <label htmlFor="template-picker" className="field-label">
            {t("inquiry.insertTemplate")}
          </label>
          <select
            id="template-picker"
            className="field-input"
            value=""
            onChange={(event) => insertTemplate(event.currentTarget.value)}
          >
            <option value="">{t("inquiry.chooseTemplate")}</option>
            {templates.map((template) => (
              <option key={template.id} value={template.id}>
                {template.name} ({t(`locales.${template.locale}`, template.locale)})
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div>
        <label htmlFor="reply-body" className="field-label">
          {t("inquiry.message")}
        </label>
        <textarea
          id="reply-body"
          ref={textRef}
          name="body"
          rows={6}
          className="field-input"
          value={body}
          onChange={(event) => setBody(event.currentTarget.value)}
          onKeyDown={onKeyDown}
          aria-invalid={errors?.body ? true : undefined}
          aria-describedby="reply-help"
        />
        <p id="reply-help" className="mt-1 text-xs text-slate-500">
          {t("inquiry.sendHint")}
        </p>
        {errors?.body ? (
          <p className="field-error" role="alert">
            {t("errors.required")}
          </p>
        ) : null}
      </div>
      <div className="flex flex-wrap gap-2">
        <button type="submit" name="intent" value="reply" className="btn-primary" disabled={submitting}>
          {t("inquiry.send")}
        </button>
        <button type="submit" name="intent" value="note" className="btn-secondary" disabled={submitting}>
          {t("inquiry.addNote")}
        </button>
      </div>
    </Form>
  );
}

export default function InquiryPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const serverOffset = useServerOffset(data.serverNow);
  const { inquiry } = data;
  useInquiryStream(undefined, (event) => event.id === null || event.id === inquiry.id);
  return (
    <div className="space-y-6">
      <Link to="/inquiries" className="text-sm text-brand-700 underline">
        {t("inquiry.back")}
      </Link>
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold">{inquiry.subject}</h1>
        <div className="flex flex-wrap items-center gap-3 text-sm text-slate-600">
          <span className="rounded bg-slate-200 px-2 py-0.5 font-medium text-slate-800" data-testid="inquiry-status">
            {t(`inquiryStatus.${inquiry.status}`)}
          </span>
          <span>{inquiry.channel}</span>
          <span>
            {t("inquiry.received")}: {format.dateTime(inquiry.receivedAt)}
          </span>
          <span>{inquiry.inBusinessHours ? t("inquiry.inHours") : t("inquiry.outOfHours")}</span>
          {inquiry.firstResponseAt ? (
            <span data-testid="inquiry-frt">
              {t("inquiry.frt")}: {format.duration(inquiry.frtMs)}
              {inquiry.businessFrtMs !== null ? ` · ${t("inquiry.businessFrt")}: ${format.duration(inquiry.businessFrtMs)}` : ""}
            </span>
          ) : inquiry.status !== "spam" && inquiry.status !== "lost" ? (
            <WaitingClock
              receivedAt={inquiry.receivedAt}
              thresholdSeconds={data.thresholdSeconds}
              serverOffset={serverOffset}
              initialAgeMs={Math.max(0, data.serverNow - new Date(inquiry.receivedAt).getTime())}
            />
          ) : null}
        </div>
        {data.canSell && inquiry.customerId && inquiry.status !== "spam" ? (
          <div className="flex gap-2">
            <Link to={`/quotes/new?inquiryId=${inquiry.id}`} className="btn-secondary">
              {t("inquiry.createQuote")}
            </Link>
            <Link to={`/orders/new?customerId=${inquiry.customerId}&inquiryId=${inquiry.id}`} className="btn-secondary">
              {t("inquiry.createOrder")}
            </Link>
          </div>
        ) : null}
        {actionData?.done ? (
          <p role="status" className="rounded-md bg-green-50 p-2 text-sm text-green-800">
            {t(`inquiry.done.${actionData.done}`)}
          </p>
        ) : null}
      </header>

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <section aria-labelledby="thread-title" className="space-y-3">
            <h2 id="thread-title" className="text-lg font-semibold">
              {t("inquiry.thread")}
            </h2>
            <ol className="space-y-3">
              {data.thread.map((message) => (
                <li
                  key={message.id}
                  data-direction={message.direction}
                  className={`rounded-lg border p-3 text-sm ${
                    message.direction === "in"
                      ? "border-slate-200 bg-white"
                      : message.direction === "note"
                        ? "border-amber-200 bg-amber-50"
                        : "border-brand-100 bg-brand-50"
                  }`}
                >
                  <div className="mb-1 flex flex-wrap justify-between gap-2 text-xs text-slate-500">
                    <span className="font-medium text-slate-700">
                      {message.direction === "in"
                        ? (inquiry.contactName ?? t("inquiry.buyer"))
                        : message.isAutoReply
                          ? t("inquiry.autoReply")
                          : (message.author ?? t("common.none"))}
                      {message.direction === "note" ? ` · ${t("inquiry.internalNote")}` : ""}
                    </span>
                    <time dateTime={new Date(message.sentAt).toISOString()}>{format.dateTime(message.sentAt)}</time>
                  </div>
                  {/* Buyers' text is shown as text: React escapes it, and line breaks are kept by CSS. */}
                  <p className="whitespace-pre-wrap break-words">{message.body}</p>
                </li>
              ))}
            </ol>
          </section>
          <Composer templates={data.templates} actionData={actionData} />
        </div>

        <aside className="space-y-4">
          <section className="card space-y-2 text-sm" aria-labelledby="buyer-title">
            <h2 id="buyer-title" className="font-semibold">
              {t("inquiry.buyer")}
            </h2>
            <p>
              {inquiry.customerId ? (
                <Link to={`/customers/${inquiry.customerId}`} className="text-brand-700 underline">
                  {inquiry.customer}
                </Link>
              ) : (
                t("inquiry.noCustomer")
              )}
              {inquiry.customerCountry ? ` · ${inquiry.customerCountry}` : ""}
            </p>
            {inquiry.contactName ? <p>{inquiry.contactName}</p> : null}
            {inquiry.contactEmail ? <p>{inquiry.contactEmail}</p> : null}
            {inquiry.contactPhone ? <p>{inquiry.contactPhone}</p> : null}
            {inquiry.product ? (
              <p>
                {t("inquiry.product")}: {inquiry.product} ({inquiry.productSku}){inquiry.quantity ? ` × ${format.number(inquiry.quantity)}` : ""}
              </p>
            ) : null}
          </section>

          <AssignmentCard
            inquiry={inquiry}
            people={data.people}
            canAssign={data.canAssign}
            canTake={data.canTake}
            actionData={actionData}
          />
          <StatusCard inquiry={inquiry} choices={data.statusChoices} actionData={actionData} />
          <CustomerCard
            inquiry={inquiry}
            customerQuery={data.customerQuery}
            customerMatches={data.customerMatches}
            canEdit={data.canEditCustomers}
            actionData={actionData}
          />
        </aside>
      </div>
    </div>
  );
}

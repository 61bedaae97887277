import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { invariantResponse } from "@epic-web/invariant";
import { Link, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";
import { requirePermission } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { AssignmentCard, CustomerCard, StatusCard, type InquiryActionData } from "~/components/inquiry-sidebar";
import { InquiryThread } from "~/components/inquiries/inquiry-thread";
import { BuyerCard, InquiryHeader } from "~/components/inquiries/inquiry-summary";
import { ReplyComposer } from "~/components/inquiries/reply-composer";
import { useInquiryStream, useServerOffset } from "~/components/live";
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
import { customerFromInquirySchema, inquiryIntentSchema, relinkSchema } from "~/schemas/inquiry-actions";
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
  invariantResponse(inquiry, "Not found", { status: 404 });
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

/** The message for a refused status change: how far the data says the inquiry has got. */
function statusRefusal(result: Exclude<StatusChangeResult, { ok: true } | { reason: "notFound" }>): string {
  if (result.reason === "notSpam") return "inquiry.errors.notSpam";
  if (result.reason === "alreadyWon") return "inquiry.errors.alreadyWon";
  return `inquiry.errors.statusBelow.${result.lowest}`;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "handleInquiries");
  const id = inquiryIdFrom(params);
  const database = db();
  invariantResponse(getInquiry(database, id), "Not found", { status: 404 });
  const formData = await request.formData();
  const intent = inquiryIntentSchema.safeParse({ intent: formData.get("intent") });
  if (!intent.success) return Response.json({ errors: { "": ["errors.invalid"] } }, { status: 400 });
  const now = new Date();
  const settings = getSettings(database);
  const fail = (errors: FieldErrors, status = 400) =>
    Response.json({ intent: intent.data.intent, errors, values: submittedValues(formData) } satisfies InquiryActionData, {
      status,
    });

  switch (intent.data.intent) {
    case "reply":
    case "note": {
      const parsed = parseForm(replySchema, formData);
      if (!parsed.ok) return fail(parsed.errors);
      const direction = intent.data.intent === "reply" ? "out" : "note";
      const saved = addMessage(
        database,
        { inquiryId: id, authorId: user.id, direction, body: parsed.data.body },
        { now, settings },
      );
      return Response.json({ intent: intent.data.intent, done: saved?.firstResponse ? "firstResponse" : intent.data.intent });
    }
    case "take": {
      const taken = takeInquiry(database, id, user, now);
      invariantResponse(taken !== "notFound", "Not found", { status: 404 });
      // SPEC §8: an inquiry a colleague has is for a manager to hand over.
      if (taken === "assignedToColleague") return fail({ "": ["inquiry.errors.assignedToColleague"] }, 403);
      return Response.json({ intent: "take", done: "take" });
    }
    case "assign": {
      invariantResponse(can(user.role, "assignInquiries"), "Forbidden", { status: 403 });
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
        invariantResponse(changed.reason !== "notFound", "Not found", { status: 404 });
        return fail({ status: [statusRefusal(changed)] });
      }
      return Response.json({ intent: "status", done: "status" });
    }
    case "linkCustomer": {
      invariantResponse(can(user.role, "editCustomers"), "Forbidden", { status: 403 });
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
        invariantResponse(linked.reason !== "notFound", "Not found", { status: 404 });
        return fail({ "": ["inquiry.errors.customerChanged"] }, 409);
      }
      return Response.json({ intent: "linkCustomer", done: "linkCustomer" });
    }
    case "createCustomer": {
      invariantResponse(can(user.role, "editCustomers"), "Forbidden", { status: 403 });
      const parsed = parseForm(customerFromInquirySchema, formData);
      if (!parsed.ok) return fail(parsed.errors);
      // A sales rep's new customer is theirs (SPEC §8); others leave the owner to a manager.
      const ownerId = can(user.role, "ownCustomers") ? user.id : null;
      const created = createCustomerFromInquiry(database, id, { name: parsed.data.name, ownerId }, { userId: user.id, at: now });
      if (!created.ok) {
        invariantResponse(created.reason !== "notFound", "Not found", { status: 404 });
        return fail({ "": ["inquiry.errors.alreadyLinked"] }, 409);
      }
      return Response.json({ intent: "createCustomer", done: "createCustomer" });
    }
  }
}

export default function InquiryPage() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<InquiryActionData>();
  const serverOffset = useServerOffset(data.serverNow);
  const { inquiry } = data;
  useInquiryStream(undefined, (event) => event.id === null || event.id === inquiry.id);
  return (
    <div className="space-y-6">
      <Link to="/inquiries" className="text-sm text-brand-700 underline">
        {t("inquiry.back")}
      </Link>
      <InquiryHeader
        inquiry={inquiry}
        canSell={data.canSell}
        done={actionData?.done}
        clock={{ thresholdSeconds: data.thresholdSeconds, serverNow: data.serverNow, serverOffset }}
      />

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <InquiryThread messages={data.thread} contactName={inquiry.contactName} />
          <ReplyComposer templates={data.templates} actionData={actionData} />
        </div>

        <aside className="space-y-4">
          <BuyerCard inquiry={inquiry} />
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

// A missing or forbidden record answers inside the page, so the navigation stays usable.
export function ErrorBoundary() {
  return <GeneralErrorBoundary error={useRouteError()} />;
}

import { Link } from "@remix-run/react";
import { useTranslation } from "~/utils/use-translation";
import { WaitingClock } from "~/components/live";
import type { getInquiry } from "~/models/inquiry.server";
import { useFormat } from "~/utils/use-format";

export type InquiryDetail = NonNullable<ReturnType<typeof getInquiry>>;

type Clock = { thresholdSeconds: number; serverNow: number; serverOffset: number };

/**
 * The inquiry's subject and facts, the quote and order buttons once a customer is linked, and
 * what the last action did.
 */
export function InquiryHeader({
  inquiry,
  canSell,
  done,
  clock,
}: {
  inquiry: InquiryDetail;
  canSell: boolean;
  done?: string;
  clock: Clock;
}) {
  const { t } = useTranslation();
  return (
    <header className="space-y-2">
      <h1 className="text-2xl font-semibold">{inquiry.subject}</h1>
      <InquiryFacts inquiry={inquiry} {...clock} />
      {canSell && inquiry.customerId && inquiry.status !== "spam" ? (
        <div className="flex gap-2">
          <Link to={`/quotes/new?inquiryId=${inquiry.id}`} className="btn-secondary">
            {t("inquiry.createQuote")}
          </Link>
          <Link to={`/orders/new?customerId=${inquiry.customerId}&inquiryId=${inquiry.id}`} className="btn-secondary">
            {t("inquiry.createOrder")}
          </Link>
        </div>
      ) : null}
      {done ? (
        <p role="status" className="rounded-md bg-green-50 p-2 text-sm text-green-800">
          {t(`inquiry.done.${done}`)}
        </p>
      ) : null}
    </header>
  );
}

/** Status, channel, when it came in, and its first response time (or a live clock while it waits). */
function InquiryFacts({ inquiry, thresholdSeconds, serverNow, serverOffset }: Clock & { inquiry: InquiryDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
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
          thresholdSeconds={thresholdSeconds}
          serverOffset={serverOffset}
          initialAgeMs={Math.max(0, serverNow - new Date(inquiry.receivedAt).getTime())}
        />
      ) : null}
    </div>
  );
}

/** Who is asking: the customer (linked), the contact's details and the product asked about. */
export function BuyerCard({ inquiry }: { inquiry: InquiryDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
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
          {t("inquiry.product")}: {inquiry.product} ({inquiry.productSku})
          {inquiry.quantity ? ` × ${format.number(inquiry.quantity)}` : ""}
        </p>
      ) : null}
    </section>
  );
}

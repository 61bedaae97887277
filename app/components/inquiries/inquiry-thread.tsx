import { useTranslation } from "~/utils/use-translation";
import type { inquiryThread } from "~/models/inquiry.server";
import { useFormat } from "~/utils/use-format";

type ThreadMessage = ReturnType<typeof inquiryThread>[number];

/** The inquiry's messages, oldest first: the buyer's, the replies, and internal notes set apart. */
export function InquiryThread({ messages, contactName }: { messages: ThreadMessage[]; contactName: string | null }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <section aria-labelledby="thread-title" className="space-y-3">
      <h2 id="thread-title" className="text-lg font-semibold">
        {t("inquiry.thread")}
      </h2>
      <ol className="space-y-3">
        {messages.map((message) => (
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
                  ? (contactName ?? t("inquiry.buyer"))
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
  );
}

import { Link, useNavigate } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "~/utils/use-translation";
import { WaitingClock } from "~/components/live";
import type { listInquiries } from "~/models/inquiry.server";
import { useFormat } from "~/utils/use-format";

type InboxRow = ReturnType<typeof listInquiries>["rows"][number];

/** Statuses in which an inquiry without a first response is still waiting for one. */
const WAITING = new Set(["new", "responded", "quoted", "won"]);

/**
 * The inbox's rows, newest first; j / k move through them and Enter (or o) opens one. An
 * inquiry still waiting for its first response shows a live clock.
 */
export function InquiryListTable({
  rows,
  thresholdSeconds,
  serverNow,
  serverOffset,
}: {
  rows: InboxRow[];
  thresholdSeconds: number;
  serverNow: number;
  serverOffset: number;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const [selected, setSelected] = useState(0);
  const rowsRef = useRef<HTMLTableSectionElement>(null);

  // Keys typed into fields are left alone.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (event.ctrlKey || event.metaKey || event.altKey || target.closest("input, textarea, select, [contenteditable]")) return;
      const count = rows.length;
      if (count === 0) return;
      if (event.key === "j") setSelected((index) => Math.min(count - 1, index + 1));
      else if (event.key === "k") setSelected((index) => Math.max(0, index - 1));
      else if (event.key === "Enter" || event.key === "o") {
        const row = rows[selected];
        if (row) navigate(`/inquiries/${row.id}`);
      } else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [rows, selected, navigate]);

  useEffect(() => {
    rowsRef.current?.querySelector<HTMLElement>(`[data-row-index="${selected}"] a`)?.focus({ preventScroll: false });
  }, [selected]);

  return (
    <div className="card overflow-x-auto p-0">
      <table className="data-table">
        <thead className="bg-slate-50">
          <tr>
            <th scope="col">{t("inbox.received")}</th>
            <th scope="col">{t("inbox.subject")}</th>
            <th scope="col">{t("inbox.customer")}</th>
            <th scope="col">{t("inbox.channel")}</th>
            <th scope="col">{t("inbox.status")}</th>
            <th scope="col">{t("inbox.assignee")}</th>
            <th scope="col">{t("inbox.firstResponse")}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100" ref={rowsRef}>
          {rows.map((row, index) => (
            <tr
              key={row.id}
              data-row-index={index}
              data-inquiry-id={row.id}
              className={index === selected ? "bg-brand-50" : row.firstResponseAt ? "" : "font-medium"}
            >
              <td className="whitespace-nowrap">{format.dateTime(row.receivedAt)}</td>
              <td>
                <Link to={`/inquiries/${row.id}`} className="text-brand-700 hover:underline" onFocus={() => setSelected(index)}>
                  {row.subject}
                </Link>
              </td>
              <td>
                {row.customer ?? t("common.none")}
                {row.contact ? <span className="block text-xs text-slate-500">{row.contact}</span> : null}
              </td>
              <td>{row.channel}</td>
              <td>{t(`inquiryStatus.${row.status}`)}</td>
              <td>{row.assignee ?? t("inbox.unassigned")}</td>
              <td className="whitespace-nowrap">
                {row.frtMs !== null ? (
                  format.duration(row.frtMs)
                ) : WAITING.has(row.status) ? (
                  <WaitingClock
                    receivedAt={row.receivedAt}
                    thresholdSeconds={thresholdSeconds}
                    serverOffset={serverOffset}
                    initialAgeMs={Math.max(0, serverNow - new Date(row.receivedAt).getTime())}
                  />
                ) : (
                  t("inbox.notAnswered")
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

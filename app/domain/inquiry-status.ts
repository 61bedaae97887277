/**
 * Which status an inquiry may be given by hand, from what its data shows (SPEC §1, §7).
 *
 * The data moves an inquiry forward on its own: the first human reply makes it `responded`, a sent
 * quote `quoted`, a non-cancelled order linked to it (directly or through one of its quotes) `won`.
 * A person may move it further forward, or close it, but never back past what the data shows: an
 * answered inquiry set back to `new` would count as unanswered again, and the funnel would no
 * longer agree with the inbox.
 *
 * The two closing statuses:
 * - `lost` is allowed at any stage before an order is won: a buyer may walk away unanswered, after
 *   our reply or after our quote. With a live won order it is not lost (cancel the order first).
 * - `spam` only before a quote was sent or an order won. A fast reply to what turns out to be a bot
 *   is common (speed is the service team's metric), and such junk must still leave the response
 *   figures; but a buyer who was quoted or who ordered is real, and calling it spam would take a
 *   real conversation out of the figures and the funnel.
 */
import type { InquiryStatus } from "~db/enums";

/** What the stored data shows about an inquiry, read by the model (the funnel's definitions). */
export type InquiryProgress = {
  /** first_response_at is set. */
  responded: boolean;
  /** A quote of the inquiry was sent (sent_at set, or status sent, accepted, rejected or expired). */
  quoted: boolean;
  /** A non-cancelled order is linked to it, directly or through one of its quotes. */
  won: boolean;
};

/** The stages the data can prove, in order. */
const STAGES = ["new", "responded", "quoted", "won"] as const satisfies readonly InquiryStatus[];
type Stage = (typeof STAGES)[number];

const rank = (status: Stage) => STAGES.indexOf(status);

/** The lowest status the data allows. */
export function lowestStatus(progress: InquiryProgress): Stage {
  if (progress.won) return "won";
  if (progress.quoted) return "quoted";
  if (progress.responded) return "responded";
  return "new";
}

/** Every status a person may choose for an inquiry with this progress, in the catalog's order. */
export function selectableStatuses(progress: InquiryProgress): InquiryStatus[] {
  const floor = lowestStatus(progress);
  const stages: InquiryStatus[] = STAGES.filter((stage) => rank(stage) >= rank(floor));
  if (floor !== "won") stages.push("lost");
  if (floor === "new" || floor === "responded") stages.push("spam");
  return stages;
}

export type StatusDecision = { ok: true } | { ok: false; reason: "belowProgress" | "notSpam" | "alreadyWon"; lowest: Stage };

/**
 * Whether `next` may replace `current`. Keeping the current status is always allowed (a form sent
 * again without a change, or a lost reason corrected), so a stored status that the data has since
 * overtaken can still be saved as it is; every change must be to a selectable status.
 */
export function decideStatusChange(current: InquiryStatus, next: InquiryStatus, progress: InquiryProgress): StatusDecision {
  const lowest = lowestStatus(progress);
  if (next === current || selectableStatuses(progress).includes(next)) return { ok: true };
  if (next === "spam") return { ok: false, reason: "notSpam", lowest };
  if (next === "lost") return { ok: false, reason: "alreadyWon", lowest };
  return { ok: false, reason: "belowProgress", lowest };
}

/** What happens elsewhere that moves an inquiry forward on its own (SPEC §1, §7). */
export type InquiryEvent = "quoteSent" | "orderTaken";

/**
 * The status an inquiry has after a quote of it is sent or an order is taken for it; the current
 * status when the event does not move it. A sent quote makes a new or responded inquiry quoted
 * (one further along, lost or spam keeps its status). An order wins any inquiry but a spam one: a
 * buyer marked lost who orders after all is won, and junk stays out of the figures.
 */
export function statusAfter(current: InquiryStatus, event: InquiryEvent): InquiryStatus {
  if (event === "quoteSent") return current === "new" || current === "responded" ? "quoted" : current;
  return current === "spam" ? current : "won";
}

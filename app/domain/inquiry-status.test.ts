import { describe, expect, it } from "vitest";
import { INQUIRY_STATUSES } from "~db/enums";
import { decideStatusChange, lowestStatus, selectableStatuses, statusAfter, type InquiryProgress } from "./inquiry-status";

const none: InquiryProgress = { responded: false, quoted: false, won: false };
const responded: InquiryProgress = { responded: true, quoted: false, won: false };
const quoted: InquiryProgress = { responded: true, quoted: true, won: false };
const won: InquiryProgress = { responded: true, quoted: true, won: true };

describe("lowestStatus", () => {
  it("is the furthest stage the data proves", () => {
    expect(lowestStatus(none)).toBe("new");
    expect(lowestStatus(responded)).toBe("responded");
    expect(lowestStatus(quoted)).toBe("quoted");
    expect(lowestStatus(won)).toBe("won");
  });

  it("does not need the earlier stages: a quote sent without a reply in the thread is quoted, an order alone is won", () => {
    expect(lowestStatus({ responded: false, quoted: true, won: false })).toBe("quoted");
    expect(lowestStatus({ responded: false, quoted: false, won: true })).toBe("won");
  });
});

describe("selectableStatuses", () => {
  it("offers everything but nothing below new while nothing happened", () => {
    expect(selectableStatuses(none)).toEqual(["new", "responded", "quoted", "won", "lost", "spam"]);
  });

  it("drops new once answered; spam stays (a fast reply to a bot)", () => {
    expect(selectableStatuses(responded)).toEqual(["responded", "quoted", "won", "lost", "spam"]);
  });

  it("drops responded and spam once a quote was sent; lost stays", () => {
    expect(selectableStatuses(quoted)).toEqual(["quoted", "won", "lost"]);
  });

  it("offers only won with a live won order", () => {
    expect(selectableStatuses(won)).toEqual(["won"]);
  });

  it("lists them in the catalog's order", () => {
    for (const progress of [none, responded, quoted, won]) {
      const offered = selectableStatuses(progress);
      expect(offered).toEqual(INQUIRY_STATUSES.filter((status) => offered.includes(status)));
    }
  });
});

describe("decideStatusChange", () => {
  it("refuses new for an answered inquiry, and responded for a quoted one", () => {
    expect(decideStatusChange("responded", "new", responded)).toEqual({
      ok: false,
      reason: "belowProgress",
      lowest: "responded",
    });
    expect(decideStatusChange("quoted", "responded", quoted)).toEqual({ ok: false, reason: "belowProgress", lowest: "quoted" });
    expect(decideStatusChange("won", "quoted", won)).toEqual({ ok: false, reason: "belowProgress", lowest: "won" });
  });

  it("allows moving forward by hand", () => {
    expect(decideStatusChange("new", "responded", none)).toEqual({ ok: true });
    expect(decideStatusChange("responded", "won", responded)).toEqual({ ok: true });
  });

  it("allows lost from new, responded and quoted, never against a won order", () => {
    expect(decideStatusChange("new", "lost", none)).toEqual({ ok: true });
    expect(decideStatusChange("responded", "lost", responded)).toEqual({ ok: true });
    expect(decideStatusChange("quoted", "lost", quoted)).toEqual({ ok: true });
    expect(decideStatusChange("won", "lost", won)).toEqual({ ok: false, reason: "alreadyWon", lowest: "won" });
  });

  it("allows spam until a quote was sent or an order won", () => {
    expect(decideStatusChange("new", "spam", none)).toEqual({ ok: true });
    expect(decideStatusChange("responded", "spam", responded)).toEqual({ ok: true });
    expect(decideStatusChange("lost", "spam", quoted)).toEqual({ ok: false, reason: "notSpam", lowest: "quoted" });
    expect(decideStatusChange("won", "spam", won)).toEqual({ ok: false, reason: "notSpam", lowest: "won" });
  });

  it("lets a closed inquiry be reopened at the stage the data shows, not below", () => {
    expect(decideStatusChange("lost", "responded", responded)).toEqual({ ok: true });
    expect(decideStatusChange("lost", "new", responded)).toMatchObject({ ok: false, reason: "belowProgress" });
    expect(decideStatusChange("spam", "new", none)).toEqual({ ok: true });
  });

  it("always lets the current status be kept, even one the data has overtaken", () => {
    expect(decideStatusChange("lost", "lost", won)).toEqual({ ok: true });
    expect(decideStatusChange("spam", "spam", quoted)).toEqual({ ok: true });
  });
});

describe("statusAfter", () => {
  it("makes a new or responded inquiry quoted when a quote of it is sent, and leaves the rest", () => {
    expect(statusAfter("new", "quoteSent")).toBe("quoted");
    expect(statusAfter("responded", "quoteSent")).toBe("quoted");
    for (const status of ["quoted", "won", "lost", "spam"] as const) expect(statusAfter(status, "quoteSent")).toBe(status);
  });

  it("wins every inquiry but spam when an order is taken, a lost one included", () => {
    for (const status of ["new", "responded", "quoted", "won", "lost"] as const)
      expect(statusAfter(status, "orderTaken")).toBe("won");
    expect(statusAfter("spam", "orderTaken")).toBe("spam");
  });
});

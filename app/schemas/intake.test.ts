/**
 * The intake body's one schema is shared by every request; each parse judges `receivedAt` against
 * its own time of arrival (up to five minutes ahead of it, SPEC §9).
 */
import { describe, expect, it } from "vitest";
import "~/schemas/form";
import { parseIntake } from "./inquiry";

const ARRIVAL = new Date("2026-03-10T04:00:00.000Z");
const body = (receivedAt: Date) => ({
  channel: "alibaba",
  subject: "Hinges",
  message: "Price for 2,000 pcs, please",
  buyer: { name: "Jonas Weber" },
  receivedAt: receivedAt.toISOString(),
});
const at = (ms: number) => new Date(ARRIVAL.getTime() + ms);
const FIVE_MINUTES = 5 * 60 * 1000;

describe("parseIntake", () => {
  it("accepts a receivedAt exactly five minutes ahead of arrival and refuses one a millisecond later", () => {
    expect(parseIntake(body(at(FIVE_MINUTES)), ARRIVAL).success).toBe(true);
    const late = parseIntake(body(at(FIVE_MINUTES + 1)), ARRIVAL);
    expect(late.success).toBe(false);
    expect(late.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["receivedAt", "errors.receivedAtFuture"],
    ]);
  });

  it("judges each body by its own arrival, however many were parsed before", () => {
    const receivedAt = at(4 * 60 * 1000);
    expect(parseIntake(body(receivedAt), ARRIVAL).success).toBe(true);
    // The same body arriving two minutes earlier is six minutes ahead of its arrival.
    expect(parseIntake(body(receivedAt), at(-2 * 60 * 1000)).success).toBe(false);
    expect(parseIntake(body(receivedAt), ARRIVAL).success).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { idParam } from "./params";

async function statusOf(run: () => unknown) {
  try {
    run();
    return 200;
  } catch (thrown) {
    return thrown instanceof Response ? thrown.status : 500;
  }
}

describe("ids from the URL", () => {
  it("reads a positive whole number", () => {
    expect(idParam({ quoteId: "42" }, "quoteId")).toBe(42);
  });
  it("answers 404 for anything else", async () => {
    for (const value of ["0", "-1", "1.5", "abc", "", undefined, "99999999999999999999"]) {
      expect(await statusOf(() => idParam({ quoteId: value }, "quoteId")), String(value)).toBe(404);
    }
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { multiLine, singleLine, stripControls } from "./text";

const CONTROL = /[\p{Cc}\p{Cs}\p{Noncharacter_Code_Point}]/u;

describe("control characters in text from outside", () => {
  it("are dropped from bodies, which keep tabs and line breaks", () => {
    expect(stripControls("Hi\u0000 there\u001b[31m\tred\r\nnext\u0085\uFFFE\uFFFF\uD800 😀", "multiLine")).toBe(
      "Hi there[31m\tred\nnext 😀",
    );
  });

  it("are dropped from one-line fields, where a tab or line break reads as a space", () => {
    expect(stripControls("Acme\r\nGmbH\u0007\tLtd\u009b", "singleLine")).toBe("Acme GmbH Ltd");
  });

  it("leave ordinary text, Chinese and emoji exactly as typed", () => {
    expect(stripControls("李雷 · Zoë — “quotes” 😀\u200d👩", "singleLine")).toBe("李雷 · Zoë — “quotes” 😀\u200d👩");
  });

  it("chain with the usual string checks", () => {
    expect(singleLine().trim().min(1).safeParse("\u0000 ").success).toBe(false);
    expect(multiLine().trim().max(3).parse("\u0000ab\u0001c")).toBe("abc");
  });

  it("never survive, whatever the input (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        const body = stripControls(text, "multiLine");
        const line = stripControls(text, "singleLine");
        expect(CONTROL.test(body.replace(/[\t\n]/g, ""))).toBe(false);
        expect(CONTROL.test(line)).toBe(false);
        expect(stripControls(body, "multiLine")).toBe(body);
      }),
      { numRuns: 1000 },
    );
  });
});

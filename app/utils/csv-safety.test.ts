import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isFormulaLike, neutraliseCsvCell, unquoteCsvCell } from "./csv-safety";

describe("formula-like CSV cells (SPEC §12)", () => {
  it("quotes a cell that begins with =, +, -, @, tab or carriage return", () => {
    for (const cell of [
      '=HYPERLINK("http://evil")',
      "+cmd|' /C calc'!A0",
      "-2+3",
      "@SUM(A1:A9)",
      "\t=1",
      "\r=1",
      "-Acme-",
      "+",
      "-",
      "=",
      "+49 30 123 =1",
    ]) {
      expect(isFormulaLike(cell), cell).toBe(true);
      expect(neutraliseCsvCell(cell), cell).toBe(`'${cell}`);
    }
  });

  it("keeps plain numbers and phone numbers as they are", () => {
    for (const cell of ["-12.5", "+12", "-0", "12", "+49 30 1234567", "+1 (555) 010-9999", "+86-21-5555-0000"]) {
      expect(isFormulaLike(cell), cell).toBe(false);
      expect(neutraliseCsvCell(cell), cell).toBe(cell);
    }
  });

  it("leaves ordinary text alone, including a name that begins with an apostrophe", () => {
    for (const cell of ["Acme GmbH", "", " =not at the start", "'t Hooft", "李雷", "a-b"])
      expect(neutraliseCsvCell(cell), cell).toBe(cell);
  });

  it("quotes an apostrophe before a formula once more, so an import can undo exactly one", () => {
    expect(neutraliseCsvCell("'=1+1")).toBe("''=1+1");
    expect(unquoteCsvCell("''=1+1")).toBe("'=1+1");
    expect(unquoteCsvCell("'=1+1")).toBe("=1+1");
    expect(unquoteCsvCell("'t Hooft")).toBe("'t Hooft");
    expect(unquoteCsvCell("'-12.5")).toBe("'-12.5");
  });

  const cells = fc.oneof(
    fc.string(),
    fc.string({ unit: fc.constantFrom("=", "+", "-", "@", "\t", "\r", "'", "1", ".", " ", "(", ")", "a") }),
  );

  it("never writes a cell a spreadsheet would run (property)", () => {
    fc.assert(
      fc.property(cells, (cell) => {
        const written = neutraliseCsvCell(cell);
        expect(isFormulaLike(written)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it("reads back exactly what it wrote, however often a file goes round (property)", () => {
    fc.assert(
      fc.property(cells, (cell) => {
        expect(unquoteCsvCell(neutraliseCsvCell(cell))).toBe(cell);
        const twice = neutraliseCsvCell(unquoteCsvCell(neutraliseCsvCell(cell)));
        expect(twice).toBe(neutraliseCsvCell(cell));
      }),
      { numRuns: 2000 },
    );
  });
});

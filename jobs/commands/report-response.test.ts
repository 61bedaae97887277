import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { importInquiriesCsv } from "~/models/inquiry-csv.server";
import type { OpenDatabase } from "~db/client.server";
import { createTestDb } from "../../test/helpers";
import {
  FIXTURE_CSV,
  FIXTURE_FROM,
  FIXTURE_IMPORTED_AT,
  FIXTURE_REPORT,
  FIXTURE_TO,
  insertFixtureUsers,
} from "../../test/response-fixture";
import { UsageError } from "../usage-error";
import { formatFrt, reportResponseCommands, reportResponseUsage } from "./report-response";

// The command reads the clock; the fixture lies in 2025, so every figure is long settled and the
// same as of any later instant.
const reportResponse = reportResponseCommands["report response"];
let database: OpenDatabase;
let out: string[];

beforeEach(() => {
  database = createTestDb();
  insertFixtureUsers(database.db);
  const imported = importInquiriesCsv(database.db, FIXTURE_CSV, { now: FIXTURE_IMPORTED_AT });
  if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
  out = [];
  vi.spyOn(console, "log").mockImplementation((...args) => void out.push(args.join(" ")));
});
afterEach(() => vi.restoreAllMocks());

describe("report response", () => {
  it("--json prints the SPEC §9 shape with the hand-computed figures", async () => {
    await reportResponse(["--from", FIXTURE_FROM, "--to", FIXTURE_TO, "--json"]);
    expect(out).toHaveLength(1);
    expect(JSON.parse(out[0])).toStrictEqual(FIXTURE_REPORT);
  });

  it("prints a table without --json", async () => {
    await reportResponse(["--from", FIXTURE_FROM, "--to", FIXTURE_TO]);
    const text = out.join("\n");
    expect(text).toContain("Response figures for inquiries received 2025-03-01 to 2025-03-03");
    const line = (label: string) =>
      text
        .split("\n")
        .find((l) => l.trimStart().startsWith(label))!
        .trim()
        .split(/\s{2,}/);
    // counted, in hours, 30 s rate, 24 h rate, avg, median, p90, SLA hit, SLA missed
    expect(line("All inquiries")).toEqual([
      "All inquiries",
      "10",
      "6",
      "33.3 %",
      "50.0 %",
      "13:54:46.250",
      "0:31:00.000",
      "42:45:00.000",
      "2",
      "2",
    ]);
    expect(line("(unassigned)")).toEqual(["(unassigned)", "1", "0", "–", "0.0 %", "–", "–", "–", "0", "1"]);
    expect(line("website")).toEqual([
      "website",
      "5",
      "3",
      "0.0 %",
      "40.0 %",
      "16:53:07.500",
      "12:31:00.000",
      "42:30:00.000",
      "0",
      "2",
    ]);
  });

  it.each([
    [["--to", "2025-03-03"], "--from: is required (YYYY-MM-DD)"],
    [["--from", "2025-03-01"], "--to: is required (YYYY-MM-DD)"],
    [["--from", "2025-3-1", "--to", "2025-03-03"], "--from: must be a date YYYY-MM-DD"],
    [["--from", "2025-02-29", "--to", "2025-03-03"], "--from: is not a real date"],
    [["--from", "2025-03-04", "--to", "2025-03-03"], "--from: must not be after --to"],
    [["--from", "2025-03-01", "--to", "2025-03-03", "extra"], "unexpected argument: extra"],
  ])("refuses %j with a usage error", async (args, message) => {
    const error = await reportResponse(args).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(message);
    expect(out).toEqual([]);
  });

  it("refuses unknown options and options without a value as usage errors", async () => {
    await expect(reportResponse(["--from", "2025-03-01", "--to", "2025-03-03", "--csv"])).rejects.toBeInstanceOf(UsageError);
    await expect(reportResponse(["--from", "2025-03-01", "--to"])).rejects.toBeInstanceOf(UsageError);
  });

  it("has a usage line for the help text", () => {
    expect(reportResponseUsage).toMatch(/^ {2}report response --from D1 --to D2 \[--json\]\n/);
  });

  it("formats FRT as H:MM:SS.mmm, exact to the millisecond", () => {
    expect(formatFrt(30.001)).toBe("0:00:30.001");
    expect(formatFrt(90_000)).toBe("25:00:00.000");
    expect(formatFrt(null)).toBe("–");
  });
});

import { describe, expect, it } from "vitest";
import { reportCsvHref } from "./report-csv";

describe("report CSV links", () => {
  it("point at the resource route with the page's own parameters", () => {
    expect(reportCsvHref("/reports/funnel", "?from=2026-01-01&to=2026-01-31&split=channel")).toBe(
      "/reports/csv/funnel?from=2026-01-01&to=2026-01-31&split=channel",
    );
  });
  it("name one table when asked, and drop a stale format", () => {
    expect(reportCsvHref("/reports/tiers", "?format=csv&tier=dormant", { table: "customers" })).toBe(
      "/reports/csv/tiers?tier=dormant&table=customers",
    );
  });
  it("work without parameters", () => {
    expect(reportCsvHref("/reports/clv", "")).toBe("/reports/csv/clv");
  });
});

import { describe, expect, it } from "vitest";
import { csvLines } from "./csv.server";
import { csvDownload, reportCsvDownload, type ReportCsvTable } from "./csv-download.server";

/** The body as sent, byte-order mark included (Response.text() would drop it). */
const body = async (response: Response) => new TextDecoder("utf-8", { ignoreBOM: true }).decode(await response.arrayBuffer());

const TABLES: ReportCsvTable[] = [
  { name: "summary", header: ["from", "to"], rows: [["2026-03-01", "2026-03-31"]] },
  {
    name: "stages",
    header: ["stage", "count"],
    rows: [
      ["received", 4],
      ["won", null],
    ],
  },
];

describe("report CSVs", () => {
  it("stack every table under a `table` column, each block with its own header and one empty line between", async () => {
    const response = reportCsvDownload("funnel_2026-03-01_2026-03-31", TABLES, null);
    expect(response.headers.get("Content-Disposition")).toBe("attachment; filename=funnel_2026-03-01_2026-03-31.csv");
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(await body(response)).toBe(
      "\uFEFFtable,from,to\nsummary,2026-03-01,2026-03-31\n\ntable,stage,count\nstages,received,4\nstages,won,\n",
    );
  });

  it("give one table alone when it is named, and refuse a table the page does not show", async () => {
    const one = reportCsvDownload("funnel", TABLES, "stages");
    expect(one.headers.get("Content-Disposition")).toBe("attachment; filename=funnel_stages.csv");
    expect(await body(one)).toBe("\uFEFFstage,count\nreceived,4\nwon,\n");
    const missing = reportCsvDownload("funnel", TABLES, "split");
    expect(missing.status).toBe(400);
    expect(await missing.text()).toBe('No table "split" on this page.');
  });

  it("neutralise formulas in every block, as every CSV of the product does", async () => {
    const response = reportCsvDownload("x", [{ name: "top", header: ["name"], rows: [["=HYPERLINK(1)"]] }], null);
    expect(await body(response)).toBe(
      `\uFEFF${csvLines([
        ["table", "name"],
        ["top", "=HYPERLINK(1)"],
      ])}`,
    );
  });
});

describe("streamed downloads", () => {
  it("write the same bytes as one csvLines call, however many chunks the rows take", async () => {
    const rows = Array.from({ length: 1_201 }, (_, index) => [index, `name ${index}`, index % 7 === 0 ? null : "x,y"]);
    const response = csvDownload("all.csv", ["id", "name", "note"], rows);
    expect(await body(response)).toBe(`\uFEFF${csvLines([["id", "name", "note"], ...rows])}`);
  });

  it("keep a file name inside its header", () => {
    const response = csvDownload('a"b; c\r\n.csv', ["id"], []);
    expect(response.headers.get("Content-Disposition")).toBe("attachment; filename=a_b__c__.csv");
  });
});

/**
 * The bench's own helpers (the bench itself is not part of `npm test`): the data set generator must
 * be reproducible and write the product's import formats, and the percentile must be the nearest
 * rank the SPEC uses for p90.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CUSTOMER_CSV_COLUMNS } from "~/schemas/customer-csv";
import { INQUIRY_CSV_COLUMNS, parseTimestamp } from "~/schemas/inquiry-csv";
import { ORDER_CSV_COLUMNS } from "~/schemas/order-csv";
import { dayStart, generate, inBusinessHours, localTimestamp, staffList } from "./generate";
import { percentile, summarize } from "./stats";

const folders: string[] = [];
const folder = () => {
  const dir = mkdtempSync(join(tmpdir(), "bench-gen-test-"));
  folders.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

const files = (set: ReturnType<typeof generate>) => Object.values(set.files).map((file) => readFileSync(file, "utf8"));
const small = { scale: 0.002, endDay: "2026-11-30" };

describe("the reference data set generator", () => {
  const first = generate({ ...small, seed: 7, dir: folder() });

  it("writes the same files for the same seed, scale and last day, and others for another seed", () => {
    const again = generate({ ...small, seed: 7, dir: folder() });
    const other = generate({ ...small, seed: 8, dir: folder() });
    expect(files(again)).toEqual(files(first));
    expect(again.samples).toEqual(first.samples);
    expect(files(other)[2]).not.toEqual(files(first)[2]);
  });

  it("scales every count, keeps 30 staff, and writes one row per record under the import header", () => {
    expect(first.counts).toMatchObject({ customers: 100, orders: 600, inquiries: 2000 });
    expect(staffList()).toHaveLength(30);
    expect(staffList().filter((u) => u.role === "manager").length).toBeGreaterThanOrEqual(1);
    const [customers, orders, inquiries] = files(first).map((text) => text.trimEnd().split("\n"));
    // Cells may be quoted, but the generator never writes a line break inside one.
    expect(customers![0]).toBe(CUSTOMER_CSV_COLUMNS.join(","));
    expect(orders![0]).toBe(ORDER_CSV_COLUMNS.join(","));
    expect(inquiries![0]).toBe(INQUIRY_CSV_COLUMNS.join(","));
    expect([customers!.length, orders!.length, inquiries!.length]).toEqual([101, 601, 2001]);
  });

  it("keeps every instant within the three years and every answer after its inquiry", () => {
    const lines = readFileSync(first.files.inquiries, "utf8").trimEnd().split("\n").slice(1);
    const start = dayStart(first.startDay);
    const end = dayStart("2026-12-01");
    let answered = 0;
    let inHours = 0;
    for (const line of lines) {
      const [, , received, responded] = line.split(",");
      const at = parseTimestamp(received!);
      expect(at.ok).toBe(true);
      if (!at.ok) continue;
      expect(at.instant.getTime()).toBeGreaterThanOrEqual(start);
      expect(at.instant.getTime()).toBeLessThan(end);
      if (inBusinessHours(at.instant.getTime())) inHours++;
      if (responded) {
        answered++;
        const response = parseTimestamp(responded);
        expect(response.ok && response.instant.getTime() >= at.instant.getTime() && response.instant.getTime() < end).toBe(true);
      }
    }
    // Most inquiries are answered and most arrive in business hours, but not all.
    expect(answered / lines.length).toBeGreaterThan(0.7);
    expect(answered).toBeLessThan(lines.length);
    expect(inHours / lines.length).toBeGreaterThan(0.4);
    expect(inHours).toBeLessThan(lines.length);
  });

  it("writes team-time instants that read back as the same instant", () => {
    const ms = Date.UTC(2026, 10, 22, 8, 15, 30, 120);
    expect(localTimestamp(ms)).toBe("2026-11-22T16:15:30.120+08:00");
    const parsed = parseTimestamp(localTimestamp(ms));
    expect(parsed.ok && parsed.instant.getTime()).toBe(ms);
    expect(inBusinessHours(ms)).toBe(false); // a Sunday
    expect(inBusinessHours(Date.UTC(2026, 10, 23, 1, 0))).toBe(true); // Monday 09:00 in Shanghai
  });
});

describe("percentile", () => {
  it("is the nearest rank ⌈p × n⌉ of the sorted values", () => {
    const values = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
    expect(percentile(values, 0.5)).toBe(5);
    expect(percentile(values, 0.9)).toBe(9);
    expect(percentile(values, 0.95)).toBe(10);
    expect(percentile(values, 1)).toBe(10);
    expect(percentile([42], 0.5)).toBe(42);
    expect(percentile([], 0.5)).toBeNull();
    expect(() => percentile(values, 0)).toThrow(RangeError);
  });

  it("summarises without reordering its input", () => {
    const values = [3, 1, 2];
    expect(summarize(values)).toEqual({ n: 3, p50: 2, p95: 3, p99: 3, min: 1, max: 3 });
    expect(values).toEqual([3, 1, 2]);
  });
});

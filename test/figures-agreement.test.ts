import { refreshQueuedFunnelFacts } from "~/models/funnel-facts.server";
import { isNotNull, ne } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { localDay } from "~/domain/calendar";
import { funnelReport } from "~/models/funnel-report.server";
import { inquiryProgress } from "~/models/inquiry.server";
import { getSettings } from "~/models/settings.server";
import { tiersJob } from "../jobs/tiers";
import { customers, inquiries } from "~db/schema";
import type { OpenDatabase } from "~db/client.server";
import { demoTestDb, jobContext } from "./helpers";

// The 12-month revenue is summed in SQL for the lists (refreshCustomerFigures) and by the tier
// rule for its threshold (computeTiers). Over the whole demo they must be the same numbers.
let database: OpenDatabase;
/** The moment the run's shared demo was seeded. */
let NOW: Date;

beforeAll(async () => {
  const demo = await demoTestDb();
  database = demo;
  NOW = demo.seededAt;
  const settings = getSettings(database.db);
  await tiersJob.run(jobContext(database.db, { asOf: localDay(NOW, settings.general.timeZone) }));
  // The demo is seeded once per run, in the background: the first file to need it may wait for it.
}, 300_000);

describe("12-month revenue", () => {
  it("is the same in the customer list and in the tier reasons", () => {
    const rows = database.db
      .select({ id: customers.id, revenue12m: customers.revenue12mMinor, reason: customers.tierReason, tier: customers.tier })
      .from(customers)
      .where(isNotNull(customers.tierReason))
      .all();
    const withRevenue = rows
      .map((row) => ({ ...row, reason: JSON.parse(row.reason!) as { code: string; revenueMinor?: number } }))
      .filter((row) => row.reason.revenueMinor !== undefined);
    expect(withRevenue.length).toBeGreaterThan(50);
    const disagreements = withRevenue.filter((row) => row.reason.revenueMinor !== row.revenue12m);
    expect(disagreements).toEqual([]);
  });
});

// The inquiry page's status rule reads each inquiry's progress; the funnel counts the same stages
// for a cohort. Both use the conditions in models/sql.server.ts; over the whole demo they agree.
describe("an inquiry's progress", () => {
  it("counts the same responded, quoted and won inquiries as the funnel", () => {
    const settings = getSettings(database.db);
    const counted = database.db.select({ id: inquiries.id }).from(inquiries).where(ne(inquiries.status, "spam")).all();
    const progress = counted.map(({ id }) => inquiryProgress(database.db, id)!);
    const byProgress = {
      received: counted.length,
      responded: progress.filter((p) => p.responded).length,
      quoted: progress.filter((p) => p.quoted).length,
      won: progress.filter((p) => p.won).length,
    };
    refreshQueuedFunnelFacts(database.db);
    const report = funnelReport(database.db, { from: "2020-01-01", to: localDay(NOW, settings.general.timeZone), settings });
    const byFunnel = Object.fromEntries(report.stages.filter((s) => s.stage !== "repeat").map((s) => [s.stage, s.count]));
    expect(byProgress.won).toBeGreaterThan(100);
    expect(byProgress).toEqual(byFunnel);
    // Three thousand inquiries' progress one by one: seconds on a loaded machine, not a hang.
  }, 120_000);
});

import { isNotNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { addDays, localDay, startOfLocalDay } from "~/domain/calendar";
import { getSettings } from "~/models/settings.server";
import { tiersJob } from "../jobs/tiers";
import type { JobContext } from "../jobs/job";
import { seedDemo } from "~db/seed";
import { customers } from "~db/schema";
import type { OpenDatabase } from "~db/client.server";
import { createTestDb } from "./helpers";

// The 12-month revenue is summed in SQL for the lists (refreshCustomerFigures) and by the tier
// rule for its threshold (computeTiers). Over the whole demo they must be the same numbers.
let database: OpenDatabase;
const NOW = new Date("2026-11-20T10:00:00Z");

beforeAll(async () => {
  database = createTestDb();
  await seedDemo(database.db, { now: NOW });
  const settings = getSettings(database.db);
  const asOf = localDay(NOW, settings.general.timeZone);
  const context: JobContext = {
    db: database.db,
    asOf,
    now: new Date(startOfLocalDay(addDays(asOf, 1), settings.general.timeZone).getTime() - 1),
    settings,
    mode: "full",
    progress: () => {},
  };
  await tiersJob.run(context);
});

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

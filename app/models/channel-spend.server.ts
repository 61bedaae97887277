import { and, asc, eq, gte, lte } from "drizzle-orm";
import type { DB } from "~db/client.server";
import { channels, channelSpend } from "~db/schema";
import { minorToDecimalString, toBaseMinor } from "~/domain/money";
import { recordAudit } from "./audit.server";

/**
 * Money spent on a channel in a month (SPEC §1 "channel spend"): one row per (month, channel),
 * the amount in its own currency with the rate to the base currency. The funnel's channel
 * economics read these rows (funnel-report.server.ts); this module lists and changes them.
 */

export type ChannelSpend = typeof channelSpend.$inferSelect;

type By = { userId: number | null; at: Date };

export type ChannelSpendInput = {
  /** "YYYY-MM". */
  month: string;
  channelKey: string;
  amountMinor: number;
  currency: string;
  /** Decimal text: 1 unit of `currency` = fxRate units of the base currency ("1" for the base). */
  fxRate: string;
};

/** What the audit trail keeps of a spend entry: the channel by key, so that the entry reads on its own. */
function snapshot(row: ChannelSpend, channelKey: string) {
  return { month: row.month, channel: channelKey, amountMinor: row.amountMinor, currency: row.currency, fxRate: row.fxRate };
}

export type SpendCell = {
  id: number;
  month: string;
  amountMinor: number;
  currency: string;
  fxRate: string;
  /** The amount in base-currency minor units at the entry's own rate. */
  baseMinor: number;
};

export type SpendGridRow = {
  channel: { key: string; name: string; active: boolean };
  /** Twelve cells, January first; null where nothing is recorded. */
  cells: (SpendCell | null)[];
  /** Null when the channel has no spend recorded in the year. */
  totalBaseMinor: number | null;
};

export type SpendGrid = {
  year: number;
  /** "YYYY-01" … "YYYY-12". */
  months: string[];
  rows: SpendGridRow[];
  /** Null for a month with no spend recorded (as opposed to a recorded 0). */
  monthTotalsBaseMinor: (number | null)[];
  totalBaseMinor: number | null;
  /** How many months × channels have an amount. */
  entries: number;
};

const monthsOfYear = (year: number): string[] =>
  Array.from({ length: 12 }, (_, i) => `${String(year).padStart(4, "0")}-${String(i + 1).padStart(2, "0")}`);

/**
 * The year's spend as a channel × month grid: every active channel, and an inactive one only when
 * it has spend in the year. Totals are in the base currency, each entry converted at its own rate.
 */
export function spendGrid(db: DB, year: number, baseCurrency: string): SpendGrid {
  const months = monthsOfYear(year);
  const rows = db
    .select({
      id: channelSpend.id,
      month: channelSpend.month,
      channelId: channelSpend.channelId,
      amountMinor: channelSpend.amountMinor,
      currency: channelSpend.currency,
      fxRate: channelSpend.fxRate,
    })
    .from(channelSpend)
    .where(and(gte(channelSpend.month, months[0]!), lte(channelSpend.month, months[11]!)))
    .all();
  const byChannel = new Map<number, (SpendCell | null)[]>();
  for (const row of rows) {
    const index = months.indexOf(row.month);
    if (index < 0) continue;
    const cells = byChannel.get(row.channelId) ?? Array.from({ length: 12 }, () => null);
    cells[index] = {
      id: row.id,
      month: row.month,
      amountMinor: row.amountMinor,
      currency: row.currency,
      fxRate: row.fxRate,
      baseMinor: toBaseMinor(row.amountMinor, row.fxRate, row.currency, baseCurrency),
    };
    byChannel.set(row.channelId, cells);
  }
  const monthTotalsBaseMinor: (number | null)[] = months.map(() => null);
  const gridRows: SpendGridRow[] = [];
  for (const channel of db.select().from(channels).orderBy(asc(channels.sortOrder), asc(channels.id)).all()) {
    const cells = byChannel.get(channel.id);
    if (!cells && !channel.active) continue;
    const filled = cells ?? Array.from({ length: 12 }, () => null);
    let totalBaseMinor: number | null = null;
    filled.forEach((cell, i) => {
      if (!cell) return;
      totalBaseMinor = (totalBaseMinor ?? 0) + cell.baseMinor;
      monthTotalsBaseMinor[i] = (monthTotalsBaseMinor[i] ?? 0) + cell.baseMinor;
    });
    gridRows.push({ channel: { key: channel.key, name: channel.name, active: channel.active }, cells: filled, totalBaseMinor });
  }
  return {
    year,
    months,
    rows: gridRows,
    monthTotalsBaseMinor,
    totalBaseMinor: rows.length === 0 ? null : monthTotalsBaseMinor.reduce<number>((sum, value) => sum + (value ?? 0), 0),
    entries: rows.length,
  };
}

/** Every channel, for the form's picker (inactive ones too: their past spend can still be corrected). */
export function spendChannelOptions(db: DB) {
  return db
    .select({ key: channels.key, name: channels.name, active: channels.active })
    .from(channels)
    .orderBy(asc(channels.sortOrder), asc(channels.id))
    .all();
}

/** The spend of one channel in one month, with the channel's key and name; undefined when none is recorded. */
function getChannelSpend(db: DB, month: string, channelKey: string) {
  return db
    .select({ spend: channelSpend, channelKey: channels.key, channelName: channels.name })
    .from(channelSpend)
    .innerJoin(channels, eq(channels.id, channelSpend.channelId))
    .where(and(eq(channelSpend.month, month), eq(channels.key, channelKey)))
    .get();
}

/** One month's spend of one channel as the spend form edits it: the amount as typed, in its own currency; null when none is recorded. */
export function spendFormEntry(db: DB, month: string, channelKey: string) {
  const existing = getChannelSpend(db, month, channelKey);
  if (!existing) return null;
  return {
    id: existing.spend.id,
    month: existing.spend.month,
    channel: existing.channelKey,
    channelName: existing.channelName,
    amount: minorToDecimalString(existing.spend.amountMinor, existing.spend.currency),
    currency: existing.spend.currency,
    fxRate: existing.spend.fxRate,
  };
}

export type SpendFormEntry = NonNullable<ReturnType<typeof spendFormEntry>>;

export type ChannelSpendWrite =
  | { ok: true; created: boolean; spend: ChannelSpend; channelName: string }
  | { ok: false; reason: "unknownChannel" };

/**
 * Sets a channel's spend for a month: the one row of the (month, channel) pair is created or
 * replaced, never duplicated (the table's unique index guarantees it too), with its audit entry in
 * the same transaction.
 */
export function setChannelSpend(db: DB, input: ChannelSpendInput, by: By): ChannelSpendWrite {
  return db.transaction((tx): ChannelSpendWrite => {
    const channel = tx.select().from(channels).where(eq(channels.key, input.channelKey)).get();
    if (!channel) return { ok: false, reason: "unknownChannel" };
    const before = tx
      .select()
      .from(channelSpend)
      .where(and(eq(channelSpend.month, input.month), eq(channelSpend.channelId, channel.id)))
      .get();
    const values = { amountMinor: input.amountMinor, currency: input.currency, fxRate: input.fxRate, updatedAt: by.at };
    const row = before
      ? tx.update(channelSpend).set(values).where(eq(channelSpend.id, before.id)).returning().get()
      : tx
          .insert(channelSpend)
          .values({ ...values, month: input.month, channelId: channel.id, createdAt: by.at })
          .returning()
          .get();
    recordAudit(tx, {
      entity: "channel_spend",
      entityId: row.id,
      action: before ? "update" : "create",
      userId: by.userId,
      at: by.at,
      before: before ? snapshot(before, channel.key) : null,
      after: snapshot(row, channel.key),
    });
    return { ok: true, created: !before, spend: row, channelName: channel.name };
  });
}

/** Removes one spend entry; what was removed (with the channel's key and name), or undefined when there was none. */
export function removeChannelSpend(db: DB, id: number, by: By) {
  return db.transaction((tx) => {
    const before = tx
      .select({ spend: channelSpend, channelKey: channels.key, channelName: channels.name })
      .from(channelSpend)
      .innerJoin(channels, eq(channels.id, channelSpend.channelId))
      .where(eq(channelSpend.id, id))
      .get();
    if (!before) return undefined;
    tx.delete(channelSpend).where(eq(channelSpend.id, id)).run();
    recordAudit(tx, {
      entity: "channel_spend",
      entityId: id,
      action: "delete",
      userId: by.userId,
      at: by.at,
      before: snapshot(before.spend, before.channelKey),
      after: null,
    });
    return before;
  });
}

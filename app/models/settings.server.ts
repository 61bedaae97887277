import { eq, sql } from "drizzle-orm";
import type { DB } from "~db/client.server";
import { settings as settingsTable } from "~db/schema";
import { DEFAULT_SETTINGS, SETTINGS_SECTIONS, settingsSchemas, type Settings, type SettingsSection } from "~/schemas/settings";
import { recordAudit } from "./audit.server";
import { preparedOnce } from "./sql.server";

const rowKey = (section: SettingsSection) => `settings.${section}`;

/** The settings read last, and the stored text they were read from. */
let lastRead: { stored: string; settings: Settings } | null = null;

/** Freezes the settings handed out from the cache, so that no caller can change another's copy. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/**
 * The team's settings: each section as stored, or its default when absent or unreadable (a section
 * written by an older version falls back rather than breaking every page).
 *
 * Read on every request (every page, every inquiry posted): the rows' stored text is read each
 * time, so a change saved by any process shows at once, but it is parsed and validated again only
 * when that text changed (it was 7 % of the intake's CPU). The object is frozen and shared.
 */
export function getSettings(db: DB): Settings {
  const rows = preparedOnce(db, "settings.all", (db) =>
    db
      .select({ key: settingsTable.key, value: sql<string>`${settingsTable.value}` })
      .from(settingsTable)
      .orderBy(settingsTable.key)
      .prepare(),
  ).all();
  const stored = rows.map((row) => `${row.key}\u0000${row.value}`).join("\u0000");
  if (lastRead?.stored === stored) return lastRead.settings;
  const values = new Map(rows.map((row) => [row.key, JSON.parse(row.value) as unknown]));
  const result = { ...DEFAULT_SETTINGS } as Record<SettingsSection, unknown>;
  for (const section of SETTINGS_SECTIONS) {
    const value = values.get(rowKey(section));
    if (value === undefined) continue;
    const parsed = settingsSchemas[section].safeParse({
      ...(DEFAULT_SETTINGS[section] as object),
      ...(value as object),
    });
    if (parsed.success) result[section] = parsed.data;
  }
  const read = result as Settings;
  const settings = deepFreeze(structuredClone({ ...read, calendar: { ...read.calendar, timeZone: read.general.timeZone } }));
  lastRead = { stored, settings };
  return settings;
}

/** Saves the given sections (already validated) in one transaction, with an audit entry each. */
export function saveSettings(db: DB, changes: Partial<Settings>, by: { userId: number | null; at: Date }): void {
  db.transaction((tx) => {
    const current = getSettings(tx);
    for (const section of SETTINGS_SECTIONS) {
      const next = changes[section];
      if (next === undefined) continue;
      const value = section === "calendar" ? (({ timeZone: _zone, ...rest }) => rest)(next as Settings["calendar"]) : next;
      const key = rowKey(section);
      tx.insert(settingsTable)
        .values({ key, value, updatedAt: by.at, updatedById: by.userId })
        .onConflictDoUpdate({
          target: settingsTable.key,
          set: { value, updatedAt: by.at, updatedById: by.userId },
        })
        .run();
      recordAudit(tx, {
        entity: "settings",
        entityId: section,
        action: "update",
        userId: by.userId,
        at: by.at,
        before: current[section] as Record<string, unknown>,
        after: next as Record<string, unknown>,
      });
    }
  });
}

/** A free-form key for the application's own bookkeeping (e.g. when the demo data was loaded). */
export function getMarker(db: DB, key: string): unknown {
  return db.select().from(settingsTable).where(eq(settingsTable.key, key)).get()?.value;
}

/** Stores a bookkeeping key (e.g. the SLA job's last run), replacing what it held. */
export function setMarker(db: DB, key: string, value: unknown, at: Date): void {
  db.insert(settingsTable)
    .values({ key, value, updatedAt: at })
    .onConflictDoUpdate({ target: settingsTable.key, set: { value, updatedAt: at } })
    .run();
}

import { eq } from "drizzle-orm";
import type { DB } from "~db/client.server";
import { settings as settingsTable } from "~db/schema";
import {
  DEFAULT_SETTINGS,
  SETTINGS_SECTIONS,
  settingsSchemas,
  type Settings,
  type SettingsSection,
} from "~/schemas/settings";
import { recordAudit } from "./audit.server";

const rowKey = (section: SettingsSection) => `settings.${section}`;

/**
 * The team's settings: each section as stored, or its default when absent or unreadable (a section
 * written by an older version falls back rather than breaking every page).
 */
export function getSettings(db: DB): Settings {
  const rows = db.select().from(settingsTable).all();
  const stored = new Map(rows.map((row) => [row.key, row.value]));
  const result = { ...DEFAULT_SETTINGS } as Record<SettingsSection, unknown>;
  for (const section of SETTINGS_SECTIONS) {
    const value = stored.get(rowKey(section));
    if (value === undefined) continue;
    const parsed = settingsSchemas[section].safeParse({
      ...(DEFAULT_SETTINGS[section] as object),
      ...(value as object),
    });
    if (parsed.success) result[section] = parsed.data;
  }
  const settings = result as Settings;
  return {
    ...settings,
    calendar: { ...settings.calendar, timeZone: settings.general.timeZone },
  };
}

/** Saves the given sections (already validated) in one transaction, with an audit entry each. */
export function saveSettings(
  db: DB,
  changes: Partial<Settings>,
  by: { userId: number | null; at: Date },
): void {
  db.transaction((tx) => {
    const current = getSettings(tx);
    for (const section of SETTINGS_SECTIONS) {
      const next = changes[section];
      if (next === undefined) continue;
      const value =
        section === "calendar"
          ? (({ timeZone: _zone, ...rest }) => rest)(next as Settings["calendar"])
          : next;
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

import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "~/schemas/settings";
import { createTestFileDb } from "../../test/helpers";
import { getSettings, saveSettings } from "./settings.server";

let open: ReturnType<typeof createTestFileDb>;
const by = { userId: null, at: new Date("2026-12-04T02:00:00Z") };

beforeEach(() => {
  open = createTestFileDb();
});

afterEach(() => open.remove());

describe("getSettings", () => {
  it("hands out the same frozen settings while the stored text is unchanged", () => {
    const first = getSettings(open.db);
    expect(getSettings(open.db)).toBe(first);
    expect(Object.isFrozen(first.response)).toBe(true);
    expect(() => {
      (first.response as { intakeBurst: number }).intakeBurst = 1;
    }).toThrow(TypeError);
    // The defaults it was built from are not frozen with it.
    expect(Object.isFrozen(DEFAULT_SETTINGS.response)).toBe(false);
  });

  it("shows a change saved in this process at once", () => {
    const before = getSettings(open.db);
    saveSettings(open.db, { response: { ...before.response, intakeBurst: before.response.intakeBurst + 7 } }, by);
    expect(getSettings(open.db).response.intakeBurst).toBe(before.response.intakeBurst + 7);
  });

  it("shows a change written by another process (another connection) at once", () => {
    const before = getSettings(open.db);
    const other = new Database(open.path);
    try {
      other
        .prepare(
          "insert into settings (key, value, updated_at) values ('settings.general', ?, ?) on conflict (key) do update set value = excluded.value",
        )
        .run(JSON.stringify({ ...before.general, timeZone: "Europe/Berlin" }), by.at.getTime());
    } finally {
      other.close();
    }
    const after = getSettings(open.db);
    expect(after.general.timeZone).toBe("Europe/Berlin");
    expect(after.calendar.timeZone).toBe("Europe/Berlin");
  });

  it("falls back to a section's defaults when its stored text is unreadable, and reads it again once it is mended", () => {
    open.sqlite
      .prepare("insert into settings (key, value, updated_at) values ('settings.response', ?, 0)")
      .run(JSON.stringify({ intakeBurst: "many" }));
    expect(getSettings(open.db).response.intakeBurst).toBe(DEFAULT_SETTINGS.response.intakeBurst);
    open.sqlite.prepare("update settings set value = ? where key = 'settings.response'").run(JSON.stringify({ intakeBurst: 42 }));
    expect(getSettings(open.db).response.intakeBurst).toBe(42);
  });
});

/**
 * Seeds the demo into a database file, for the test run's one shared demo (test/global-setup.ts
 * starts it in the background; tests wait for it through demoTestDb / demoTestFile in
 * ./helpers). Usage: demo-seed.ts <file> <seeded-at epoch ms>. Writes <file>.done when the file
 * is complete, or <file>.failed with the error.
 */
import { writeFileSync } from "node:fs";
import { openDatabase } from "~db/client.server";
import { seedDemo } from "~db/seed";

const [path, seededAtMs] = process.argv.slice(2);
try {
  if (!path || !seededAtMs) throw new Error("usage: demo-seed.ts <file> <seeded-at epoch ms>");
  const open = openDatabase(path);
  await seedDemo(open.db, { now: new Date(Number(seededAtMs)) });
  // A rollback-journal file is one whole image: tests copy it, or load it into memory.
  open.sqlite.pragma("journal_mode = DELETE");
  open.sqlite.close();
  writeFileSync(`${path}.done`, "");
} catch (error) {
  writeFileSync(`${path}.failed`, error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
}

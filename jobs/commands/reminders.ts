/**
 * Reminder commands for `npm run crm -- …` (SPEC §9). jobs/cli.ts mounts `reminderCommands` and
 * prints `reminderUsage` in its help.
 */
import { parseArgs } from "node:util";
import { REMINDER_CSV_COLUMNS, reminderExportRows } from "~/models/reminder.server";
import { writeCsv } from "~/utils/csv.server";
import { database } from "~db/client.server";
import { UsageError } from "../usage-error";

export const reminderUsage = `  export reminders        write all reminders as CSV to standard output:
                          id, kind, customer_external_id, owner_email, due_at, status, reason`;

function noArguments(command: string, args: string[]): void {
  let positionals: string[];
  try {
    ({ positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true }));
  } catch (error) {
    throw new UsageError(`${command}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (positionals.length) throw new UsageError(`${command} takes no arguments (got ${positionals[0]})`);
}

export const reminderCommands: Record<string, (args: string[]) => Promise<void>> = {
  "export reminders": async (args) => {
    noArguments("export reminders", args);
    await writeCsv(process.stdout, REMINDER_CSV_COLUMNS, reminderExportRows(database().db));
  },
};

/** `npm run crm -- clv params` (SPEC §9): the last fitted CLV parameters as JSON. */
import { parseArgs } from "node:util";
import { lastClvParams } from "~/models/clv.server";
import { database } from "~db/client.server";
import { UsageError } from "../usage-error";

export const clvUsage = `  clv params              print the last fitted CLV parameters as JSON (time unit: days; v in the
                          base currency's major unit); exits 1 when the models are not fitted`;

async function clvParams(args: string[]): Promise<void> {
  const { positionals } = parseArgs({ args, allowPositionals: true, strict: true });
  if (positionals.length) throw new UsageError(`unexpected argument: ${positionals[0]}`);
  const last = lastClvParams(database().db);
  // Anything but a fit is one line on standard error and a non-zero exit (the CLI's handler).
  if (last.status !== "fitted") throw new Error(last.message);
  console.log(JSON.stringify(last.params, null, 2));
}

export const clvCommands: Record<string, (args: string[]) => Promise<void>> = {
  "clv params": clvParams,
};

import type { LoaderFunctionArgs } from "@remix-run/node";
import { invariantResponse } from "@epic-web/invariant";
import { loader as clv } from "./reports.clv";
import { loader as funnel } from "./reports.funnel";
import { loader as response } from "./reports.response";
import { loader as tiers } from "./reports.tiers";

const REPORTS: Record<string, (args: LoaderFunctionArgs) => Promise<unknown>> = { response, funnel, tiers, clv };

/**
 * The CSV download of a report: the report's own loader (with its role check) asked for CSV, so
 * the file holds exactly the tables the page shows for the same parameters.
 */
export async function loader(args: LoaderFunctionArgs) {
  const load = args.params.report ? REPORTS[args.params.report] : undefined;
  invariantResponse(load, "Not found", { status: 404 });
  const url = new URL(args.request.url);
  // The path stays /reports/csv/…: that is how the report's loader knows it may answer with a file.
  url.searchParams.set("format", "csv");
  const result = await load({
    ...args,
    request: new Request(url, { headers: args.request.headers, signal: args.request.signal }),
  });
  invariantResponse(result instanceof Response, "This report has nothing to export.", { status: 404 });
  return result;
}

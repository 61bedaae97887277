import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requirePermission } from "~/auth/session.server";
import { findJobRun } from "~/models/job-run.server";
import { db } from "~db/client.server";
import { markAbandonedRuns } from "../../jobs/runner";

const paramsSchema = z.object({ runId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

/** One run's state as JSON, polled by the jobs page while the run goes on. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "runJobs");
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw new Response("Not found", { status: 404 });
  const database = db();
  // A run whose process died would otherwise be polled for ever.
  markAbandonedRuns(database, new Date());
  const run = findJobRun(database, parsed.data.runId);
  if (!run) throw new Response("Not found", { status: 404 });
  return Response.json(
    {
      id: run.id,
      job: run.job,
      asOf: run.asOf,
      status: run.status,
      progress: run.progress,
      figures: run.figures ?? null,
      error: run.error ?? null,
      startedAt: run.startedAt.toISOString(),
      finishedAt: run.finishedAt?.toISOString() ?? null,
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { invariantResponse } from "@epic-web/invariant";
import { requirePermission } from "~/auth/session.server";
import { findJobRun, INTERRUPTED } from "~/models/job-run.server";
import { jobRunParamsSchema } from "~/schemas/job-run";
import { db } from "~db/client.server";
import { abandonedRunIds } from "../../jobs";

/** One run's state as JSON, polled by the jobs page while the run goes on. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "runJobs");
  const parsed = jobRunParamsSchema.safeParse(params);
  invariantResponse(parsed.success, "Not found", { status: 404 });
  const database = db();
  const found = findJobRun(database, parsed.data.runId);
  invariantResponse(found, "Not found", { status: 404 });
  // A run whose process died would otherwise be polled for ever: it is answered as failed (read
  // only; the next start or run of the job records it).
  const run =
    found.status === "running" && abandonedRunIds(database, new Date()).has(found.id)
      ? { ...found, status: "failed" as const, error: INTERRUPTED }
      : found;
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

import type { LoaderFunctionArgs } from "@remix-run/node";
import { invariantResponse } from "@epic-web/invariant";
import { requirePermission } from "~/auth/session.server";
import { importRunView } from "~/models/import-run.server";

/**
 * GET /import/progress?run=ID: one import run's state as JSON, polled by the import page while the
 * run goes on (see ~/models/import-run.server). A run is shown only to the manager who started it.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "importData");
  const id = new URL(request.url).searchParams.get("run") ?? "";
  const run = importRunView(id, user.id);
  invariantResponse(run, "Not found", { status: 404 });
  return Response.json(run, { headers: { "Cache-Control": "no-store" } });
}

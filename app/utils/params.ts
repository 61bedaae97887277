import { z } from "zod";
import { invariantResponse } from "@epic-web/invariant";

export type RouteParams = Readonly<Record<string, string | undefined>>;

const idSchema = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** A record's id from the URL; anything that is not one answers 404, as a missing record does. */
export function idParam(params: RouteParams, name: string): number {
  const parsed = idSchema.safeParse(params[name]);
  invariantResponse(parsed.success, "Not found", { status: 404 });
  return parsed.data;
}

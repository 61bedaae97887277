import { z } from "zod";

export type RouteParams = Readonly<Record<string, string | undefined>>;

const idSchema = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** A record's id from the URL; anything that is not one answers 404, as a missing record does. */
export function idParam(params: RouteParams, name: string): number {
  const parsed = idSchema.safeParse(params[name]);
  if (!parsed.success) throw new Response("Not found", { status: 404 });
  return parsed.data;
}

/** The record, or a 404 when there is none. */
export function orNotFound<T>(record: T | null | undefined): T {
  if (record === null || record === undefined) throw new Response("Not found", { status: 404 });
  return record;
}

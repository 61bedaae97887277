import { z } from "zod";

/** A run id from the URL; anything else is a 404, never a database error. */
export const jobRunParamsSchema = z.object({ runId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

import { z } from "zod";
import { FUNNEL_SPLITS } from "~/domain/funnel";
import { FUNNEL_TABLES } from "~/models/funnel-report-csv.server";

/** The funnel report's split and CSV table; an unknown one falls back to the default view. */
export const funnelQuerySchema = z.object({
  split: z.enum(FUNNEL_SPLITS).optional().catch(undefined),
  table: z.enum(FUNNEL_TABLES).optional().catch(undefined),
});

import { z } from "zod";

// Each page's buttons have a file of their own: the authorisation test reads the intents a route
// offers from the schema files it imports, so a shared file would lend its intents to every page.
export const priceListIntentSchema = z.object({ intent: z.enum(["set", "remove"]) });

/** The price list's `?product=`: the agreed price being edited, if any. */
export const priceListQuerySchema = z.object({ product: z.coerce.number().int().positive().optional().catch(undefined) });

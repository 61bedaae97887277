import { z } from "zod";

// Each page's buttons have a file of their own: the authorisation test reads the intents a route
// offers from the schema files it imports, so a shared file would lend its intents to every page.
export const replyTemplateIntentSchema = z.object({ intent: z.enum(["update", "delete"]) });

import { z } from "zod";

// Each page's buttons have a file of their own: the authorisation test reads the intents a route
// offers from the schema files it imports, so a shared file would lend its intents to every page.
export const customerPageIntentSchema = z.object({ intent: z.enum(["addContact", "updateContact", "removeContact"]) });
export const contactIdSchema = z.object({ contactId: z.coerce.number().int().positive() });

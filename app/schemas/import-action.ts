import { z } from "zod";
import { IMPORT_KINDS } from "~/models/import-run.server";

export const importKindSchema = z.enum(IMPORT_KINDS);

/** The import page's buttons; an unknown kind falls back to the page's own rather than failing. */
export const importActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("preview"), kind: importKindSchema.optional().catch(undefined) }),
  z.object({ intent: z.literal("import"), token: z.string().max(100), kind: importKindSchema.optional().catch(undefined) }),
  z.object({ intent: z.literal("discard"), token: z.string().max(100), kind: importKindSchema.optional().catch(undefined) }),
]);

import { z } from "zod";
import { JOB_NAMES } from "~db/enums";

// The jobs page's buttons only: the authorisation test reads a route's intents from the schema
// files it imports.
export const jobActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("run"), job: z.enum(JOB_NAMES) }),
  z.object({ intent: z.literal("runAll") }),
]);

import { z } from "zod";
import { requiredText } from "./form";

export const apiKeyIntentSchema = z.object({ intent: z.enum(["create", "revoke"]) });

/** A new intake key: only its name is typed; the secret is generated. */
export const newApiKeySchema = z.object({ name: requiredText(100) });

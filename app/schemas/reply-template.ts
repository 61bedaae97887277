import { z } from "zod";
import { LOCALES } from "~db/enums";
import { requiredBody, requiredText } from "./form";

/** A reply template as the create and edit forms send it. */
export const replyTemplateSchema = z.object({
  name: requiredText(100),
  locale: z.enum(LOCALES),
  body: requiredBody(5000),
});

export type ReplyTemplateInput = z.output<typeof replyTemplateSchema>;

/** The list's `?locale=` filter; anything unknown shows every language. */
export const replyTemplateFilterSchema = z.object({
  locale: z.enum(LOCALES).optional().catch(undefined),
});

import { z } from "zod";
import { requiredText } from "./form";

/** The buttons of an inquiry's page; each intent's fields are checked by its own schema. */
export const inquiryIntentSchema = z.object({
  intent: z.enum(["reply", "note", "take", "assign", "status", "linkCustomer", "createCustomer"]),
});

/** The customer the page showed when "link" was pressed, so a colleague's change is not overwritten. */
export const relinkSchema = z.object({
  expectedCustomerId: z
    .string()
    .optional()
    .transform((value) => (value ? Number(value) : null))
    .pipe(z.number().int().positive().nullable()),
});

/** A customer made from the inquiry's buyer: only the name is asked for. */
export const customerFromInquirySchema = z.object({ name: requiredText(200) });

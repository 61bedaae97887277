import { z } from "zod";
import { TIERS } from "~db/enums";
import { checkbox, optionalBody, optionalText, requiredText } from "./form";

const optionalId = z
  .string()
  .optional()
  .transform((value) => (value ? Number(value) : null))
  .pipe(z.number().int().positive().nullable());

const optionalCountry = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value.toUpperCase() : null))
  .pipe(
    z
      .string()
      .regex(/^[A-Z]{2}$/, "errors.country")
      .nullable(),
  );

const optionalEmail = z
  .string()
  .trim()
  .toLowerCase()
  .optional()
  .transform((value) => value || null)
  .pipe(z.email({ error: "errors.email" }).max(200).nullable());

export const customerFormSchema = z.object({
  name: requiredText(200),
  country: optionalCountry,
  industry: optionalText(100).transform((value) => value || null),
  website: optionalText(200).transform((value) => value || null),
  externalId: optionalText(100).transform((value) => value || null),
  ownerId: optionalId,
  sourceChannelId: optionalId,
  notes: optionalBody(5000).transform((value) => value || null),
  // The first contact, when creating.
  contactName: optionalText(200),
  contactEmail: optionalEmail,
  contactPhone: optionalText(50),
  contactTitle: optionalText(100),
  // Ticked after the page warned of a likely duplicate.
  confirmDuplicate: checkbox(),
});
export type CustomerForm = z.output<typeof customerFormSchema>;

export const contactFormSchema = z.object({
  name: requiredText(200),
  email: optionalEmail,
  phone: optionalText(50).transform((value) => value || null),
  title: optionalText(100).transform((value) => value || null),
  messagingHandle: optionalText(100).transform((value) => value || null),
});

export const CUSTOMER_SORTS = ["revenue", "lastOrder", "name", "created"] as const;

/** The customer list's filters from the URL; anything unreadable is ignored. */
export const customerFilterSchema = z.object({
  tier: z
    .enum([...TIERS, "none"])
    .optional()
    .catch(undefined),
  owner: z
    .union([z.literal("me"), z.literal("none"), z.coerce.number().int().positive()])
    .optional()
    .catch(undefined),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/)
    .optional()
    .catch(undefined),
  industry: z.string().trim().max(100).optional().catch(undefined),
  q: z.string().trim().max(200).optional().catch(undefined),
  sort: z.enum(CUSTOMER_SORTS).catch("revenue"),
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
});
export type CustomerFilter = z.output<typeof customerFilterSchema>;

import { z } from "zod";
import { LOCALES, ROLES } from "~db/enums";
import { checkbox, requiredText } from "./form";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "errors.email" }).max(200));
export const passwordSchema = z.string().min(8, "errors.passwordTooShort").max(200);

export const newUserSchema = z.object({
  email: emailSchema,
  name: requiredText(100),
  role: z.enum(ROLES),
  locale: z.enum(LOCALES).default("en"),
  password: passwordSchema,
});

export const editUserSchema = z.object({
  name: requiredText(100),
  role: z.enum(ROLES),
  locale: z.enum(LOCALES),
  onDuty: checkbox(),
  password: z
    .string()
    .optional()
    .transform((value) => value || undefined)
    .pipe(passwordSchema.optional()),
});

import { z } from "zod";
import { SUPPORTED_LOCALES } from "~/i18n";

/** The language switcher's post. */
export const localeChoiceSchema = z.object({ locale: z.enum(SUPPORTED_LOCALES), redirectTo: z.string().optional() });

import { z } from "zod";

/**
 * A short message shown once on the page an action redirects to. `key` is a catalog key so the
 * next page speaks the reader's language; `id` tells two equal messages in a row apart.
 */
export const toastSchema = z.object({
  id: z.string().max(64),
  key: z.string().regex(/^toast\.[a-zA-Z]+$/),
  values: z.record(z.string(), z.string().max(300)).optional(),
});

export type ToastMessage = z.output<typeof toastSchema>;

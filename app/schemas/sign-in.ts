import { z } from "zod";

// Only lengths are checked: a sign-in never says whether an address is well formed or known.
export const signInSchema = z.object({
  email: z.string().trim().min(1).max(200),
  password: z.string().min(1).max(500),
  redirectTo: z.string().optional(),
});

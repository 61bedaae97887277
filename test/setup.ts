import { setPasswordCostForTests } from "~/auth/password.server";

// Users made by fixtures get cheap password hashes; the sign-in tests still check real ones, and a
// hash keeps the cost it was made with (app/auth/password.test.ts checks the product's own).
setPasswordCostForTests(10);

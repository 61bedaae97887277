import { database, closeDatabase } from "~db/client.server";
import { seedDemoIfEmpty } from "~db/seed";
import { env, sessionSecret } from "./env.server";
import { deleteExpiredSessions } from "./models/session.server";
import { forgetSignInFailuresBefore } from "./models/user.server";

let started = false;

export async function bootstrap(): Promise<void> {
  if (started) return;
  started = true;
  const config = env();
  sessionSecret();
  const { db, path } = database();
  const now = new Date();
  deleteExpiredSessions(db, now);
  forgetSignInFailuresBefore(db, new Date(now.getTime() - 24 * 60 * 60 * 1000));
  if (config.CRM_DEMO === "1") {
    const started = Date.now();
    const summary = await seedDemoIfEmpty(db, now);
    if (summary) {
      console.log(
        `Loaded demo data into ${path} in ${Date.now() - started} ms: ${summary.customers} customers, ` +
          `${summary.inquiries} inquiries, ${summary.orders} orders.`,
      );
    }
  }
}

export async function shutdown(): Promise<void> {
  closeDatabase();
}

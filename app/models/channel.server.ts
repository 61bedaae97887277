import { asc, eq } from "drizzle-orm";
import type { DB } from "~db/client.server";
import { channels } from "~db/schema";

export function allChannels(db: DB) {
  return db.select().from(channels).orderBy(asc(channels.sortOrder), asc(channels.id)).all();
}

export function channelsById(db: DB) {
  return new Map(allChannels(db).map((channel) => [channel.id, channel]));
}

/** Channels offered for new inquiries (a retired channel stays on old records only). */
export function activeChannels(db: DB) {
  return db.select().from(channels).where(eq(channels.active, true)).orderBy(asc(channels.sortOrder), asc(channels.id)).all();
}

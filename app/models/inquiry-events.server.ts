import { EventEmitter } from "node:events";
import { max } from "drizzle-orm";
import type { DB } from "~db/client.server";
import { inquiries } from "~db/schema";

/**
 * Live inbox updates. Changes made in this process are pushed at once; changes made by another
 * process on the same database (a CSV import, a second server) are noticed by a light poll of the
 * newest `updated_at`, which an index answers.
 */
export type InquiryEvent = { type: "created" | "updated" | "changed"; id: number | null };

type Bus = { emitter: EventEmitter; poller?: ReturnType<typeof setInterval>; lastSeen?: number };
const globalBus = globalThis as unknown as { __crmInquiryBus?: Bus };
const bus: Bus = (globalBus.__crmInquiryBus ??= { emitter: new EventEmitter().setMaxListeners(0) });

const POLL_MS = 1000;

export function publishInquiryEvent(event: InquiryEvent): void {
  bus.emitter.emit("inquiry", event);
}

function newestChange(db: DB): number {
  return (
    db
      .select({ at: max(inquiries.updatedAt) })
      .from(inquiries)
      .get()
      ?.at?.getTime() ?? 0
  );
}

export function subscribeInquiryEvents(db: DB, listener: (event: InquiryEvent) => void): () => void {
  bus.emitter.on("inquiry", listener);
  if (!bus.poller) {
    bus.lastSeen = newestChange(db);
    bus.poller = setInterval(() => {
      const newest = newestChange(db);
      if (newest > (bus.lastSeen ?? 0)) {
        bus.lastSeen = newest;
        publishInquiryEvent({ type: "changed", id: null });
      }
    }, POLL_MS);
    bus.poller.unref();
  }
  return () => {
    bus.emitter.off("inquiry", listener);
    if (bus.emitter.listenerCount("inquiry") === 0 && bus.poller) {
      clearInterval(bus.poller);
      bus.poller = undefined;
    }
  };
}

/** Marks a change as already announced, so the poll does not announce it a second time. */
export function noteAnnounced(at: Date): void {
  if (at.getTime() > (bus.lastSeen ?? 0)) bus.lastSeen = at.getTime();
}

/**
 * Issue acceptance: "A test with two simultaneous replies records one first response."
 *
 * The real case is two people pressing Send at the same moment, served by two processes (two
 * server instances, or a server and a script) on one SQLite file. The test runs two child
 * processes (test/fixtures/reply-worker.ts) on a temporary file database, releases them together
 * once both are waiting, and checks that exactly one reply became the first response.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase, type OpenDatabase } from "~db/client.server";
import { createUser } from "~db/factories";
import { inquiries, messages } from "~db/schema";
import { addMessage, receiveInquiry } from "~/models/inquiry.server";
import { getSettings } from "~/models/settings.server";
import { createTestDb } from "./helpers";
import { releaseTogether, startRaceWorker } from "./race-worker";

// Monday 2026-11-23 10:00 Shanghai = 02:00:00Z (in business hours: no auto-reply).
const RECEIVED = new Date("2026-11-23T02:00:00.000Z");
// Both replies are stamped 12 s later: 02:00:12Z.
const REPLY_AT = new Date("2026-11-23T02:00:12.000Z");

type WorkerReport = { authorId: number; firstResponse: boolean | null; messageId: number | null; waited: boolean };

const startWorker = (dbPath: string, inquiryId: number, authorId: number, now: Date) =>
  startRaceWorker<WorkerReport>("reply-worker.ts", [dbPath, String(inquiryId), String(authorId), now.toISOString()]);

describe("two simultaneous first replies", () => {
  it("from two processes on one database file: one first response, two replies kept", async () => {
    const dir = mkdtempSync(join(tmpdir(), "crm-race-"));
    const path = join(dir, "race.db");
    let open: OpenDatabase | undefined;
    try {
      open = openDatabase(path);
      const a = await createUser(open.db, { email: "a@example.com", name: "A", role: "service" });
      const b = await createUser(open.db, { email: "b@example.com", name: "B", role: "service" });
      const settings = getSettings(open.db);
      const received = receiveInquiry(
        open.db,
        {
          channelKey: "alibaba",
          receivedAt: RECEIVED,
          subject: "Quotation for 2,000 pcs stainless hinges",
          message: "Please send FOB Ningbo price.",
          buyer: { company: "Acme GmbH", name: "Jonas Weber", email: "jonas@acme.example", country: "DE" },
        },
        { now: RECEIVED, settings, autoReply: true },
      );
      if (!received.ok) throw new Error(received.reason);
      const inquiryId = received.id;
      open.sqlite.close();
      open = undefined;

      const workers = [a, b].map((user) => startWorker(path, inquiryId, user.id, REPLY_AT));
      // Both have opened the file and read the settings; release them together once both spin at the start.
      await Promise.all(workers.map((worker) => worker.ready));
      await releaseTogether(workers, join(dir, "start"));
      const reports = await Promise.all(workers.map((worker) => worker.done));

      // Both were spinning at the start before it was given, so the two writes raced.
      expect(reports.map((report) => report.waited)).toEqual([true, true]);
      // Both replies were saved, and exactly one of them was told it was the first response.
      expect(reports.every((report) => typeof report.messageId === "number")).toBe(true);
      expect(reports.filter((report) => report.firstResponse === true)).toHaveLength(1);
      expect(reports.filter((report) => report.firstResponse === false)).toHaveLength(1);
      const winner = reports.find((report) => report.firstResponse)!;

      open = openDatabase(path);
      const replies = open.db
        .select()
        .from(messages)
        .where(and(eq(messages.inquiryId, inquiryId), eq(messages.direction, "out")))
        .all();
      // Two human replies (in business hours there is no auto-reply).
      expect(replies).toHaveLength(2);
      expect(replies.map((m) => m.authorId).sort()).toEqual([a.id, b.id].sort());
      expect(replies.every((m) => !m.isAutoReply)).toBe(true);

      const inquiry = open.db.select().from(inquiries).where(eq(inquiries.id, inquiryId)).get()!;
      expect([a.id, b.id]).toContain(inquiry.firstResponderId);
      expect(inquiry.firstResponderId).toBe(winner.authorId);
      expect(inquiry.firstResponseAt?.toISOString()).toBe("2026-11-23T02:00:12.000Z");
      // 02:00:12 − 02:00:00 = 12 s.
      expect(inquiry.frtMs).toBe(12_000);
      expect(inquiry.within30s).toBe(true);
      expect(inquiry.status).toBe("responded");
      // It was unassigned, so the winner took it.
      expect(inquiry.assigneeId).toBe(winner.authorId);
    } finally {
      open?.sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("in one process: two replies with the identical `now` give one first response", async () => {
    const { db } = createTestDb();
    const a = await createUser(db, { email: "a@example.com", name: "A", role: "service" });
    const b = await createUser(db, { email: "b@example.com", name: "B", role: "sales" });
    const settings = getSettings(db);
    const received = receiveInquiry(
      db,
      {
        channelKey: "website",
        receivedAt: RECEIVED,
        subject: "Door handles",
        message: "Price for 500 pcs?",
        buyer: { name: "Li Wei", email: "li.wei@beta.example", country: "CN" },
      },
      { now: RECEIVED, settings, autoReply: true },
    );
    if (!received.ok) throw new Error(received.reason);

    const first = addMessage(
      db,
      { inquiryId: received.id, authorId: a.id, direction: "out", body: "From A" },
      { now: REPLY_AT, settings },
    );
    const second = addMessage(
      db,
      { inquiryId: received.id, authorId: b.id, direction: "out", body: "From B" },
      { now: REPLY_AT, settings },
    );
    expect(first?.firstResponse).toBe(true);
    expect(second?.firstResponse).toBe(false);
    expect(second?.messageId).not.toBe(first?.messageId);

    const inquiry = db.select().from(inquiries).where(eq(inquiries.id, received.id)).get()!;
    expect(inquiry.firstResponderId).toBe(a.id);
    expect(inquiry.firstResponseAt?.toISOString()).toBe("2026-11-23T02:00:12.000Z");
    expect(inquiry.frtMs).toBe(12_000);
    const outs = db
      .select()
      .from(messages)
      .where(and(eq(messages.inquiryId, received.id), eq(messages.direction, "out")))
      .all();
    expect(outs.map((m) => m.body)).toEqual(["From A", "From B"]);
  });
});

/**
 * An intake post whose inquiry is stored answers 201 even when the database turns busy for the
 * key's "last used" stamp written after it: a client told 503 would send the inquiry again.
 */
import { count } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { createApiKey } from "~/models/api-key.server";
import { action } from "~/routes/api.v1.inquiries";
import { limiter } from "~/utils/rate-limiter.server";
import { inquiries } from "~db/schema";
import type { OpenDatabase } from "~db/client.server";
import { createTestDb, loaderArgs } from "./helpers";

const stamp = vi.hoisted(() => ({ fail: null as Error | null }));

vi.mock("~/models/api-key.server", async (original) => {
  const actual = await original<typeof import("~/models/api-key.server")>();
  return {
    ...actual,
    touchApiKey: (...args: Parameters<typeof actual.touchApiKey>) => {
      if (stamp.fail) throw stamp.fail;
      return actual.touchApiKey(...args);
    },
  };
});

/** better-sqlite3's error for a lock it could not get within the busy timeout, as drizzle wraps it. */
function busyError(): Error {
  const driver = Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" });
  return new Error("Failed query: update api_keys", { cause: driver });
}

let database: OpenDatabase;
let key: string;

beforeEach(() => {
  database = createTestDb();
  limiter("intake").reset();
  key = createApiKey(database.db, "test", { userId: null, at: new Date() }).key;
  stamp.fail = null;
});

const post = (externalId: string) =>
  action(
    loaderArgs(
      new Request("http://localhost:3000/api/v1/inquiries", {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${key}` },
        body: JSON.stringify({
          channel: "alibaba",
          externalId,
          subject: "Quotation for 2,000 pcs stainless hinges",
          message: "Please send FOB Ningbo price",
          buyer: {
            company: "Acme GmbH",
            name: "Jonas Weber",
            email: "jonas@acme.example",
            phone: "+49 30 1234567",
            country: "DE",
          },
          quantity: 2000,
        }),
      }),
    ),
  ) as Promise<Response>;

const stored = () => database.db.select({ n: count() }).from(inquiries).get()!.n;

describe("the API key's last-used stamp", () => {
  it("is skipped when the database is busy, and the stored inquiry still answers 201", async () => {
    stamp.fail = busyError();
    const response = await post("AL-1");
    expect(response.status).toBe(201);
    expect(stored()).toBe(1);
  });

  it("still fails loudly for any other error", async () => {
    stamp.fail = new Error("disk I/O error");
    await expect(post("AL-2")).rejects.toThrow("disk I/O error");
  });
});

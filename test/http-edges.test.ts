/**
 * The HTTP edges of the real Express stack (SPEC §12): oversized intake bodies, Remix's `.data`
 * suffix under /api/, Retry-After on the public form, and the security and caching headers.
 */
import { request as httpRequest, Agent } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { inquiries } from "~db/schema";
import { createUser } from "~db/factories";
import { startSession } from "~/auth/session.server";
import { SESSION_COOKIE_NAME } from "~/utils/http-edges.server";
import { limiter } from "~/utils/rate-limiter.server";
import { cookieFrom, createTestDb } from "./helpers";
import { startApp, type RunningApp } from "./http-server";

const KEY = "http-edges-intake-key-0123456789";
let app: RunningApp;
let database: ReturnType<typeof createTestDb>;

beforeAll(async () => {
  process.env.CRM_INTAKE_KEY = KEY;
  database = createTestDb();
  app = await startApp();
});

afterAll(async () => {
  await app.close();
  delete process.env.CRM_INTAKE_KEY;
});

beforeEach(() => {
  limiter("intake").reset();
  limiter("publicForm").reset();
});

type Reply = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

/** One request through node:http (optionally on a kept-alive agent), the body written as given. */
function send(
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Buffer[]; agent?: Agent } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: "127.0.0.1", port: app.port, path, method: init.method ?? "GET", headers: init.headers, agent: init.agent },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    if (Array.isArray(init.body)) for (const chunk of init.body) req.write(chunk);
    else if (init.body !== undefined) req.write(init.body);
    req.end();
  });
}

const intakeHeaders = { Authorization: `Bearer ${KEY}`, "Content-Type": "application/json" };
const validInquiry = () =>
  JSON.stringify({
    channel: "website",
    subject: "Price for 500 valves",
    message: "Please quote.",
    buyer: { name: "Jonas Weber", email: "jonas@acme.example" },
  });
/** A JSON body just over the 64 KiB limit, as eight 9 KiB writes (sent chunked: no Content-Length). */
const oversizedChunks = () => {
  const text = JSON.stringify({
    channel: "website",
    subject: "x",
    message: "m".repeat(72 * 1024),
    buyer: { name: "A", email: "a@b.example" },
  });
  const chunks: Buffer[] = [];
  for (let i = 0; i < text.length; i += 9 * 1024) chunks.push(Buffer.from(text.slice(i, i + 9 * 1024)));
  return chunks;
};
const inquiryCount = () => database.db.select().from(inquiries).all().length;

describe("an intake body over 64 KiB", () => {
  it("sent chunked gets 413 JSON, and the kept-alive client's next request works", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const refused = await send("/api/v1/inquiries", {
        method: "POST",
        headers: { ...intakeHeaders, "Transfer-Encoding": "chunked" },
        body: oversizedChunks(),
        agent,
      });
      expect(refused.status).toBe(413);
      expect(JSON.parse(refused.body)).toEqual({ error: expect.stringContaining("65536") });
      const next = await send("/api/v1/health", { agent });
      expect(next.status).toBe(200);
    } finally {
      agent.destroy();
    }
  });

  it("with a Content-Length over the limit gets 413, and the kept-alive client's next request works", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const body = Buffer.concat(oversizedChunks());
      const refused = await send("/api/v1/inquiries", {
        method: "POST",
        headers: { ...intakeHeaders, "Content-Length": String(body.length) },
        body: [body],
        agent,
      });
      expect(refused.status).toBe(413);
      expect(JSON.parse(refused.body)).toHaveProperty("error");
      const next = await send("/api/v1/health", { agent });
      expect(next.status).toBe(200);
    } finally {
      agent.destroy();
    }
  });

  it("on a raw socket: the whole 413 arrives and the same connection serves the next request", async () => {
    const body = Buffer.concat(oversizedChunks());
    const head =
      `POST /api/v1/inquiries HTTP/1.1\r\nHost: 127.0.0.1:${app.port}\r\nAuthorization: Bearer ${KEY}\r\n` +
      "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\n\r\n";
    const chunked = Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from("\r\n0\r\n\r\n")]);
    const next = `GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1:${app.port}\r\nConnection: close\r\n\r\n`;

    const received = await exchange([head, chunked], next);

    expect(received.error).toBeNull();
    const [first, second] = received.replies;
    expect(first).toMatch(/^HTTP\/1\.1 413 /);
    expect(first).toContain('{"error":');
    expect(first).not.toMatch(/^connection:\s*close/im);
    expect(second).toMatch(/^HTTP\/1\.1 200 [\s\S]*"ok":true/);
  });

  it("declared far over the limit: 413 at once, then the connection closes cleanly", async () => {
    const head =
      `POST /api/v1/inquiries HTTP/1.1\r\nHost: 127.0.0.1:${app.port}\r\nAuthorization: Bearer ${KEY}\r\n` +
      "Content-Type: application/json\r\nContent-Length: 104857600\r\n\r\n";
    // Only the start of the promised 100 MB is sent: the answer must not wait for the rest.
    const received = await exchange([head, "{".padEnd(1024, " ")]);

    expect(received.error).toBeNull();
    expect(received.replies).toHaveLength(1);
    expect(received.replies[0]).toMatch(/^HTTP\/1\.1 413 /);
    expect(received.replies[0]).toMatch(/^connection:\s*close/im);
    expect(received.replies[0]).toContain('{"error":');
  });
});

/**
 * Writes `parts` on one raw connection and reads replies (with a Content-Length or chunked) until the
 * server closes it; after the first complete reply, `next` is written on the same connection
 * unless that reply said `Connection: close`.
 */
function exchange(parts: Array<string | Buffer>, next?: string): Promise<{ replies: string[]; error: Error | null }> {
  return new Promise((resolve) => {
    const socket = connect(app.port, "127.0.0.1");
    let buffer = "";
    const replies: string[] = [];
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => {
      buffer += chunk;
      for (;;) {
        const end = buffer.indexOf("\r\n\r\n");
        if (end < 0) return;
        const head = buffer.slice(0, end + 4);
        let size: number;
        if (/^transfer-encoding:\s*chunked/im.test(head)) {
          // A small JSON reply: its body ends at the zero-length chunk.
          const last = buffer.indexOf("0\r\n\r\n", head.length);
          if (last < 0) return;
          size = last + 5;
        } else {
          size = head.length + Number(/^content-length:\s*(\d+)/im.exec(head)?.[1] ?? 0);
          if (buffer.length < size) return;
        }
        const reply = buffer.slice(0, size);
        buffer = buffer.slice(reply.length);
        replies.push(reply);
        if (replies.length === 1 && next && !/^connection:\s*close/im.test(reply)) socket.write(next);
      }
    });
    socket.on("error", (error) => resolve({ replies, error }));
    socket.on("close", () => resolve({ replies, error: null }));
    for (const part of parts) socket.write(part);
  });
}

describe(".data under /api/", () => {
  it.each([
    ["POST", "/api/v1/inquiries.data"],
    ["POST", "/API/v1/inquiries.data"],
    ["POST", "/%61pi/v1/inquiries.data"],
    ["GET", "/api/v1/health.data"],
  ])("%s %s is 404 JSON and creates nothing", async (method, path) => {
    const before = inquiryCount();
    const reply = await send(path, { method, headers: intakeHeaders, body: method === "POST" ? validInquiry() : undefined });
    expect(reply.status).toBe(404);
    expect(reply.headers["content-type"]).toMatch(/^application\/json/);
    expect(JSON.parse(reply.body)).toHaveProperty("error");
    expect(inquiryCount()).toBe(before);
  });

  it("leaves the API itself working", async () => {
    const before = inquiryCount();
    const reply = await send("/api/v1/inquiries", { method: "POST", headers: intakeHeaders, body: validInquiry() });
    expect(reply.status).toBe(201);
    expect(inquiryCount()).toBe(before + 1);
  });
});

describe("the public form's rate limit", () => {
  const fields = new URLSearchParams({
    name: "A",
    email: "a@b.example",
    country: "DE",
    message: "Hello",
    website: "",
  }).toString();
  const post = (path: string) =>
    send(path, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.origin },
      body: fields,
    });

  it.each(["/inquire?index", "/inquire.data?index"])("answers 429 with Retry-After (%s)", async (path) => {
    const replies: Reply[] = [];
    for (let i = 0; i < 6; i += 1) replies.push(await post(path));
    const refused = replies.at(-1)!;
    expect(refused.status).toBe(429);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
  });
});

describe("server time", () => {
  it("a page and an API answer say how long the server took before answering (Server-Timing)", async () => {
    for (const path of ["/inquire", "/api/v1/health"]) {
      const reply = await send(path);
      expect(reply.status, path).toBe(200);
      const timing = /^app;dur=(\d+\.\d)$/.exec(String(reply.headers["server-timing"]));
      expect(timing, path).not.toBeNull();
      expect(Number(timing![1])).toBeGreaterThanOrEqual(0);
    }
  });
});

describe("security headers", () => {
  const nonceOf = (reply: Reply) => /'nonce-([^']+)'/.exec(String(reply.headers["content-security-policy"]))?.[1];

  it("a page carries a CSP whose nonce is on every script Remix renders, new each time", async () => {
    const first = await send("/inquire");
    expect(first.status).toBe(200);
    const csp = String(first.headers["content-security-policy"]);
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    const nonce = nonceOf(first)!;
    const scripts = first.body.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(1);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    const second = await send("/inquire");
    expect(nonceOf(second)).toBeDefined();
    expect(nonceOf(second)).not.toBe(nonce);
  });

  it.each(["/inquire", "/favicon.svg", "/no-such-page", "/api/v1/health", "/api/v1/inquiries.data"])(
    "%s carries nosniff, a referrer policy, frame-ancestors and X-Frame-Options",
    async (path) => {
      const reply = await send(path);
      expect(reply.headers["x-content-type-options"]).toBe("nosniff");
      expect(reply.headers["referrer-policy"]).toBe("same-origin");
      expect(reply.headers["x-frame-options"]).toBe("DENY");
      expect(String(reply.headers["content-security-policy"])).toContain("frame-ancestors 'none'");
    },
  );

  it("signed-in pages, resource routes and errors are never stored; anonymous pages may be", async () => {
    const user = await createUser(database.db, { role: "sales", email: "sales@example.test" });
    const signedIn = await startSession(new Request(`${app.origin}/login`), user.id, "/");
    // The Express layer recognises the session by this cookie's name.
    expect(signedIn.headers.get("Set-Cookie")).toMatch(new RegExp(`^${SESSION_COOKIE_NAME}=[^;]+`));
    const cookie = cookieFrom(signedIn);
    for (const path of ["/my-day", "/my-day.data", "/customers/export", "/no-such-page", "/inquire"]) {
      const reply = await send(path, { headers: { Cookie: cookie } });
      expect(reply.status, path).toBeLessThan(500);
      expect(reply.headers["cache-control"], path).toBe("no-store");
    }
    const anonymous = await send("/inquire");
    expect(anonymous.headers["cache-control"] ?? "").not.toContain("no-store");
  });
});

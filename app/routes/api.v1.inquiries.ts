import { timingSafeEqual } from "node:crypto";
import type { ActionFunctionArgs } from "@remix-run/node";
import { db } from "~db/client.server";
import { env } from "~/env.server";
import { translateMessage, translator } from "~/i18n";
import { apiKeyStampDue, findLiveApiKey, touchApiKey } from "~/models/api-key.server";
import { receiveInquiry } from "~/models/inquiry.server";
import { getSettings } from "~/models/settings.server";
import { connectionOf } from "~/models/sql.server";
import "~/schemas/form";
import { parseIntake } from "~/schemas/inquiry";
import { writeIfFree, writeWhenFree } from "~/utils/database-busy.server";
import { limiter } from "~/utils/rate-limiter.server";

export const MAX_BODY_BYTES = 64 * 1024;
/** How long an inquiry waits for another process's write lock before answering 503. */
export const INTAKE_LOCK_WAIT_MS = 2000;

type Issue = { path: string; message: string };
const english = translator("en");

function problem(status: number, error: string, issues?: Issue[], headers?: HeadersInit) {
  return Response.json(issues ? { error, issues } : { error }, { status, headers });
}

function sameSecret(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Which key is calling (the rate limit's name for it), and the API key whose "last used" stamp is
 * due (null for the CRM_INTAKE_KEY from the environment, or a stamp less than a minute old).
 */
function authenticate(request: Request, now: Date): { caller: string; stamp: number | null } | null {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.get("Authorization") ?? "");
  if (!match) return null;
  const presented = match[1]!;
  const fromEnv = env().CRM_INTAKE_KEY;
  if (fromEnv && sameSecret(presented, fromEnv)) return { caller: "env", stamp: null };
  const key = findLiveApiKey(db(), presented);
  return key ? { caller: `key:${key.id}`, stamp: apiKeyStampDue(key, now) ? key.id : null } : null;
}

type BodyReader = ReadableStreamDefaultReader<Uint8Array>;

/** Reads the body, refusing (null) once it passes the limit, whatever Content-Length claimed. */
async function readLimited(reader: BodyReader, limit: number): Promise<string | null> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) return null;
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

// How much of a refused body is read and dropped so that the connection stays usable.
const DRAIN_BYTES = 1024 * 1024;

/** Reads and drops up to `max` bytes; true when the body ended within them. */
async function drain(reader: BodyReader | undefined, max: number): Promise<boolean> {
  let size = 0;
  try {
    while (reader) {
      const { done, value } = await reader.read();
      if (done) return true;
      size += value.byteLength;
      if (size > max) return false;
    }
    return true;
  } catch {
    // The client went away: there is no connection left to keep.
    return false;
  }
}

/**
 * 413 for a body over the limit. Cancelling the body instead tears the connection down before the
 * answer is written (the client sees an empty reply), and an unread rest left on a kept-alive
 * connection would be taken for the start of the next request. So the rest is read and dropped:
 * a body that ends within DRAIN_BYTES leaves the connection usable; a longer one gets the answer
 * with `Connection: close`, still being dropped while the answer goes out so that the client can
 * read it before the connection closes.
 */
async function tooLarge(rest: BodyReader | undefined, declared: number) {
  const message = `The body may be at most ${MAX_BODY_BYTES} bytes.`;
  const drained = declared <= MAX_BODY_BYTES + DRAIN_BYTES && (await drain(rest, DRAIN_BYTES));
  if (drained) return problem(413, message);
  void drain(rest, Number.POSITIVE_INFINITY);
  return problem(413, message, undefined, { Connection: "close" });
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return problem(405, "Use POST.", undefined, { Allow: "POST" });
  const now = new Date();
  const caller = authenticate(request, now);
  if (!caller) {
    return problem(401, "A valid API key is required (Authorization: Bearer <key>).", undefined, {
      "WWW-Authenticate": 'Bearer realm="intake"',
    });
  }
  const settings = getSettings(db());
  const rate = limiter("intake").take(
    caller.caller,
    now.getTime(),
    settings.response.intakeRatePerSecond,
    settings.response.intakeBurst,
  );
  if (!rate.allowed) {
    return problem(429, "Too many requests for this key; slow down.", undefined, {
      "Retry-After": String(rate.retryAfterSeconds),
    });
  }
  const contentType = request.headers.get("Content-Type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(contentType)) return problem(415, "Send the inquiry as application/json.");
  const reader = request.body?.getReader();
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > MAX_BODY_BYTES) return tooLarge(reader, declared);
  const text = reader ? await readLimited(reader, MAX_BODY_BYTES) : "";
  if (text === null) return tooLarge(reader, declared);

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return problem(400, "The body is not valid JSON.", [{ path: "", message: "Malformed JSON." }]);
  }
  const parsed = parseIntake(json, now);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      path: issue.path.map(String).join("."),
      message: translateMessage(english, issue.message),
    }));
    return problem(400, "The inquiry is not valid.", issues);
  }
  const body = parsed.data;
  // A job or an import in another process may hold the write lock for a moment: the inquiry waits
  // for it (without freezing the other requests) rather than answering 503 at once.
  const incoming = {
    channelKey: body.channel,
    externalId: body.externalId ?? null,
    receivedAt: body.receivedAt ?? now,
    subject: body.subject,
    message: body.message,
    buyer: body.buyer,
    productSku: body.product?.sku,
    quantity: body.quantity ?? null,
  };
  const result = await writeWhenFree(
    connectionOf(db()),
    () => receiveInquiry(db(), incoming, { now, settings, autoReply: true }),
    INTAKE_LOCK_WAIT_MS,
  );
  if (!result.ok) {
    return problem(400, "The inquiry is not valid.", [{ path: "channel", message: `Unknown channel "${body.channel}".` }]);
  }
  if (caller.stamp !== null) {
    // The key's "last used" stamp is a courtesy written after the inquiry was stored: a busy
    // database skips it (without waiting), and never turns a stored inquiry's answer into an error.
    const stamp = caller.stamp;
    writeIfFree(connectionOf(db()), () => touchApiKey(db(), stamp, now));
  }
  const url = new URL(`/inquiries/${result.id}`, request.url).toString();
  return Response.json(
    { id: result.id, url, customerId: result.customerId, status: result.status },
    { status: result.created ? 201 : 200, headers: result.created ? { Location: url } : undefined },
  );
}

export function loader() {
  return problem(405, "Use POST.", undefined, { Allow: "POST" });
}

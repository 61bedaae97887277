import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/auth/session.server";
import { db } from "~db/client.server";
import { subscribeInquiryEvents, type InquiryEvent } from "~/models/inquiry-events.server";
import { countUnanswered } from "~/models/inquiry.server";

const HEARTBEAT_MS = 15_000;

/** Server-sent events: one `inquiry` event per change, with the unanswered count for the menu. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "handleInquiries");
  const database = db();
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (event: InquiryEvent | { type: "hello"; id: null }) => {
        const payload = { ...event, unanswered: countUnanswered(database) };
        try {
          controller.enqueue(encoder.encode(`event: inquiry\ndata: ${JSON.stringify(payload)}\n\n`));
        } catch {
          cleanup();
        }
      };
      const unsubscribe = subscribeInquiryEvents(database, send);
      const heartbeat = setInterval(() => {
        try {
          controller.enqueue(encoder.encode(": keep-alive\n\n"));
        } catch {
          cleanup();
        }
      }, HEARTBEAT_MS);
      cleanup = () => {
        unsubscribe();
        clearInterval(heartbeat);
      };
      request.signal.addEventListener("abort", () => {
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed
        }
      });
      controller.enqueue(encoder.encode("retry: 3000\n\n"));
      send({ type: "hello", id: null });
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      // no-transform keeps any compressing proxy from holding events back.
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}

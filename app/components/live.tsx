import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "~/utils/use-translation";
import { clockState } from "~/domain/sla";

export type LiveEvent = { type: "created" | "updated" | "changed" | "hello"; id: number | null; unanswered: number };

type Listener = (event: LiveEvent) => void;
const listeners = new Set<Listener>();
let source: EventSource | undefined;

/** One stream per browser tab, shared by every component that listens. */
function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  if (!source) {
    source = new EventSource("/inquiries/events");
    source.addEventListener("inquiry", (message) => {
      const event = JSON.parse((message as MessageEvent<string>).data) as LiveEvent;
      for (const each of listeners) each(event);
    });
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && source) {
      source.close();
      source = undefined;
    }
  };
}

/** The unanswered count for the menu, kept current by the stream. */
export function useLiveUnanswered(initial: number | null, enabled: boolean) {
  const [count, setCount] = useState(initial);
  useEffect(() => setCount(initial), [initial]);
  useEffect(() => {
    if (!enabled) return;
    return subscribe((event) => setCount(event.unanswered));
  }, [enabled]);
  return count;
}

/**
 * Listens to the server's inquiry stream and refreshes the page's data when something changes
 * (at most every 500 ms, however many changes arrive). EventSource reconnects by itself.
 */
export function useInquiryStream(onEvent?: (event: LiveEvent) => void, refreshWhen?: (event: LiveEvent) => boolean) {
  const revalidator = useRevalidator();
  const revalidateRef = useRef(revalidator.revalidate);
  revalidateRef.current = revalidator.revalidate;
  const onEventRef = useRef(onEvent);
  onEventRef.current = onEvent;
  const refreshWhenRef = useRef(refreshWhen);
  refreshWhenRef.current = refreshWhen;
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = subscribe((event) => {
      onEventRef.current?.(event);
      if (event.type === "hello") return;
      if (refreshWhenRef.current && !refreshWhenRef.current(event)) return;
      if (!timer) {
        timer = setTimeout(() => {
          timer = undefined;
          revalidateRef.current();
        }, 500);
      }
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, []);
}

/** Milliseconds to add to the browser's clock to get the server's (set once from a loader). */
export function useServerOffset(serverNow: number) {
  const [offset] = useState(() => serverNow - Date.now());
  return offset;
}

function useTick(ms: number) {
  const [, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), ms);
    return () => clearInterval(timer);
  }, [ms]);
}

/** How long an unanswered inquiry has waited: amber from 20 s, red once past the threshold. */
export function WaitingClock({
  receivedAt,
  thresholdSeconds,
  serverOffset,
  initialAgeMs,
}: {
  receivedAt: string | number | Date;
  thresholdSeconds: number;
  serverOffset: number;
  initialAgeMs: number;
}) {
  const { t } = useTranslation();
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  useTick(1000);
  // On the server and the first render the age is the loader's, so the markup matches.
  const ageMs = hydrated ? Math.max(0, Date.now() + serverOffset - new Date(receivedAt).getTime()) : initialAgeMs;
  const state = clockState(ageMs, thresholdSeconds);
  const colours = {
    fresh: "bg-green-100 text-green-800",
    warning: "bg-amber-100 text-amber-900",
    overdue: "bg-red-100 text-red-800",
  } as const;
  return (
    <span
      className={`inline-flex rounded px-2 py-0.5 font-mono text-xs tabular-nums ${colours[state]}`}
      data-clock-state={state}
      title={t(`inbox.clock.${state}`)}
    >
      {formatAge(ageMs)}
    </span>
  );
}

function formatAge(ms: number): string {
  const total = Math.floor(ms / 1000);
  const days = Math.floor(total / 86400);
  const hours = Math.floor((total % 86400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const two = (n: number) => String(n).padStart(2, "0");
  if (days > 0) return `${days}d ${two(hours)}:${two(minutes)}`;
  if (hours > 0) return `${hours}:${two(minutes)}:${two(seconds)}`;
  return `${two(minutes)}:${two(seconds)}`;
}

/**
 * Intake throughput: `clients` concurrent connectors posting inquiries to /api/v1/inquiries, each
 * with its own API key (the rate limit is per key and raised to its maximum for the run), for a
 * fixed time; and the same load on GET /api/v1/health, the floor of what the HTTP stack can do.
 */
import { send } from "./server";
import { percentile } from "./stats";

export type LoadResult = {
  seconds: number;
  requests: number;
  perSecond: number;
  p50: number | null;
  p99: number | null;
  statuses: Record<string, number>;
  atLeast500: number;
  transportErrors: number;
  /** The first few distinct transport errors (a reset connection, a refused one …). */
  transportErrorMessages: string[];
};

const SUBJECTS = ["Quotation for 2,000 pcs stainless hinges", "询价：不锈钢铰链 2000件", "RFQ: LED panel lights", "求购球阀"];

async function load(
  seconds: number,
  clients: number,
  request: (client: number, n: number) => Promise<{ status: number; ms: number }>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let transportErrors = 0;
  const messages = new Set<string>();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let n = 0; performance.now() < deadline; n++) {
        try {
          const answer = await request(client, n);
          latencies.push(answer.ms);
          statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
        } catch (error) {
          transportErrors++;
          if (messages.size < 5)
            messages.add(
              error instanceof Error ? `${(error as NodeJS.ErrnoException).code ?? ""} ${error.message}`.trim() : String(error),
            );
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return {
    seconds: elapsed,
    requests: latencies.length,
    perSecond: latencies.length / elapsed,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    statuses,
    atLeast500: Object.entries(statuses).reduce((sum, [status, count]) => (Number(status) >= 500 ? sum + count : sum), 0),
    transportErrors,
    transportErrorMessages: [...messages],
  };
}

export function healthLoad(base: string, seconds: number, clients: number) {
  return load(seconds, clients, () => send(`${base}/api/v1/health`));
}

/** Posts inquiries whose externalId starts with `prefix`, so that the rows can be counted after. */
export function intakeLoad(base: string, keys: readonly string[], prefix: string, seconds: number, clients: number) {
  return load(seconds, clients, (client, n) => {
    const body = JSON.stringify({
      channel: "alibaba",
      externalId: `${prefix}-${client}-${n}`,
      subject: SUBJECTS[n % SUBJECTS.length],
      message: "Please send your best FOB Ningbo price and lead time.",
      buyer: {
        company: `Load Test Buyer ${client % 10}`,
        name: "Jonas Weber",
        email: `buyer${client % 10}@load.example`,
        country: "DE",
      },
      quantity: 2000,
    });
    return send(`${base}/api/v1/inquiries`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${keys[client % keys.length]}`,
        "Content-Type": "application/json",
        "Content-Length": String(Buffer.byteLength(body)),
      },
      body,
    });
  });
}

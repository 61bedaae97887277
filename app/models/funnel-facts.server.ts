/**
 * The funnel's per-inquiry facts (SPEC §7), stored on the inquiry so that a report counts a cohort
 * from one covering index instead of following every inquiry to its quotes and orders:
 * - funnel_quoted: it has a quote that was sent;
 * - won_at / won_customer_id: its first won order (the earliest non-cancelled order linked to it
 *   directly or through one of its quotes, ties broken by the lower order id);
 * - funnel_repeat: that customer placed another non-cancelled order ordered strictly after it and
 *   at most 365 days (365 × 24 h) after it;
 * - won_revenue_minor: the base-currency total of its distinct linked non-cancelled orders;
 * - won_order_shared: one of those orders is linked to another inquiry too (directly while its
 *   quote is another's, or the other way round), so a report that adds up inquiries' revenue must
 *   count it once (app/models/funnel-report.server.ts).
 * Triggers on quotes and orders queue the inquiries whose facts a write can change (`funnel_queue`,
 * in the writer's transaction); the SLA job's pass recomputes exactly those, a chunk per short
 * transaction, and takes them off the queue in the same transaction.
 */
import { inArray, sql, type SQL } from "drizzle-orm";
import type { DB } from "~db/client.server";
import { REPEAT_WINDOW_DAYS } from "~/domain/funnel";
import { funnelQueue } from "~db/schema";
import { orderCounts, quoteWasSent } from "./sql.server";

const CHUNK = 500;
const REPEAT_WINDOW_MS = REPEAT_WINDOW_DAYS * 86_400_000;

/**
 * The facts of the given inquiries by SPEC §7's rules, computed from quotes and orders: a `facts`
 * table (id, quoted, won_at, won_customer_id, repeated, revenue, shared) for the statement that
 * follows.
 */
function factsOf(ids: number[]): SQL {
  return sql`
    with target(id) as (select value from json_each(${JSON.stringify(ids)})),
    linked as materialized (
      select t.id as inquiry_id, o.id as order_id, o.customer_id, o.ordered_at, o.total_base_minor,
             q.inquiry_id is not null and q.inquiry_id <> t.id as shared
        from target t join orders o on o.inquiry_id = t.id left join quotes q on q.id = o.quote_id
       where ${orderCounts("o")}
      union all
      select t.id, o.id, o.customer_id, o.ordered_at, o.total_base_minor,
             o.inquiry_id is not null and o.inquiry_id <> t.id
        from target t join quotes q on q.inquiry_id = t.id join orders o on o.quote_id = q.id
       where ${orderCounts("o")}
         -- An order linked to this inquiry both ways is one link, listed by the first branch.
         and o.inquiry_id is not t.id
    ),
    totals as (
      select inquiry_id, sum(total_base_minor) as revenue, max(shared) as shared from linked group by inquiry_id
    ),
    first_won as (
      select inquiry_id, customer_id, ordered_at from (
        select inquiry_id, customer_id, ordered_at,
               row_number() over (partition by inquiry_id order by ordered_at, order_id) as rn
          from linked
      ) where rn = 1
    ),
    facts as (
      select t.id as id,
             exists (select 1 from quotes q where q.inquiry_id = t.id and ${quoteWasSent("q")}) as quoted,
             fw.ordered_at as won_at,
             fw.customer_id as won_customer_id,
             coalesce(fw.ordered_at is not null and exists (
               select 1 from orders o
                where o.customer_id = fw.customer_id and ${orderCounts("o")}
                  and o.ordered_at > fw.ordered_at and o.ordered_at <= fw.ordered_at + ${REPEAT_WINDOW_MS}
             ), 0) as repeated,
             coalesce(tt.revenue, 0) as revenue,
             coalesce(tt.shared, 0) as shared
        from target t left join first_won fw on fw.inquiry_id = t.id left join totals tt on tt.inquiry_id = t.id
    )`;
}

export type FunnelFactsResult = { examined: number; changed: number };

/** Recomputes every queued inquiry's funnel facts; writes only those that differ. */
export function refreshQueuedFunnelFacts(db: DB, onProgress?: (done: number) => void): FunnelFactsResult {
  const result: FunnelFactsResult = { examined: 0, changed: 0 };
  for (;;) {
    const taken = db.transaction(
      (tx) => {
        const ids = tx
          .select({ id: funnelQueue.inquiryId })
          .from(funnelQueue)
          .orderBy(funnelQueue.inquiryId)
          .limit(CHUNK)
          .all()
          .map((row) => row.id);
        if (ids.length === 0) return 0;
        result.examined += ids.length;
        // One statement per chunk; only the rows whose facts differ are written.
        const { changes } = tx.run(sql`${factsOf(ids)}
          update inquiries
             set funnel_quoted = f.quoted, won_at = f.won_at, won_customer_id = f.won_customer_id, funnel_repeat = f.repeated,
                 won_revenue_minor = f.revenue, won_order_shared = f.shared
            from facts f
           where inquiries.id = f.id
             and (inquiries.funnel_quoted <> f.quoted or inquiries.won_at is not f.won_at
                  or inquiries.won_customer_id is not f.won_customer_id or inquiries.funnel_repeat <> f.repeated
                  or inquiries.won_revenue_minor <> f.revenue or inquiries.won_order_shared <> f.shared)`);
        result.changed += changes;
        tx.delete(funnelQueue).where(inArray(funnelQueue.inquiryId, ids)).run();
        return ids.length;
      },
      { behavior: "immediate" },
    );
    if (taken === 0) break;
    onProgress?.(result.examined);
    if (taken < CHUNK) break;
  }
  return result;
}

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "../app/auth/password.server";
import { DEFAULT_CALENDAR, addDays, isOpenAt, localDay } from "../app/domain/calendar";
import { JOB_DEFINITIONS } from "../jobs/registry";
import { runJob } from "../jobs/runner";
import type { OpenDatabase } from "./client.server";
import { privateTestDb } from "../test/helpers";
import { insertUser } from "./factories";
import { DEMO_LOGINS, DEMO_PASSWORD, DEMO_SEEDED_AT_KEY, seedDemo, seedDemoIfEmpty, type SeedSummary } from "./seed";

const NOW = new Date("2026-11-20T10:00:00Z"); // Friday 18:00 in Shanghai
const SEED_TIMEOUT = 60_000;

let demo: OpenDatabase;
let summary: SeedSummary;

/** One number from an aggregate query. */
function scalar(open: OpenDatabase, query: string, ...params: unknown[]): number {
  const row = open.sqlite
    .prepare(query)
    .pluck()
    .get(...params);
  return Number(row);
}

function rows<T>(open: OpenDatabase, query: string, ...params: unknown[]): T[] {
  return open.sqlite.prepare(query).all(...params) as T[];
}

beforeAll(async () => {
  demo = privateTestDb();
  summary = await seedDemo(demo.db, { now: NOW });
}, SEED_TIMEOUT);

afterAll(() => {
  demo.sqlite.close();
});

describe("seedDemo", () => {
  it("produces counts in the expected ranges and reports them truthfully", () => {
    expect(summary.users).toBe(6);
    expect(summary.customers).toBeGreaterThanOrEqual(250);
    expect(summary.customers).toBeLessThanOrEqual(350);
    expect(summary.inquiries).toBeGreaterThanOrEqual(2700);
    expect(summary.inquiries).toBeLessThanOrEqual(3300);
    expect(summary.orders).toBeGreaterThanOrEqual(1300);
    expect(summary.orders).toBeLessThanOrEqual(1700);
    expect(summary.quotes).toBeGreaterThanOrEqual(900);
    expect(summary.quotes).toBeLessThanOrEqual(1300);
    expect(summary.products).toBeGreaterThanOrEqual(70);
    for (const [table, count] of Object.entries(summary)) {
      expect(scalar(demo, `select count(*) from ${table}`), table).toBe(count);
    }
  });

  it("creates the demo logins with the demo password", async () => {
    const users = rows<{ email: string; name: string; role: string; password_hash: string }>(
      demo,
      "select email, name, role, password_hash from users order by id",
    );
    expect(users.map(({ email, name, role }) => ({ email, name, role }))).toEqual(DEMO_LOGINS);
    expect(await verifyPassword(DEMO_PASSWORD, users[0].password_hash)).toBe(true);
    expect(scalar(demo, "select count(*) from users where role = 'service' and on_duty = 1")).toBe(2);
  });

  it("puts nothing after now", () => {
    const t = NOW.getTime();
    expect(scalar(demo, "select count(*) from orders where ordered_at > ?", t)).toBe(0);
    expect(scalar(demo, "select count(*) from messages where sent_at > ?", t)).toBe(0);
    expect(scalar(demo, "select count(*) from inquiries where received_at > ? or first_response_at > ?", t, t)).toBe(0);
    expect(scalar(demo, "select count(*) from quotes where created_at > ? or sent_at > ? or decided_at > ?", t, t, t)).toBe(0);
    expect(scalar(demo, "select count(*) from customers where created_at > ?", t)).toBe(0);
  });

  it("spreads two years of inquiries over the channels", () => {
    const twoYears = 730 * 86_400_000;
    expect(scalar(demo, "select min(received_at) from inquiries")).toBeGreaterThanOrEqual(NOW.getTime() - twoYears);
    expect(scalar(demo, "select min(received_at) from inquiries")).toBeLessThan(NOW.getTime() - twoYears + 30 * 86_400_000);
    const share = (key: string) =>
      scalar(demo, "select count(*) from inquiries i join channels c on c.id = i.channel_id where c.key = ?", key) /
      summary.inquiries;
    expect(share("alibaba")).toBeGreaterThan(0.38);
    expect(share("alibaba")).toBeLessThan(0.52);
    for (const key of ["made_in_china", "website", "email", "trade_show", "referral", "other"]) {
      expect(share(key), key).toBeGreaterThan(0.01);
    }
  });

  it("receives about 70% of inquiries in business hours", () => {
    const received = rows<{ r: number }>(demo, "select received_at as r from inquiries");
    const inHours = received.filter(({ r }) => isOpenAt(new Date(r), DEFAULT_CALENDAR)).length;
    expect(inHours / received.length).toBeGreaterThan(0.6);
    expect(inHours / received.length).toBeLessThan(0.8);
  });

  it("records each first response as the earliest human, non-auto reply", () => {
    const answered = scalar(demo, "select count(*) from inquiries where first_response_at is not null");
    expect(answered / summary.inquiries).toBeGreaterThan(0.85);
    const bad = scalar(
      demo,
      `select count(*) from inquiries i
        where i.first_response_at is not null and (
          i.first_response_at < i.received_at
          or i.frt_ms != i.first_response_at - i.received_at
          or i.first_response_at is not (
            select min(m.sent_at) from messages m
             where m.inquiry_id = i.id and m.direction = 'out' and m.is_auto_reply = 0 and m.author_id is not null)
          or i.first_responder_id is not (
            select m.author_id from messages m
             where m.inquiry_id = i.id and m.direction = 'out' and m.is_auto_reply = 0
             order by m.sent_at limit 1))`,
    );
    expect(bad).toBe(0);
    // And an unanswered inquiry has no human answer in its thread.
    const unansweredWithReply = scalar(
      demo,
      `select count(*) from inquiries i where i.first_response_at is null and exists (
         select 1 from messages m where m.inquiry_id = i.id and m.direction = 'out' and m.is_auto_reply = 0)`,
    );
    expect(unansweredWithReply).toBe(0);
    // Every inquiry opens with the buyer's message at received_at.
    const withoutOpening = scalar(
      demo,
      `select count(*) from inquiries i where not exists (
         select 1 from messages m where m.inquiry_id = i.id and m.direction = 'in' and m.sent_at = i.received_at)`,
    );
    expect(withoutOpening).toBe(0);
  });

  it("sends auto-replies only outside business hours and never counts them", () => {
    const autoReplies = rows<{ r: number; s: number; author: number | null; f: number | null }>(
      demo,
      `select i.received_at as r, m.sent_at as s, m.author_id as author, i.first_response_at as f
         from messages m join inquiries i on i.id = m.inquiry_id where m.is_auto_reply = 1`,
    );
    expect(autoReplies.length).toBeGreaterThan(500);
    for (const a of autoReplies) {
      expect(isOpenAt(new Date(a.r), DEFAULT_CALENDAR)).toBe(false);
      expect(a.s - a.r).toBeGreaterThanOrEqual(1000);
      expect(a.s - a.r).toBeLessThanOrEqual(3000);
      expect(a.author).toBeNull();
      expect(a.f).not.toBe(a.s);
    }
  });

  it("answers like a fast team: most in-hours inquiries within 30 seconds", () => {
    const inHours = rows<{ r: number; f: number | null }>(
      demo,
      "select received_at as r, first_response_at as f from inquiries where status != 'spam'",
    ).filter(({ r }) => isOpenAt(new Date(r), DEFAULT_CALENDAR));
    const within30s = inHours.filter(({ r, f }) => f !== null && f - r <= 30_000).length;
    expect(within30s / inHours.length).toBeGreaterThan(0.65);
    expect(within30s / inHours.length).toBeLessThan(0.85);
  });

  it("leaves spam unanswered", () => {
    const spam = scalar(demo, "select count(*) from inquiries where status = 'spam'");
    expect(spam).toBeGreaterThan(20);
    expect(
      scalar(
        demo,
        "select count(*) from inquiries where status = 'spam' and (first_response_at is not null or first_responder_id is not null)",
      ),
    ).toBe(0);
  });

  it("keeps a few fresh inquiries unanswered", () => {
    const fresh = scalar(
      demo,
      "select count(*) from inquiries where status = 'new' and first_response_at is null and received_at > ?",
      NOW.getTime() - 6 * 3_600_000,
    );
    expect(fresh).toBeGreaterThanOrEqual(3);
    expect(scalar(demo, "select count(*) from inquiries where status = 'new' and first_response_at is not null")).toBe(0);
  });

  it("follows the funnel: won inquiries have orders, accepted quotes became orders", () => {
    expect(
      scalar(
        demo,
        "select count(*) from inquiries where status = 'won' and not exists (select 1 from orders o where o.inquiry_id = inquiries.id)",
      ),
    ).toBe(0);
    expect(
      scalar(demo, "select count(*) from inquiries where status in ('quoted', 'won', 'responded') and first_response_at is null"),
    ).toBe(0);
    expect(
      scalar(
        demo,
        "select count(*) from inquiries where status = 'quoted' and not exists (select 1 from quotes q where q.inquiry_id = inquiries.id and q.sent_at is not null)",
      ),
    ).toBe(0);
    expect(scalar(demo, "select count(*) from inquiries where status = 'lost' and lost_reason is null")).toBe(0);
    expect(
      scalar(
        demo,
        "select count(*) from orders o join quotes q on q.id = o.quote_id where q.status != 'accepted' or o.total_minor != q.total_minor",
      ),
    ).toBe(0);
    // Quote statuses agree with their dates.
    expect(scalar(demo, "select count(*) from quotes where status = 'draft' and sent_at is not null")).toBe(0);
    expect(
      scalar(
        demo,
        "select count(*) from quotes where status in ('accepted', 'rejected') and (decided_at is null or decided_at < sent_at)",
      ),
    ).toBe(0);
    expect(scalar(demo, "select count(*) from quotes where status = 'expired' and valid_until >= '2026-11-20'")).toBe(0);
    const won = scalar(demo, "select count(*) from inquiries where status = 'won'");
    const quoted = scalar(demo, "select count(distinct inquiry_id) from quotes where sent_at is not null");
    expect(won / quoted).toBeGreaterThan(0.25);
    expect(won / quoted).toBeLessThan(0.45);
  });

  it("creates each customer before its first inquiry and first order", () => {
    expect(
      scalar(
        demo,
        `select count(*) from customers c
          where c.created_at > coalesce((select min(received_at) from inquiries i where i.customer_id = c.id), c.created_at)
             or c.created_at > coalesce((select min(ordered_at) from orders o where o.customer_id = c.id), c.created_at)`,
      ),
    ).toBe(0);
    expect(scalar(demo, "select count(distinct country) from customers")).toBeGreaterThanOrEqual(25);
    expect(scalar(demo, "select count(distinct industry) from customers")).toBeGreaterThanOrEqual(10);
    expect(scalar(demo, "select count(*) from customers where owner_id is null") / summary.customers).toBeLessThan(0.2);
  });

  it("keeps orders in USD, EUR and CNY with exact base totals", () => {
    const orders = rows<{ id: number; currency: string; fx_rate: string; total_minor: number; total_base_minor: number }>(
      demo,
      "select id, currency, fx_rate, total_minor, total_base_minor from orders",
    );
    expect(new Set(orders.map((o) => o.currency))).toEqual(new Set(["USD", "EUR", "CNY"]));
    // round-half-up(total × rate), recomputed here with integers only.
    for (const o of orders) {
      const [whole, fraction = ""] = o.fx_rate.split(".");
      const units = BigInt(whole + fraction);
      const scale = 10n ** BigInt(fraction.length);
      const expected = (2n * BigInt(o.total_minor) * units + scale) / (2n * scale);
      expect(BigInt(o.total_base_minor), `order ${o.id}`).toBe(expected);
    }
    const share = (c: string) => orders.filter((o) => o.currency === c).length / orders.length;
    expect(share("USD")).toBeGreaterThan(0.5);
    expect(share("EUR")).toBeGreaterThan(0.15);
    expect(share("CNY")).toBeGreaterThan(0.07);
    for (const o of orders) {
      if (o.currency === "USD") expect(o.fx_rate).toBe("1");
      if (o.currency === "EUR") expect(Number(o.fx_rate)).toSatisfy((r: number) => r >= 1.05 && r <= 1.12);
      if (o.currency === "CNY") expect(Number(o.fx_rate)).toSatisfy((r: number) => r > 0.13 && r < 0.15);
    }
  });

  it("hand-checks a few conversions", () => {
    const eur = rows<{ total_minor: number; fx_rate: string; total_base_minor: number }>(
      demo,
      "select total_minor, fx_rate, total_base_minor from orders where currency = 'EUR' order by id limit 1",
    )[0];
    // e.g. 2,636.00 EUR at 1.0577 = 2,788.0972 → 2,788.10 USD
    const rate = Number(eur.fx_rate.replace(".", "")); // four decimals: the rate in 1/10000
    expect(eur.fx_rate).toMatch(/^1\.\d{4}$/);
    expect(eur.total_base_minor).toBe(Math.floor((eur.total_minor * rate + 5_000) / 10_000));
    const cny = rows<{ total_minor: number; fx_rate: string; total_base_minor: number }>(
      demo,
      "select total_minor, fx_rate, total_base_minor from orders where currency = 'CNY' order by id limit 1",
    )[0];
    expect(cny.fx_rate).toMatch(/^0\.\d{4}$/);
    expect(cny.total_base_minor).toBe(Math.floor((cny.total_minor * Number(cny.fx_rate.slice(2)) + 5_000) / 10_000));
  });

  it("totals order lines like the factories do", () => {
    const mismatched = scalar(
      demo,
      `select count(*) from orders o
        where o.total_minor != (select sum(line_total_minor) from order_lines l where l.order_id = o.id)
            - ((select sum(line_total_minor) from order_lines l where l.order_id = o.id) * o.discount_bps + 5000) / 10000`,
    );
    expect(mismatched).toBe(0);
    const totals = rows<{ t: number }>(demo, "select total_base_minor as t from orders");
    expect(Math.min(...totals.map((r) => r.t))).toBeGreaterThanOrEqual(10_000); // at least $100
    expect(Math.max(...totals.map((r) => r.t))).toBeGreaterThanOrEqual(1_000_000); // some above $10,000
  });

  it("shows repeat purchasing: 80+ customers buy on two or more days", () => {
    const repeaters = scalar(
      demo,
      `select count(*) from (
         select customer_id from orders where status != 'cancelled'
          group by customer_id
         having count(distinct date(ordered_at / 1000, 'unixepoch', '+8 hours')) >= 2)`,
    );
    expect(repeaters).toBeGreaterThanOrEqual(80);
    const oneOff = scalar(demo, "select count(*) from (select customer_id from orders group by customer_id having count(*) = 1)");
    expect(oneOff).toBeGreaterThanOrEqual(20);
    // Some stopped ordering more than a year ago.
    const lapsed = scalar(
      demo,
      "select count(*) from (select customer_id from orders group by customer_id having count(*) >= 2 and max(ordered_at) < ?)",
      NOW.getTime() - 365 * 86_400_000,
    );
    expect(lapsed).toBeGreaterThanOrEqual(10);
  });

  it("gives orders plausible statuses", () => {
    const cancelled = scalar(demo, "select count(*) from orders where status = 'cancelled'") / summary.orders;
    expect(cancelled).toBeGreaterThan(0.01);
    expect(cancelled).toBeLessThan(0.06);
    expect(scalar(demo, "select count(*) from orders where status = 'cancelled' and cancel_reason is null")).toBe(0);
    expect(
      scalar(
        demo,
        "select count(*) from orders where status != 'completed' and status != 'cancelled' and ordered_at < ?",
        NOW.getTime() - 150 * 86_400_000,
      ),
    ).toBe(0);
    expect(scalar(demo, "select count(distinct status) from orders")).toBe(6);
  });

  it("adds templates, agreed prices and 24 months of channel spend", () => {
    expect(scalar(demo, "select count(distinct locale) from reply_templates")).toBe(2);
    expect(scalar(demo, "select count(*) from agreed_prices")).toBeGreaterThanOrEqual(10);
    expect(scalar(demo, "select count(distinct month) from channel_spend")).toBe(24);
    expect(demo.sqlite.prepare("select min(month) || '..' || max(month) from channel_spend").pluck().get()).toBe(
      "2024-12..2026-11",
    );
    expect(
      rows<{ key: string }>(
        demo,
        "select distinct c.key from channel_spend s join channels c on c.id = s.channel_id order by 1",
      ).map((r) => r.key),
    ).toEqual(["alibaba", "made_in_china", "trade_show", "website"]);
  });
});

describe("the demo's CLV models", () => {
  // The demo is seeded relative to the moment it starts, so its orders differ from one start to
  // the next. 2026-12-03T06:03Z gave the old log-normal order values a Gamma-Gamma fit with no
  // optimum (p ≈ 4·10^10): the CLV screens of that demo stayed empty.
  it.each(["2026-12-03T06:03:00Z", "2026-11-20T10:00:00Z", "2027-03-14T01:30:00Z"])(
    "fit, with a finite mean order value, when seeded at %s",
    async (at) => {
      // The file's own demo was seeded at one of the moments: it is used as it is.
      const reuse = at === NOW.toISOString().replace(".000Z", "Z");
      const open = reuse ? demo : privateTestDb();
      try {
        // As the reliability tests use it: seeded two days ago, the models fitted as of yesterday.
        const seededAt = new Date(at);
        const now = new Date(seededAt.getTime() + 2 * 86_400_000);
        if (!reuse) await seedDemo(open.db, { now: seededAt });
        const asOf = addDays(localDay(now, "Asia/Shanghai"), -1);
        const result = await runJob(open.db, JOB_DEFINITIONS.clv, { trigger: "cli", asOf, now });
        expect(result.status).toBe("succeeded");
        if (result.status !== "succeeded") return;
        expect(result.figures).toMatchObject({ fitted: true, bgnbd: { converged: true }, gammaGamma: { converged: true } });
        // The spread across buyers is the generator's (shape 3), recovered within a wide margin.
        const { q } = result.figures.gammaGamma as { q: number };
        expect(q).toBeGreaterThan(2);
        expect(q).toBeLessThan(4.5);
      } finally {
        if (!reuse) open.sqlite.close();
      }
    },
    SEED_TIMEOUT,
  );
});

describe("seedDemoIfEmpty", () => {
  it(
    "seeds deterministically, once",
    async () => {
      const second = privateTestDb();
      try {
        const first = await seedDemoIfEmpty(second.db, NOW);
        expect(first).toEqual(summary);
        const subjects = (open: OpenDatabase) =>
          rows<{ subject: string }>(open, "select subject from inquiries order by id limit 20").map((r) => r.subject);
        expect(subjects(second)).toEqual(subjects(demo));
        const marker = rows<{ value: string }>(second, "select value from settings where key = ?", DEMO_SEEDED_AT_KEY);
        expect(JSON.parse(marker[0].value)).toEqual({ at: NOW.toISOString() });

        expect(await seedDemoIfEmpty(second.db, NOW)).toBeNull();
        expect(scalar(second, "select count(*) from inquiries")).toBe(summary.inquiries);
        expect(scalar(second, "select count(*) from users")).toBe(6);
      } finally {
        second.sqlite.close();
      }
    },
    SEED_TIMEOUT,
  );

  it("does not seed a database that has users or was seeded before", async () => {
    const withUser = privateTestDb();
    insertUser(withUser.db, { email: "someone@test.example", passwordHash: "x" });
    expect(await seedDemoIfEmpty(withUser.db, NOW)).toBeNull();
    expect(scalar(withUser, "select count(*) from customers")).toBe(0);
    withUser.sqlite.close();

    const seededOnce = privateTestDb();
    seededOnce.sqlite
      .prepare("insert into settings (key, value) values (?, ?)")
      .run(DEMO_SEEDED_AT_KEY, JSON.stringify({ at: "2026-01-01T00:00:00.000Z" }));
    expect(await seedDemoIfEmpty(seededOnce.db, NOW)).toBeNull();
    expect(scalar(seededOnce, "select count(*) from users")).toBe(0);
    seededOnce.sqlite.close();
  });
});

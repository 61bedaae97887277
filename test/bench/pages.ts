/**
 * Every page a signed-in person opens, with the filters and searches a team uses, timed as the
 * browser sees it on localhost (and as the server says, when it sends `Server-Timing`).
 */
import type Database from "better-sqlite3";
import { addDaysTo } from "./generate";
import { send, serverTimingMs } from "./server";
import { summarize, type Summary } from "./stats";

/** `roles`: who opens the page in the bench; without it, the manager and the service user. */
export type PageSpec = { name: string; path: string; roles?: readonly Role[] };
export type Role = "manager" | "service" | "sales" | "admin";

export type PageResult = {
  role: Role;
  name: string;
  path: string;
  status: number;
  client: Summary;
  server: Summary | null;
  bytes: number;
};

type Ids = {
  inquiryRecent: number | null;
  inquiryOld: number | null;
  customer: number | null;
  order: number | null;
  quote: number | null;
  product: number | null;
  template: number | null;
  user: number | null;
};

function ids(sqlite: Database.Database, samples: { companyEn: string }, managerEmail: string): Ids {
  const one = (sql: string, ...params: unknown[]): number | null => {
    try {
      const row = sqlite.prepare(sql).get(...params) as { id: number } | undefined;
      return row?.id ?? null;
    } catch {
      return null;
    }
  };
  return {
    inquiryRecent: one("select max(id) as id from inquiries"),
    inquiryOld: one("select min(id) as id from inquiries"),
    customer:
      one("select id from customers where name = ? order by id limit 1", samples.companyEn) ??
      one("select min(id) as id from customers"),
    order: one("select max(id) as id from orders"),
    quote: one("select max(id) as id from quotes"),
    product: one("select min(id) as id from products"),
    template: one("select min(id) as id from reply_templates"),
    user: one("select id from users where email = ?", managerEmail),
  };
}

export function pageList(
  sqlite: Database.Database,
  context: {
    endDay: string;
    startDay: string;
    managerEmail: string;
    samples: {
      companyEn: string;
      companyZh: string;
      subjectWordEn: string;
      subjectWordZh: string;
      poNumber: string;
      orderExternalId: string;
    };
  },
): PageSpec[] {
  const { endDay, startDay, samples } = context;
  const id = ids(sqlite, samples, context.managerEmail);
  const q = (text: string) => encodeURIComponent(text);
  const periods = [
    ["30 days", addDaysTo(endDay, -29)],
    ["12 months", addDaysTo(endDay, -364)],
    ["3 years", startDay],
  ] as const;
  const pages: PageSpec[] = [
    { name: "overview", path: "/overview" },
    { name: "inbox", path: "/inquiries" },
    { name: "inbox: status new", path: "/inquiries?status=new" },
    { name: "inbox: channel alibaba", path: "/inquiries?channel=alibaba" },
    { name: "inbox: mine", path: "/inquiries?assignee=me" },
    { name: "inbox: unassigned", path: "/inquiries?assignee=unassigned" },
    { name: "inbox: last 30 days", path: `/inquiries?from=${addDaysTo(endDay, -29)}&to=${endDay}` },
    { name: "inbox: page 50", path: "/inquiries?page=50" },
    { name: "inbox search: company (en)", path: `/inquiries?q=${q(samples.companyEn)}` },
    { name: "inbox search: company (zh)", path: `/inquiries?q=${q(samples.companyZh)}` },
    { name: "inbox search: subject word (en)", path: `/inquiries?q=${q(samples.subjectWordEn)}` },
    { name: "inbox search: subject word (zh)", path: `/inquiries?q=${q(samples.subjectWordZh)}` },
    { name: "inbox search: order number", path: `/inquiries?q=${q(samples.poNumber)}` },
    {
      name: "inbox: 12-month misses (drill-down)",
      path: `/inquiries?metric=miss30&from=${addDaysTo(endDay, -364)}&to=${endDay}`,
    },
    { name: "inquiry new", path: "/inquiries/new" },
    { name: "customers", path: "/customers" },
    { name: "customers search: company (en)", path: `/customers?q=${q(samples.companyEn)}` },
    { name: "customers search: company (zh)", path: `/customers?q=${q(samples.companyZh)}` },
    { name: "customer new", path: "/customers/new" },
    { name: "orders", path: "/orders" },
    { name: "orders search: order number", path: `/orders?q=${q(samples.orderExternalId)}` },
    { name: "quotes", path: "/quotes" },
    { name: "products", path: "/products" },
    { name: "templates", path: "/templates" },
    { name: "reminders", path: "/reminders" },
    { name: "my day", path: "/my-day", roles: ["sales"] },
    { name: "reminders (own)", path: "/reminders", roles: ["sales"] },
    { name: "reports", path: "/reports" },
    ...periods.flatMap(([label, from]) => [
      { name: `report response ${label}`, path: `/reports/response?from=${from}&to=${endDay}` },
      { name: `report funnel ${label}`, path: `/reports/funnel?from=${from}&to=${endDay}` },
    ]),
    { name: "report tiers", path: "/reports/tiers" },
    { name: "report clv", path: "/reports/clv" },
    { name: "report spend", path: "/reports/spend" },
    { name: "jobs", path: "/jobs" },
    { name: "settings", path: "/settings" },
    { name: "import", path: "/import" },
    { name: "admin users", path: "/admin/users", roles: ["admin"] },
    { name: "admin api keys", path: "/admin/api-keys", roles: ["admin"] },
    { name: "admin audit", path: "/admin/audit", roles: ["admin"] },
  ];
  if (id.inquiryRecent !== null) pages.push({ name: "inquiry detail (recent)", path: `/inquiries/${id.inquiryRecent}` });
  if (id.inquiryOld !== null) pages.push({ name: "inquiry detail (old)", path: `/inquiries/${id.inquiryOld}` });
  if (id.customer !== null) {
    pages.push({ name: "customer detail", path: `/customers/${id.customer}` });
    pages.push({ name: "customer edit", path: `/customers/${id.customer}/edit` });
    pages.push({ name: "customer prices", path: `/customers/${id.customer}/prices` });
  }
  if (id.order !== null) pages.push({ name: "order detail", path: `/orders/${id.order}` });
  if (id.quote !== null) pages.push({ name: "quote detail", path: `/quotes/${id.quote}` });
  if (id.product !== null) pages.push({ name: "product detail", path: `/products/${id.product}` });
  if (id.template !== null) pages.push({ name: "template detail", path: `/templates/${id.template}` });
  if (id.user !== null) pages.push({ name: "admin user detail", path: `/admin/users/${id.user}`, roles: ["admin"] });
  return pages;
}

/**
 * Times one page for one signed-in person: a warm-up request, then `runs` requests one after
 * another, or fewer when they take longer than `budgetMs`. A page that does not answer 200 is
 * recorded with its status once.
 */
export async function timePage(
  base: string,
  cookie: string,
  role: Role,
  page: PageSpec,
  runs: number,
  budgetMs: number,
): Promise<PageResult> {
  const headers = { Cookie: cookie, "Accept-Encoding": "gzip", Accept: "text/html" };
  const first = await send(`${base}${page.path}`, { headers, keepBody: true });
  const client: number[] = [];
  const server: number[] = [];
  if (first.status === 200) {
    // A slow page stops repeating once its time budget is spent (after at least 3 requests).
    const started = performance.now();
    for (let i = 0; i < runs && (i < 3 || performance.now() - started < budgetMs); i++) {
      const answer = await send(`${base}${page.path}`, { headers });
      if (answer.status !== 200) throw new Error(`${page.path} answered ${answer.status} on run ${i + 1}`);
      client.push(answer.ms);
      const timing = serverTimingMs(answer.headers["server-timing"]);
      if (timing !== null) server.push(timing);
    }
  } else {
    client.push(first.ms);
  }
  return {
    role,
    name: page.name,
    path: page.path,
    status: first.status,
    client: summarize(client),
    server: server.length ? summarize(server) : null,
    bytes: Buffer.byteLength(first.body),
  };
}

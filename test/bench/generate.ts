/**
 * The reference data set of SPEC §13, made from a seed: 50,000 customers, 300,000 orders and
 * 1,000,000 inquiries over three years (about 900 a day), and 30 staff, all multiplied by `scale`
 * except the staff. Written as CSV files in exactly the SPEC §9 import formats, so that the product
 * loads them with its own `import` commands.
 *
 * Shapes that matter for the figures: inquiries arrive mostly in business hours on weekdays (the
 * team is in Asia/Shanghai, buyers everywhere), most are answered (from seconds to days; out of
 * hours at the next opening), some never, some are spam; customers are Chinese and foreign
 * companies; a minority of buyers place most orders; some orders are won from an inquiry.
 *
 * The same seed, scale and last day give byte-identical files. Every instant lies on or before the
 * end of the last day, which defaults to yesterday, so that nothing is "in the future" for the
 * import and the jobs' today is free for the fresh inquiries the bench adds.
 */
import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { createRandom, type Random } from "./random";

const REFERENCE = { customers: 50_000, orders: 300_000, inquiries: 1_000_000 } as const;
const YEARS_OF_HISTORY = 3;
/** The team's zone (the product's default, Asia/Shanghai): UTC+8, no daylight saving. */
const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;
const OPEN_SECONDS = 9 * 3600;
const CLOSE_SECONDS = 18 * 3600;

export type StaffRole = "admin" | "manager" | "service" | "sales";
export type StaffUser = { email: string; name: string; role: StaffRole; locale: "en" | "zh-CN" };

export type GenerateOptions = { seed: number; scale: number; endDay: string; dir: string };

export type GeneratedSet = {
  seed: number;
  scale: number;
  startDay: string;
  endDay: string;
  counts: { customers: number; orders: number; inquiries: number; wonFromInquiry: number };
  files: { customers: string; orders: string; inquiries: string };
  staff: StaffUser[];
  /** Values that exist in the data, for searches and detail pages. */
  samples: {
    companyEn: string;
    companyZh: string;
    subjectWordEn: string;
    subjectWordZh: string;
    /** A buyer's order number quoted in inquiry subjects. */
    poNumber: string;
    /** An order's external id (order number in the seller's ERP). */
    orderExternalId: string;
  };
};

// ---------------------------------------------------------------------------------------------
// Vocabulary

const PRODUCTS: readonly (readonly [string, string])[] = [
  ["stainless steel hinges", "不锈钢铰链"],
  ["door hinges", "门铰链"],
  ["door handles", "门把手"],
  ["drawer slides", "抽屉滑轨"],
  ["cabinet locks", "柜锁"],
  ["LED panel lights", "LED面板灯"],
  ["solar street lights", "太阳能路灯"],
  ["ball valves", "球阀"],
  ["gate valves", "闸阀"],
  ["hex bolts", "六角螺栓"],
  ["flange nuts", "法兰螺母"],
  ["brass fittings", "黄铜管件"],
  ["silicone seals", "硅胶密封圈"],
  ["PVC pipes", "PVC管"],
  ["copper wire", "铜线"],
  ["aluminium profiles", "铝型材"],
  ["gas springs", "气弹簧"],
  ["caster wheels", "脚轮"],
  ["glass clamps", "玻璃夹"],
  ["shower hinges", "淋浴铰链"],
];

const EN_SUBJECTS: readonly ((p: string, qty: number, po: string, port: string) => string)[] = [
  (p, qty) => `Quotation for ${qty.toLocaleString("en-US")} pcs ${p}`,
  (p) => `RFQ: ${p}`,
  (p) => `Inquiry about ${p}`,
  (p, _qty, _po, port) => `Price request - ${p}, FOB ${port}`,
  (p) => `Sample request for ${p}`,
  (p, qty) => `Need ${qty} sets of ${p}, best price?`,
  (p, _qty, po) => `Re: order ${po} - ${p}`,
];
const ZH_SUBJECTS: readonly ((p: string, qty: number, po: string) => string)[] = [
  (p, qty) => `询价：${p} ${qty}件`,
  (p) => `${p}报价请求`,
  (p) => `求购${p}`,
  (p) => `${p}样品申请`,
  (p, _qty, po) => `关于订单${po}的${p}问题`,
];
const PORTS = ["Ningbo", "Shanghai", "Shenzhen", "Qingdao", "Xiamen", "Guangzhou"];

const ZH_CITIES = [
  "深圳市",
  "广州市",
  "宁波市",
  "佛山市",
  "东莞市",
  "温州市",
  "义乌市",
  "青岛市",
  "苏州市",
  "厦门市",
  "杭州市",
  "中山市",
  "台州市",
  "无锡市",
  "天津市",
  "上海",
  "北京",
  "成都市",
  "武汉市",
  "江门市",
];
const ZH_SYLLABLES = "华宏盛鑫恒泰兴达昌隆永安顺丰瑞祥金源佳美新科利通明远创嘉荣宇".split("");
const ZH_TRADES = [
  "五金制品",
  "电子科技",
  "照明电器",
  "阀门",
  "紧固件",
  "塑胶制品",
  "建材",
  "机械设备",
  "家居用品",
  "铜业",
  "铝业",
  "实业",
  "贸易",
  "进出口",
  "工贸",
];
const ZH_SUFFIXES = ["有限公司", "有限责任公司", "股份有限公司", "厂"];

const EN_PREFIXES = [
  "Acme",
  "Nordic",
  "Atlas",
  "Global",
  "Pacific",
  "Summit",
  "Prime",
  "Delta",
  "Apex",
  "Union",
  "Royal",
  "Metro",
  "Alpine",
  "Harbor",
  "Crown",
  "Eagle",
  "Falcon",
  "Orion",
  "Vertex",
  "Sterling",
  "Baltic",
  "Iberia",
  "Andes",
  "Sahara",
  "Danube",
  "Rhine",
  "Thames",
  "Hudson",
  "Pioneer",
  "Liberty",
];
const EN_ROOTS = [
  "Hardware",
  "Building Supplies",
  "Lighting",
  "Industrial",
  "Trading",
  "Fasteners",
  "Home Goods",
  "Plumbing",
  "Components",
  "Solutions",
  "Imports",
  "Distribution",
  "Tools",
  "Fittings",
  "Electric",
  "Interiors",
  "Marine",
  "Construction",
];
const EN_SUFFIXES = ["GmbH", "Ltd", "LLC", "Inc.", "S.A.", "S.r.l.", "B.V.", "Pty Ltd", "Co.", "AB", "Sp. z o.o.", "FZE"];
const FOREIGN_COUNTRIES: readonly (readonly [string, number])[] = [
  ["US", 18],
  ["DE", 9],
  ["GB", 7],
  ["FR", 5],
  ["IT", 5],
  ["ES", 5],
  ["NL", 4],
  ["AU", 5],
  ["CA", 4],
  ["IN", 6],
  ["BR", 4],
  ["MX", 3],
  ["AE", 4],
  ["SA", 3],
  ["TR", 3],
  ["RU", 3],
  ["PL", 3],
  ["JP", 2],
  ["KR", 2],
  ["VN", 3],
  ["TH", 2],
  ["ID", 2],
  ["ZA", 2],
  ["NG", 2],
  ["EG", 1],
  ["CL", 1],
  ["SE", 1],
];
const INDUSTRIES = [
  "Construction",
  "Furniture",
  "Retail",
  "Wholesale",
  "Marine",
  "Automotive",
  "Hospitality",
  "Electrical",
  "Plumbing",
  "Solar",
  "",
];
const FIRST_EN = [
  "Jonas",
  "Maria",
  "Ahmed",
  "Olivia",
  "Lukas",
  "Sofia",
  "Daniel",
  "Emma",
  "Carlos",
  "Priya",
  "Omar",
  "Anna",
  "Mateo",
  "Chloe",
  "Ivan",
  "Fatima",
  "Noah",
  "Elena",
  "Raj",
  "Hannah",
];
const LAST_EN = [
  "Weber",
  "Santos",
  "Khan",
  "Smith",
  "Müller",
  "Rossi",
  "Garcia",
  "Brown",
  "Kowalski",
  "Patel",
  "Haddad",
  "Nielsen",
  "Silva",
  "Martin",
  "Petrov",
  "Ali",
  "Johnson",
  "Novak",
  "Sharma",
  "Fischer",
];
const FIRST_ZH = [
  "伟",
  "芳",
  "敏",
  "静",
  "强",
  "磊",
  "洋",
  "艳",
  "勇",
  "军",
  "杰",
  "娟",
  "涛",
  "明",
  "超",
  "秀英",
  "霞",
  "平",
  "刚",
  "桂英",
];
const LAST_ZH = [
  "王",
  "李",
  "张",
  "刘",
  "陈",
  "杨",
  "黄",
  "赵",
  "吴",
  "周",
  "徐",
  "孙",
  "马",
  "朱",
  "胡",
  "郭",
  "何",
  "林",
  "罗",
  "高",
];
const CHANNELS: readonly (readonly [string, string, number])[] = [
  ["alibaba", "AL", 40],
  ["made_in_china", "MIC", 15],
  ["website", "WEB", 15],
  ["email", "EM", 14],
  ["trade_show", "TS", 5],
  ["referral", "REF", 6],
  ["other", "OTH", 5],
];

// ---------------------------------------------------------------------------------------------
// Days and instants in the team's zone

export function addDaysTo(day: string, n: number): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) + n * DAY_MS).toISOString().slice(0, 10);
}

/** The instant a team-zone day begins. */
export function dayStart(day: string): number {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) - OFFSET_MS;
}

/** "2026-11-22T16:15:30.120+08:00": the form a Chinese team's export would carry. */
export function localTimestamp(ms: number): string {
  return `${new Date(ms + OFFSET_MS).toISOString().slice(0, 23)}+08:00`;
}

const weekdayOf = (ms: number) => new Date(ms + OFFSET_MS).getUTCDay();
const secondOfDay = (ms: number) => Math.floor(((ms + OFFSET_MS) % DAY_MS) / 1000);

/** Inside Monday–Friday 09:00–18:00 team time (the default calendar). */
export function inBusinessHours(ms: number): boolean {
  const weekday = weekdayOf(ms);
  const second = secondOfDay(ms);
  return weekday >= 1 && weekday <= 5 && second >= OPEN_SECONDS && second < CLOSE_SECONDS;
}

/** The next opening (09:00 on a weekday) at or after `ms`. */
function nextOpening(ms: number): number {
  let dayBegin = ms - ((((ms + OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS);
  for (let i = 0; i < 8; i++) {
    const open = dayBegin + OPEN_SECONDS * 1000;
    const weekday = weekdayOf(dayBegin);
    if (weekday >= 1 && weekday <= 5 && open >= ms) return open;
    dayBegin += DAY_MS;
  }
  return ms;
}

// ---------------------------------------------------------------------------------------------
// CSV writing

const NEEDS_QUOTES = /[",\r\n]/;
function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

class CsvWriter {
  private fd: number;
  private buffer: string[] = [];
  rows = 0;
  constructor(path: string, header: readonly string[]) {
    this.fd = openSync(path, "w");
    this.buffer.push(header.join(","));
  }
  row(cells: readonly (string | number | null | undefined)[]) {
    this.buffer.push(cells.map(csvCell).join(","));
    this.rows++;
    if (this.buffer.length >= 5000) this.flush();
  }
  private flush() {
    if (this.buffer.length === 0) return;
    writeSync(this.fd, `${this.buffer.join("\n")}\n`);
    this.buffer = [];
  }
  close() {
    this.flush();
    closeSync(this.fd);
  }
}

// ---------------------------------------------------------------------------------------------
// Staff

export function staffList(): StaffUser[] {
  const staff: StaffUser[] = [{ email: "admin@bench.example", name: "Bench Admin", role: "admin", locale: "en" }];
  staff.push({ email: "manager1@bench.example", name: "Zhou Min", role: "manager", locale: "en" });
  staff.push({ email: "manager2@bench.example", name: "Laura Becker", role: "manager", locale: "en" });
  for (let i = 1; i <= 15; i++) {
    const n = String(i).padStart(2, "0");
    staff.push({ email: `service${n}@bench.example`, name: `Service ${n}`, role: "service", locale: i % 2 ? "zh-CN" : "en" });
  }
  for (let i = 1; i <= 12; i++) {
    const n = String(i).padStart(2, "0");
    staff.push({ email: `sales${n}@bench.example`, name: `Sales ${n}`, role: "sales", locale: i % 3 ? "en" : "zh-CN" });
  }
  return staff;
}

// ---------------------------------------------------------------------------------------------
// The data set

type Customer = { externalId: string; name: string; zh: boolean; createdAt: number };
type PlannedOrder = { customer: number; at: number; inquiryExternalId: string | null };

function scaled(reference: number, scale: number): number {
  return Math.max(1, Math.round(reference * scale));
}

export function generate(options: GenerateOptions): GeneratedSet {
  const { seed, scale, endDay, dir } = options;
  mkdirSync(dir, { recursive: true });
  const random = createRandom(seed);
  const startDay = addDaysTo(endDay, -(365 * YEARS_OF_HISTORY) + 1);
  const startMs = dayStart(startDay);
  const endMs = dayStart(addDaysTo(endDay, 1)) - 1;
  const staff = staffList();
  const service = staff.filter((u) => u.role === "service");
  const sales = staff.filter((u) => u.role === "sales");
  // Some people answer (and own) far more than others.
  const serviceWeights = service.map((u, i) => [u.email, 1 + ((i * 7) % 5)] as const);
  const salesWeights = sales.map((u, i) => [u.email, 1 + ((i * 5) % 4)] as const);

  const nCustomers = scaled(REFERENCE.customers, scale);
  const nOrders = scaled(REFERENCE.orders, scale);
  const nInquiries = scaled(REFERENCE.inquiries, scale);

  // Customers, in order of creation: half a year before the history starts up to its last day.
  const customers: Customer[] = [];
  const firstCreated = startMs - 180 * DAY_MS;
  const createdTimes = Array.from({ length: nCustomers }, () => firstCreated + random.next() * (endMs - firstCreated)).sort(
    (a, b) => a - b,
  );
  const customerFile = join(dir, "customers.csv");
  const cw = new CsvWriter(customerFile, [
    "external_id",
    "name",
    "country",
    "industry",
    "owner_email",
    "contact_name",
    "email",
    "phone",
    "created_at",
  ]);
  for (let i = 0; i < nCustomers; i++) {
    const zh = random.chance(0.45);
    const name = zh
      ? `${random.pick(ZH_CITIES)}${random.pick(ZH_SYLLABLES)}${random.pick(ZH_SYLLABLES)}${random.pick(ZH_TRADES)}${random.pick(ZH_SUFFIXES)}`
      : `${random.pick(EN_PREFIXES)} ${random.pick(EN_ROOTS)} ${random.pick(EN_SUFFIXES)}`;
    const country = zh
      ? random.weighted([
          ["CN", 85],
          ["HK", 8],
          ["TW", 4],
          ["SG", 3],
        ])
      : random.weighted(FOREIGN_COUNTRIES);
    const contact = zh ? `${random.pick(LAST_ZH)}${random.pick(FIRST_ZH)}` : `${random.pick(FIRST_EN)} ${random.pick(LAST_EN)}`;
    const externalId = `C${String(i + 1).padStart(7, "0")}`;
    const createdAt = Math.floor(createdTimes[i]!);
    customers.push({ externalId, name, zh, createdAt });
    cw.row([
      externalId,
      name,
      country,
      random.pick(INDUSTRIES),
      random.chance(0.85) ? random.weighted(salesWeights) : "",
      contact,
      random.chance(0.9) ? `buyer${i + 1}@${zh ? "qq" : "mail"}${i % 97}.example` : "",
      random.chance(0.7)
        ? zh
          ? `+86 ${random.between(130, 189)} ${random.between(1000, 9999)} ${random.between(1000, 9999)}`
          : `+${random.between(1, 99)} ${random.between(10, 99)} ${random.between(1000000, 9999999)}`
        : "",
      random.chance(0.1) ? localTimestamp(createdAt).slice(0, 10) : localTimestamp(createdAt),
    ]);
  }
  cw.close();

  // Inquiries, day by day: weekdays busier than weekends, growing over the three years.
  const days: string[] = [];
  for (let day = startDay; day <= endDay; day = addDaysTo(day, 1)) days.push(day);
  const weights = days.map((day, index) => {
    const weekday = weekdayOf(dayStart(day) + 12 * 3600_000);
    const weekFactor = weekday === 0 ? 0.45 : weekday === 6 ? 0.6 : 1.15;
    const growth = 0.75 + (0.5 * index) / days.length;
    const season = 1 + 0.15 * Math.sin((2 * Math.PI * index) / 365);
    return weekFactor * growth * season;
  });
  const totalWeight = weights.reduce((a, b) => a + b, 0);

  const planned: PlannedOrder[] = [];
  const inquiryFile = join(dir, "inquiries.csv");
  const iw = new CsvWriter(inquiryFile, [
    "external_id",
    "channel",
    "received_at",
    "first_response_at",
    "customer_external_id",
    "subject",
    "message",
    "assignee_email",
    "status",
  ]);
  let cumulative = 0;
  let allocated = 0;
  let sequence = 0;
  let poNumber = "";
  let createdUpTo = 0;
  for (let d = 0; d < days.length; d++) {
    cumulative += weights[d]!;
    const target = Math.round((cumulative / totalWeight) * nInquiries);
    const count = target - allocated;
    allocated = target;
    const begin = dayStart(days[d]!);
    const weekday = weekdayOf(begin + 12 * 3600_000);
    const workday = weekday >= 1 && weekday <= 5;
    const times: number[] = [];
    for (let k = 0; k < count; k++) {
      // Most buyers write in the team's working hours; the rest from other time zones.
      const second = random.chance(workday ? 0.68 : 0.3)
        ? OPEN_SECONDS + random.next() * (CLOSE_SECONDS - OPEN_SECONDS)
        : random.next() * 86_400;
      times.push(Math.floor(begin + second * 1000));
    }
    times.sort((a, b) => a - b);
    const yyyymmdd = days[d]!.replaceAll("-", "");
    for (const at of times) {
      sequence++;
      while (createdUpTo < nCustomers && customers[createdUpTo]!.createdAt <= at) createdUpTo++;
      const [channel, prefix] = random.weighted(CHANNELS.map(([key, pre, w]) => [[key, pre] as const, w] as const));
      const externalId = `${prefix}-${yyyymmdd}-${String(sequence).padStart(7, "0")}`;
      let customer = -1;
      if (createdUpTo > 0 && random.chance(0.85)) {
        // Returning buyers (older customers, more often) and new leads (recently created).
        customer = random.chance(0.7)
          ? Math.floor(createdUpTo * random.next() ** 2)
          : createdUpTo - 1 - random.int(Math.min(createdUpTo, 500));
      }
      const zh = customer >= 0 ? customers[customer]!.zh : random.chance(0.3);
      const [productEn, productZh] = random.pick(PRODUCTS);
      const qty = random.pick([100, 200, 500, 1000, 2000, 5000, 10000]);
      const po = `PO${random.between(4500000000, 4500999999)}`;
      const subject = zh
        ? random.pick(ZH_SUBJECTS)(productZh, qty, po)
        : random.pick(EN_SUBJECTS)(productEn, qty, po, random.pick(PORTS));
      if (subject.includes(po) && poNumber === "") poNumber = po;
      const message = zh
        ? `您好，我们需要${productZh}${qty}件，请报最好的价格和交期。`
        : `Hello, we need ${qty} pcs of ${productEn}. Please send your best price and lead time.`;
      const spam = random.chance(0.03);
      const assignee = random.chance(0.05)
        ? ""
        : random.chance(0.96)
          ? random.weighted(serviceWeights)
          : random.weighted(salesWeights);
      let responded: number | null = null;
      if (random.chance(spam ? 0.15 : 0.9)) responded = responseTime(random, at);
      if (responded !== null && responded > endMs) responded = null;
      let status: string;
      if (spam) status = "spam";
      else if (responded === null) status = random.chance(0.75) ? "new" : "lost";
      else if (customer >= 0 && random.chance(0.07)) {
        const orderAt = responded + random.logUniform(DAY_MS, 90 * DAY_MS);
        if (orderAt <= endMs) {
          planned.push({ customer, at: Math.floor(orderAt), inquiryExternalId: externalId });
          status = "won";
        } else status = "quoted";
      } else
        status = random.weighted([
          ["responded", 80],
          ["quoted", 10],
          ["lost", 10],
        ]);
      iw.row([
        externalId,
        channel,
        localTimestamp(at),
        responded === null ? "" : localTimestamp(responded),
        customer >= 0 ? customers[customer]!.externalId : "",
        subject,
        message,
        assignee,
        status,
      ]);
    }
  }
  iw.close();

  // Orders: the won ones above, then repeat buyers (a minority of customers buys most).
  const wonFromInquiry = Math.min(planned.length, nOrders);
  const orders: PlannedOrder[] = planned.slice(0, wonFromInquiry);
  const buyers = Array.from({ length: nCustomers }, (_, i) => i).filter(() => random.chance(0.6));
  for (let i = buyers.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [buyers[i], buyers[j]] = [buyers[j]!, buyers[i]!];
  }
  while (orders.length < nOrders && buyers.length > 0) {
    const customer = buyers[Math.floor(buyers.length * random.next() ** 2.2)]!;
    const from = Math.max(customers[customer]!.createdAt, startMs - 180 * DAY_MS);
    orders.push({ customer, at: Math.floor(from + random.next() * (endMs - from)), inquiryExternalId: null });
  }
  orders.sort((a, b) => a.at - b.at);
  const orderFile = join(dir, "orders.csv");
  const ow = new CsvWriter(orderFile, [
    "external_id",
    "customer_external_id",
    "ordered_at",
    "amount",
    "currency",
    "fx_rate",
    "status",
    "inquiry_external_id",
  ]);
  let orderExternalId = "";
  const yearSequence = new Map<string, number>();
  for (const order of orders) {
    const year = localTimestamp(order.at).slice(0, 4);
    const n = (yearSequence.get(year) ?? 0) + 1;
    yearSequence.set(year, n);
    const externalId = `SO-${year}-${String(n).padStart(6, "0")}`;
    if (!orderExternalId && n === 42) orderExternalId = externalId;
    const [currency, fx] = random.weighted<readonly [string, string]>([
      [["USD", ""], 75],
      [["EUR", (1.05 + random.next() * 0.07).toFixed(4)], 12],
      [["CNY", (0.138 + random.next() * 0.007).toFixed(4)], 10],
      [["GBP", (1.25 + random.next() * 0.07).toFixed(4)], 3],
    ]);
    const amount = Math.exp(8 + 1.1 * random.normal()).toFixed(2);
    const age = endMs - order.at;
    const status =
      order.inquiryExternalId !== null
        ? age > 60 * DAY_MS
          ? "completed"
          : random.pick(["confirmed", "deposit_paid", "in_production", "shipped"])
        : age > 60 * DAY_MS
          ? random.weighted([
              ["completed", 90],
              ["cancelled", 5],
              ["shipped", 5],
            ])
          : random.weighted([
              ["confirmed", 25],
              ["deposit_paid", 25],
              ["in_production", 25],
              ["shipped", 20],
              ["cancelled", 5],
            ]);
    ow.row([
      externalId,
      customers[order.customer]!.externalId,
      localTimestamp(order.at),
      amount,
      currency,
      fx,
      status,
      order.inquiryExternalId ?? "",
    ]);
  }
  ow.close();

  // The oldest customers of each kind are the busiest (see the skew above): good search targets.
  const companyEn = customers.find((c) => !c.zh)?.name ?? "Acme";
  const companyZh = customers.find((c) => c.zh)?.name ?? "华";
  return {
    seed,
    scale,
    startDay,
    endDay,
    counts: { customers: nCustomers, orders: orders.length, inquiries: nInquiries, wonFromInquiry },
    files: { customers: customerFile, orders: orderFile, inquiries: inquiryFile },
    staff,
    samples: {
      companyEn,
      companyZh,
      subjectWordEn: "hinges",
      subjectWordZh: "铰链",
      poNumber: poNumber || "PO4500",
      orderExternalId: orderExternalId || "SO-",
    },
  };
}

/**
 * When a human first answers an inquiry received at `at`: in hours mostly within seconds or
 * minutes, sometimes hours or days; out of hours at the next opening (or from someone on call).
 */
function responseTime(random: Random, at: number): number {
  if (inBusinessHours(at)) {
    const seconds = random.weighted<() => number>([
      [() => 3 + random.next() * 27, 45],
      [() => random.logUniform(30, 300), 25],
      [() => random.logUniform(300, 7200), 18],
      [() => random.logUniform(7200, 86_400), 10],
      [() => random.logUniform(86_400, 5 * 86_400), 2],
    ])();
    return at + Math.round(seconds * 1000);
  }
  if (random.chance(0.2)) return at + Math.round(random.logUniform(60, 1800) * 1000);
  return nextOpening(at) + Math.round(random.logUniform(20, 3 * 3600) * 1000);
}

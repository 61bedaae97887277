/**
 * Demo data: two years of a Ningbo hardware exporter, ending at `now`.
 *
 * The seed first plans everything in memory from a seeded PRNG (so the same `now` always gives
 * the same data), then writes the plan through the shared factories inside one synchronous
 * transaction. The password hash is computed before the transaction opens, because
 * better-sqlite3 transactions cannot await.
 */
import { count, eq } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { DEFAULT_CALENDAR, isOpenAt, nextOpening } from "../app/domain/calendar";
import { minorToDecimalString } from "../app/domain/money";
import { nextDocumentNumber } from "../app/domain/documents";
import { mulberry32, sampleGamma } from "./random";
import type { DB } from "./client.server";
import {
  DEFAULT_AUTO_REPLY,
  DEMO_PASSWORD,
  addDaysToDay,
  createContact,
  createCustomer,
  createInquiry,
  createOrder,
  createProduct,
  createQuote,
  demoPasswordHash,
  insertUser,
  nextOrderNumber,
  nextQuoteNumber,
  teamDay,
  type LineInput,
} from "./factories";
import {
  agreedPrices,
  channelSpend,
  channels,
  contacts,
  customers,
  inquiries,
  messages,
  orders,
  products,
  quotes,
  replyTemplates,
  settings,
  users,
  type InquiryStatus,
  type Locale,
  type OrderStatus,
  type QuoteStatus,
  type Role,
} from "./schema";

export { DEMO_PASSWORD };

export const DEMO_SEEDED_AT_KEY = "demo.seededAt";
/** The PRNG seed of the demo data; change it and every demo row changes. */
const DEMO_RANDOM_SEED = 0x5eed_2026;

/*
 * Order values follow the Gamma-Gamma model's own story (SPEC §6), so that the demo's CLV fit has
 * an interior optimum whatever moment it is seeded at: each buyer's typical order is inverse-gamma
 * across buyers (a few big ones), and each order is gamma around it. The model sees a buyer's
 * orders only through their mean, so it learns p from how much less spread the means of frequent
 * buyers have; orders must vary enough for that to show. Log-normal values (CV 0.35) left about
 * one seeding in twenty without an optimum (p running off to 10^10), gamma with shape 6 one in
 * forty; shape 3 none in 80 seedings spread over twelve days.
 */
/** Shape of the spread of one buyer's orders around their typical value (CV 1/√3 ≈ 0.58). */
const ORDER_VALUE_SHAPE = 3;
/** Shape of the spread of typical order values across buyers (median ≈ 1.12 × the scale). */
const TYPICAL_ORDER_SHAPE = 3;
const TYPICAL_ORDER_SCALE_USD_CENTS = 360_000;

type UserKey = "admin" | "manager" | "sales1" | "sales2" | "service1" | "service2";

const USER_DEFS: {
  key: UserKey;
  email: string;
  name: string;
  role: Role;
  locale: Locale;
  onDuty: boolean;
}[] = [
  { key: "admin", email: "admin@demo.example", name: "Wang Fang", role: "admin", locale: "en", onDuty: false },
  { key: "manager", email: "manager@demo.example", name: "Zhou Min", role: "manager", locale: "en", onDuty: false },
  { key: "sales1", email: "sales1@demo.example", name: "Li Wei", role: "sales", locale: "zh-CN", onDuty: false },
  { key: "sales2", email: "sales2@demo.example", name: "Maria Santos", role: "sales", locale: "en", onDuty: false },
  { key: "service1", email: "service1@demo.example", name: "Chen Jing", role: "service", locale: "zh-CN", onDuty: true },
  { key: "service2", email: "service2@demo.example", name: "Ahmed Khan", role: "service", locale: "en", onDuty: true },
];

/** The demo accounts (all with DEMO_PASSWORD), for the README, the login page and tests. */
export const DEMO_LOGINS: { email: string; name: string; role: Role }[] = USER_DEFS.map(({ email, name, role }) => ({
  email,
  name,
  role,
}));

export type SeedSummary = {
  users: number;
  customers: number;
  contacts: number;
  products: number;
  inquiries: number;
  messages: number;
  quotes: number;
  orders: number;
};

export type SeedOptions = { now: Date; random?: () => number };

// ---------------------------------------------------------------------------------------------
// Randomness
// ---------------------------------------------------------------------------------------------

class Rng {
  constructor(private readonly source: () => number) {}

  float(): number {
    const x = this.source();
    // A caller-supplied source might return exactly 1; keep every index in range.
    return x >= 1 ? 0.999999999 : x < 0 ? 0 : x;
  }
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.float();
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.float() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)];
  }
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let x = this.float() * total;
    for (const [value, w] of entries) {
      x -= w;
      if (x < 0) return value;
    }
    return entries[entries.length - 1][0];
  }
  normal(): number {
    const u = Math.max(this.float(), 1e-12);
    const v = this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  logNormal(mu: number, sigma: number): number {
    return Math.exp(mu + sigma * this.normal());
  }
  /** Gamma with the given shape and mean 1. */
  gammaUnitMean(shape: number): number {
    return sampleGamma(() => this.float(), shape, shape);
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.float() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
}

// ---------------------------------------------------------------------------------------------
// Catalogue
// ---------------------------------------------------------------------------------------------

type ProductDef = { sku: string; name: string; category: string; priceCents: number };

const P = (sku: string, name: string, category: string, priceCents: number): ProductDef => ({
  sku,
  name,
  category,
  priceCents,
});

function buildProducts(): ProductDef[] {
  const list: ProductDef[] = [];
  const materials = [
    ["304", "SS304", 1],
    ["201", "SS201", 0.72],
    ["316", "SS316", 1.45],
  ] as const;
  for (const [code, label, factor] of materials) {
    for (const size of [75, 100, 125]) {
      list.push(
        P(
          `HG-${code}-${size}`,
          `Stainless steel butt hinge ${size} mm, ${label}`,
          "Hinges",
          Math.round(95 * factor * (size / 100)),
        ),
      );
    }
  }
  list.push(
    P("CH-35-FO", "Soft-close concealed cabinet hinge 35 mm, full overlay", "Hinges", 48),
    P("CH-35-HO", "Soft-close concealed cabinet hinge 35 mm, half overlay", "Hinges", 48),
    P("CH-35-IN", "Soft-close concealed cabinet hinge 35 mm, inset", "Hinges", 52),
    P("CH-165-CL", "Clip-on hydraulic hinge 165°", "Hinges", 110),
    P("LK-MB-85", "Mortise lock body 85 mm backset 55", "Locks", 380),
    P("LK-EC-70", "Euro profile cylinder 70 mm, 5 keys", "Locks", 290),
    P("LK-EC-80", "Euro profile cylinder 80 mm, 5 keys", "Locks", 320),
    P("LK-PB-40", "Solid brass padlock 40 mm", "Locks", 210),
    P("LK-PB-50", "Solid brass padlock 50 mm", "Locks", 280),
    P("LK-LS-45", "Laminated steel padlock 45 mm", "Locks", 340),
    P("LK-DK-01", "Digital keypad door lock", "Locks", 2450),
    P("LK-FP-02", "Smart fingerprint door lock", "Locks", 4800),
    P("LK-CM-20", "Cam lock 20 mm, zinc alloy", "Locks", 55),
    P("LK-CB-16", "Cabinet drawer lock 16 mm", "Locks", 65),
    P("HD-LR-304", "Lever handle on rose, SS304", "Handles", 420),
    P("HD-LR-201", "Lever handle on rose, SS201", "Handles", 310),
    P("HD-PL-300", "Pull handle 300 mm, brushed stainless", "Handles", 360),
    P("HD-PL-600", "Pull handle 600 mm, brushed stainless", "Handles", 680),
    P("HD-CB-128", "Cabinet bar handle 128 mm", "Handles", 70),
    P("HD-CB-160", "Cabinet bar handle 160 mm", "Handles", 85),
    P("HD-CB-192", "Cabinet bar handle 192 mm", "Handles", 95),
    P("HD-KN-30", "Round cabinet knob 30 mm, zinc alloy", "Handles", 45),
    P("HD-FP-01", "Flush pull handle for sliding doors", "Handles", 120),
    P("BR-AG-40", "Angle bracket 40×40 mm, galvanized", "Brackets", 12),
    P("BR-AG-60", "Angle bracket 60×60 mm, galvanized", "Brackets", 18),
    P("BR-AG-90", "Angle bracket 90×90 mm, galvanized", "Brackets", 28),
    P("BR-SH-200", "Shelf bracket 200 mm, powder coated", "Brackets", 95),
    P("BR-SH-300", "Shelf bracket 300 mm, powder coated", "Brackets", 140),
    P("BR-FD-300", "Heavy-duty folding shelf bracket 300 mm", "Brackets", 450),
    P("BR-JH-150", "Joist hanger 50×150 mm", "Brackets", 65),
    P("BR-PB-90", "Post base 90 mm, hot-dip galvanized", "Brackets", 230),
    P("FS-HB-M8", "Hex bolt M8×40, A2 stainless", "Fasteners", 6),
    P("FS-HB-M10", "Hex bolt M10×50, A2 stainless", "Fasteners", 11),
    P("FS-HB-M12", "Hex bolt M12×60, A2 stainless", "Fasteners", 18),
    P("FS-SD-48", "Self-drilling screw 4.8×25 mm", "Fasteners", 3),
    P("FS-CS-40", "Chipboard screw 4×40 mm, yellow zinc", "Fasteners", 3),
    P("FS-LN-M8", "Nylon insert lock nut M8, A2", "Fasteners", 4),
    P("FS-WA-M10", "Wedge anchor M10×100 mm", "Fasteners", 22),
    P("FS-RN-M6", "Rivet nut M6, flat head", "Fasteners", 5),
    P("FS-WS-M10", "Flat washer DIN 125 M10, A2", "Fasteners", 3),
    P("FS-TR-M10", "Threaded rod M10×1 m, zinc plated", "Fasteners", 65),
    P("MR-CL-150", "Boat cleat 150 mm, SS316", "Marine hardware", 480),
    P("MR-CL-200", "Boat cleat 200 mm, SS316", "Marine hardware", 690),
    P("MR-BE-08", "Bow eye 8 mm, SS316", "Marine hardware", 220),
    P("MR-DH-75", "Deck hinge 75 mm, SS316", "Marine hardware", 310),
    P("MR-SK-10", "Anchor shackle M10, SS316", "Marine hardware", 190),
    P("MR-SK-12", "Anchor shackle M12, SS316", "Marine hardware", 260),
    P("MR-TB-08", "Turnbuckle jaw–jaw M8, SS316", "Marine hardware", 350),
    P("MR-FA-32", "Folding grapnel anchor 3.2 kg", "Marine hardware", 1850),
    P("MR-RF-25", "Rail fitting 25 mm tube, 90°", "Marine hardware", 240),
    P("MR-HT-01", "Flush deck hatch 350×350 mm", "Marine hardware", 5800),
    P("DS-BB-350", "Ball-bearing drawer slide 350 mm", "Drawer slides", 180),
    P("DS-BB-450", "Ball-bearing drawer slide 450 mm", "Drawer slides", 220),
    P("DS-BB-550", "Ball-bearing drawer slide 550 mm", "Drawer slides", 260),
    P("DS-UM-450", "Undermount soft-close slide 450 mm", "Drawer slides", 640),
    P("DS-HD-500", "Heavy-duty slide 500 mm, 100 kg", "Drawer slides", 1250),
    P("DH-DS-01", "Door stopper, zinc alloy", "Door hardware", 85),
    P("DH-DC-EN3", "Overhead door closer EN3", "Door hardware", 980),
    P("DH-DC-EN4", "Overhead door closer EN4", "Door hardware", 1240),
    P("DH-TB-150", "Tower bolt 150 mm", "Door hardware", 90),
    P("DH-DV-200", "Door viewer 200°", "Door hardware", 130),
    P("DH-FS-01", "Floor spring for glass doors", "Door hardware", 3800),
    P("DH-SR-80", "Sliding door roller kit 80 kg", "Door hardware", 1450),
    P("GH-ZN-150", "Heavy-duty gate hinge 150 mm, zinc plated", "Gate hardware", 260),
    P("GH-ZN-200", "Heavy-duty gate hinge 200 mm, zinc plated", "Gate hardware", 340),
    P("GH-SS-200", "Heavy-duty gate hinge 200 mm, SS304", "Gate hardware", 720),
    P("GT-LT-01", "Gravity gate latch", "Gate hardware", 280),
    P("GT-WH-100", "Sliding gate wheel 100 mm, V-groove", "Gate hardware", 560),
    P("GT-ST-01", "Gate stop, galvanized", "Gate hardware", 190),
    P("GT-DB-300", "Drop bolt 300 mm", "Gate hardware", 340),
    P("GL-CL-D", "Glass clamp D-shape, SS316", "Glass hardware", 290),
    P("GL-SH-90", "Shower door hinge 90°, wall to glass", "Glass hardware", 780),
    P("GL-SP-01", "Glass spigot for balustrades, SS316", "Glass hardware", 1650),
  );
  return list;
}

const INDUSTRY_CATEGORIES: Record<string, string[]> = {
  "Furniture manufacturing": ["Hinges", "Handles", "Drawer slides", "Brackets"],
  "Construction contractor": ["Fasteners", "Brackets", "Door hardware", "Locks"],
  "Marine & boating": ["Marine hardware", "Fasteners", "Hinges"],
  "Hardware wholesale": ["Hinges", "Locks", "Handles", "Brackets", "Fasteners", "Door hardware", "Gate hardware"],
  "DIY retail": ["Locks", "Handles", "Hinges", "Brackets", "Gate hardware"],
  "Kitchen & cabinetry": ["Hinges", "Handles", "Drawer slides"],
  "Doors & windows": ["Locks", "Door hardware", "Hinges", "Handles", "Glass hardware"],
  "Industrial equipment": ["Fasteners", "Hinges", "Locks", "Handles"],
  "Automotive aftermarket": ["Fasteners", "Brackets", "Locks"],
  "Agricultural machinery": ["Fasteners", "Brackets", "Gate hardware", "Hinges"],
  "Property development": ["Locks", "Door hardware", "Glass hardware", "Handles"],
  "E-commerce retail": ["Locks", "Handles", "Gate hardware", "Drawer slides", "Marine hardware"],
};
const INDUSTRIES = Object.keys(INDUSTRY_CATEGORIES);

// ---------------------------------------------------------------------------------------------
// Countries, company names, people
// ---------------------------------------------------------------------------------------------

type Template = { body: string; legal: string; prefix?: boolean; industry?: string };
const T = (body: string, legal: string, industry?: string): Template => ({ body, legal, industry });
const TP = (legal: string, body: string, industry?: string): Template => ({ body, legal, prefix: true, industry });

type NameStyle = { a: string[]; b?: string[]; templates: Template[] };

const EN_WORDS = [
  "Pacific",
  "Atlantic",
  "Summit",
  "Midwest",
  "Harbor",
  "Keystone",
  "Liberty",
  "Northstar",
  "Redwood",
  "Coastal",
  "Granite",
  "Pioneer",
  "Evergreen",
  "Lakeside",
  "Frontier",
  "Capital",
  "Bluewater",
  "Ironclad",
  "Silverline",
  "Heritage",
  "Sterling",
  "Anchor",
  "Crown",
  "Union",
  "Prairie",
  "Cascade",
  "Bayside",
  "Metro",
  "Westfield",
  "Eastgate",
  "Highland",
  "Riverside",
  "Oakridge",
  "Trident",
  "Beacon",
];

const STYLES: Record<string, NameStyle> = {
  us: {
    a: EN_WORDS,
    templates: [
      T("{a} Marine Supply", "LLC", "Marine & boating"),
      T("{a} Hardware", "Inc.", "Hardware wholesale"),
      T("{a} Building Products", "Co.", "Construction contractor"),
      T("{a} Industrial Supply", "LLC", "Industrial equipment"),
      T("{a} Door & Lock", "Inc.", "Doors & windows"),
      T("{a} Fastener", "Corp.", "Construction contractor"),
      T("{a} Home Products", "LLC", "E-commerce retail"),
      T("{a} Cabinet Hardware", "Inc.", "Kitchen & cabinetry"),
      T("{a} Distribution", "LLC"),
      T("{a} Supply", "Co."),
    ],
  },
  gb: {
    a: [
      "Thames",
      "Pennine",
      "Albion",
      "Cotswold",
      "Mersey",
      "Kingsway",
      "Severn",
      "Windsor",
      "Clyde",
      "Chiltern",
      "Solent",
      "Norfolk",
      "Tyneside",
      "Cheshire",
    ],
    templates: [
      T("{a} Ironmongery", "Ltd", "Doors & windows"),
      T("{a} Hardware", "Ltd", "Hardware wholesale"),
      T("{a} Building Supplies", "Ltd", "Construction contractor"),
      T("{a} Marine", "Ltd", "Marine & boating"),
      T("{a} Fixings", "Ltd", "Construction contractor"),
      T("{a} Trade Supplies", "Ltd"),
    ],
  },
  au: {
    a: [
      "Southern Cross",
      "Outback",
      "Harbourside",
      "Coral Coast",
      "Murray",
      "Eureka",
      "Tasman",
      "Bondi",
      "Swan River",
      "Gold Coast",
    ],
    templates: [
      T("{a} Hardware", "Pty Ltd", "Hardware wholesale"),
      T("{a} Building Supplies", "Pty Ltd", "Construction contractor"),
      T("{a} Marine", "Pty Ltd", "Marine & boating"),
      T("{a} Fixings", "Pty Ltd"),
    ],
  },
  ca: {
    a: [
      "Maple",
      "Northern",
      "Laurentian",
      "Pacific Rim",
      "Great Lakes",
      "Rocky Mountain",
      "Prairie",
      "Fraser",
      "Hudson",
      "Algonquin",
    ],
    templates: [
      T("{a} Hardware", "Inc.", "Hardware wholesale"),
      T("{a} Building Supply", "Ltd.", "Construction contractor"),
      T("{a} Marine Supply", "Inc.", "Marine & boating"),
      T("{a} Cabinetry", "Inc.", "Kitchen & cabinetry"),
    ],
  },
  za: {
    a: ["Cape", "Highveld", "Table Bay", "Karoo", "Protea", "Durban", "Limpopo", "Drakensberg"],
    templates: [
      T("{a} Hardware", "(Pty) Ltd", "Hardware wholesale"),
      T("{a} Building Supplies", "(Pty) Ltd", "Construction contractor"),
    ],
  },
  ng: {
    a: ["Zenith", "Eko", "Lagos", "Adebayo", "Okafor", "Royal Crest", "Niger Delta", "Unity"],
    templates: [
      T("{a} Hardware Nigeria", "Ltd", "Hardware wholesale"),
      T("{a} Building Materials", "Ltd", "Construction contractor"),
      T("{a} Global Ventures", "Ltd"),
    ],
  },
  de: {
    a: [
      "Weber",
      "Schneider",
      "Müller",
      "Fischer",
      "Becker",
      "Hoffmann",
      "Schulz",
      "Koch",
      "Richter",
      "Wagner",
      "Braun",
      "Krüger",
      "Hartmann",
      "Lange",
      "Schmitt",
      "Vogel",
    ],
    templates: [
      T("{a} Baubeschlag", "GmbH", "Doors & windows"),
      T("{a} Beschläge", "GmbH", "Hardware wholesale"),
      T("{a} Metallwaren", "GmbH", "Industrial equipment"),
      T("{a} Eisenwaren", "KG", "DIY retail"),
      T("{a} Bootsbedarf", "GmbH", "Marine & boating"),
      T("{a} Möbelbeschläge", "GmbH", "Furniture manufacturing"),
      T("{a} Befestigungstechnik", "GmbH", "Construction contractor"),
      T("{a} Handels", "GmbH"),
    ],
  },
  fr: {
    a: ["Dubois", "Moreau", "Laurent", "Girard", "Bonnet", "Lefèvre", "Mercier", "Fontaine", "Rousseau", "Blanc"],
    templates: [
      T("Quincaillerie {a}", "SARL", "Hardware wholesale"),
      T("Ferrures {a}", "SAS", "Doors & windows"),
      T("{a} Équipements", "SA", "Industrial equipment"),
      T("{a} Nautique", "SARL", "Marine & boating"),
      T("Établissements {a}", "SAS"),
    ],
  },
  it: {
    a: ["Rossi", "Bianchi", "Ferrari", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Gallo", "Conti", "Costa"],
    templates: [
      T("Ferramenta {a}", "S.r.l.", "Hardware wholesale"),
      T("{a} Serrature", "S.p.A.", "Doors & windows"),
      T("{a} Nautica", "S.r.l.", "Marine & boating"),
      T("Minuterie {a}", "S.r.l.", "Industrial equipment"),
      T("{a} Arredo", "S.r.l.", "Furniture manufacturing"),
    ],
  },
  es: {
    a: ["García", "Martínez", "López", "Sánchez", "Pérez", "Gómez", "Fernández", "Ruiz", "Díaz", "Moreno"],
    templates: [
      T("Ferretería {a}", "S.L.", "DIY retail"),
      T("Herrajes {a}", "S.A.", "Doors & windows"),
      T("{a} Suministros Industriales", "S.L.", "Industrial equipment"),
      T("Náutica {a}", "S.L.", "Marine & boating"),
    ],
  },
  mx: {
    a: ["García", "Hernández", "López", "Martínez", "González", "Rodríguez", "Ramírez", "Flores", "Torres", "Vargas"],
    templates: [
      T("Ferretería {a}", "S.A. de C.V.", "DIY retail"),
      T("Herrajes {a}", "S.A. de C.V.", "Doors & windows"),
      T("Distribuidora {a}", "S.A. de C.V.", "Hardware wholesale"),
    ],
  },
  cl: {
    a: ["Muñoz", "Rojas", "Soto", "Contreras", "Silva", "Sepúlveda", "Morales", "Reyes", "Fuentes", "Araya"],
    templates: [
      T("Ferretería {a}", "SpA", "DIY retail"),
      T("Comercial {a}", "Ltda.", "Hardware wholesale"),
      T("Importadora {a}", "Ltda."),
    ],
  },
  co: {
    a: ["Restrepo", "Gómez", "Cárdenas", "Ospina", "Castaño", "Valencia", "Mejía", "Arango"],
    templates: [T("Ferretería {a}", "S.A.S.", "DIY retail"), T("Herrajes {a}", "S.A.S.", "Doors & windows")],
  },
  nl: {
    a: ["De Vries", "Jansen", "Van Dijk", "Bakker", "Visser", "Smit", "Meijer", "De Boer", "Mulder", "Bos"],
    templates: [
      T("{a} Bouwbeslag", "B.V.", "Doors & windows"),
      T("{a} IJzerwaren", "B.V.", "Hardware wholesale"),
      T("{a} Scheepsbeslag", "B.V.", "Marine & boating"),
      T("{a} Handelsonderneming", "B.V."),
    ],
  },
  pl: {
    a: ["Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski", "Zieliński", "Szymański"],
    templates: [
      T("{a} Okucia", "Sp. z o.o.", "Furniture manufacturing"),
      T("{a} Hurtownia Budowlana", "Sp. z o.o.", "Construction contractor"),
      TP("PHU", "{a} Metal", "Hardware wholesale"),
    ],
  },
  br: {
    a: ["Silva", "Santos", "Oliveira", "Souza", "Pereira", "Almeida", "Costa", "Ribeiro"],
    templates: [
      T("Ferragens {a}", "Ltda.", "Hardware wholesale"),
      T("{a} Materiais de Construção", "Ltda.", "Construction contractor"),
      T("Distribuidora {a}", "Ltda."),
    ],
  },
  pt: {
    a: ["Ferreira", "Carvalho", "Pinto", "Lopes", "Marques", "Sousa", "Teixeira", "Rocha"],
    templates: [T("Ferragens {a}", "Lda.", "Hardware wholesale"), T("{a} Náutica", "Lda.", "Marine & boating")],
  },
  in: {
    a: ["Sharma", "Patel", "Gupta", "Mehta", "Agarwal", "Reddy", "Singh", "Kapoor"],
    templates: [
      T("{a} Hardware", "Pvt. Ltd.", "Hardware wholesale"),
      T("{a} Industries", "Pvt. Ltd.", "Industrial equipment"),
      T("{a} Trading", "Co."),
      TP("Shree", "{a} Enterprises"),
    ],
  },
  ae: {
    a: ["Al Mansoori", "Al Futtaim", "Al Rashid", "Al Nahdi", "Al Suwaidi", "Haddad", "Gulf Star", "Desert Rose"],
    templates: [
      T("{a} Building Materials Trading", "LLC", "Construction contractor"),
      T("{a} General Trading", "LLC", "Hardware wholesale"),
      T("{a} Hardware Trading", "LLC", "Property development"),
    ],
  },
  sa: {
    a: ["Al Zahrani", "Al Otaibi", "Al Qahtani", "Al Harbi", "Al Ghamdi", "Al Shehri"],
    templates: [
      T("{a} Trading", "Est.", "Hardware wholesale"),
      T("{a} Building Materials", "Co. Ltd", "Property development"),
      T("{a} Hardware", "Co. Ltd", "Construction contractor"),
    ],
  },
  eg: {
    a: ["El Sayed", "Hassan", "Mahmoud", "Nile", "Delta", "Pharaoh"],
    templates: [T("{a} for Trading & Import", "", "Hardware wholesale"), T("{a} Hardware", "Co.", "Construction contractor")],
  },
  tr: {
    a: ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Aydın", "Öztürk"],
    templates: [
      T("{a} Hırdavat", "Ltd. Şti.", "Hardware wholesale"),
      T("{a} Yapı Malzemeleri", "A.Ş.", "Construction contractor"),
      T("{a} Kapı Aksesuarları", "Ltd. Şti.", "Doors & windows"),
    ],
  },
  jp: {
    a: ["Tanaka", "Suzuki", "Sato", "Takahashi", "Watanabe", "Yamamoto", "Nakamura", "Kobayashi"],
    templates: [
      T("{a} Kanamono", "Co., Ltd.", "Hardware wholesale"),
      T("{a} Shoji", "Co., Ltd."),
      T("{a} Marine Fittings", "K.K.", "Marine & boating"),
    ],
  },
  kr: {
    a: ["Daehan", "Hanil", "Samyang", "Dongbang", "Seoul", "Busan", "Sejin", "Hanbit"],
    templates: [
      T("{a} Hardware", "Co., Ltd.", "Hardware wholesale"),
      T("{a} Metal", "Co., Ltd.", "Industrial equipment"),
      T("{a} Industrial", "Co., Ltd.", "Automotive aftermarket"),
    ],
  },
  vn: {
    a: ["Minh Phat", "Hoang Long", "Thanh Cong", "Phu Thai", "An Phat", "Viet Tien"],
    templates: [
      T("{a} Trading", "Co., Ltd.", "Hardware wholesale"),
      T("{a} Hardware", "JSC", "Construction contractor"),
      T("{a} Furniture", "Co., Ltd.", "Furniture manufacturing"),
    ],
  },
  th: {
    a: ["Siam", "Chaiyo", "Rattana", "Thai Metal", "Sukhumvit", "Chao Phraya"],
    templates: [
      T("{a} Hardware", "Co., Ltd.", "Hardware wholesale"),
      T("{a} Trading", "Co., Ltd."),
      T("{a} Steel Supply", "Co., Ltd.", "Construction contractor"),
    ],
  },
  id: {
    a: ["Sinar", "Maju", "Jaya", "Mitra", "Berkat", "Cahaya", "Sentosa", "Mega"],
    b: ["Abadi", "Makmur", "Sejahtera", "Perkasa", "Utama"],
    templates: [TP("PT", "{a} {b}", "Hardware wholesale"), TP("CV", "{a} {b} Teknik", "Construction contractor")],
  },
  my: {
    a: ["Sinar", "Maju", "Jaya", "Mega", "Golden", "Eastern"],
    b: ["Jaya", "Makmur", "Hardware", "Engineering", "Resources"],
    templates: [T("{a} {b}", "Sdn. Bhd.", "Hardware wholesale"), T("{a} {b} Trading", "Sdn. Bhd.")],
  },
  se: {
    a: ["Lindqvist", "Johansson", "Andersson", "Nordic", "Karlsson", "Bergström"],
    templates: [T("{a} Beslag", "AB", "Doors & windows"), T("{a} Marin", "AB", "Marine & boating")],
  },
};

type People = { first: string[]; last: string[] };
const PEOPLE: Record<string, People> = {
  en: {
    first: [
      "James",
      "Michael",
      "Sarah",
      "Emily",
      "David",
      "Jessica",
      "Robert",
      "Laura",
      "Daniel",
      "Olivia",
      "Mark",
      "Rachel",
      "Kevin",
      "Megan",
      "Brian",
      "Amanda",
    ],
    last: [
      "Smith",
      "Johnson",
      "Brown",
      "Miller",
      "Wilson",
      "Taylor",
      "Anderson",
      "Clark",
      "Walker",
      "Hall",
      "Young",
      "King",
      "Wright",
      "Scott",
      "Green",
      "Baker",
    ],
  },
  za: {
    first: ["Pieter", "Thabo", "Johan", "Lerato", "Willem", "Nomvula", "Sipho", "Annelie"],
    last: ["van der Merwe", "Botha", "Nkosi", "Pretorius", "Dlamini", "Naidoo", "Venter", "Mokoena"],
  },
  ng: {
    first: ["Chinedu", "Ngozi", "Oluwaseun", "Amaka", "Emeka", "Funmilayo", "Ibrahim", "Aisha", "Tunde", "Chioma"],
    last: ["Okafor", "Adeyemi", "Okonkwo", "Balogun", "Eze", "Abubakar", "Nwosu", "Adebayo", "Olawale", "Obi"],
  },
  de: {
    first: ["Jonas", "Lukas", "Anna", "Julia", "Felix", "Katrin", "Stefan", "Sabine", "Markus", "Lena", "Tobias", "Claudia"],
    last: [
      "Weber",
      "Schneider",
      "Müller",
      "Fischer",
      "Becker",
      "Hoffmann",
      "Schulz",
      "Koch",
      "Richter",
      "Wagner",
      "Braun",
      "Krüger",
    ],
  },
  fr: {
    first: ["Julien", "Camille", "Nicolas", "Claire", "Antoine", "Sophie", "Mathieu", "Élodie", "Pierre", "Aurélie"],
    last: ["Dubois", "Moreau", "Laurent", "Girard", "Bonnet", "Lefèvre", "Mercier", "Fontaine", "Rousseau", "Blanc"],
  },
  it: {
    first: ["Marco", "Giulia", "Luca", "Francesca", "Alessandro", "Chiara", "Matteo", "Sara", "Andrea", "Elena"],
    last: ["Rossi", "Bianchi", "Ferrari", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Gallo"],
  },
  es: {
    first: ["Carlos", "María", "Javier", "Lucía", "Alejandro", "Carmen", "Diego", "Ana", "Pablo", "Sofía", "Andrés", "Valentina"],
    last: ["García", "Martínez", "López", "Sánchez", "Pérez", "Gómez", "Fernández", "Ruiz", "Díaz", "Moreno", "Torres", "Vargas"],
  },
  nl: {
    first: ["Daan", "Sanne", "Thijs", "Lotte", "Bram", "Eva", "Joost", "Femke", "Ruben", "Anouk"],
    last: ["de Vries", "Jansen", "van Dijk", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Bos"],
  },
  pl: {
    first: ["Piotr", "Anna", "Tomasz", "Katarzyna", "Michał", "Agnieszka", "Paweł", "Magdalena", "Krzysztof", "Joanna"],
    last: [
      "Nowak",
      "Kowalski",
      "Wiśniewski",
      "Wójcik",
      "Kamiński",
      "Lewandowski",
      "Zieliński",
      "Szymański",
      "Woźniak",
      "Dąbrowski",
    ],
  },
  pt: {
    first: ["João", "Ana", "Pedro", "Mariana", "Lucas", "Beatriz", "Rafael", "Camila", "Gustavo", "Juliana"],
    last: ["Silva", "Santos", "Oliveira", "Souza", "Pereira", "Almeida", "Costa", "Ribeiro", "Carvalho", "Gomes"],
  },
  in: {
    first: ["Rahul", "Priya", "Amit", "Neha", "Vikram", "Anjali", "Suresh", "Pooja", "Arjun", "Kavita"],
    last: ["Sharma", "Patel", "Gupta", "Mehta", "Agarwal", "Reddy", "Singh", "Kapoor", "Iyer", "Joshi"],
  },
  ar: {
    first: ["Omar", "Fatima", "Khalid", "Layla", "Ahmed", "Mariam", "Youssef", "Noura", "Hassan", "Rania"],
    last: [
      "Al Mansoori",
      "Al Rashid",
      "Al Nahdi",
      "Al Zahrani",
      "El Sayed",
      "Haddad",
      "Al Otaibi",
      "Al Qahtani",
      "Mahmoud",
      "Nasser",
    ],
  },
  tr: {
    first: ["Mehmet", "Ayşe", "Emre", "Zeynep", "Burak", "Elif", "Murat", "Selin", "Can", "Derya"],
    last: ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Aydın", "Öztürk", "Arslan", "Doğan"],
  },
  ja: {
    first: ["Hiroshi", "Yuki", "Takeshi", "Aiko", "Kenji", "Naoko", "Satoshi", "Emi", "Daisuke", "Mika"],
    last: ["Tanaka", "Suzuki", "Sato", "Takahashi", "Watanabe", "Yamamoto", "Nakamura", "Kobayashi", "Ito", "Kato"],
  },
  ko: {
    first: ["Min-jun", "Seo-yeon", "Ji-hoon", "Ha-eun", "Dong-hyun", "Soo-jin", "Jae-won", "Eun-ji", "Sung-min", "Yu-na"],
    last: ["Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim"],
  },
  vi: {
    first: ["Minh", "Lan", "Tuan", "Huong", "Duc", "Thao", "Hai", "Linh", "Quang", "Mai"],
    last: ["Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu", "Dang", "Bui", "Do", "Ngo"],
  },
  th: {
    first: ["Somchai", "Siriporn", "Anan", "Nattaya", "Prasert", "Kanya", "Wichai", "Ploy", "Chaiwat", "Suda"],
    last: ["Srisuk", "Wongsa", "Chaiyaporn", "Rattanakul", "Boonmee", "Thongdee", "Saetang", "Kaewmanee", "Phromma", "Jaidee"],
  },
  id: {
    first: ["Budi", "Siti", "Agus", "Dewi", "Hendra", "Rina", "Andi", "Putri", "Rudi", "Lina"],
    last: ["Santoso", "Wijaya", "Hidayat", "Susanto", "Kurniawan", "Pratama", "Halim", "Gunawan", "Setiawan", "Saputra"],
  },
  my: {
    first: ["Ahmad", "Nurul", "Wei Ling", "Kumar", "Farah", "Jason", "Siew Mei", "Hafiz"],
    last: ["Abdullah", "Tan", "Lim", "Ismail", "Wong", "Rahman", "Lee", "Ong"],
  },
  sv: {
    first: ["Erik", "Anna", "Johan", "Maria", "Lars", "Karin", "Anders", "Emma"],
    last: ["Lindqvist", "Johansson", "Andersson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson"],
  },
};

type CountryDef = {
  code: string;
  name: string;
  weight: number;
  style: string;
  people: string;
  dial: string;
  eu: boolean;
  lang?: "de" | "es";
};

const C = (
  code: string,
  name: string,
  weight: number,
  style: string,
  people: string,
  dial: string,
  eu = false,
  lang?: "de" | "es",
): CountryDef => ({
  code,
  name,
  weight,
  style,
  people,
  dial,
  eu,
  lang,
});

const COUNTRIES: CountryDef[] = [
  C("US", "the USA", 14, "us", "en", "+1"),
  C("DE", "Germany", 9, "de", "de", "+49", true, "de"),
  C("GB", "the UK", 7, "gb", "en", "+44"),
  C("FR", "France", 5, "fr", "fr", "+33", true),
  C("IT", "Italy", 5, "it", "it", "+39", true),
  C("ES", "Spain", 5, "es", "es", "+34", true, "es"),
  C("NL", "the Netherlands", 4, "nl", "nl", "+31", true),
  C("PL", "Poland", 4, "pl", "pl", "+48", true),
  C("AU", "Australia", 5, "au", "en", "+61"),
  C("CA", "Canada", 4, "ca", "en", "+1"),
  C("BR", "Brazil", 3, "br", "pt", "+55"),
  C("MX", "Mexico", 3, "mx", "es", "+52", false, "es"),
  C("IN", "India", 4, "in", "in", "+91"),
  C("AE", "the UAE", 3, "ae", "ar", "+971"),
  C("SA", "Saudi Arabia", 3, "sa", "ar", "+966"),
  C("TR", "Turkey", 3, "tr", "tr", "+90"),
  C("JP", "Japan", 2, "jp", "ja", "+81"),
  C("KR", "Korea", 2, "kr", "ko", "+82"),
  C("VN", "Vietnam", 2, "vn", "vi", "+84"),
  C("TH", "Thailand", 2, "th", "th", "+66"),
  C("ID", "Indonesia", 2, "id", "id", "+62"),
  C("MY", "Malaysia", 2, "my", "my", "+60"),
  C("ZA", "South Africa", 2, "za", "za", "+27"),
  C("NG", "Nigeria", 2, "ng", "ng", "+234"),
  C("EG", "Egypt", 1, "eg", "ar", "+20"),
  C("CL", "Chile", 2, "cl", "es", "+56", false, "es"),
  C("BE", "Belgium", 1, "nl", "nl", "+32", true),
  C("SE", "Sweden", 1, "se", "sv", "+46", true),
  C("CO", "Colombia", 1, "co", "es", "+57", false, "es"),
  C("PT", "Portugal", 1, "pt", "pt", "+351", true),
];

const TRANSLITERATE: Record<string, string> = { ß: "ss", ı: "i", ł: "l", ø: "o", æ: "ae", œ: "oe", đ: "d", Ł: "l" };

/** Lower-case ASCII words joined by `joiner`, for e-mail addresses and domains. */
function asciiSlug(text: string, joiner: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[ßıłøæœđŁ]/g, (ch) => TRANSLITERATE[ch] ?? "")
    .toLowerCase()
    .replace(/&/g, " ")
    .replace(/[^a-z0-9]+/g, joiner)
    .replace(new RegExp(`^\\${joiner}+|\\${joiner}+$`, "g"), "");
}

// ---------------------------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------------------------

const CHANNEL_KEYS = ["alibaba", "made_in_china", "website", "email", "trade_show", "referral", "other"] as const;
type ChannelKey = (typeof CHANNEL_KEYS)[number];
const CHANNEL_WEIGHTS: [ChannelKey, number][] = [
  ["alibaba", 45],
  ["made_in_china", 15],
  ["website", 15],
  ["email", 12],
  ["trade_show", 5],
  ["referral", 5],
  ["other", 3],
];
/** Channels where staff type the inquiry in by hand (the others arrive through the intake API). */
const MANUAL_CHANNELS = new Set<ChannelKey>(["email", "trade_show", "referral", "other"]);

function formatQuantity(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

const GENERAL_SUBJECTS = [
  "Looking for a hardware supplier",
  "Catalogue and price list request",
  "Request for your product catalogue",
  "OEM hardware project – drawings attached",
  "Custom stainless steel parts",
  "New supplier registration",
  "Distributor enquiry",
];

const SPAM_SUBJECTS = [
  "SEO services for your website – first page on Google",
  "Business proposal",
  "Cheap sea freight from Ningbo, all destinations",
  "Your store account will be suspended – verify now",
  "Increase your export sales by 300%",
  "Crypto investment opportunity",
];

const SPAM_BODIES = [
  "Dear Sir/Madam, we can bring your website to the first page of Google within 30 days. Reply for a free audit.",
  "Hello friend, I have a business proposal that will benefit both of us. Please reply to my private e-mail.",
  "Best freight rates from Ningbo to all world ports. Contact us on WhatsApp now.",
  "Your account has unusual activity. Click the link below to verify your identity within 24 hours.",
];

const FOLLOW_UPS: [string, string][] = [
  [
    "Thanks. Can you send 2–3 samples by DHL? We will pay the courier.",
    "Sure, samples can be dispatched within 3 days. Please share your DHL account number.",
  ],
  ["What is the lead time for a full container?", "Lead time is about 30 days after the deposit, 35 days for custom packing."],
  [
    "Could you offer a better price for a 40' container?",
    "For a full 40' container we can offer 5% off. I will update the offer.",
  ],
  ["Do you have CE and ISO 9001 certificates?", "Yes, please find the certificates attached."],
  [
    "Please confirm the packing: carton size and gross weight.",
    "50 pcs per inner box, 500 pcs per carton, 46×32×28 cm, 18 kg gross.",
  ],
  ["Can you put our logo on the packaging?", "Yes, custom printed boxes are possible from 3,000 pcs per item."],
  ["Which finishes are available?", "Brushed, polished, matt black and PVD gold; colour samples can be sent."],
];

const NOTES_EN = [
  "Buyer asked for samples – check stock with the workshop.",
  "Big potential customer, keep the price tight.",
  "Price check with the factory pending.",
  "Sent the catalogue by WhatsApp as well.",
  "Buyer says a competitor quoted about 8% lower.",
  "Asked the QC team for the salt-spray test report.",
];
const NOTES_ZH = [
  "客户要样品，请和车间确认库存。",
  "大客户，价格可以再让一点。",
  "已通过微信发送目录。",
  "请跟工厂确认交期。",
  "客户说别家报价低8%左右。",
];
const SLOW_NOTES = [
  "Checking price and stock with the factory before answering.",
  "Waiting for the workshop to confirm the lead time.",
];

const LOST_NO_QUOTE_REASONS: [string, number][] = [
  ["no reply from buyer", 50],
  ["price too high", 15],
  ["chose another supplier", 15],
  ["MOQ too high", 10],
  ["only wanted a catalogue", 10],
];
const REJECTION_REASONS: [string, number][] = [
  ["price too high", 50],
  ["chose another supplier", 30],
  ["lead time too long", 10],
  ["project cancelled", 10],
];
const REJECTION_MESSAGES: Record<string, string> = {
  "price too high": "Thank you, but your price is too high compared with the other offers we received.",
  "chose another supplier": "We have decided to go with another supplier this time. Thank you for your offer.",
  "lead time too long": "Unfortunately your lead time is too long for our project schedule.",
  "project cancelled": "Our customer has cancelled the project, so we cannot proceed. Sorry.",
};
const CANCEL_REASONS = [
  "Buyer postponed the project",
  "Deposit not received",
  "Duplicate order",
  "Buyer found a cheaper supplier",
  "Import licence refused",
];
const QUOTE_NOTES = [
  "FOB Ningbo. Payment: 30% T/T deposit, 70% against copy of B/L.",
  "FOB Ningbo. Payment: 30% deposit, balance before shipment. Lead time 25–30 days.",
  "CIF destination port. Payment by L/C at sight.",
  "EXW Ningbo factory. Payment: 100% T/T before shipment.",
];

// ---------------------------------------------------------------------------------------------
// The plan
// ---------------------------------------------------------------------------------------------

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

type Segment = "loyal" | "regular" | "churned" | "oneoff" | "lead";

type PlanContact = {
  name: string;
  first: string;
  email: string;
  phone: string;
  title: string;
  messagingHandle: string | null;
};

type PlanCustomer = {
  name: string;
  domain: string;
  country: CountryDef;
  industry: string;
  owner: UserKey | null;
  currency: "USD" | "EUR" | "CNY";
  segment: Segment;
  t0: number;
  cycleDays: number;
  stopAt: number;
  typicalUsdCents: number;
  priceDiscountBps: number;
  favourites: ProductDef[];
  contacts: PlanContact[];
  agreed: Map<ProductDef, number>;
  orderTimes: number[];
  createdAt: number;
  sourceChannel: ChannelKey | null;
  dbId?: number;
  contactIds?: number[];
};

type PlanMessage = { direction: "in" | "out" | "note"; author: UserKey | null; body: string; at: number };

type PlanInquiry = {
  customer: PlanCustomer | null;
  contact: number | null;
  channel: ChannelKey;
  receivedAt: number;
  product: ProductDef | null;
  quantity: number | null;
  subject: string;
  body: string;
  assignee: UserKey;
  firstResponse: { at: number; by: UserKey; body: string } | null;
  autoReplyAt: number | null;
  status: InquiryStatus;
  lostReason: string | null;
  thread: PlanMessage[];
  updatedAt: number;
  dbId?: number;
};

type PlanLine = { product: ProductDef; quantity: number; unitPriceMinor: number; discountBps: number };

type PlanQuote = {
  customer: PlanCustomer;
  inquiry: PlanInquiry | null;
  createdAt: number;
  sentAt: number | null;
  decidedAt: number | null;
  status: QuoteStatus;
  validUntil: string;
  lines: PlanLine[];
  discountBps: number;
  createdBy: UserKey;
  notes: string;
  rejectionReason: string | null;
  dbId?: number;
};

type PlanOrder = {
  customer: PlanCustomer;
  quote: PlanQuote | null;
  inquiry: PlanInquiry | null;
  orderedAt: number;
  currency: string;
  fxRate: string;
  lines: PlanLine[];
  status: OrderStatus;
  cancelReason: string | null;
  createdBy: UserKey;
  updatedAt: number;
};

type Plan = {
  products: ProductDef[];
  customers: PlanCustomer[];
  inquiries: PlanInquiry[];
  quotes: PlanQuote[];
  orders: PlanOrder[];
  start: number;
};

const TARGET_INQUIRIES = 3000;
const SPAM_SHARE = 0.02;
const ANONYMOUS_SHARE = 0.03;
const RECENT_UNANSWERED = 6;
const FILLER_QUOTE_RATE = 0.3;

function fxString(tenThousandths: number): string {
  if (tenThousandths === 10_000) return "1";
  return `${Math.floor(tenThousandths / 10_000)}.${String(tenThousandths % 10_000).padStart(4, "0")}`;
}

function planDemo(now: number, rng: Rng): Plan {
  const start = now - 730 * DAY;
  const open = (t: number) => isOpenAt(new Date(t), DEFAULT_CALENDAR);
  const todayAtNow = teamDay(new Date(now));

  // -- helpers that need rng / now --------------------------------------------------------------

  /** A receipt time in [lo, hi] (capped at now), inside business hours about 70% of the time. */
  const sampleReceived = (lo: number, hi: number): number => {
    const top = Math.min(hi, now - MINUTE);
    const wantOpen = rng.chance(0.7);
    for (let i = 0; i < 60; i++) {
      const t = Math.floor(rng.range(lo, top));
      if (open(t) === wantOpen) return t;
    }
    return Math.floor(rng.range(lo, top));
  };

  /** Staff activity (quotes, orders) happens in office hours: move t to the next opening. */
  const officeTime = (t: number): number => {
    if (open(t)) return t;
    const next = nextOpening(new Date(t), DEFAULT_CALENDAR);
    return next ? next.getTime() + Math.floor(rng.range(5 * MINUTE, 3 * HOUR)) : t;
  };

  const eurRate = (t: number): number => {
    const phase = (2 * Math.PI * (t - start)) / (420 * DAY);
    const x = Math.round(10_850 + 300 * Math.sin(phase) + rng.range(-40, 40));
    return Math.min(11_200, Math.max(10_500, x));
  };
  const cnyRate = (t: number): number => {
    const phase = (2 * Math.PI * (t - start)) / (300 * DAY) + 1;
    return Math.round(1_390 + 15 * Math.sin(phase) + rng.range(-5, 5));
  };
  const rateAt = (currency: string, t: number): number =>
    currency === "EUR" ? eurRate(t) : currency === "CNY" ? cnyRate(t) : 10_000;

  const unitPrice = (c: PlanCustomer, p: ProductDef, t: number): number => {
    const agreed = c.agreed.get(p);
    if (agreed !== undefined) return agreed;
    const usd = (p.priceCents * (10_000 - c.priceDiscountBps)) / 10_000;
    return Math.max(1, Math.round((usd * 10_000) / rateAt(c.currency, t)));
  };

  const roundQuantity = (q: number, unitUsdCents: number): number => {
    const step = unitUsdCents < 50 ? 500 : unitUsdCents < 300 ? 100 : unitUsdCents < 1500 ? 20 : 5;
    return Math.max(step, Math.round(q / step) * step);
  };

  const orderValueUsd = (c: PlanCustomer): number =>
    Math.min(8_000_000, Math.max(25_000, c.typicalUsdCents * rng.gammaUnitMean(ORDER_VALUE_SHAPE)));

  const quantityFor = (p: ProductDef, valueUsdCents: number): number => roundQuantity(valueUsdCents / p.priceCents, p.priceCents);

  const planLines = (
    c: PlanCustomer,
    t: number,
    valueUsdCents: number,
    first: { product: ProductDef; quantity: number | null } | null,
    lineDiscounts: boolean,
  ): PlanLine[] => {
    const n = rng.weighted([
      [1, 40],
      [2, 30],
      [3, 20],
      [4, 10],
    ] as const);
    const chosen: ProductDef[] = first ? [first.product] : [];
    const pool = rng.shuffle([...c.favourites]);
    for (const p of pool) if (chosen.length < n && !chosen.includes(p)) chosen.push(p);
    const weights = chosen.map(() => rng.range(0.5, 1.5));
    const weightSum = weights.reduce((a, b) => a + b, 0);
    return chosen.map((product, i) => {
      const quantity =
        i === 0 && first?.quantity ? first.quantity : quantityFor(product, (valueUsdCents * weights[i]) / weightSum);
      const discountBps = lineDiscounts && rng.chance(0.08) ? rng.pick([500, 1000, 1250]) : 0;
      return { product, quantity, unitPriceMinor: unitPrice(c, product, t), discountBps };
    });
  };

  const pickAssignee = (c: PlanCustomer | null): UserKey => {
    if (c?.owner && rng.chance(0.15)) return c.owner;
    return rng.chance(0.53) ? "service1" : "service2";
  };
  const pickResponder = (assignee: UserKey): UserKey => {
    if (assignee === "service1" && rng.chance(0.08)) return "service2";
    if (assignee === "service2" && rng.chance(0.08)) return "service1";
    return assignee;
  };
  const quoteAuthor = (c: PlanCustomer): UserKey => c.owner ?? (rng.chance(0.5) ? "sales1" : "sales2");
  const userName = (key: UserKey) => USER_DEFS.find((u) => u.key === key)!.name;
  const userLocale = (key: UserKey) => USER_DEFS.find((u) => u.key === key)!.locale;

  // -- text ------------------------------------------------------------------------------------

  const inquiryText = (
    c: PlanCustomer | null,
    contact: PlanContact | null,
    product: ProductDef | null,
    quantity: number | null,
    repeat: boolean,
  ): { subject: string; body: string } => {
    const qty = quantity ? formatQuantity(quantity) : null;
    const lang = c?.country.lang && rng.chance(0.25) ? c.country.lang : "en";
    const signature = contact ? `${contact.name}\n${c!.name}` : "Best regards";
    if (product && lang === "de") {
      return {
        subject: rng.pick([
          `Anfrage: ${product.name}${qty ? ` – ${qty} Stück` : ""}`,
          `Preisanfrage ${product.sku}`,
          `Angebot für ${qty ?? "1.000"} Stück ${product.sku} erbeten`,
        ]),
        body:
          `Guten Tag,\n\nwir interessieren uns für Ihren Artikel ${product.sku} (${product.name})` +
          `${qty ? `, Menge ${qty} Stück` : ""}. Bitte senden Sie uns Ihr bestes Angebot FOB Ningbo ` +
          `mit Lieferzeit und Mindestmenge.\n\nMit freundlichen Grüßen\n${signature}`,
      };
    }
    if (product && lang === "es") {
      return {
        subject: rng.pick([
          `Solicitud de cotización: ${product.name}`,
          `Cotización ${product.sku}${qty ? ` – ${qty} piezas` : ""}`,
          `Consulta de precio ${product.sku}`,
        ]),
        body:
          `Buenos días,\n\nestamos interesados en ${product.name} (${product.sku})` +
          `${qty ? `, cantidad ${qty} piezas` : ""}. Por favor envíenos su mejor precio FOB Ningbo, ` +
          `cantidad mínima y plazo de entrega.\n\nSaludos cordiales,\n${signature}`,
      };
    }
    if (!product) {
      const subject = rng.pick(GENERAL_SUBJECTS);
      const who = c ? `${c.name}, a company in ${c.industry.toLowerCase()} from ${c.country.name}` : "a buyer";
      return {
        subject,
        body:
          `Hello,\n\nwe are ${who}. We are looking for a reliable hardware supplier in China. ` +
          `Please send your catalogue, price list and payment terms.\n\nBest regards,\n${signature}`,
      };
    }
    const subject = repeat
      ? rng.pick([
          `Repeat order ${product.sku}`,
          `Re-order: ${product.name}`,
          `New order ${product.sku}${qty ? ` – ${qty} pcs` : ""}`,
        ])
      : rng.pick([
          `Quotation for ${qty ?? "2,000"} pcs ${product.name}`,
          `Inquiry about ${product.name}`,
          `RFQ: ${product.sku}${qty ? ` – ${qty} pcs` : ""}`,
          `Price request for ${product.name}`,
          `Need FOB Ningbo price: ${product.name}`,
          `Sample request – ${product.name}`,
          `${product.category} supplier needed${qty ? ` – ${qty} pcs` : ""}`,
        ]);
    const intro = c ? `we are ${c.name} from ${c.country.name}` : "we are an importer";
    const body = repeat
      ? `Hello,\n\nwe would like to order ${product.name} (${product.sku}) again` +
        `${qty ? `, ${qty} pcs` : ""}. Please confirm the current price and the earliest shipping date.\n\n` +
        `Best regards,\n${signature}`
      : rng.pick([
          `Hello,\n\n${intro}. We are interested in your ${product.name} (${product.sku})` +
            `${qty ? `, quantity ${qty} pcs` : ""}. Please send your best FOB Ningbo price, MOQ and lead time.\n\n` +
            `Best regards,\n${signature}`,
          `Dear supplier,\n\nplease quote ${qty ? `${qty} pcs of ` : ""}${product.sku} – ${product.name}. ` +
            `We need the price, packing details and delivery time to our port.\n\nThanks,\n${signature}`,
          `Hi,\n\nI saw your ${product.category.toLowerCase()} on your store. Can you make ${product.name} ` +
            `with our logo? ${qty ? `Our first order would be about ${qty} pcs.` : ""}\n\n${signature}`,
        ]);
    return { subject, body };
  };

  const responseBody = (inq: PlanInquiry, by: UserKey): string => {
    const first = inq.customer && inq.contact !== null ? inq.customer.contacts[inq.contact].first : "Sir or Madam";
    const p = inq.product;
    if (!p) {
      return `Dear ${first},\n\nthank you for contacting us. Please find our 2026 catalogue and price list attached. Which items are you interested in, and in what quantities?\n\nBest regards,\n${userName(by)}`;
    }
    return rng.pick([
      `Dear ${first},\n\nthank you for your inquiry about ${p.name}. Our price is USD ${minorToDecimalString(p.priceCents, "USD")}/pc FOB Ningbo, MOQ ${p.priceCents < 50 ? "5,000" : "500"} pcs, lead time 25–30 days after deposit. Shall I prepare a formal quotation?\n\nBest regards,\n${userName(by)}`,
      `Dear ${first},\n\nthanks for your message. Could you tell us the finish, the packing you need and your destination port, so that we can quote exactly?\n\nBest regards,\n${userName(by)}`,
      `Hello ${first},\n\nthank you for your interest in ${p.sku}. We have it in stock in standard packing; samples are free, you pay the courier. I will send the detailed offer shortly.\n\nBest regards,\n${userName(by)}`,
    ]);
  };

  // -- inquiries ------------------------------------------------------------------------------

  const allInquiries: PlanInquiry[] = [];
  const allQuotes: PlanQuote[] = [];
  const allOrders: PlanOrder[] = [];

  /** First response of a (non-spam) inquiry, by the rules of a realistic service team. */
  const planFirstResponse = (receivedAt: number, canBeNever: boolean): { at: number | null; autoReplyAt: number | null } => {
    if (open(receivedAt)) {
      const u = rng.float();
      let delay: number | null;
      if (u < 0.75) delay = rng.range(5 * SECOND, 30 * SECOND);
      else if (u < 0.9) delay = rng.range(31 * SECOND, 10 * MINUTE);
      else if (u < 0.97) delay = rng.range(10 * MINUTE, 4 * HOUR);
      else delay = canBeNever ? null : rng.range(31 * SECOND, 10 * MINUTE);
      return { at: delay === null ? null : receivedAt + Math.floor(delay), autoReplyAt: null };
    }
    const autoReplyAt = receivedAt + Math.floor(rng.range(1 * SECOND, 3 * SECOND));
    if (canBeNever && rng.chance(0.05)) return { at: null, autoReplyAt };
    const opening = nextOpening(new Date(receivedAt), DEFAULT_CALENDAR);
    if (!opening) return { at: null, autoReplyAt };
    return { at: opening.getTime() + Math.floor(rng.range(1 * MINUTE, 40 * MINUTE)), autoReplyAt };
  };

  const newInquiry = (
    c: PlanCustomer | null,
    receivedAt: number,
    opts: { canBeNever: boolean; repeat: boolean; channel?: ChannelKey; withProduct?: boolean },
  ): PlanInquiry => {
    const contactIndex = c ? (rng.chance(0.65) ? 0 : rng.int(0, c.contacts.length - 1)) : null;
    const contact = c && contactIndex !== null ? c.contacts[contactIndex] : null;
    const wantsProduct = opts.withProduct ?? rng.chance(0.85);
    const product = wantsProduct ? (c && rng.chance(0.8) ? rng.pick(c.favourites) : rng.pick(catalogue)) : null;
    const quantity = product
      ? quantityFor(product, c ? orderValueUsd(c) * rng.range(0.5, 1) : rng.range(50_000, 800_000))
      : rng.chance(0.3)
        ? rng.pick([500, 1000, 2000, 5000])
        : null;
    const text = inquiryText(c, contact, product, quantity, opts.repeat);
    const assignee = pickAssignee(c);
    const response = planFirstResponse(receivedAt, opts.canBeNever);
    const inq: PlanInquiry = {
      customer: c,
      contact: contactIndex,
      channel: opts.channel ?? rng.weighted(CHANNEL_WEIGHTS),
      receivedAt,
      product,
      quantity,
      subject: text.subject,
      body: text.body,
      assignee,
      firstResponse: null,
      autoReplyAt: response.autoReplyAt !== null && response.autoReplyAt <= now ? response.autoReplyAt : null,
      status: "new",
      lostReason: null,
      thread: [],
      updatedAt: receivedAt,
    };
    if (response.at !== null && response.at <= now) {
      const by = pickResponder(assignee);
      inq.firstResponse = { at: response.at, by, body: responseBody(inq, by) };
      inq.status = "responded";
      inq.updatedAt = response.at;
      const F = response.at;
      if (F - receivedAt > 10 * MINUTE && rng.chance(0.3)) {
        inq.thread.push({
          direction: "note",
          author: assignee,
          body: rng.pick(SLOW_NOTES),
          at: receivedAt + Math.floor((F - receivedAt) / 3),
        });
      }
      if (rng.chance(0.28)) {
        const [question, answer] = rng.pick(FOLLOW_UPS);
        const asked = F + Math.floor(rng.range(20 * MINUTE, 2 * DAY));
        if (asked <= now) {
          inq.thread.push({ direction: "in", author: null, body: question, at: asked });
          const replied = asked + Math.floor(rng.range(3 * MINUTE, 5 * HOUR));
          if (replied <= now) inq.thread.push({ direction: "out", author: by, body: answer, at: replied });
        }
      }
      if (rng.chance(0.12)) {
        const author = c?.owner && rng.chance(0.5) ? c.owner : assignee;
        const at = F + Math.floor(rng.range(5 * MINUTE, DAY));
        const body = userLocale(author) === "zh-CN" && rng.chance(0.7) ? rng.pick(NOTES_ZH) : rng.pick(NOTES_EN);
        if (at <= now) inq.thread.push({ direction: "note", author, body, at });
      }
      for (const m of inq.thread) if (m.at > inq.updatedAt) inq.updatedAt = m.at;
    }
    allInquiries.push(inq);
    return inq;
  };

  const touch = (inq: PlanInquiry, t: number) => {
    if (t <= now && t > inq.updatedAt) inq.updatedAt = t;
  };

  const newQuote = (c: PlanCustomer, inq: PlanInquiry, createdAt: number, extraDiscountBps = 0): PlanQuote => {
    const value = orderValueUsd(c);
    const first = inq.product ? { product: inq.product, quantity: inq.quantity } : null;
    const baseDiscount = rng.weighted([
      [0, 70],
      [200, 12],
      [300, 8],
      [500, 10],
    ] as const);
    const quote: PlanQuote = {
      customer: c,
      inquiry: inq,
      createdAt,
      sentAt: null,
      decidedAt: null,
      status: "draft",
      validUntil: addDaysToDay(teamDay(new Date(createdAt)), 30),
      lines: planLines(c, createdAt, value, first, true),
      discountBps: Math.min(2_000, baseDiscount + extraDiscountBps),
      createdBy: quoteAuthor(c),
      notes: rng.pick(QUOTE_NOTES),
      rejectionReason: null,
    };
    allQuotes.push(quote);
    touch(inq, createdAt);
    return quote;
  };

  const orderStatusAt = (
    orderedAt: number,
    mayCancel: boolean,
  ): { status: OrderStatus; cancelReason: string | null; updatedAt: number } => {
    if (mayCancel && rng.chance(0.04)) {
      return {
        status: "cancelled",
        cancelReason: rng.pick(CANCEL_REASONS),
        updatedAt: Math.min(now, orderedAt + Math.floor(rng.range(DAY, 10 * DAY))),
      };
    }
    const age = (now - orderedAt) / DAY + rng.normal() * 6;
    const status: OrderStatus =
      age >= 80 ? "completed" : age >= 50 ? "shipped" : age >= 22 ? "in_production" : age >= 5 ? "deposit_paid" : "confirmed";
    const progressDays =
      status === "completed"
        ? 75
        : status === "shipped"
          ? 48
          : status === "in_production"
            ? 20
            : status === "deposit_paid"
              ? 4
              : 0;
    return { status, cancelReason: null, updatedAt: Math.min(now, orderedAt + progressDays * DAY) };
  };

  const addOrder = (c: PlanCustomer, orderedAt: number, quote: PlanQuote | null, inq: PlanInquiry | null) => {
    const currency = c.currency;
    const lines = quote ? quote.lines : planLines(c, orderedAt, orderValueUsd(c), null, false);
    const state = orderStatusAt(orderedAt, quote === null);
    allOrders.push({
      customer: c,
      quote,
      inquiry: inq,
      orderedAt,
      currency,
      fxRate: fxString(rateAt(currency, orderedAt)),
      lines,
      status: state.status,
      cancelReason: state.cancelReason,
      createdBy: c.owner ?? "manager",
      updatedAt: state.updatedAt,
    });
    c.orderTimes.push(orderedAt);
  };

  /**
   * An inquiry that the team answers, quotes and wins, as far as it has got by `now`.
   * Returns when the order was placed, or null if the deal is still open at `now`.
   */
  const wonPipeline = (c: PlanCustomer, from: number, repeat: boolean): number | null => {
    if (from >= now - HOUR) return null;
    const receivedAt = sampleReceived(from, from + 2 * DAY);
    const channel = repeat && rng.chance(0.5) ? "email" : rng.weighted(CHANNEL_WEIGHTS);
    const inq = newInquiry(c, receivedAt, { canBeNever: false, repeat, channel, withProduct: true });
    if (!inq.firstResponse) return null;
    const createdAt = officeTime(inq.firstResponse.at + Math.floor(rng.range(HOUR, 3 * DAY)));
    if (createdAt > now) return null;
    const quote = newQuote(c, inq, createdAt);
    const sentAt = createdAt + Math.floor(rng.chance(0.7) ? rng.range(5 * MINUTE, HOUR) : rng.range(2 * HOUR, 20 * HOUR));
    if (sentAt > now) return null;
    quote.sentAt = sentAt;
    quote.status = "sent";
    inq.status = "quoted";
    touch(inq, sentAt);
    const decidedAt = sentAt + Math.floor(rng.range(2 * DAY, 22 * DAY));
    if (decidedAt > now) return null;
    quote.status = "accepted";
    quote.decidedAt = decidedAt;
    touch(inq, decidedAt);
    const orderedAt = officeTime(decidedAt + Math.floor(rng.range(HOUR, 2 * DAY)));
    if (orderedAt > now) return null;
    addOrder(c, orderedAt, quote, inq);
    inq.status = "won";
    touch(inq, orderedAt);
    return orderedAt;
  };

  /** Quote outcome for an inquiry that is not won: rejected, expired or still open. */
  const lostOrOpenQuote = (c: PlanCustomer, inq: PlanInquiry, createdAt: number, extraDiscountBps: number, revision: boolean) => {
    const quote = newQuote(c, inq, createdAt, extraDiscountBps);
    if (!revision && rng.chance(0.05)) return; // a draft nobody finished
    const sentAt = createdAt + Math.floor(rng.chance(0.7) ? rng.range(5 * MINUTE, HOUR) : rng.range(2 * HOUR, 20 * HOUR));
    if (sentAt > now) return;
    quote.sentAt = sentAt;
    quote.status = "sent";
    inq.status = "quoted";
    inq.lostReason = null;
    touch(inq, sentAt);
    const decidedAt = sentAt + Math.floor(rng.range(DAY, 20 * DAY));
    if (rng.chance(revision ? 0.3 : 0.4) && decidedAt <= now) {
      const reason = revision ? "chose another supplier" : rng.weighted(REJECTION_REASONS);
      quote.status = "rejected";
      quote.decidedAt = decidedAt;
      quote.rejectionReason = reason;
      inq.status = "lost";
      inq.lostReason = reason;
      touch(inq, decidedAt);
      if (!revision && reason === "price too high" && rng.chance(0.3)) {
        const revisedAt = officeTime(decidedAt + Math.floor(rng.range(2 * HOUR, 3 * DAY)));
        if (revisedAt <= now) lostOrOpenQuote(c, inq, revisedAt, rng.pick([300, 500, 700]), true);
      }
      return;
    }
    if (quote.validUntil < todayAtNow) {
      quote.status = "expired";
      if (rng.chance(0.6)) {
        inq.status = "lost";
        inq.lostReason = "no reply from buyer";
      }
    }
  };

  /** An inquiry that does not turn into an order (most inquiries, as in real life). */
  const plainInquiry = (c: PlanCustomer | null, receivedAt: number) => {
    const inq = newInquiry(c, receivedAt, { canBeNever: true, repeat: false });
    if (!inq.firstResponse) {
      if (receivedAt < now - 7 * DAY) {
        inq.status = "lost";
        inq.lostReason = "not answered in time";
      }
      return;
    }
    if (c && rng.chance(FILLER_QUOTE_RATE)) {
      const createdAt = officeTime(inq.firstResponse.at + Math.floor(rng.range(2 * HOUR, 5 * DAY)));
      if (createdAt <= now) {
        lostOrOpenQuote(c, inq, createdAt, 0, false);
        return;
      }
    }
    if (receivedAt < now - 30 * DAY && rng.chance(0.25)) {
      inq.status = "lost";
      inq.lostReason = rng.weighted(LOST_NO_QUOTE_REASONS);
    }
  };

  const spamInquiry = (receivedAt: number) => {
    const autoReplyAt = open(receivedAt) ? null : receivedAt + Math.floor(rng.range(SECOND, 3 * SECOND));
    allInquiries.push({
      customer: null,
      contact: null,
      channel: rng.weighted([
        ["alibaba", 40],
        ["website", 40],
        ["email", 20],
      ] as const),
      receivedAt,
      product: null,
      quantity: null,
      subject: rng.pick(SPAM_SUBJECTS),
      body: rng.pick(SPAM_BODIES),
      assignee: pickAssignee(null),
      firstResponse: null,
      autoReplyAt: autoReplyAt !== null && autoReplyAt <= now ? autoReplyAt : null,
      status: "spam",
      lostReason: null,
      thread: [],
      updatedAt: Math.min(now, receivedAt + Math.floor(rng.range(MINUTE, 6 * HOUR))),
    });
  };

  // -- customers ------------------------------------------------------------------------------

  const catalogue = buildProducts();
  const byCategory = new Map<string, ProductDef[]>();
  for (const p of catalogue) byCategory.set(p.category, [...(byCategory.get(p.category) ?? []), p]);

  const segments: Segment[] = [
    ...Array<Segment>(110).fill("loyal"),
    ...Array<Segment>(72).fill("regular"),
    ...Array<Segment>(35).fill("churned"),
    ...Array<Segment>(53).fill("oneoff"),
    ...Array<Segment>(30).fill("lead"),
  ];
  rng.shuffle(segments);

  const usedNames = new Set<string>();
  const usedDomains = new Set<string>();
  const planCustomers: PlanCustomer[] = segments.map((segment) => {
    const country = rng.weighted(COUNTRIES.map((c) => [c, c.weight] as const));
    const style = STYLES[country.style];
    let name = "";
    let body = "";
    let template: Template = style.templates[0];
    for (let attempt = 0; attempt < 30; attempt++) {
      template = rng.pick(style.templates);
      body = template.body.replace("{a}", rng.pick(style.a)).replace("{b}", style.b ? rng.pick(style.b) : "");
      name = template.legal ? (template.prefix ? `${template.legal} ${body}` : `${body} ${template.legal}`) : body;
      if (!usedNames.has(name)) break;
    }
    if (usedNames.has(name)) name = `${name} (${usedNames.size})`;
    usedNames.add(name);
    let domain = asciiSlug(body, "-");
    for (let i = 2; usedDomains.has(domain); i++) domain = `${asciiSlug(body, "-")}-${i}`;
    usedDomains.add(domain);

    const industry = template.industry && rng.chance(0.75) ? template.industry : rng.pick(INDUSTRIES);
    const categories = INDUSTRY_CATEGORIES[industry];
    const favourites: ProductDef[] = [];
    const favouriteCount = rng.int(2, 6);
    for (let i = 0; i < 40 && favourites.length < favouriteCount; i++) {
      const p = rng.pick(byCategory.get(rng.pick(categories))!);
      if (!favourites.includes(p)) favourites.push(p);
    }

    const people = PEOPLE[country.people];
    const contactCount = rng.weighted([
      [1, 55],
      [2, 30],
      [3, 15],
    ] as const);
    const emails = new Set<string>();
    const contactsOf: PlanContact[] = [];
    for (let i = 0; i < contactCount; i++) {
      const first = rng.pick(people.first);
      const last = rng.pick(people.last);
      const f = asciiSlug(first, "");
      const l = asciiSlug(last, "");
      let local = rng.weighted([
        [`${f}.${l}`, 60],
        [`${f.charAt(0)}${l}`, 20],
        [f, 10],
        [rng.pick(["purchasing", "sales", "info", "import"]), 10],
      ] as const);
      for (let k = 2; emails.has(local); k++) local = `${f}.${l}${k}`;
      emails.add(local);
      const phone = `${country.dial} ${rng.int(20, 99)} ${rng.int(1000, 9999)} ${rng.int(1000, 9999)}`;
      contactsOf.push({
        name: `${first} ${last}`,
        first,
        email: `${local}@${domain}.example`,
        phone,
        title: rng.pick([
          "Purchasing Manager",
          "Buyer",
          "Procurement Officer",
          "Managing Director",
          "Owner",
          "Sourcing Manager",
          "Import Manager",
          "Category Manager",
        ]),
        messagingHandle: rng.chance(0.4) ? `WhatsApp ${phone}` : null,
      });
    }

    const europeOrAmericas = country.eu || ["US", "GB", "CA", "BR", "MX", "CL", "CO"].includes(country.code);
    const ownerRoll = rng.float();
    const owner: UserKey | null = ownerRoll < 0.1 ? null : ownerRoll < 0.1 + (europeOrAmericas ? 0.3 : 0.6) ? "sales1" : "sales2";
    const currency = country.eu ? (rng.chance(0.78) ? "EUR" : "USD") : rng.chance(0.25) ? "CNY" : "USD";

    const t0Window: Record<Segment, [number, number]> = {
      loyal: [3, 150],
      regular: [3, 520],
      churned: [3, 200],
      oneoff: [3, 700],
      lead: [3, 725],
    };
    const [lo, hi] = t0Window[segment];
    const t0 = start + Math.floor(rng.range(lo * DAY, hi * DAY));
    const stopAt =
      segment === "churned"
        ? now - 365 * DAY - Math.floor(rng.range(0, 60 * DAY))
        : segment === "loyal" && rng.chance(0.15)
          ? now - Math.floor(rng.range(100 * DAY, 300 * DAY))
          : now;

    return {
      name,
      domain,
      country,
      industry,
      owner,
      currency,
      segment,
      t0,
      // Skewed towards the short end: most loyal buyers reorder every two to three months.
      cycleDays: 45 + 75 * rng.float() ** 1.3,
      stopAt,
      typicalUsdCents: Math.min(
        6_000_000,
        Math.max(30_000, TYPICAL_ORDER_SCALE_USD_CENTS / rng.gammaUnitMean(TYPICAL_ORDER_SHAPE)),
      ),
      priceDiscountBps: rng.pick([0, 0, 0, 200, 300, 500, 800]),
      favourites,
      contacts: contactsOf,
      agreed: new Map<ProductDef, number>(),
      orderTimes: [],
      createdAt: t0,
      sourceChannel: null,
    };
  });

  // Negotiated prices for the biggest regular buyers, agreed at the start of the relationship.
  const bigBuyers = planCustomers
    .filter((c) => c.segment === "loyal" || c.segment === "regular")
    .sort((a, b) => b.typicalUsdCents - a.typicalUsdCents)
    .slice(0, 8);
  let agreedCount = 0;
  for (const c of bigBuyers) {
    for (const p of c.favourites.slice(0, 2)) {
      if (agreedCount >= 15) break;
      const list = unitPrice(c, p, c.t0);
      c.agreed.set(p, Math.max(1, Math.round(list * rng.range(0.88, 0.95))));
      agreedCount += 1;
    }
  }

  // -- purchase timelines ---------------------------------------------------------------------

  for (const c of planCustomers) {
    if (c.segment === "lead") continue;
    const maxOrders =
      c.segment === "oneoff"
        ? 1
        : c.segment === "loyal"
          ? Number.POSITIVE_INFINITY
          : c.segment === "regular"
            ? rng.int(2, 9)
            : rng.int(2, 6);
    let cursor = c.t0;
    let first = true;
    while (c.orderTimes.length < maxOrders && cursor <= c.stopAt && cursor < now) {
      const viaInquiry = first ? rng.chance(0.85) : rng.chance(0.12);
      let orderedAt: number | null;
      if (viaInquiry) {
        const inquiryFrom = first
          ? cursor
          : Math.max(cursor - Math.floor(rng.range(8 * DAY, 25 * DAY)), c.orderTimes.at(-1)! + DAY);
        orderedAt = wonPipeline(c, inquiryFrom, !first);
        if (orderedAt === null) break;
      } else {
        orderedAt = officeTime(first ? cursor + Math.floor(rng.range(HOUR, 3 * DAY)) : cursor);
        if (orderedAt > now) break;
        addOrder(c, orderedAt, null, null);
      }
      first = false;
      // Buyers sometimes place a second purchase order for other items a day or two later.
      if (rng.chance(c.segment === "loyal" ? 0.14 : 0.06)) {
        const topUp = officeTime(orderedAt + Math.floor(rng.range(HOUR, 2 * DAY)));
        if (topUp <= now) addOrder(c, topUp, null, null);
      }
      const gapDays =
        c.segment === "loyal"
          ? Math.min(1.6 * c.cycleDays, Math.max(0.6 * c.cycleDays, c.cycleDays * rng.logNormal(0, 0.18)))
          : c.segment === "churned"
            ? rng.range(40, 150)
            : rng.range(45, 200);
      cursor = orderedAt + Math.floor(gapDays * DAY);
    }
  }

  // -- the other inquiries --------------------------------------------------------------------

  const pipelineCount = allInquiries.length;
  const spamCount = Math.round(TARGET_INQUIRIES * SPAM_SHARE);
  const rest = TARGET_INQUIRIES - pipelineCount - spamCount - RECENT_UNANSWERED;
  const anonymousCount = Math.round(rest * ANONYMOUS_SHARE);
  const leads = planCustomers.filter((c) => c.segment === "lead");
  const customerCount = rest - anonymousCount;

  const activeWindow = (c: PlanCustomer): [number, number] => {
    const last = c.orderTimes.at(-1) ?? c.t0;
    switch (c.segment) {
      case "churned":
        return [c.t0 + HOUR, Math.min(now, last + 90 * DAY)];
      case "lead":
        return [c.t0, Math.min(now, c.t0 + 400 * DAY)];
      case "loyal":
        return [c.t0 + HOUR, c.stopAt < now ? Math.min(now, c.stopAt + 60 * DAY) : now];
      default:
        return [c.t0 + HOUR, now];
    }
  };
  const fillerWeight: Record<Segment, number> = { loyal: 3, regular: 2, churned: 1.5, oneoff: 1.2, lead: 1.5 };

  // Every lead came in through at least one inquiry.
  for (const c of leads) plainInquiry(c, sampleReceived(c.t0, c.t0 + 2 * HOUR));
  const weightedCustomers = planCustomers.map((c) => [c, fillerWeight[c.segment]] as const);
  for (let i = leads.length; i < customerCount; i++) {
    const c = rng.weighted(weightedCustomers);
    const [lo, hi] = activeWindow(c);
    if (hi - lo < HOUR) {
      i -= 1;
      continue;
    }
    plainInquiry(c, sampleReceived(lo, hi));
  }
  for (let i = 0; i < anonymousCount; i++) plainInquiry(null, sampleReceived(start, now));
  for (let i = 0; i < spamCount; i++) spamInquiry(sampleReceived(start, now));

  // A handful of inquiries from the last few hours that nobody has answered yet.
  const established = planCustomers.filter((c) => c.t0 < now - 30 * DAY);
  for (let i = 0; i < RECENT_UNANSWERED; i++) {
    const c = rng.pick(established);
    const receivedAt = now - Math.floor(rng.range(2 * MINUTE, 4 * HOUR));
    const contactIndex = rng.chance(0.65) ? 0 : rng.int(0, c.contacts.length - 1);
    const product = rng.pick(c.favourites);
    const quantity = quantityFor(product, orderValueUsd(c));
    const text = inquiryText(c, c.contacts[contactIndex], product, quantity, false);
    const autoReplyAt = open(receivedAt) ? null : receivedAt + Math.floor(rng.range(SECOND, 3 * SECOND));
    allInquiries.push({
      customer: c,
      contact: contactIndex,
      channel: rng.weighted(CHANNEL_WEIGHTS),
      receivedAt,
      product,
      quantity,
      subject: text.subject,
      body: text.body,
      assignee: pickAssignee(c),
      firstResponse: null,
      autoReplyAt: autoReplyAt !== null && autoReplyAt <= now ? autoReplyAt : null,
      status: "new",
      lostReason: null,
      thread: [],
      updatedAt: receivedAt,
    });
  }

  // -- customers' first contact -----------------------------------------------------------------

  const firstInquiry = new Map<PlanCustomer, PlanInquiry>();
  for (const inq of allInquiries) {
    if (!inq.customer) continue;
    const seen = firstInquiry.get(inq.customer);
    if (!seen || inq.receivedAt < seen.receivedAt) firstInquiry.set(inq.customer, inq);
  }
  for (const c of planCustomers) {
    const inq = firstInquiry.get(c);
    const firstOrder = c.orderTimes.length ? Math.min(...c.orderTimes) : Number.POSITIVE_INFINITY;
    const firstSeen = Math.min(inq?.receivedAt ?? Number.POSITIVE_INFINITY, firstOrder, c.t0 + DAY);
    // Created a little before the first inquiry (or the first order, for buyers met offline).
    c.createdAt = firstSeen - Math.floor(rng.range(30 * SECOND, 20 * MINUTE));
    c.sourceChannel =
      inq && inq.receivedAt <= firstOrder
        ? inq.channel
        : rng.weighted([
            ["trade_show", 50],
            ["referral", 30],
            ["email", 20],
          ] as const);
  }

  return { products: catalogue, customers: planCustomers, inquiries: allInquiries, quotes: allQuotes, orders: allOrders, start };
}

// ---------------------------------------------------------------------------------------------
// Writing the plan
// ---------------------------------------------------------------------------------------------

const TEMPLATES: { name: string; locale: string; body: string }[] = [
  {
    name: "Thanks for your inquiry",
    locale: "en",
    body: "Dear customer,\n\nthank you for your inquiry. We have received your message and will send our best offer shortly. Could you let us know the quantity, finish and destination port?\n\nBest regards",
  },
  {
    name: "Price list attached",
    locale: "en",
    body: "Dear customer,\n\nplease find our current price list attached. Prices are FOB Ningbo in USD and valid for 30 days. MOQ is 500 pcs per item, lead time 25–30 days after deposit.\n\nBest regards",
  },
  {
    name: "Request for details",
    locale: "en",
    body: "Dear customer,\n\nto quote exactly we need a few more details: material (SS201, SS304 or SS316), size, finish, packing and annual quantity. Drawings or photos help a lot.\n\nBest regards",
  },
  {
    name: "Sample policy",
    locale: "en",
    body: "Dear customer,\n\nsamples of standard items are free of charge; the courier cost is paid by the buyer and refunded with the first order. Samples ship within 3 working days.\n\nBest regards",
  },
  {
    name: "Follow-up after quotation",
    locale: "en",
    body: "Dear customer,\n\nwe sent you our quotation last week. Do you have any questions, or is there anything we can adjust for you?\n\nBest regards",
  },
  {
    name: "感谢询盘",
    locale: "zh-CN",
    body: "您好，\n\n感谢您的询盘！我们已收到您的信息，会尽快给您报最优价格。请告知数量、表面处理和目的港。\n\n祝好",
  },
  {
    name: "附上价格表",
    locale: "zh-CN",
    body: "您好，\n\n附件是我们最新的价格表，价格为宁波FOB美元价，有效期30天。每款起订量500件，交期为收到定金后25–30天。\n\n祝好",
  },
  {
    name: "请提供详细信息",
    locale: "zh-CN",
    body: "您好，\n\n为了准确报价，请提供：材质（201、304或316不锈钢）、尺寸、表面处理、包装方式和年用量。如有图纸或照片更好。\n\n祝好",
  },
  {
    name: "样品政策",
    locale: "zh-CN",
    body: "您好，\n\n标准产品样品免费，快递费由买家承担，首单时可退还。样品3个工作日内发出。\n\n祝好",
  },
  {
    name: "报价跟进",
    locale: "zh-CN",
    body: "您好，\n\n上周已发送报价单给您，请问有什么问题吗？如需调整，请随时告诉我们。\n\n祝好",
  },
];

/**
 * Numbers documents in date order. Asks the table once per year (so numbers continue after any
 * that exist), then counts on locally instead of querying for every document.
 */
function documentNumberer(firstFree: (at: Date) => string): (at: Date) => string {
  const lastByYear = new Map<string, string>();
  return (at) => {
    const year = teamDay(at).slice(0, 4);
    const last = lastByYear.get(year);
    // The series' own rule (nextDocumentNumber) counts on from the last number given.
    const number =
      last === undefined ? firstFree(at) : nextDocumentNumber({ from: last.slice(0, last.lastIndexOf("-") + 1) }, last);
    lastByYear.set(year, number);
    return number;
  };
}

function writePlan(tx: DB, plan: Plan, now: Date, passwordHash: string, rng: Rng): void {
  const userIds = {} as Record<UserKey, number>;
  const usersSince = new Date(plan.start - 30 * DAY);
  for (const u of USER_DEFS) {
    userIds[u.key] = insertUser(tx, {
      email: u.email,
      name: u.name,
      role: u.role,
      locale: u.locale,
      onDuty: u.onDuty,
      active: true,
      passwordHash,
      createdAt: usersSince,
      updatedAt: usersSince,
    }).id;
  }
  const channelIds = new Map(
    tx
      .select({ id: channels.id, key: channels.key })
      .from(channels)
      .all()
      .map((c) => [c.key, c.id]),
  );
  const channelIdOf = (key: string): number => {
    const id = channelIds.get(key);
    if (id === undefined) throw new Error(`Channel ${key} is missing; did the migrations run?`);
    return id;
  };

  const productIds = new Map<ProductDef, number>();
  const catalogueSince = new Date(plan.start - 60 * DAY);
  for (const p of plan.products) {
    productIds.set(
      p,
      createProduct(tx, {
        sku: p.sku,
        name: p.name,
        category: p.category,
        listPriceMinor: p.priceCents,
        currency: "USD",
        createdAt: catalogueSince,
        updatedAt: catalogueSince,
      }).id,
    );
  }

  const customersInOrder = [...plan.customers].sort((a, b) => a.createdAt - b.createdAt);
  customersInOrder.forEach((c, i) => {
    const createdAt = new Date(c.createdAt);
    c.dbId = createCustomer(tx, {
      externalId: `CUS-${String(i + 1).padStart(5, "0")}`,
      name: c.name,
      country: c.country.code,
      industry: c.industry,
      website: `https://www.${c.domain}.example`,
      ownerId: c.owner ? userIds[c.owner] : null,
      sourceChannelId: c.sourceChannel ? channelIdOf(c.sourceChannel) : null,
      createdAt,
      updatedAt: createdAt,
    }).id;
    c.contactIds = c.contacts.map(
      (contact) =>
        createContact(tx, {
          customerId: c.dbId,
          name: contact.name,
          email: contact.email,
          phone: contact.phone,
          title: contact.title,
          messagingHandle: contact.messagingHandle,
          createdAt,
          updatedAt: createdAt,
        }).id,
    );
  });

  const externalCounters = new Map<string, number>();
  const externalIdFor = (inq: PlanInquiry): string | null => {
    const prefix =
      inq.channel === "alibaba" ? "AL" : inq.channel === "made_in_china" ? "MIC" : inq.channel === "website" ? "WEB" : null;
    if (!prefix) return null;
    const day = teamDay(new Date(inq.receivedAt)).replaceAll("-", "");
    const key = `${prefix}-${day}`;
    const n = (externalCounters.get(key) ?? 0) + 1;
    externalCounters.set(key, n);
    return `${key}-${String(n).padStart(4, "0")}`;
  };

  // Thread messages after the first are written in bulk at the end (thousands of rows).
  const laterMessages: (typeof messages.$inferInsert)[] = [];
  const inquiriesInOrder = [...plan.inquiries].sort((a, b) => a.receivedAt - b.receivedAt);
  for (const inq of inquiriesInOrder) {
    const c = inq.customer;
    const row = createInquiry(tx, {
      channelId: channelIdOf(inq.channel),
      externalId: externalIdFor(inq),
      customerId: c?.dbId ?? null,
      contactId: c && inq.contact !== null ? c.contactIds![inq.contact] : null,
      productId: inq.product ? productIds.get(inq.product)! : null,
      quantity: inq.quantity,
      subject: inq.subject,
      body: inq.body,
      status: inq.status,
      lostReason: inq.lostReason,
      assigneeId: userIds[inq.assignee],
      createdById: MANUAL_CHANNELS.has(inq.channel) ? userIds[inq.assignee] : null,
      receivedAt: new Date(inq.receivedAt),
      updatedAt: new Date(inq.updatedAt),
      firstResponse: inq.firstResponse
        ? { at: new Date(inq.firstResponse.at), by: userIds[inq.firstResponse.by], body: inq.firstResponse.body }
        : undefined,
      autoReply: inq.autoReplyAt !== null ? { at: new Date(inq.autoReplyAt), body: DEFAULT_AUTO_REPLY } : undefined,
    });
    inq.dbId = row.id;
    for (const m of inq.thread) {
      laterMessages.push({
        inquiryId: row.id,
        direction: m.direction,
        authorId: m.author ? userIds[m.author] : null,
        body: m.body,
        sentAt: new Date(m.at),
        createdAt: new Date(m.at),
      });
    }
  }

  const toLineInputs = (lines: PlanLine[]): LineInput[] =>
    lines.map((l) => ({
      productId: productIds.get(l.product)!,
      description: `${l.product.sku} ${l.product.name}`,
      quantity: l.quantity,
      unitPriceMinor: l.unitPriceMinor,
      discountBps: l.discountBps,
    }));

  const quoteNumber = documentNumberer((at) => nextQuoteNumber(tx, at));
  const quotesInOrder = [...plan.quotes].sort((a, b) => a.createdAt - b.createdAt);
  for (const q of quotesInOrder) {
    const row = createQuote(tx, {
      number: quoteNumber(new Date(q.createdAt)),
      customerId: q.customer.dbId!,
      inquiryId: q.inquiry?.dbId ?? null,
      currency: q.customer.currency,
      discountBps: q.discountBps,
      validUntil: q.validUntil,
      notes: q.notes,
      status: q.status,
      sentAt: q.sentAt !== null ? new Date(q.sentAt) : null,
      decidedAt: q.decidedAt !== null ? new Date(q.decidedAt) : null,
      createdById: userIds[q.createdBy],
      createdAt: new Date(q.createdAt),
      updatedAt: new Date(q.decidedAt ?? q.sentAt ?? q.createdAt),
      lines: toLineInputs(q.lines),
    });
    q.dbId = row.id;
    const inq = q.inquiry;
    if (!inq?.dbId) continue;
    const first = inq.customer && inq.contact !== null ? inq.customer.contacts[inq.contact].first : "Sir or Madam";
    if (q.sentAt !== null) {
      laterMessages.push({
        inquiryId: inq.dbId,
        direction: "out",
        authorId: userIds[q.createdBy],
        body: `Dear ${first},\n\nplease find attached our quotation ${row.number} (${q.customer.currency} ${minorToDecimalString(row.totalMinor, q.customer.currency)}), valid until ${q.validUntil}.\n\nBest regards,\n${USER_DEFS.find((u) => u.key === q.createdBy)!.name}`,
        sentAt: new Date(q.sentAt),
        createdAt: new Date(q.sentAt),
      });
    }
    if (q.decidedAt !== null) {
      laterMessages.push({
        inquiryId: inq.dbId,
        direction: "in",
        body:
          q.status === "accepted"
            ? `We accept your quotation ${row.number}. Please send the proforma invoice.`
            : REJECTION_MESSAGES[q.rejectionReason ?? "price too high"],
        sentAt: new Date(q.decidedAt),
        createdAt: new Date(q.decidedAt),
      });
    }
  }
  for (let i = 0; i < laterMessages.length; i += 500) {
    tx.insert(messages)
      .values(laterMessages.slice(i, i + 500))
      .run();
  }

  const orderNumber = documentNumberer((at) => nextOrderNumber(tx, at));
  const ordersInOrder = [...plan.orders].sort((a, b) => a.orderedAt - b.orderedAt);
  for (const o of ordersInOrder) {
    createOrder(tx, {
      number: orderNumber(new Date(o.orderedAt)),
      customerId: o.customer.dbId!,
      quoteId: o.quote?.dbId ?? null,
      inquiryId: o.inquiry?.dbId ?? null,
      currency: o.currency,
      fxRate: o.fxRate,
      discountBps: o.quote?.discountBps ?? 0,
      lines: toLineInputs(o.lines),
      orderedAt: new Date(o.orderedAt),
      status: o.status,
      cancelReason: o.cancelReason,
      createdById: userIds[o.createdBy],
      createdAt: new Date(o.orderedAt),
      updatedAt: new Date(o.updatedAt),
    });
  }

  for (const c of plan.customers) {
    for (const [p, price] of c.agreed) {
      const at = new Date(c.createdAt + 30 * DAY);
      tx.insert(agreedPrices)
        .values({
          customerId: c.dbId!,
          productId: productIds.get(p)!,
          priceMinor: price,
          currency: c.currency,
          createdAt: at,
          updatedAt: at,
        })
        .run();
    }
  }

  const templatesSince = new Date(plan.start);
  for (const t of TEMPLATES) {
    tx.insert(replyTemplates)
      .values({
        ...t,
        createdById: userIds[t.locale === "zh-CN" ? "service1" : "manager"],
        createdAt: templatesSince,
        updatedAt: templatesSince,
      })
      .run();
  }

  // Monthly marketing spend for the 24 team-time-zone months up to and including now's month.
  const [y, m] = teamDay(now).split("-").map(Number);
  for (let back = 23; back >= 0; back--) {
    const monthIndex = y * 12 + (m - 1) - back;
    const month = `${Math.floor(monthIndex / 12)}-${String((monthIndex % 12) + 1).padStart(2, "0")}`;
    const monthNumber = (monthIndex % 12) + 1;
    const fairMonth = monthNumber === 4 || monthNumber === 10; // Canton Fair, spring and autumn
    const amounts: [ChannelKey, number][] = [
      ["alibaba", rng.int(240_000, 340_000)],
      ["made_in_china", rng.int(60_000, 110_000)],
      ["website", rng.int(35_000, 70_000)],
      ["trade_show", fairMonth ? rng.int(1_500_000, 2_200_000) : rng.int(15_000, 40_000)],
    ];
    const at = new Date(`${month}-01T00:00:00Z`);
    for (const [key, amountMinor] of amounts) {
      tx.insert(channelSpend)
        .values({ month, channelId: channelIdOf(key), amountMinor, currency: "USD", fxRate: "1", createdAt: at, updatedAt: at })
        .run();
    }
  }
}

function countRows(tx: DB): SeedSummary {
  const n = (table: SQLiteTable) => tx.select({ n: count() }).from(table).get()?.n ?? 0;
  return {
    users: n(users),
    customers: n(customers),
    contacts: n(contacts),
    products: n(products),
    inquiries: n(inquiries),
    messages: n(messages),
    quotes: n(quotes),
    orders: n(orders),
  };
}

function writeSeededMarker(tx: DB, now: Date): void {
  const value = { at: now.toISOString() };
  tx.insert(settings)
    .values({ key: DEMO_SEEDED_AT_KEY, value, updatedAt: now })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } })
    .run();
}

function seedInTransaction(tx: DB, options: SeedOptions, passwordHash: string): SeedSummary {
  const rng = new Rng(options.random ?? mulberry32(DEMO_RANDOM_SEED));
  const now = options.now.getTime();
  if (Number.isNaN(now)) throw new RangeError("seedDemo needs a valid `now`");
  const plan = planDemo(now, rng);
  writePlan(tx, plan, options.now, passwordHash, rng);
  writeSeededMarker(tx, options.now);
  return countRows(tx);
}

/**
 * Loads the demo data (one transaction; all or nothing) and returns the row counts. It does not
 * check whether the database is empty: use seedDemoIfEmpty at start-up.
 */
export async function seedDemo(db: DB, options: SeedOptions): Promise<SeedSummary> {
  const passwordHash = await demoPasswordHash();
  return db.transaction((tx) => seedInTransaction(tx, options, passwordHash), { behavior: "immediate" });
}

function isUnseeded(db: DB): boolean {
  const userCount = db.select({ n: count() }).from(users).get()?.n ?? 0;
  if (userCount > 0) return false;
  return !db.select({ key: settings.key }).from(settings).where(eq(settings.key, DEMO_SEEDED_AT_KEY)).get();
}

/**
 * Seeds only a database that has no users and was never seeded (the marker row survives even if
 * every demo user is deleted later), so demo data is loaded at most once.
 */
export async function seedDemoIfEmpty(db: DB, now: Date): Promise<SeedSummary | null> {
  if (!isUnseeded(db)) return null;
  const passwordHash = await demoPasswordHash();
  // Checked again under the write lock: another process may have seeded while we hashed.
  return db.transaction((tx) => (isUnseeded(tx) ? seedInTransaction(tx, { now }, passwordHash) : null), {
    behavior: "immediate",
  });
}

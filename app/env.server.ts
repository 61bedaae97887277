import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { z } from "zod";

// Each check names its own message: the forms' error map (schemas/form.ts) turns zod's defaults
// into catalog keys such as "errors.invalid", which say nothing to whoever starts the process.
const PORT_MESSAGE = "PORT must be a whole number from 1 to 65535";

const envSchema = z.object({
  NODE_ENV: z
    .enum(["development", "production", "test"], "NODE_ENV must be development, production or test")
    .default("development"),
  PORT: z.coerce.number(PORT_MESSAGE).int(PORT_MESSAGE).min(1, PORT_MESSAGE).max(65535, PORT_MESSAGE).default(3000),
  DATABASE_PATH: z.string().min(1).default("./data/crm.db"),
  SESSION_SECRET: z.string().min(16, "SESSION_SECRET must be at least 16 characters").optional(),
  CRM_DEMO: z.enum(["0", "1"], "CRM_DEMO must be 0 or 1").default("1"),
  CRM_JOBS: z.enum(["on", "off"], "CRM_JOBS must be on or off").default("on"),
  CRM_JOBS_DEBUG: z.enum(["0", "1"], "CRM_JOBS_DEBUG must be 0 or 1").default("0"),
  CRM_INTAKE_KEY: z.string().min(16, "CRM_INTAKE_KEY must be at least 16 characters").optional(),
  CRM_TRUST_PROXY: z
    .string()
    .trim()
    .regex(
      /^[\w.:/,\s-]*$/,
      "CRM_TRUST_PROXY must be true, false, a number of proxies, or addresses and subnets separated by commas",
    )
    .default("false")
    .transform(parseTrustProxy),
});

/**
 * Which proxies may tell the app the client's address and protocol (X-Forwarded-For/-Proto), in the
 * form Express's "trust proxy" takes: false (none, the default: a client could claim HTTPS or any
 * address), true (any), a count of proxy hops, or addresses and subnets ("loopback, 10.0.0.0/8").
 */
export function parseTrustProxy(value: string): boolean | number | string[] {
  const text = value.trim().toLowerCase();
  if (text === "" || text === "false" || text === "0") return false;
  if (text === "true") return true;
  if (/^\d+$/.test(text)) return Number(text);
  return text
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
}

export type Env = z.infer<typeof envSchema>;

let parsed: Env | undefined;

/** process.env, parsed once; a bad value stops the process with a one-line reason per variable. */
export function env(): Env {
  if (parsed) return parsed;
  const result = envSchema.safeParse({
    ...process.env,
    SESSION_SECRET: process.env.SESSION_SECRET || undefined,
    CRM_INTAKE_KEY: process.env.CRM_INTAKE_KEY || undefined,
    CRM_TRUST_PROXY: process.env.CRM_TRUST_PROXY || undefined,
    DATABASE_PATH: process.env.DATABASE_PATH || undefined,
    CRM_DEMO: process.env.CRM_DEMO || undefined,
    CRM_JOBS: process.env.CRM_JOBS || undefined,
    CRM_JOBS_DEBUG: process.env.CRM_JOBS_DEBUG || undefined,
    PORT: process.env.PORT || undefined,
  });
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  parsed = result.data;
  return parsed;
}

let secret: string | undefined;

/**
 * The key that signs session cookies. Without SESSION_SECRET, one is made on first start and kept
 * beside the database, so that sessions survive restarts without any setup.
 */
export function sessionSecret(): string {
  if (secret) return secret;
  const configured = env().SESSION_SECRET;
  if (configured) return (secret = configured);
  const databasePath = env().DATABASE_PATH;
  const folder = databasePath === ":memory:" ? resolve(".") : dirname(resolve(databasePath));
  const file = join(folder, ".session-secret");
  if (existsSync(file)) {
    secret = readFileSync(file, "utf8").trim();
  } else {
    mkdirSync(folder, { recursive: true });
    secret = randomBytes(32).toString("base64url");
    writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  }
  return secret;
}

/** For tests: read process.env again, as a fresh start would. */
export function reloadEnv(): void {
  parsed = undefined;
  secret = undefined;
}

import { z } from "zod";
import type { AuditEntry } from "~/models/audit.server";

type Entity = AuditEntry["entity"];

// Written as a record so that a new kind of audited record must be added here too.
const ENTITY_KEYS: Record<Entity, true> = {
  customer: true,
  product: true,
  agreed_price: true,
  import: true,
  quote: true,
  order: true,
  settings: true,
  user: true,
  api_key: true,
  channel_spend: true,
  inquiry: true,
};
export const AUDITED_ENTITIES = Object.keys(ENTITY_KEYS) as Entity[];

/** The audit page's `?entity=…&id=…`: one record's trail. */
export const auditRecordSchema = z.object({
  entity: z.enum(AUDITED_ENTITIES),
  id: z.string().trim().min(1).max(100),
});

import type { DB } from "~db/client.server";
import type { CustomerForm } from "~/schemas/customer";
import { channelsById } from "./channel.server";
import { externalIdTaken, isSalesUser, likelyDuplicates, type CustomerInput } from "./customer.server";

/**
 * What the customer form needs checked against the database: the owner is a sales rep, the
 * channel exists, the external id is free, and no likely duplicate was overlooked.
 */
export function checkCustomerForm(db: DB, form: CustomerForm, excludeId?: number) {
  const errors: Record<string, string[]> = {};
  if (form.ownerId !== null && !isSalesUser(db, form.ownerId)) errors.ownerId = ["customers.errors.ownerNotSales"];
  if (form.sourceChannelId !== null && !channelsById(db).has(form.sourceChannelId)) errors.sourceChannelId = ["errors.invalid"];
  if (form.externalId && externalIdTaken(db, form.externalId, excludeId))
    errors.externalId = ["customers.errors.externalIdTaken"];
  const duplicates = form.confirmDuplicate ? [] : likelyDuplicates(db, { name: form.name, email: form.contactEmail }, excludeId);
  const input: CustomerInput = {
    name: form.name,
    country: form.country,
    industry: form.industry,
    website: form.website,
    externalId: form.externalId,
    ownerId: form.ownerId,
    sourceChannelId: form.sourceChannelId,
    notes: form.notes,
  };
  return { errors, duplicates, input };
}

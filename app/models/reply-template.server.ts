import { asc, eq } from "drizzle-orm";
import type { DB } from "~db/client.server";
import { replyTemplates, type Locale } from "~db/schema";
import type { ReplyTemplateInput } from "~/schemas/reply-template";

export type ReplyTemplate = typeof replyTemplates.$inferSelect;

type By = { userId: number | null; at: Date };

/** Templates by language, then name (the order of the locale index). */
export function listReplyTemplates(db: DB, { locale }: { locale?: Locale } = {}): ReplyTemplate[] {
  return db
    .select()
    .from(replyTemplates)
    .where(locale ? eq(replyTemplates.locale, locale) : undefined)
    .orderBy(asc(replyTemplates.locale), asc(replyTemplates.name), asc(replyTemplates.id))
    .all();
}

export function getReplyTemplate(db: DB, id: number): ReplyTemplate | undefined {
  return db.select().from(replyTemplates).where(eq(replyTemplates.id, id)).get();
}

export function createReplyTemplate(db: DB, input: ReplyTemplateInput, by: By): ReplyTemplate {
  return db
    .insert(replyTemplates)
    .values({ ...input, createdById: by.userId, createdAt: by.at, updatedAt: by.at })
    .returning()
    .get();
}

export function updateReplyTemplate(db: DB, id: number, changes: Partial<ReplyTemplateInput>, by: By): ReplyTemplate | undefined {
  return db
    .update(replyTemplates)
    .set({ ...changes, updatedAt: by.at })
    .where(eq(replyTemplates.id, id))
    .returning()
    .get();
}

/** True when a template was deleted. */
export function deleteReplyTemplate(db: DB, id: number): boolean {
  return db.delete(replyTemplates).where(eq(replyTemplates.id, id)).run().changes > 0;
}

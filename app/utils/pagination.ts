import { z } from "zod";

export const PAGE_SIZE = 50;

const pageSchema = z.coerce.number().int().min(1).max(1_000_000).catch(1);

/** The page asked for in ?page=, defaulting to 1 for anything unreadable. */
export function pageFromUrl(url: URL): number {
  return pageSchema.parse(url.searchParams.get("page") ?? 1);
}

export type Page<T> = { rows: T[]; total: number; page: number; pageSize: number; pages: number };

export function pageInfo(total: number, page: number, pageSize = PAGE_SIZE) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return { total, page: Math.min(page, pages), pageSize, pages, offset: (Math.min(page, pages) - 1) * pageSize };
}

import { beforeEach, describe, expect, it } from "vitest";
import { replyTemplates } from "~db/schema";
import type { OpenDatabase } from "~db/client.server";
import * as list from "~/routes/templates._index";
import * as edit from "~/routes/templates.$templateId";
import {
  createReplyTemplate,
  deleteReplyTemplate,
  getReplyTemplate,
  listReplyTemplates,
  updateReplyTemplate,
} from "~/models/reply-template.server";
import { createTeam, createTestDb, formRequest, getRequest, loaderArgs, respond, sessionCookieFor } from "./helpers";

let database: OpenDatabase;

beforeEach(async () => {
  database = createTestDb();
  await createTeam(database.db);
});

async function signIn(who: string) {
  return sessionCookieFor(`${who}@example.com`);
}

const by = () => ({ userId: null, at: new Date() });
const seed = (name: string, locale: "en" | "zh-CN", body = `${name} body`) =>
  createReplyTemplate(database.db, { name, locale, body }, by());

const loadList = (cookie: string, search = "") =>
  respond(() => list.loader(loaderArgs(getRequest(`/templates${search}`, cookie))));
const postList = (cookie: string, fields: Record<string, string>) =>
  respond(() => list.action(loaderArgs(formRequest("/templates?index", fields, { cookie }))));
const loadEdit = (cookie: string, id: string) =>
  respond(() => edit.loader(loaderArgs(getRequest(`/templates/${id}`, cookie), { templateId: id })));
const postEdit = (cookie: string, id: string, fields: Record<string, string>) =>
  respond(() => edit.action(loaderArgs(formRequest(`/templates/${id}`, fields, { cookie }), { templateId: id })));

const valid = { name: "MOQ", locale: "en", body: "Our MOQ is 500 pcs." };

describe("reply templates: roles", () => {
  it("lets managers and admins in and keeps service and sales out, on every loader and action", async () => {
    const template = seed("Price list", "en");
    const id = String(template.id);
    const expected = { svc: 403, rep: 403, boss: 200, root: 200 };
    for (const [who, status] of Object.entries(expected)) {
      const cookie = await signIn(who);
      expect((await loadList(cookie)).status, `${who} list`).toBe(status);
      expect((await loadEdit(cookie, id)).status, `${who} edit`).toBe(status);
      expect((await postList(cookie, { ...valid, name: `By ${who}` })).status, `${who} create`).toBe(status);
      expect((await postEdit(cookie, id, { intent: "update", ...valid })).status, `${who} update`).toBe(status);
    }
    for (const who of ["svc", "rep"]) {
      expect((await postEdit(await signIn(who), id, { intent: "delete" })).status, `${who} delete`).toBe(403);
    }
    expect(getReplyTemplate(database.db, template.id)).toBeDefined();
    const names = listReplyTemplates(database.db).map((row) => row.name);
    expect(names).not.toContain("By svc");
    expect(names).not.toContain("By rep");
  });
});

describe("reply templates: list and create", () => {
  it("lists templates by language and name, and filters by language", async () => {
    seed("Samples", "en");
    seed("交期", "zh-CN");
    seed("Lead time", "en");
    const cookie = await signIn("boss");

    const all = await (await loadList(cookie)).json();
    expect(all.locale).toBeNull();
    expect(all.templates.map((row: { name: string }) => row.name)).toEqual(["Lead time", "Samples", "交期"]);

    const zh = await (await loadList(cookie, "?locale=zh-CN")).json();
    expect(zh.locale).toBe("zh-CN");
    expect(zh.templates.map((row: { name: string }) => row.name)).toEqual(["交期"]);

    // An unknown language shows everything rather than failing.
    const unknown = await (await loadList(cookie, "?locale=fr")).json();
    expect(unknown.locale).toBeNull();
    expect(unknown.templates).toHaveLength(3);
  });

  it("creates a template", async () => {
    const response = await postList(await signIn("boss"), {
      name: " 样品 ",
      locale: "zh-CN",
      body: "可以免费提供样品。\n运费由买家承担。",
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.created.name).toBe("样品");
    const stored = getReplyTemplate(database.db, body.created.id)!;
    expect(stored).toMatchObject({ name: "样品", locale: "zh-CN", body: "可以免费提供样品。\n运费由买家承担。" });
    expect(stored.createdById).not.toBeNull();
  });

  it("answers 400 with an error per field and keeps what was typed", async () => {
    const cookie = await signIn("root");
    const empty = await postList(cookie, { name: "", locale: "en", body: "  " });
    expect(empty.status).toBe(400);
    const emptyBody = await empty.json();
    expect(emptyBody.errors).toEqual({ name: ["errors.required"], body: ["errors.required"] });
    expect(emptyBody.values).toEqual({ name: "", locale: "en", body: "  " });

    const long = { name: "n".repeat(101), locale: "de", body: "b".repeat(5001) };
    const tooLong = await postList(cookie, long);
    expect(tooLong.status).toBe(400);
    const body = await tooLong.json();
    expect(body.errors.name).toEqual(['errors.tooLong|{"maximum":100}']);
    expect(body.errors.body).toEqual(['errors.tooLong|{"maximum":5000}']);
    expect(body.errors.locale).toEqual(["errors.invalid"]);
    expect(body.values).toEqual(long);
    expect(database.db.select().from(replyTemplates).all()).toHaveLength(0);
  });

  it("accepts the longest allowed name and body", async () => {
    const response = await postList(await signIn("root"), { name: "n".repeat(100), locale: "en", body: "b".repeat(5000) });
    expect(response.status).toBe(200);
  });
});

describe("reply templates: edit and delete", () => {
  it("updates name, language and body", async () => {
    const template = seed("Payment", "en", "30% deposit.");
    const id = String(template.id);
    const response = await postEdit(await signIn("boss"), id, {
      intent: "update",
      name: "付款方式",
      locale: "zh-CN",
      body: "30% 定金，70% 见提单副本付款。",
    });
    expect(response.status).toBe(200);
    expect((await response.json()).updated).toBe("付款方式");
    const stored = getReplyTemplate(database.db, template.id)!;
    expect(stored).toMatchObject({ name: "付款方式", locale: "zh-CN", body: "30% 定金，70% 见提单副本付款。" });
    expect(stored.updatedAt.getTime()).toBeGreaterThanOrEqual(template.updatedAt.getTime());
  });

  it("answers 400 with the typed values and leaves the template as it was", async () => {
    const template = seed("Payment", "en", "30% deposit.");
    const fields = { intent: "update", name: "", locale: "en", body: "changed" };
    const response = await postEdit(await signIn("boss"), String(template.id), fields);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.errors).toEqual({ name: ["errors.required"] });
    expect(body.values).toEqual(fields);
    expect(getReplyTemplate(database.db, template.id)).toMatchObject({ name: "Payment", body: "30% deposit." });
  });

  it("deletes a template and goes back to the list", async () => {
    const template = seed("Old", "en");
    const keep = seed("Keep", "en");
    const response = await postEdit(await signIn("root"), String(template.id), { intent: "delete" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/templates");
    expect(getReplyTemplate(database.db, template.id)).toBeUndefined();
    expect(getReplyTemplate(database.db, keep.id)).toBeDefined();
  });

  it("answers 404 for a template that does not exist", async () => {
    const cookie = await signIn("boss");
    expect((await loadEdit(cookie, "999")).status).toBe(404);
    expect((await loadEdit(cookie, "abc")).status).toBe(404);
    expect((await postEdit(cookie, "999", { intent: "delete" })).status).toBe(404);
  });

  it("refuses an unknown intent", async () => {
    const template = seed("Any", "en");
    expect((await postEdit(await signIn("boss"), String(template.id), { intent: "explode" })).status).toBe(400);
  });
});

describe("reply template model", () => {
  it("reports whether a delete found anything, and updates only what exists", () => {
    const template = seed("Gone", "en");
    expect(updateReplyTemplate(database.db, 999, { name: "x" }, by())).toBeUndefined();
    expect(deleteReplyTemplate(database.db, template.id)).toBe(true);
    expect(deleteReplyTemplate(database.db, template.id)).toBe(false);
  });
});

/**
 * The forms on Conform, as a browser without scripts sees them after a refused post: each error
 * next to its field (aria-invalid, the message in the reader's language) and what was typed kept.
 */
import type { ComponentType } from "react";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { Outlet, type RouteObject } from "react-router-dom";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { beforeEach, describe, expect, it } from "vitest";
import { createProduct, createUser } from "~db/factories";
import { createI18n } from "~/i18n";
import { en } from "~/i18n/en";
import * as editUser from "~/routes/admin.users.$userId";
import * as users from "~/routes/admin.users._index";
import * as newCustomer from "~/routes/customers.new";
import { createReplyTemplate } from "~/models/reply-template.server";
import * as newInquiry from "~/routes/inquiries.new";
import * as editProduct from "~/routes/products.$productId";
import * as products from "~/routes/products._index";
import * as editTemplate from "~/routes/templates.$templateId";
import * as templates from "~/routes/templates._index";
import { createTestDb, formRequest, loaderArgs, sessionCookieFor } from "./helpers";

type RouteModule = {
  loader: (args: ReturnType<typeof loaderArgs>) => Promise<unknown>;
  action?: (args: ReturnType<typeof loaderArgs>) => Promise<unknown>;
  default: ComponentType;
};

let cookie: string;
let adminCookie: string;
let database: ReturnType<typeof createTestDb>;

beforeEach(async () => {
  database = createTestDb();
  await createUser(database.db, { email: "boss@example.com", name: "Boss", role: "manager" });
  cookie = await sessionCookieFor("boss@example.com");
  await createUser(database.db, { email: "root@example.com", name: "Root", role: "admin" });
  adminCookie = await sessionCookieFor("root@example.com");
});

/** `pattern` is the route's path with its params ("/products/:productId") when `path` has any. */
async function postAndRender(route: RouteModule, path: string, fields: Record<string, string>, pattern = path, session = cookie) {
  const routes: RouteObject[] = [
    {
      id: "root",
      path: "/",
      loader: () => ({ locale: "en", timeZone: "Asia/Shanghai", baseCurrency: "USD", user: null, unanswered: null, toast: null }),
      element: createElement(Outlet),
      children: [
        {
          id: "page",
          path: pattern.slice(1),
          loader: ({ request, params }) => route.loader(loaderArgs(request, definedParams(params))),
          action: ({ request, params }) => route.action!(loaderArgs(request, definedParams(params))),
          Component: route.default,
        },
      ],
    },
  ];
  const handler = createStaticHandler(routes);
  const context = await handler.query(formRequest(path, fields, { cookie: session }));
  if (context instanceof Response) throw new Error(`the route answered ${context.status}`);
  const html = renderToString(
    createElement(
      I18nextProvider,
      { i18n: createI18n("en") },
      createElement(StaticRouterProvider, { router: createStaticRouter(routes, context), context, hydrate: false }),
    ),
  );
  return { status: context.statusCode, html };
}

function definedParams(params: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** The input or select named `name`, as rendered. */
function control(html: string, name: string): string {
  const match = new RegExp(`<(?:input|select|textarea)[^>]*name="${name}"[^>]*>`).exec(html);
  if (!match) throw new Error(`no field ${name}`);
  return match[0];
}

describe("forms on Conform, without scripts", () => {
  it("new inquiry: a missing subject is marked on its field, and the typed buyer is kept", async () => {
    const { status, html } = await postAndRender(newInquiry, "/inquiries/new", {
      channel: "trade_show",
      customerName: "Acme GmbH",
      contactName: "Anna",
      contactEmail: "anna@acme.example",
      subject: "",
      message: "Hello",
    });
    expect(status).toBe(400);
    expect(control(html, "subject")).toContain('aria-invalid="true"');
    expect(control(html, "customerName")).toContain('value="Acme GmbH"');
    expect(control(html, "contactEmail")).toContain('value="anna@acme.example"');
    expect(control(html, "contactEmail")).not.toContain("aria-invalid");
    expect(html).toContain(en.errors.required);
    expect(html).toContain(en.common.fixErrors);
  });

  it("new customer: a bad e-mail is marked on its field, the other values are kept", async () => {
    const { status, html } = await postAndRender(newCustomer, "/customers/new", {
      name: "Acme GmbH",
      country: "DE",
      contactName: "Anna",
      contactEmail: "not-an-address",
    });
    expect(status).toBe(400);
    expect(control(html, "contactEmail")).toContain('aria-invalid="true"');
    expect(control(html, "contactEmail")).toContain('value="not-an-address"');
    expect(control(html, "name")).toContain('value="Acme GmbH"');
    expect(html).toContain(en.errors.email);
  });

  it("new product: a bad price is marked on its field, the typed SKU and name are kept", async () => {
    const { status, html } = await postAndRender(products, "/products", {
      sku: "VALVE-9",
      name: "Ball valve",
      listPrice: "twelve",
      currency: "USD",
    });
    expect(status).toBe(400);
    expect(control(html, "listPrice")).toContain('aria-invalid="true"');
    expect(control(html, "listPrice")).toContain('value="twelve"');
    expect(control(html, "sku")).toContain('value="VALVE-9"');
    expect(control(html, "name")).not.toContain("aria-invalid");
    expect(html).toContain(en.common.fixErrors);
  });

  it("product edit: an emptied name is marked on its field, the typed values are kept over the saved ones", async () => {
    const product = createProduct(database.db, { sku: "PUMP-1", name: "Pump", listPriceMinor: 1000, currency: "USD" });
    const { status, html } = await postAndRender(
      editProduct,
      `/products/${product.id}`,
      { intent: "update", sku: "PUMP-2", name: "", listPrice: "12.50", currency: "USD" },
      "/products/:productId",
    );
    expect(status).toBe(400);
    expect(control(html, "name")).toContain('aria-invalid="true"');
    expect(control(html, "sku")).toContain('value="PUMP-2"');
    expect(control(html, "listPrice")).toContain('value="12.50"');
    expect(html).toContain(en.errors.required);
  });

  it("new user: a short password is marked on its field; the typed name, e-mail and role are kept, the password is not", async () => {
    const { status, html } = await postAndRender(
      users,
      "/admin/users",
      { name: "Sam", email: "sam@example.com", role: "sales", locale: "en", password: "short" },
      "/admin/users",
      adminCookie,
    );
    expect(status).toBe(400);
    expect(control(html, "password")).toContain('aria-invalid="true"');
    expect(control(html, "password")).not.toContain('value="short"');
    expect(control(html, "name")).toContain('value="Sam"');
    expect(control(html, "email")).toContain('value="sam@example.com"');
    expect(html).toMatch(/<option value="sales" selected="">/);
  });

  it("user edit: an emptied name is marked on its field, the typed role and unticked duty box are kept", async () => {
    const person = await createUser(database.db, { email: "ann@example.com", name: "Ann", role: "service", onDuty: true });
    const { status, html } = await postAndRender(
      editUser,
      `/admin/users/${person.id}`,
      { intent: "update", name: "", role: "manager", locale: "en" },
      "/admin/users/:userId",
      adminCookie,
    );
    expect(status).toBe(400);
    expect(control(html, "name")).toContain('aria-invalid="true"');
    expect(html).toMatch(/<option value="manager" selected="">/);
    expect(control(html, "onDuty")).not.toContain("checked");
    expect(html).toContain(en.errors.required);
  });

  it("new reply template: an empty body is marked on its field, the typed name and language are kept", async () => {
    const { status, html } = await postAndRender(templates, "/templates", { name: "Price list", locale: "zh-CN", body: "" });
    expect(status).toBe(400);
    expect(control(html, "body")).toContain('aria-invalid="true"');
    expect(control(html, "name")).toContain('value="Price list"');
    expect(html).toMatch(/<option value="zh-CN" selected="">/);
    expect(html).toContain(en.errors.required);
  });

  it("reply template edit: an emptied name is marked on its field, the typed body is kept over the saved one", async () => {
    const template = createReplyTemplate(
      database.db,
      { name: "Thanks", locale: "en", body: "Thank you." },
      { userId: null, at: new Date() },
    );
    const { status, html } = await postAndRender(
      editTemplate,
      `/templates/${template.id}`,
      { intent: "update", name: "", locale: "en", body: "Thanks, we will reply today." },
      "/templates/:templateId",
    );
    expect(status).toBe(400);
    expect(control(html, "name")).toContain('aria-invalid="true"');
    expect(html).toMatch(/<textarea[^>]*name="body"[^>]*>Thanks, we will reply today\.<\/textarea>/);
    expect(html).toContain(en.errors.required);
  });
});

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
import { createUser } from "~db/factories";
import { createI18n } from "~/i18n";
import { en } from "~/i18n/en";
import * as newCustomer from "~/routes/customers.new";
import * as newInquiry from "~/routes/inquiries.new";
import { createTestDb, formRequest, loaderArgs, sessionCookieFor } from "./helpers";

type RouteModule = {
  loader: (args: ReturnType<typeof loaderArgs>) => Promise<unknown>;
  action?: (args: ReturnType<typeof loaderArgs>) => Promise<unknown>;
  default: ComponentType;
};

let cookie: string;

beforeEach(async () => {
  const database = createTestDb();
  await createUser(database.db, { email: "boss@example.com", name: "Boss", role: "manager" });
  cookie = await sessionCookieFor("boss@example.com");
});

async function postAndRender(route: RouteModule, path: string, fields: Record<string, string>) {
  const routes: RouteObject[] = [
    {
      id: "root",
      path: "/",
      loader: () => ({ locale: "en", timeZone: "Asia/Shanghai", baseCurrency: "USD", user: null, unanswered: null, toast: null }),
      element: createElement(Outlet),
      children: [
        {
          id: "page",
          path: path.slice(1),
          loader: ({ request }) => route.loader(loaderArgs(request)),
          action: ({ request }) => route.action!(loaderArgs(request)),
          Component: route.default,
        },
      ],
    },
  ];
  const handler = createStaticHandler(routes);
  const context = await handler.query(formRequest(path, fields, { cookie }));
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
});

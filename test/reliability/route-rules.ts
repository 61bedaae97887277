/**
 * What SPEC §8 requires of each route file's loader and action intents, with a minimal plausible
 * body per intent. The authorisation matrix checks every route × role against it; the form fuzzer
 * starts from these bodies so that garbage reaches past validation into the models.
 */
import type { PERMISSIONS, Role } from "~/domain/permissions";
import type { World } from "./support";

/** A permission of app/domain/permissions.ts, "public", "signed-in", the intake API's key, or roles SPEC §8 names. */
export type Need = keyof typeof PERMISSIONS | "public" | "signed-in" | "apiKey" | { roles: readonly Role[]; because: string };
export type Body = (world: World) => Record<string, string>;
export type Rule = {
  /** null: the module exports no loader. */
  loader: Need | null;
  /** Intent → what it needs and a minimal plausible body; "" for a form without intents; null: no action. */
  actions: Record<string, { need: Need; body: Body }> | null;
};

const none: Body = () => ({});
const act = (need: Need, body: Body = none) => ({ need, body });
const intent =
  (name: string, more: Body = none): Body =>
  (world) => ({ intent: name, ...more(world) });

/** The reminder's intents; its reminder has no owner, and SPEC §5 gives such a one to the managers (admins count as managers). */
const MANAGERS_REMINDER = { roles: ["manager", "admin"], because: "an owner-less reminder is the managers'" } as const;
const REMINDER_ACTIONS = {
  done: act(
    MANAGERS_REMINDER,
    intent("done", (w) => ({ id: String(w.ids.managersReminder), outcome: "Ordered" })),
  ),
  snooze: act(
    MANAGERS_REMINDER,
    intent("snooze", (w) => ({ id: String(w.ids.managersReminder), until: "2999-01-01" })),
  ),
  dismiss: act(
    MANAGERS_REMINDER,
    intent("dismiss", (w) => ({ id: String(w.ids.managersReminder) })),
  ),
};

/**
 * What SPEC §8 requires, route by route. Reports, settings, jobs and imports are for managers and
 * admins; users and API keys for admins; selling (quotes, orders, products, agreed prices) for
 * sales, managers and admins; inquiries and customers for everyone signed in.
 */
export const ROUTE_RULES: Record<string, Rule> = {
  "$.tsx": { loader: "public", actions: null },
  "_index.tsx": { loader: "signed-in", actions: null },
  "admin.api-keys.tsx": {
    loader: "manageApiKeys",
    actions: {
      create: act(
        "manageApiKeys",
        intent("create", () => ({ name: "Shop" })),
      ),
      revoke: act(
        "manageApiKeys",
        intent("revoke", (w) => ({ id: String(w.ids.apiKey) })),
      ),
    },
  },
  "admin.audit.tsx": { loader: "manageUsers", actions: null },
  "admin.users.$userId.tsx": {
    loader: "manageUsers",
    actions: {
      update: act(
        "manageUsers",
        intent("update", () => ({ name: "Target", role: "service", locale: "en" })),
      ),
      deactivate: act("manageUsers", intent("deactivate")),
      reactivate: act("manageUsers", intent("reactivate")),
      // SPEC §12: an admin can clear a sign-in lock-out.
      clearThrottle: act("manageUsers", intent("clearThrottle")),
    },
  },
  "admin.users._index.tsx": {
    loader: "manageUsers",
    actions: {
      "": act("manageUsers", () => ({
        email: "new@example.com",
        name: "New",
        role: "service",
        locale: "en",
        password: "a-long-password-1",
      })),
    },
  },
  "api.v1.health.ts": { loader: "public", actions: null },
  "api.v1.inquiries.ts": { loader: "public", actions: { "": act("apiKey") } },
  "customers.$customerId.tsx": {
    loader: "viewSalesRecords",
    actions: {
      addContact: act(
        "editCustomers",
        intent("addContact", () => ({ name: "Anna", email: "anna@acme.example" })),
      ),
      updateContact: act(
        "editCustomers",
        intent("updateContact", (w) => ({ contactId: String(w.ids.contact), name: "Jonas W." })),
      ),
      removeContact: act(
        "editCustomers",
        intent("removeContact", (w) => ({ contactId: String(w.ids.contact) })),
      ),
    },
  },
  "customers.$customerId_.edit.tsx": {
    loader: "editCustomers",
    actions: { "": act("editCustomers", (w) => ({ name: "Acme GmbH", country: "DE", ownerId: String(w.users.sales.id) })) },
  },
  "customers.$customerId_.prices.tsx": {
    loader: "viewSalesRecords",
    actions: {
      set: act(
        "sell",
        intent("set", (w) => ({ productId: String(w.ids.product), price: "12.50", currency: "USD" })),
      ),
      remove: act(
        "sell",
        intent("remove", () => ({ id: "1" })),
      ),
    },
  },
  "customers._index.tsx": { loader: "viewSalesRecords", actions: null },
  "customers.export.ts": { loader: "importData", actions: null },
  "customers.new.tsx": {
    loader: "editCustomers",
    actions: { "": act("editCustomers", () => ({ name: "Gamma Srl", country: "IT" })) },
  },
  "customers.search.ts": { loader: "viewSalesRecords", actions: null },
  "import.progress.ts": { loader: "importData", actions: null },
  "import.tsx": {
    loader: "importData",
    actions: {
      preview: act(
        "importData",
        intent("preview", () => ({ kind: "customers" })),
      ),
      import: act(
        "importData",
        intent("import", () => ({ token: "nope", kind: "customers" })),
      ),
      discard: act(
        "importData",
        intent("discard", () => ({ token: "nope", kind: "customers" })),
      ),
    },
  },
  "inquire._index.tsx": {
    loader: "public",
    actions: { "": act("public", () => ({ name: "Li Wei", email: "li@beta.example", message: "Price for 500 pcs?" })) },
  },
  "inquire.thanks.tsx": { loader: null, actions: null },
  "inquiries.$inquiryId.tsx": {
    loader: "handleInquiries",
    actions: {
      reply: act(
        "handleInquiries",
        intent("reply", () => ({ body: "Hello" })),
      ),
      note: act(
        "handleInquiries",
        intent("note", () => ({ body: "Called back" })),
      ),
      // The inquiry of the route is unassigned: anyone who handles inquiries may take it.
      take: act("handleInquiries", intent("take")),
      assign: act(
        "assignInquiries",
        intent("assign", (w) => ({ assigneeId: String(w.users.service.id) })),
      ),
      status: act(
        "handleInquiries",
        intent("status", () => ({ status: "closed" })),
      ),
      linkCustomer: act(
        "handleInquiries",
        intent("linkCustomer", (w) => ({ customerId: String(w.ids.colleaguesCustomer) })),
      ),
      createCustomer: act(
        "handleInquiries",
        intent("createCustomer", () => ({ name: "Delta AG" })),
      ),
    },
  },
  "inquiries._index.tsx": { loader: "handleInquiries", actions: { "": act("handleInquiries", () => ({ onDuty: "on" })) } },
  "inquiries.events.ts": { loader: "handleInquiries", actions: null },
  "inquiries.new.tsx": {
    loader: "handleInquiries",
    actions: {
      "": act("handleInquiries", () => ({
        channel: "website",
        customerName: "Epsilon",
        contactName: "Eva",
        subject: "Hinges",
        message: "Price?",
      })),
    },
  },
  "jobs.$runId.progress.ts": { loader: "runJobs", actions: null },
  "jobs._index.tsx": {
    loader: "runJobs",
    actions: {
      run: act(
        "runJobs",
        intent("run", () => ({ job: "tiers" })),
      ),
      runAll: act("runJobs", intent("runAll")),
    },
  },
  "locale.tsx": { loader: "public", actions: { "": act("public", () => ({ locale: "zh-CN" })) } },
  "login.tsx": {
    loader: "public",
    actions: { "": act("public", () => ({ email: "nobody@example.com", password: "wrong-password" })) },
  },
  "logout.tsx": { loader: "public", actions: { "": act("public") } },
  // The reminder buttons on My day post here too (without JavaScript), under the reminders' own rule.
  "my-day.tsx": { loader: "ownCustomers", actions: REMINDER_ACTIONS },
  "orders.$orderId.tsx": { loader: "viewSalesRecords", actions: { "": act("sell", () => ({ status: "confirmed" })) } },
  "orders._index.tsx": { loader: "viewSalesRecords", actions: null },
  "orders.export.ts": { loader: "importData", actions: null },
  "orders.new.tsx": {
    loader: "sell",
    actions: {
      "": act("sell", (w) => ({
        customerId: String(w.ids.customer),
        currency: "USD",
        orderedOn: "2026-01-05",
        "lines[0].description": "Hinge",
        "lines[0].quantity": "1",
        "lines[0].unitPrice": "10",
      })),
    },
  },
  "overview.tsx": { loader: "viewTeamReports", actions: null },
  "products.$productId.tsx": {
    loader: "viewSalesRecords",
    actions: {
      update: act(
        "sell",
        intent("update", () => ({ sku: "HG-304-100", name: "Hinge", currency: "USD", listPrice: "1.00" })),
      ),
      deactivate: act("sell", intent("deactivate")),
      reactivate: act("sell", intent("reactivate")),
      delete: act("sell", intent("delete")),
    },
  },
  "products._index.tsx": {
    loader: "viewSalesRecords",
    actions: { "": act("sell", () => ({ sku: "NEW-1", name: "Bolt", currency: "USD", listPrice: "2.00" })) },
  },
  "quotes.$quoteId.tsx": {
    loader: "viewSalesRecords",
    actions: { send: act("sell", intent("send")), accept: act("sell", intent("accept")), reject: act("sell", intent("reject")) },
  },
  "quotes.$quoteId_.edit.tsx": {
    loader: "sell",
    actions: {
      "": act("sell", (w) => ({
        customerId: String(w.ids.customer),
        currency: "USD",
        "lines[0].description": "Hinge",
        "lines[0].quantity": "2",
        "lines[0].unitPrice": "10",
      })),
    },
  },
  "quotes.$quoteId_.print.tsx": { loader: "viewSalesRecords", actions: null },
  "quotes._index.tsx": { loader: "viewSalesRecords", actions: null },
  "quotes.new.tsx": {
    loader: "sell",
    actions: {
      "": act("sell", (w) => ({
        customerId: String(w.ids.customer),
        currency: "USD",
        "lines[0].description": "Hinge",
        "lines[0].quantity": "2",
        "lines[0].unitPrice": "10",
      })),
    },
  },
  "quotes.price.ts": { loader: "sell", actions: null },
  "reminders.tsx": {
    loader: "signed-in",
    actions: REMINDER_ACTIONS,
  },
  "reports._index.tsx": { loader: "viewTeamReports", actions: null },
  "reports.clv.tsx": { loader: "viewTeamReports", actions: null },
  "reports.csv.$report.ts": { loader: "viewTeamReports", actions: null },
  "reports.funnel.tsx": { loader: "viewTeamReports", actions: null },
  "reports.response.tsx": { loader: "viewTeamReports", actions: null },
  "reports.spend.tsx": {
    loader: "viewTeamReports",
    actions: {
      save: act(
        "manageSettings",
        intent("save", () => ({ month: "2026-01", channel: "alibaba", amount: "100", currency: "USD" })),
      ),
      remove: act(
        "manageSettings",
        intent("remove", () => ({ id: "1" })),
      ),
    },
  },
  "reports.tiers.tsx": { loader: "viewTeamReports", actions: null },
  "settings.tsx": { loader: "manageSettings", actions: { "": act("manageSettings") } },
  "templates.$templateId.tsx": {
    loader: "manageSettings",
    actions: {
      update: act(
        "manageSettings",
        intent("update", () => ({ name: "Thanks", locale: "en", body: "Thank you!" })),
      ),
      delete: act("manageSettings", intent("delete")),
    },
  },
  "templates._index.tsx": {
    loader: "manageSettings",
    actions: { "": act("manageSettings", () => ({ name: "Hello", locale: "en", body: "Hi" })) },
  },
};

import { beforeAll, describe, expect, it } from "vitest";
import type { Permission, Role } from "~/domain/permissions";
import * as adminApiKeys from "~/routes/admin.api-keys";
import * as adminUsers from "~/routes/admin.users._index";
import * as customersIndex from "~/routes/customers._index";
import * as customersNew from "~/routes/customers.new";
import * as importPage from "~/routes/import";
import * as inquiriesIndex from "~/routes/inquiries._index";
import * as jobsPage from "~/routes/jobs._index";
import * as myDay from "~/routes/my-day";
import * as ordersNew from "~/routes/orders.new";
import * as reportsIndex from "~/routes/reports._index";
import * as settingsPage from "~/routes/settings";
import { createCustomer, createUser } from "~db/factories";
import { createTestDb, getRequest, loaderArgs, respond, sessionCookieFor } from "./helpers";

/**
 * SPEC §8's matrix, checked through the pages each permission guards: every role is signed in
 * and opens the page; the roles that hold the permission get it, the others a 403. (The domain's
 * `can` is what the loaders ask; this checks that they ask it, and for the right permission.)
 */
const MATRIX: {
  permission: Permission;
  holders: Role[];
  path: string;
  loader: (args: ReturnType<typeof loaderArgs>) => unknown;
}[] = [
  {
    permission: "handleInquiries",
    holders: ["service", "sales", "manager", "admin"],
    path: "/inquiries",
    loader: inquiriesIndex.loader,
  },
  {
    permission: "viewSalesRecords",
    holders: ["service", "sales", "manager", "admin"],
    path: "/customers",
    loader: customersIndex.loader,
  },
  {
    permission: "editCustomers",
    holders: ["service", "sales", "manager", "admin"],
    path: "/customers/new",
    loader: customersNew.loader,
  },
  { permission: "sell", holders: ["sales", "manager", "admin"], path: "/orders/new?customerId=1", loader: ordersNew.loader },
  { permission: "ownCustomers", holders: ["sales"], path: "/my-day", loader: myDay.loader },
  { permission: "viewTeamReports", holders: ["manager", "admin"], path: "/reports", loader: reportsIndex.loader },
  { permission: "manageSettings", holders: ["manager", "admin"], path: "/settings", loader: settingsPage.loader },
  { permission: "runJobs", holders: ["manager", "admin"], path: "/jobs", loader: jobsPage.loader },
  { permission: "importData", holders: ["manager", "admin"], path: "/import", loader: importPage.loader },
  { permission: "manageUsers", holders: ["admin"], path: "/admin/users", loader: adminUsers.loader },
  { permission: "manageApiKeys", holders: ["admin"], path: "/admin/api-keys", loader: adminApiKeys.loader },
];
const ROLES: Role[] = ["service", "sales", "manager", "admin"];
const cookies = new Map<Role, string>();

beforeAll(async () => {
  const { db } = createTestDb();
  expect(createCustomer(db).id).toBe(1); // the customer an order is taken for
  for (const role of ROLES)
    cookies.set(role, await sessionCookieFor(await createUser(db, { email: `${role}@example.com`, role })));
});

describe.each(MATRIX)("$permission ($path)", ({ holders, path, loader }) => {
  it.each(ROLES)("as %s", async (role) => {
    const response = await respond(() => loader(loaderArgs(getRequest(path, cookies.get(role)))));
    if (holders.includes(role)) expect(response.status, `${role} opens ${path}`).toBe(200);
    else expect(response.status, `${role} is refused ${path}`).toBe(403);
  });
});

it("sends someone not signed in to the sign-in page from every one of them", async () => {
  for (const { path, loader } of MATRIX) {
    const response = await respond(() => loader(loaderArgs(getRequest(path))));
    expect(response.status, path).toBe(302);
    expect(response.headers.get("Location"), path).toMatch(/^\/login/);
  }
});

import { describe, expect, it } from "vitest";
import { can, homePath, type Permission, type Role } from "./permissions";

// The matrix of SPEC §8, written out by hand: a row per permission, the roles that hold it.
const expected: Record<Permission, Role[]> = {
  handleInquiries: ["service", "sales", "manager", "admin"],
  assignInquiries: ["manager", "admin"],
  viewSalesRecords: ["service", "sales", "manager", "admin"],
  editCustomers: ["service", "sales", "manager", "admin"],
  sell: ["sales", "manager", "admin"],
  ownCustomers: ["sales"],
  viewTeamReports: ["manager", "admin"],
  viewOwnFigures: ["service", "sales", "manager", "admin"],
  manageSettings: ["manager", "admin"],
  runJobs: ["manager", "admin"],
  importData: ["manager", "admin"],
  manageUsers: ["admin"],
  manageApiKeys: ["admin"],
};
const roles: Role[] = ["service", "sales", "manager", "admin"];

describe("permissions", () => {
  for (const [permission, holders] of Object.entries(expected) as [Permission, Role[]][]) {
    for (const role of roles) {
      const allowed = holders.includes(role);
      it(`${role} ${allowed ? "may" : "may not"} ${permission}`, () => {
        expect(can(role, permission)).toBe(allowed);
      });
    }
  }

  it("service staff may not change settings but managers may", () => {
    expect(can("service", "manageSettings")).toBe(false);
    expect(can("manager", "manageSettings")).toBe(true);
  });

  it("sends each role to its own home", () => {
    expect(homePath("service")).toBe("/inquiries");
    expect(homePath("sales")).toBe("/my-day");
    expect(homePath("manager")).toBe("/overview");
    expect(homePath("admin")).toBe("/overview");
  });
});

import { describe, expect, it } from "vitest";
import { can, homePath, mayChooseOwner, mayGiveOwner, mayTakeInquiry, type Permission, type Role } from "./permissions";

const roles: Role[] = ["service", "sales", "manager", "admin"];

// SPEC §8's matrix is checked through the pages it guards (test/permissions-routes.test.ts); these
// three guard parts of pages and actions rather than a page of their own, so they are checked here.
const WITHIN_PAGES: Partial<Record<Permission, Role[]>> = {
  assignInquiries: ["manager", "admin"],
  changeCustomerOwner: ["manager", "admin"],
  viewOwnFigures: ["service", "sales", "manager", "admin"],
};

describe("permissions", () => {
  for (const [permission, holders] of Object.entries(WITHIN_PAGES) as [Permission, Role[]][]) {
    it(`${permission}: ${holders.join(", ")} and no one else`, () => {
      for (const role of roles) expect(can(role, permission), role).toBe(holders.includes(role));
    });
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

describe("taking an inquiry (SPEC §8)", () => {
  const me = 7;
  const colleague = 8;
  it("lets everyone who handles inquiries take an unassigned one or keep their own", () => {
    for (const role of roles) {
      expect(mayTakeInquiry({ id: me, role }, null), role).toBe(true);
      expect(mayTakeInquiry({ id: me, role }, me), role).toBe(true);
    }
  });

  it("lets only managers and admins take one assigned to a colleague", () => {
    expect(mayTakeInquiry({ id: me, role: "service" }, colleague)).toBe(false);
    expect(mayTakeInquiry({ id: me, role: "sales" }, colleague)).toBe(false);
    expect(mayTakeInquiry({ id: me, role: "manager" }, colleague)).toBe(true);
    expect(mayTakeInquiry({ id: me, role: "admin" }, colleague)).toBe(true);
  });
});

describe("a customer's owner (SPEC §8)", () => {
  const rep = { id: 7, role: "sales" as const };
  const other = 8;
  it("makes a sales rep's new customer theirs, and nobody else's", () => {
    expect(mayGiveOwner(rep, undefined, rep.id)).toBe(true);
    expect(mayGiveOwner(rep, undefined, other)).toBe(false);
    expect(mayGiveOwner(rep, undefined, null)).toBe(false);
  });

  it("lets service staff name an owner for a new customer", () => {
    expect(mayGiveOwner({ id: 1, role: "service" }, undefined, other)).toBe(true);
  });

  it("keeps the owner of an existing customer unless a manager or admin changes it", () => {
    for (const role of ["service", "sales"] as const) {
      expect(mayGiveOwner({ id: rep.id, role }, other, other), role).toBe(true);
      expect(mayGiveOwner({ id: rep.id, role }, other, rep.id), role).toBe(false);
      expect(mayGiveOwner({ id: rep.id, role }, null, rep.id), role).toBe(false);
      expect(mayGiveOwner({ id: rep.id, role }, other, null), role).toBe(false);
    }
    for (const role of ["manager", "admin"] as const) {
      expect(mayGiveOwner({ id: 1, role }, other, rep.id), role).toBe(true);
      expect(mayGiveOwner({ id: 1, role }, other, null), role).toBe(true);
    }
  });
});

describe("the owner field of the customer form", () => {
  it("is offered when the server would accept the choice", () => {
    expect(roles.filter((role) => mayChooseOwner(role, false))).toEqual(["manager", "admin"]);
    expect(roles.filter((role) => mayChooseOwner(role, true))).toEqual(["service", "manager", "admin"]);
  });
});

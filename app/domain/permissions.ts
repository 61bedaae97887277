/** What each role may do (SPEC §8). Every loader and action asks here; the UI only mirrors it. */
export type Role = "admin" | "manager" | "sales" | "service";

export const PERMISSIONS = {
  handleInquiries: ["service", "sales", "manager", "admin"],
  assignInquiries: ["manager", "admin"],
  viewSalesRecords: ["service", "sales", "manager", "admin"],
  editCustomers: ["service", "sales", "manager", "admin"],
  changeCustomerOwner: ["manager", "admin"],
  sell: ["sales", "manager", "admin"],
  ownCustomers: ["sales"],
  viewTeamReports: ["manager", "admin"],
  viewOwnFigures: ["service", "sales", "manager", "admin"],
  manageSettings: ["manager", "admin"],
  runJobs: ["manager", "admin"],
  importData: ["manager", "admin"],
  manageUsers: ["admin"],
  manageApiKeys: ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/**
 * Taking an inquiry (SPEC §8): anyone who handles inquiries may take an unassigned one (or keep
 * their own); one already assigned to a colleague only managers and admins may take over.
 */
export function mayTakeInquiry(user: { id: number; role: Role }, assigneeId: number | null): boolean {
  return assigneeId === null || assigneeId === user.id || can(user.role, "assignInquiries");
}

/**
 * Whether this customer's owner may become `nextOwnerId` by this user's hand (SPEC §8): changing
 * the owner of an existing customer is for managers and admins; a sales rep's new customer is
 * theirs (`currentOwnerId` undefined: the customer is being created).
 */
export function mayGiveOwner(
  user: { id: number; role: Role },
  currentOwnerId: number | null | undefined,
  nextOwnerId: number | null,
): boolean {
  if (can(user.role, "changeCustomerOwner")) return true;
  if (currentOwnerId === undefined) return user.role === "sales" ? nextOwnerId === user.id : true;
  return nextOwnerId === currentOwnerId;
}

/** Whether the customer form offers the owner field: to those whose choice the server accepts. */
export function mayChooseOwner(role: Role, creating: boolean): boolean {
  return can(role, "changeCustomerOwner") || (creating && role !== "sales");
}

/** Where each role lands after signing in. */
export function homePath(role: Role): string {
  switch (role) {
    case "service":
      return "/inquiries";
    case "sales":
      return "/my-day";
    case "manager":
    case "admin":
      return "/overview";
  }
}

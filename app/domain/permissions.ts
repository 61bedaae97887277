/** What each role may do (SPEC §8). Every loader and action asks here; the UI only mirrors it. */
export type Role = "admin" | "manager" | "sales" | "service";

export const PERMISSIONS = {
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
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
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

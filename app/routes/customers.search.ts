import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/auth/session.server";
import { db } from "~db/client.server";
import { searchCustomers } from "~/models/customer.server";

/** Customer suggestions for pickers, as the user types. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "viewSalesRecords");
  const text = new URL(request.url).searchParams.get("q")?.trim().slice(0, 100) ?? "";
  return Response.json({ customers: text.length < 2 ? [] : searchCustomers(db(), text) });
}

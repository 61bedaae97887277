import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/auth/session.server";
import { db } from "~db/client.server";
import { customerIdsForFilter } from "~/models/customer.server";
import { customerExportRows } from "~/models/customer-csv.server";
import { getSettings } from "~/models/settings.server";
import { customerFilterSchema } from "~/schemas/customer";
import { CUSTOMER_CSV_EXPORT_COLUMNS } from "~/schemas/customer-csv";
import { csvDownload, exportFileName } from "~/utils/csv-download.server";

/** The customers the list shows for the filters in the URL, in the list's order (SPEC §9 columns). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "importData");
  const database = db();
  const filter = customerFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const ids = customerIdsForFilter(database, filter, user.id);
  const fileName = exportFileName("customers", new Date(), getSettings(database).general.timeZone);
  return csvDownload(fileName, CUSTOMER_CSV_EXPORT_COLUMNS, customerExportRows(database, { ids }));
}

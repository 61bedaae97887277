import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/auth/session.server";
import { db } from "~db/client.server";
import { orderExportRows } from "~/models/order-csv.server";
import { getSettings } from "~/models/settings.server";
import { orderFilterFromUrl } from "~/schemas/order-filter";
import { ORDER_CSV_EXPORT_COLUMNS } from "~/schemas/order-csv";
import { csvDownload, exportFileName } from "~/utils/csv-download.server";

/** The orders the list shows for the filters in the URL, in the list's order, as CSV. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "importData");
  const database = db();
  const { timeZone } = getSettings(database).general;
  const { page: _page, ...filter } = orderFilterFromUrl(new URL(request.url), timeZone);
  const fileName = exportFileName("orders", new Date(), timeZone);
  return csvDownload(fileName, ORDER_CSV_EXPORT_COLUMNS, orderExportRows(database, { filter }));
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/auth/session.server";
import { db } from "~db/client.server";
import { priceForQuote } from "~/models/agreed-price.server";
import { linePriceQuerySchema } from "~/schemas/quote";

/** The price a quote or order line starts with: the customer's agreed price, else the list price. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "sell");
  const query = linePriceQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return Response.json({ productId: null, price: null }, { status: 400 });
  // The product is echoed so that a late answer for a product no longer chosen can be ignored.
  return Response.json({
    productId: query.data.productId,
    price: priceForQuote(db(), query.data.customerId, query.data.productId) ?? null,
  });
}

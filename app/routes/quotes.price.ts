import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requirePermission } from "~/auth/session.server";
import { db } from "~db/client.server";
import { priceForQuote } from "~/models/agreed-price.server";

const querySchema = z.object({
  customerId: z.coerce.number().int().positive(),
  productId: z.coerce.number().int().positive(),
});

/** The price a quote or order line starts with: the customer's agreed price, else the list price. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "sell");
  const query = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return Response.json({ productId: null, price: null }, { status: 400 });
  // The product is echoed so that a late answer for a product no longer chosen can be ignored.
  return Response.json({ productId: query.data.productId, price: priceForQuote(db(), query.data.customerId, query.data.productId) ?? null });
}

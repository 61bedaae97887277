import type { SerializeFrom } from "@remix-run/node";
import { useRouteLoaderData } from "@remix-run/react";
import type { loader } from "~/root";

export type RootData = SerializeFrom<typeof loader>;

/** The root loader's data (user, locale, time zone), or undefined when the root itself failed. */
export function useRootData(): RootData | undefined {
  return useRouteLoaderData<typeof loader>("root");
}

import { useRouteError } from "@remix-run/react";
import { invariantResponse } from "@epic-web/invariant";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export function loader() {
  invariantResponse(false, "Not found", { status: 404 });
}

export default function NotFound() {
  return null;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary error={useRouteError()} />;
}

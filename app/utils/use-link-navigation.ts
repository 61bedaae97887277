import { useNavigate } from "@remix-run/react";
import type { MouseEvent } from "react";

/**
 * In-app navigation for the plain links inside one element: a table of hundreds of counts, each a
 * link, draws plain `<a href>`s (a `<Link>` each costs the server's render its own route
 * resolution) and this one click handler on the table navigates as a `<Link>` would. A click with
 * a modifier key, another button, or on a link that leaves the app or opens elsewhere is left to
 * the browser.
 */
export function useLinkNavigation() {
  const navigate = useNavigate();
  return (event: MouseEvent<HTMLElement>) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = event.target instanceof Element ? event.target.closest("a") : null;
    if (!anchor || !event.currentTarget.contains(anchor)) return;
    if (anchor.target || anchor.hasAttribute("download") || anchor.origin !== window.location.origin) return;
    event.preventDefault();
    navigate(`${anchor.pathname}${anchor.search}${anchor.hash}`);
  };
}

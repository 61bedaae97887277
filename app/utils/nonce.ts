import { createContext, useContext } from "react";

/**
 * This response's Content-Security-Policy nonce, provided by entry.server.tsx while rendering on
 * the server. In the browser it is "": browsers hide a nonce from the page once the policy is
 * applied (the attribute reads as empty), so "" is also what hydration finds there.
 */
export const NonceContext = createContext("");

export function useNonce(): string {
  return useContext(NonceContext);
}

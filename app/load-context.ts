declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's network address, as the server saw it (for per-address rate limits). */
    clientAddress: string;
    /** This response's Content-Security-Policy nonce, for the scripts the page renders. */
    cspNonce?: string;
  }
}
export {};

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's network address, as the server saw it (for per-address rate limits). */
    clientAddress: string;
    /** This response's Content-Security-Policy nonce, for the scripts the page renders. */
    cspNonce?: string;
    /** Runs work once this response has been sent (or the client has gone): a job started here. */
    afterResponse?: (work: () => void) => void;
    /** Marks this response as one that met a busy database: it answers 503 with Retry-After. */
    databaseBusy?: () => void;
  }
}
export {};

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's network address, as the server saw it (for per-address rate limits). */
    clientAddress: string;
  }
}
export {};

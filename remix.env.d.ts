/// <reference types="@remix-run/dev" />
/// <reference types="@remix-run/node" />

// A module, so the block below adds to Remix's types instead of replacing them.
export {};

declare module "@remix-run/node" {
  /** What server.ts hands every loader and action besides the request. */
  interface AppLoadContext {
    /** The client's address (sign-in counts wrong passwords by it); absent when a route is called without the server. */
    clientAddress?: string;
  }
}

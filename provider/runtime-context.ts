import type { ChatClient } from "./api/client";
import type { ProviderConfig } from "./config";
import type { DeletionPolicy } from "./resources/deletion";

/** What a resource's lifecycle needs from the provider process: its config and the shared client. */
export interface ProviderContext {
  /** The validated configuration; throws a message naming the bad key when it is invalid. */
  config(): ProviderConfig;
  /** The client shared by every resource of the process (one rate limiter per command across all of them). */
  client(): ChatClient;
  /** Throws when the engine configured the provider with an invalid configuration, so preview fails early. */
  assertConfigured(): void;
  /**
   * True when `what` may be deleted now (see ./resources/deletion.ts); otherwise logs that it was kept and why.
   * `declared` is a policy the resource itself declares, `requireDeclared` that only such a declaration allows it.
   */
  mayDelete(what: string, declared?: { policy?: DeletionPolicy | undefined; requireDeclared?: boolean }): boolean;
  /** The stack the resources belong to, when the provider knows it (`forStack`). */
  stack?(): string | undefined;
}

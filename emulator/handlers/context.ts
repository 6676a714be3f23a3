import type { EmulatorStore } from "../store";

/** What a command handler sees besides its request body. */
export interface HandlerContext {
  store: EmulatorStore;
  /** Unix seconds, injectable so tests can fix time. */
  nowSeconds: number;
  /** Strict mode enforces rules the docs state loosely (see README, "Emulator strictness"). */
  strict: boolean;
  /** The admin account that signed the call. */
  identifier: string;
}

/** A command handler: validated body in, answer fields out; failures are thrown as EmulatorError. */
export type Handler<Body> = (ctx: HandlerContext, body: Body) => Record<string, unknown>;

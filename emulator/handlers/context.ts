import type { EmulatorStore } from "../store";

/** What a command handler sees besides its request body. */
export interface HandlerContext {
  /** The app's state; handlers read and change it through its methods, never through `store.state`. */
  store: EmulatorStore;
  /** Unix seconds, injectable so tests can fix time. */
  nowSeconds: number;
  /** Strict mode enforces rules the docs state loosely (see README, "Emulator strictness"). */
  strict: boolean;
  /** The admin account that signed the call. */
  identifier: string;
  /** The emulated app's SDKAppID (get_group_info answers it as Appid). */
  sdkAppId: number;
  /** Limits where Tencent's documents disagree; settable per emulator. */
  limits: EmulatorLimits;
}

/** Batch limits the documents disagree on (import_group_member: 500, 300, 100, 20; delete_group_member: 100 or 500). */
export interface EmulatorLimits {
  /** Members per import_group_member call (seed document: 300). */
  importMemberBatch: number;
  /** Accounts per delete_group_member call (API page: 100). */
  deleteMemberBatch: number;
}

/** The seed documents' figures. */
export const DEFAULT_EMULATOR_LIMITS: EmulatorLimits = { importMemberBatch: 300, deleteMemberBatch: 100 };

/** A command handler: validated body in, answer fields out; failures are thrown as EmulatorError. */
export type Handler<Body> = (ctx: HandlerContext, body: Body) => Record<string, unknown>;

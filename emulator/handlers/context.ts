import { BATCH } from "../../provider/api/operations";
import type { BlockedWords } from "../blocked-words";
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
  /** The app's blocked words (import_group_msg answers 80001 for a message holding one); none when absent. */
  blockedWords?: BlockedWords;
  /**
   * How long history is kept, in seconds from a message's MsgTimeStamp; undefined keeps it forever. Older messages
   * are "expired": group_msg_get_simple answers them as IsPlaceMsg 1, admin_getroammsg leaves them out.
   */
  historyRetentionSeconds?: number | undefined;
}

/**
 * Batch limits the documents disagree on (import_group_member: 500, 300, 100, 20; delete_group_member: 100 or 500;
 * import_group_msg: 7, or 20 on the Use Limits page).
 */
export interface EmulatorLimits {
  /** Members per import_group_member call (the English page: 300, https://trtc.io/document/34969). */
  importMemberBatch: number;
  /** Accounts per delete_group_member call (API page: 100). */
  deleteMemberBatch: number;
  /** Messages per import_group_msg call ("up to seven group messages", https://trtc.io/document/34968). */
  groupMessageBatch: number;
}

/** The English pages' figures: the provider's own batch sizes, and import_group_msg's seven. */
export const DEFAULT_EMULATOR_LIMITS: EmulatorLimits = {
  importMemberBatch: BATCH.memberImport,
  deleteMemberBatch: BATCH.deleteMembers,
  groupMessageBatch: 7,
};

/** A command handler: validated body in, answer fields out; failures are thrown as EmulatorError. */
export type Handler<Body> = (ctx: HandlerContext, body: Body) => Record<string, unknown>;

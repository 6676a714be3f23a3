import { z } from "zod";

/**
 * One 1:1 conversation as {@link ImportedC2CHistory} takes it: the content hash of its file in the history cache
 * and how many messages that file holds (../../migration/history-split.ts), never the messages.
 */
export const C2CConversation = z.strictObject({
  hash: z
    .string()
    .regex(/^[0-9a-f]{32}([0-9a-f]{32})?$/, "must be the sha256 of the conversation's messages (or its first 32 hex digits)")
    .describe(
      "The sha256 of the conversation's messages in import order, whole or its first 32 hex digits (what declareMigration writes: a third of the state): a changed conversation is a changed hash.",
    ),
  messages: z.int().min(1).describe("How many messages the conversation holds."),
});
export type C2CConversation = z.infer<typeof C2CConversation>;

/** A 1:1 conversation's name: its two UserIDs in code-unit order, joined by `|` (`alice|bob`; `alice|alice` for a self-conversation). */
const ConversationName = z.string().regex(/^.+\|.+$/, "must be the conversation's two UserIDs, sorted, joined by |");

/**
 * Inputs of {@link ImportedC2CHistory}: many 1:1 conversations of one history file, each by its content hash and
 * count. State stays about a hundred bytes per conversation whatever its length.
 */
export const ImportedC2CHistoryInputs = z.strictObject({
  historyFile: z.string().min(1).describe("The history file the conversations were read from (as given in config)."),
  conversations: z
    .record(ConversationName, C2CConversation)
    .describe("The 1:1 conversations, by name (`alice|bob`: the two UserIDs sorted, joined by |), each by its content hash and count."),
});
/** Validated inputs of {@link ImportedC2CHistory}. */
export type ImportedC2CHistoryInputs = z.infer<typeof ImportedC2CHistoryInputs>;

/** A 1:1 message Tencent refused: its conversation, source ID, the code and what it means. Recorded, named once, never retried. */
export const C2CRefusedMessage = z.strictObject({ conversation: z.string(), id: z.string(), code: z.int(), reason: z.string() });
export type C2CRefusedMessage = z.infer<typeof C2CRefusedMessage>;

/** How far the import of the conversations got: what {@link ImportedC2CHistory} records beside its inputs. */
export interface C2CProgress {
  /** Per conversation, the messages dealt with (stored or refused) in import order; a conversation not begun is absent. */
  imported: Record<string, number>;
  /**
   * The sha256 of the messages dealt with, where it is not the conversation's `hash` (dealt with in part, or a
   * declaration that changed among them). Appended messages keep it; a rewritten past changes it.
   */
  importedHashes: Record<string, string>;
  /** Messages Tencent refused, by conversation and source ID. */
  refused: C2CRefusedMessage[];
}

/** Outputs of {@link ImportedC2CHistory}: the inputs, and how far the import got. */
export interface ImportedC2CHistoryOutputs extends ImportedC2CHistoryInputs, C2CProgress {}

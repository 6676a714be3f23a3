import { z } from "zod";

/**
 * Inputs of {@link ImportedGroupHistoryBatch} as the engine holds them: the conversations as one text of a line per
 * group (./text.ts), so state stays well under 200 bytes per conversation whatever its length.
 */
export const ImportedGroupHistoryBatchInputs = z.strictObject({
  historyFile: z.string().min(1).describe("The history file the conversations were read from (as given in config)."),
  conversations: z
    .string()
    .describe(
      'The conversations as one text (see ./text.ts): after the line "@ImportedGroupHistoryBatch v1", a line per group: its key, its GroupId, its message count, the first 128 bits of its content hash and, when declared, its members\' unread counts.',
    ),
});
/** Inputs of {@link ImportedGroupHistoryBatch} as the engine holds them. */
export type ImportedGroupHistoryBatchInputs = z.infer<typeof ImportedGroupHistoryBatchInputs>;

/** One group's conversation as a batch declares it. */
export const BatchConversation = z.strictObject({
  groupId: z.string().min(1).describe("The group's ID (a batch's `groupIds[key]`)."),
  hash: z
    .string()
    .regex(/^[0-9a-f]{32}([0-9a-f]{32})?$/, "must be the sha256 of the conversation's messages (or its first 32 hex digits)")
    .describe("The conversation's content hash, as the history split names its file."),
  messages: z.int().min(0).describe("How many messages the conversation holds."),
  unreadCounts: z
    .record(z.string(), z.int().min(0))
    .optional()
    .describe("Members' declared unread counts (UserID to count), set again after the import (which sets them to 0)."),
});
export type BatchConversation = z.infer<typeof BatchConversation>;

/** Where a conversation's import stands when it is not whole: messages dealt with and their hash. */
export const PendingConversation = z.strictObject({ imported: z.int().min(0), hash: z.string() });
export type PendingConversation = z.infer<typeof PendingConversation>;

/** A group message Tencent refused: the conversation (group key), its source ID, the code and what it means. */
export const BatchRefusedMessage = z.strictObject({ conversation: z.string(), id: z.string(), code: z.int(), reason: z.string() });
export type BatchRefusedMessage = z.infer<typeof BatchRefusedMessage>;

/** Outputs of {@link ImportedGroupHistoryBatch}: the inputs, and how far the import got. */
export interface ImportedGroupHistoryBatchOutputs extends ImportedGroupHistoryBatchInputs {
  /** How many conversations the batch holds. */
  conversationCount: number;
  /** How many messages they hold. */
  messageCount: number;
  /**
   * The conversations not wholly imported (a run that stopped, or not begun), by group key. A declared conversation
   * absent from it is whole: state grows with what is unfinished, not with what is done.
   */
  pending: Record<string, PendingConversation>;
  /** Messages Tencent refused, by conversation and source ID. */
  refused: BatchRefusedMessage[];
}

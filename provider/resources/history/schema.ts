import { z } from "zod";

/**
 * Inputs of {@link ImportedGroupHistory}: which conversation of which history file, by its content hash and its
 * count; never the messages (a conversation's file is found in the history cache by its hash, see
 * ../../migration/history-split.ts). State stays a few hundred bytes per conversation whatever its length.
 */
export const ImportedGroupHistoryInputs = z.strictObject({
  groupId: z.string().min(1).describe("The group's ID (usually `group.groupId`)."),
  historyFile: z.string().min(1).describe("The history file the conversation was read from (as given in config)."),
  conversation: z.string().min(1).describe("The group's key in the manifest and the history file."),
  contentHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/, "must be the sha256 of the conversation's messages")
    .describe("The sha256 of the conversation's messages in import order: a changed conversation is a changed hash."),
  messageCount: z.int().min(0).describe("How many messages the conversation holds."),
  unreadCounts: z
    .record(z.string(), z.int().min(0))
    .optional()
    .describe(
      "Members' declared unread counts (UserID to count): importing messages sets every member's to 0, so they are set again after each import.",
    ),
});
/** Validated inputs of {@link ImportedGroupHistory}. */
export type ImportedGroupHistoryInputs = z.infer<typeof ImportedGroupHistoryInputs>;

/** A message Tencent refused: its source ID, the code and what it means. Recorded, reported, never retried. */
export const RefusedMessage = z.strictObject({ id: z.string(), code: z.int(), reason: z.string() });
export type RefusedMessage = z.infer<typeof RefusedMessage>;

/** Outputs of {@link ImportedGroupHistory}: the inputs, and how far the import got. */
export interface ImportedGroupHistoryOutputs extends ImportedGroupHistoryInputs {
  /** Messages of the conversation dealt with, in import order: stored, or refused (below). */
  imported: number;
  /** The sha256 of those first `imported` messages: appended messages keep it, a rewritten past changes it. */
  importedHash: string;
  /** The last message dealt with: its source ID and time (the high-water mark). */
  lastId?: string;
  lastTime?: number;
  /** Messages Tencent refused (blocked words, too long, a bad time), by source ID. */
  refused: RefusedMessage[];
}

import * as pulumi from "@pulumi/pulumi";
import { ChatDynamicResource } from "../dynamic-resource";
import type { BatchRefusedMessage, PendingConversation } from "./schema";
import { encodeConversations } from "./text";

/** One group's conversation as a program declares it: the group's ID, and the conversation by its content hash and count. */
export interface BatchConversationArgs {
  /** The group's ID (a batch's `groupIds[key]`). */
  groupId: pulumi.Input<string>;
  /** The content hash of the conversation's file in the history cache (`SplitConversation.hash`). */
  hash: string;
  /** How many messages the conversation holds. */
  messages: number;
  /** Members' declared unread counts (UserID to count), set again after the import. */
  unreadCounts?: Record<string, number>;
}

/** Arguments of {@link ImportedGroupHistoryBatch}: group key (as in the history file) to conversation. */
export interface ImportedGroupHistoryBatchArgs {
  historyFile: pulumi.Input<string>;
  conversations: Record<string, BatchConversationArgs>;
}

/**
 * Many groups' message history imported with import_group_msg, each exactly as {@link ImportedGroupHistory} imports
 * one, the groups side by side within the API's rate: the history form of {@link ImportedGroupBatch}, declared after
 * it. The engine holds the conversations as one text of a line per group (key, GroupId, count, content hash), so
 * `pulumi preview --diff` shows how many messages go into which group, and state stays well under 200 bytes per
 * conversation; progress is recorded only for conversations not yet whole.
 */
export class ImportedGroupHistoryBatch extends ChatDynamicResource {
  declare readonly historyFile: pulumi.Output<string>;
  /** The conversations as the one text the engine holds (./text.ts). */
  declare readonly conversations: pulumi.Output<string>;
  declare readonly conversationCount: pulumi.Output<number>;
  declare readonly messageCount: pulumi.Output<number>;
  /** The conversations not wholly imported, by group key: messages dealt with and their hash. */
  declare readonly pending: pulumi.Output<Record<string, PendingConversation>>;
  /** Messages Tencent refused, by conversation and source ID, with the code. */
  declare readonly refused: pulumi.Output<BatchRefusedMessage[]>;

  constructor(name: string, args: ImportedGroupHistoryBatchArgs, opts?: pulumi.CustomResourceOptions) {
    const ids = pulumi.all(Object.fromEntries(Object.entries(args.conversations).map(([key, c]) => [key, c.groupId])));
    const conversations = ids.apply((groupIds) =>
      encodeConversations(
        Object.fromEntries(Object.entries(args.conversations).map(([key, c]) => [key, { ...c, groupId: groupIds[key]! }])),
      ),
    );
    super(
      "ImportedGroupHistoryBatch",
      name,
      {
        conversationCount: undefined,
        messageCount: undefined,
        pending: undefined,
        refused: undefined,
        historyFile: args.historyFile,
        conversations,
      },
      opts,
    );
  }
}

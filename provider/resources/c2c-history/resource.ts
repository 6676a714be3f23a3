import type * as pulumi from "@pulumi/pulumi";
import { ChatDynamicResource } from "../dynamic-resource";
import type { InputsOf } from "../group/resource";
import type { C2CConversation, C2CRefusedMessage, ImportedC2CHistoryInputs } from "./schema";

/** Arguments of {@link ImportedC2CHistory}. */
export type ImportedC2CHistoryArgs = InputsOf<ImportedC2CHistoryInputs>;

/**
 * Many 1:1 conversations' history imported with importmsg, exactly once: each message with a MsgSeq, MsgRandom and
 * MsgTimeStamp of its own, derived from its conversation and source ID, which the service keeps once however often
 * it is sent. Conversations go side by side, each one's messages in import order. Its inputs name each conversation
 * by its content hash and count, never the messages; messages appended to the history are imported by an update;
 * a change to imported ones fails at preview. Both people of every conversation must be imported accounts: declare
 * it after them (`declareMigration` does).
 */
export class ImportedC2CHistory extends ChatDynamicResource {
  declare readonly historyFile: pulumi.Output<string>;
  declare readonly conversations: pulumi.Output<Record<string, C2CConversation>>;
  /** Per conversation, the messages dealt with (stored or refused), in import order. */
  declare readonly imported: pulumi.Output<Record<string, number>>;
  /** The sha256 of the messages dealt with, for conversations dealt with in part. */
  declare readonly importedHashes: pulumi.Output<Record<string, string>>;
  /** Messages Tencent refused, by conversation and source ID, with the code. */
  declare readonly refused: pulumi.Output<C2CRefusedMessage[]>;

  constructor(name: string, args: ImportedC2CHistoryArgs, opts?: pulumi.CustomResourceOptions) {
    super("ImportedC2CHistory", name, { imported: undefined, importedHashes: undefined, refused: undefined, ...args }, opts);
  }
}

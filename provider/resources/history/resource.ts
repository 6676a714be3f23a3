import type * as pulumi from "@pulumi/pulumi";
import { ChatDynamicResource } from "../dynamic-resource";
import type { ImportedGroup, InputsOf } from "../group/resource";
import type { ImportedGroupHistoryInputs, RefusedMessage } from "./schema";

/** Arguments of {@link ImportedGroupHistory}: pass `group` to take its ID (and be ordered after it), or `groupId`. */
export type ImportedGroupHistoryArgs = Omit<InputsOf<ImportedGroupHistoryInputs>, "groupId"> &
  ({ group: ImportedGroup; groupId?: never } | { groupId: pulumi.Input<string>; group?: never });

/**
 * A group's message history imported with import_group_msg, exactly once: in import order, at most 7 messages a
 * call, one call at a time, continuing after what the group already holds (read back with group_msg_get_simple)
 * after any unclear failure. Its inputs name the conversation by its content hash and count, never the messages;
 * messages appended to the history are imported by an update; a change to imported ones fails at preview.
 */
export class ImportedGroupHistory extends ChatDynamicResource {
  declare readonly groupId: pulumi.Output<string>;
  declare readonly conversation: pulumi.Output<string>;
  declare readonly messageCount: pulumi.Output<number>;
  /** Messages dealt with (stored or refused), in import order. */
  declare readonly imported: pulumi.Output<number>;
  /** The last message dealt with: its source ID and time. */
  declare readonly lastId: pulumi.Output<string | undefined>;
  declare readonly lastTime: pulumi.Output<number | undefined>;
  /** Messages Tencent refused, by source ID, with the code. */
  declare readonly refused: pulumi.Output<RefusedMessage[]>;

  constructor(name: string, args: ImportedGroupHistoryArgs, opts?: pulumi.CustomResourceOptions) {
    const { group, ...rest } = args;
    const props = group ? { ...rest, groupId: group.groupId } : rest;
    super(
      "ImportedGroupHistory",
      name,
      { imported: undefined, importedHash: undefined, lastId: undefined, lastTime: undefined, refused: undefined, ...props },
      opts,
    );
  }
}

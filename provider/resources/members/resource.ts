import type * as pulumi from "@pulumi/pulumi";
import { ChatDynamicResource } from "../dynamic-resource";
import type { InputsOf } from "../group/resource";
import type { ImportedGroup } from "../group/resource";
import type { ImportedGroupMembersInputs } from "./schema";

/**
 * Arguments of {@link ImportedGroupMembers}, derived from the zod schema. Pass `group` (the ImportedGroup) to set
 * `groupId`, `groupCreateTime` and `groupOwner` from it, or `groupId` directly.
 */
export type ImportedGroupMembersArgs = Omit<InputsOf<ImportedGroupMembersInputs>, "groupId" | "groupOwner"> &
  ({ group: ImportedGroup; groupId?: never } | { groupId: pulumi.Input<string>; group?: never });

/**
 * Members imported into a group with import_group_member (no callbacks, no notifications), in batches of
 * `memberBatchSize`. Additions, removals (silent), role and unread changes update in place.
 */
export class ImportedGroupMembers extends ChatDynamicResource {
  declare readonly groupId: pulumi.Output<string>;
  declare readonly members: pulumi.Output<ImportedGroupMembersInputs["members"]>;
  /** How many members are declared (and imported). */
  declare readonly memberCount: pulumi.Output<number>;
  /** What the last import found: added (Result 1) and already members (Result 2). */
  declare readonly importResults: pulumi.Output<{ added: number; alreadyMembers: number }>;

  constructor(name: string, args: ImportedGroupMembersArgs, opts?: pulumi.CustomResourceOptions) {
    const { group, ...rest } = args;
    // Taking groupId from the group's output is what orders members after their group.
    const props = group
      ? {
          ...rest,
          groupId: group.groupId,
          groupCreateTime: rest.groupCreateTime ?? group.declared.createTime,
          groupOwner: group.declared.ownerAccount,
        }
      : rest;
    super("ImportedGroupMembers", name, { memberCount: undefined, importResults: undefined, ...props }, opts);
  }
}

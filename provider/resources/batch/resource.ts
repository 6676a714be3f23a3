import * as pulumi from "@pulumi/pulumi";
import { ChatDynamicResource } from "../dynamic-resource";
import type { ImportedGroupInputs } from "../group/schema";
import type { MemberSpec } from "../members/schema";
import { compactMember, type CompactMember } from "./compact-member";
import { stableGroupId, stableTopicId } from "../stable-id";
import { mapOwnValues } from "../../own-keys";
import { encodeBatch } from "./batch-text";
import { isPlainInput } from "../plain-input";
import type { BatchDeclaration, BatchTopic } from "./schema";

/** A topic of a batch group as declared: its ID may be left out (derived from the topic's key). */
export type BatchTopicArgs = Omit<BatchTopic, "topicId"> & { topicId?: string };

/**
 * A group of a batch as declared: ImportedGroup's arguments plus members and topics; the ID may be left out. A
 * member is an object as for ImportedGroupMembers or its one-string form (`"Admin joined:1600000060"`); the batch
 * stores the string.
 */
export type BatchGroupArgs = ImportedGroupInputs & {
  members?: Record<string, MemberSpec | CompactMember>;
  topics?: Record<string, BatchTopicArgs>;
  allowReplace?: boolean;
};

/** Arguments of {@link ImportedGroupBatch}. */
export interface ImportedGroupBatchArgs {
  /** Group key to group. A key names the group for its derived ID, as a resource name does for ImportedGroup. */
  groups: pulumi.Input<Record<string, BatchGroupArgs>>;
}

/**
 * Fills in the IDs left out, a group's from its key (as ImportedGroup derives it from its resource name) and a
 * topic's from its group's ID and its key, and writes each member in its canonical one-string form. Computed in
 * the program, so the IDs are known at preview.
 */
export function withDerivedIds(groups: Record<string, BatchGroupArgs>, project: string, stack: string): BatchDeclaration["groups"] {
  return Object.fromEntries(
    Object.entries(groups).map(([key, { topics: declaredTopics, members: declaredMembers, ...group }]) => {
      const groupId = group.groupId ?? stableGroupId(key, group.type === "Community", project, stack);
      const topics =
        declaredTopics &&
        Object.fromEntries(
          Object.entries(declaredTopics).map(([topicKey, topic]) => [
            topicKey,
            { ...topic, topicId: topic.topicId ?? stableTopicId(groupId, topicKey, project, stack) },
          ]),
        );
      const members = declaredMembers && mapOwnValues(declaredMembers, compactMember);
      return [key, { ...group, groupId, ...(members ? { members } : {}), ...(topics ? { topics } : {}) }];
    }),
  );
}

/**
 * Many groups, each with its members and topics, imported as one resource: the form for large migrations. With
 * default engine settings Pulumi rewrites the whole state file after every resource's step, a cost of resources x
 * state size; 500 groups as a handful of batches instead of 1,251 resources keep that small, and the state and
 * `pulumi preview` list a few resources. Each group goes through the same steps as ImportedGroup,
 * ImportedGroupMembers and ImportedTopic; a group that fails is left out of the state (partial state) and the next
 * `pulumi up` finishes it. A change to one group updates the batch and touches only that group.
 */
export class ImportedGroupBatch extends ChatDynamicResource {
  /**
   * The groups as imported (IDs included), as the one text the engine holds: a line per group, member and topic
   * (./batch-text.ts; `readBatch` reads it back).
   */
  declare readonly groups: pulumi.Output<string>;
  /** How many groups are in place. */
  declare readonly groupCount: pulumi.Output<number>;
  /** Group key to GroupId, known at preview. */
  readonly groupIds: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: ImportedGroupBatchArgs, opts?: pulumi.CustomResourceOptions) {
    const project = pulumi.getProject();
    const stack = pulumi.getStack();
    // Plain groups get their IDs and one-string members before pulumi.output, which would otherwise walk every
    // member object looking for nested outputs (a second per batch of 100,000 members); each member is written once.
    const groups = isPlainInput(args.groups)
      ? pulumi.output(withDerivedIds(args.groups, project, stack))
      : pulumi.output(args.groups).apply((all) => withDerivedIds(all as Record<string, BatchGroupArgs>, project, stack));
    // One text instead of a value per member: see ./batch-text.ts and ../line-text.ts.
    super("ImportedGroupBatch", name, { groupCount: undefined, groups: groups.apply(encodeBatch) }, opts);
    this.groupIds = groups.apply((all) => Object.fromEntries(Object.entries(all).map(([key, group]) => [key, group.groupId])));
  }
}

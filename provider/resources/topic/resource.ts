import * as pulumi from "@pulumi/pulumi";
import { ChatDynamicResource } from "../dynamic-resource";
import { stableTopicId } from "../stable-id";
import type { ImportedGroup, InputsOf } from "../group/resource";
import type { ImportedTopicInputs } from "./schema";

/**
 * Arguments of {@link ImportedTopic}, derived from the zod schema `ImportedTopicInputs`. Pass `group` (the
 * community's ImportedGroup) to take `groupId` from it and have preview check that it is a topic-enabled Community,
 * or `groupId` directly.
 */
export type ImportedTopicArgs = Omit<InputsOf<ImportedTopicInputs>, "groupId" | "groupType" | "groupSupportTopic"> &
  ({ group: ImportedGroup; groupId?: never } | { groupId: pulumi.Input<string>; group?: never });

/**
 * A topic imported into a topic-enabled community with import_topic. Without `topicId`, the ID is derived from the
 * resource name, so a create whose answer was lost can be repeated without making a second topic.
 */
export class ImportedTopic extends ChatDynamicResource {
  /** The topic's ID, `<groupId>@TOPIC#_<part>`. */
  declare readonly topicId: pulumi.Output<string>;
  declare readonly groupId: pulumi.Output<string>;
  declare readonly topicName: pulumi.Output<string>;

  constructor(name: string, args: ImportedTopicArgs, opts?: pulumi.CustomResourceOptions) {
    const project = pulumi.getProject();
    const stack = pulumi.getStack();
    const { group, ...rest } = args;
    const groupId = group ? group.groupId : args.groupId!;
    const topicId = rest.topicId ?? pulumi.output(groupId).apply((id) => stableTopicId(id, name, project, stack));
    const groupFacts = group ? { groupType: group.declared.type, groupSupportTopic: group.declared.supportTopic } : {};
    super("ImportedTopic", name, { ...rest, ...groupFacts, groupId, topicId }, opts);
  }
}

import * as pulumi from "@pulumi/pulumi";
import { ChatDynamicResource } from "../dynamic-resource";
import { stableTopicId } from "../stable-id";
import type { InputsOf } from "../group/resource";
import type { ImportedTopicInputs } from "./schema";

/** Arguments of {@link ImportedTopic}; the shape is derived from the zod schema `ImportedTopicInputs`. */
export type ImportedTopicArgs = InputsOf<ImportedTopicInputs>;

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
    const topicId = args.topicId ?? pulumi.output(args.groupId).apply((groupId) => stableTopicId(groupId, name, project, stack));
    super("ImportedTopic", name, { ...args, topicId }, opts);
  }
}

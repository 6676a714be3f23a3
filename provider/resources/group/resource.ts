import * as pulumi from "@pulumi/pulumi";
import { ChatDynamicResource } from "../dynamic-resource";
import { stableGroupId } from "../stable-id";
import type { ImportedGroupInputs } from "./schema";

/** Wraps every property of a validated-input type in `pulumi.Input`. */
export type InputsOf<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/** Arguments of {@link ImportedGroup}; the shape is derived from the zod schema `ImportedGroupInputs`. */
export type ImportedGroupArgs = InputsOf<ImportedGroupInputs>;

/**
 * A group imported with `import_group` (no callbacks, no notifications). Without `groupId`, the ID is derived from
 * the resource name (`<name>-<hash>`, `@TGS#_<name>-<hash>` for a Community), so a create whose answer was lost
 * can be repeated without making a second group.
 */
export class ImportedGroup extends ChatDynamicResource {
  /** The group's ID: the custom one, or the one derived from the resource name. */
  declare readonly groupId: pulumi.Output<string>;
  declare readonly type: pulumi.Output<ImportedGroupInputs["type"]>;
  declare readonly name: pulumi.Output<string>;
  /** The declared creation time, if any (members' join times must come after it). */
  declare readonly createTime: pulumi.Output<number | undefined>;
  /**
   * The arguments as declared. Members and topics read the owner, creation time, type and topic support from here:
   * an output the group does not declare would be unknown in every preview, and would show as a change.
   */
  readonly declared: ImportedGroupArgs;

  constructor(name: string, args: ImportedGroupArgs, opts?: pulumi.CustomResourceOptions) {
    const project = pulumi.getProject();
    const stack = pulumi.getStack();
    const groupId = args.groupId ?? pulumi.output(args.type).apply((type) => stableGroupId(name, type === "Community", project, stack));
    super("ImportedGroup", name, { createTime: undefined, ...args, groupId }, opts);
    this.declared = args;
  }
}

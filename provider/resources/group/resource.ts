import * as pulumi from "@pulumi/pulumi";
import { SHELL_PROVIDERS } from "../shell";
import type { ImportedGroupInputs } from "./schema";

/** Wraps every property of a validated-input type in `pulumi.Input`. */
export type InputsOf<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/** Arguments of {@link ImportedGroup}; the shape is derived from the zod schema `ImportedGroupInputs`. */
export type ImportedGroupArgs = InputsOf<ImportedGroupInputs>;


/**
 * A group imported with `import_group` (no callbacks, no notifications). Its `groupId` output is the ID the
 * service assigned, or the custom ID you gave.
 */
export class ImportedGroup extends pulumi.dynamic.Resource {
  /** The group's ID: custom, or assigned by the service (`@TGS#...`, `@TGS#_...` for a Community). */
  declare readonly groupId: pulumi.Output<string>;
  declare readonly type: pulumi.Output<ImportedGroupInputs["type"]>;
  declare readonly name: pulumi.Output<string>;

  constructor(name: string, args: ImportedGroupArgs, opts?: pulumi.CustomResourceOptions) {
    super(SHELL_PROVIDERS.ImportedGroup, name, { groupId: undefined, ...args }, opts, "tencent-chat", "ImportedGroup");
  }
}

import * as pulumi from "@pulumi/pulumi";
import { ChatDynamicResource } from "../dynamic-resource";
import type { InputsOf } from "../group/resource";
import type { ImportedAccountsInputs } from "./schema";

/**
 * Arguments of {@link ImportedAccounts}; the shape is derived from the zod schema `ImportedAccountsInputs`.
 * `deletionPolicy` is a plain value: it decides at construction whether Pulumi retains the resource on delete.
 */
export type ImportedAccountsArgs = Omit<InputsOf<ImportedAccountsInputs>, "deletionPolicy"> & { deletionPolicy?: ImportedAccountsInputs["deletionPolicy"] };

/**
 * Accounts imported with multiaccount_import (100 per call). Group owners and members must be imported accounts,
 * so groups and members depend on this resource. Importing an existing account updates its profile; such an
 * account is adopted (the run says how many) and never deleted by this resource. The accounts it created are
 * deleted on destroy or removal only when it declares `deletionPolicy: "delete"`.
 */
export class ImportedAccounts extends ChatDynamicResource {
  /** The imported accounts. */
  declare readonly accounts: pulumi.Output<ImportedAccountsInputs["accounts"]>;
  /** How many accounts are imported. */
  declare readonly accountCount: pulumi.Output<number>;
  /** Declared accounts that existed before this resource imported them: never deleted by it. */
  declare readonly adoptedAccounts: pulumi.Output<string[]>;

  constructor(name: string, args: ImportedAccountsArgs, opts?: pulumi.CustomResourceOptions) {
    super("ImportedAccounts", name, { accountCount: undefined, adoptedAccounts: undefined, ...args }, opts, { policy: args.deletionPolicy, requireDeclared: true });
  }
}

import * as pulumi from "@pulumi/pulumi";
import { ChatDynamicResource } from "../dynamic-resource";
import type { InputsOf } from "../group/resource";
import type { ImportedAccountsInputs } from "./schema";

/** Arguments of {@link ImportedAccounts}; the shape is derived from the zod schema `ImportedAccountsInputs`. */
export type ImportedAccountsArgs = InputsOf<ImportedAccountsInputs>;

/**
 * Accounts imported with multiaccount_import (100 per call). Group owners and members must be imported accounts,
 * so groups and members depend on this resource. Importing an existing account updates its profile.
 */
export class ImportedAccounts extends ChatDynamicResource {
  /** The imported accounts. */
  declare readonly accounts: pulumi.Output<ImportedAccountsInputs["accounts"]>;
  /** How many accounts are imported. */
  declare readonly accountCount: pulumi.Output<number>;

  constructor(name: string, args: ImportedAccountsArgs, opts?: pulumi.CustomResourceOptions) {
    super("ImportedAccounts", name, { accountCount: undefined, ...args }, opts);
  }
}

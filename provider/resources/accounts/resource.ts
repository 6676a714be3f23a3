import * as pulumi from "@pulumi/pulumi";
import { ChatDynamicResource } from "../dynamic-resource";
import { isPlainInput } from "../plain-input";
import { encodeAccounts, type Accounts } from "./accounts-text";
import type { InputsOf } from "../group/resource";
import type { AccountsDeclaration } from "./schema";

/**
 * Arguments of {@link ImportedAccounts}: UserID to profile (`{ nick?, faceUrl? }`), stored as one text of a line
 * per account (./accounts-text.ts).
 * `deletionPolicy` is a plain value: it decides at construction whether Pulumi retains the resource on delete.
 */
export type ImportedAccountsArgs = Omit<InputsOf<AccountsDeclaration>, "deletionPolicy"> & {
  deletionPolicy?: AccountsDeclaration["deletionPolicy"];
};

/**
 * Accounts imported with multiaccount_import (100 per call). Group owners and members must be imported accounts,
 * so groups and members depend on this resource. Importing an existing account updates its profile; such an
 * account is adopted (the run says how many) and never deleted by this resource. The accounts it created are
 * deleted on destroy or removal only when it declares `deletionPolicy: "delete"`.
 */
export class ImportedAccounts extends ChatDynamicResource {
  /** The imported accounts, as one text of a line per account (./accounts-text.ts). */
  declare readonly accounts: pulumi.Output<string>;
  /** How many accounts are imported. */
  declare readonly accountCount: pulumi.Output<number>;
  /** Declared accounts that existed before this resource imported them: never deleted by it. */
  declare readonly adoptedAccounts: pulumi.Output<string[]>;

  constructor(name: string, args: ImportedAccountsArgs, opts?: pulumi.CustomResourceOptions) {
    // Written as text before it is an input: pulumi.output would walk every profile looking for nested outputs.
    const accounts = isPlainInput(args.accounts)
      ? encodeAccounts(args.accounts as Accounts)
      : pulumi.output(args.accounts).apply((all) => encodeAccounts(all as Accounts));
    super("ImportedAccounts", name, { accountCount: undefined, adoptedAccounts: undefined, ...args, accounts }, opts, {
      policy: args.deletionPolicy,
      requireDeclared: true,
    });
  }
}

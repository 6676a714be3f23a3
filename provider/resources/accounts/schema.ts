import { z } from "zod";
import { LIMITS } from "../../limits";
import { boundedText } from "../check";
import { UserId } from "../group/schema";

/** One account's profile as account import takes it. */
export const AccountProfile = z.strictObject({
  nick: boundedText(LIMITS.profileValue).optional().describe("Nickname, at most 500 bytes."),
  faceUrl: boundedText(LIMITS.profileValue).optional().describe("Profile photo URL, at most 500 bytes."),
});

/** Inputs of {@link ImportedAccounts}: a map so that `preview --diff` shows one key per added account. */
export const ImportedAccountsInputs = z.strictObject({
  accounts: z
    .record(UserId, AccountProfile)
    .describe("UserID (at most 32 bytes of printable ASCII) to profile; every group owner and member must be here or imported before."),
  deletionPolicy: z
    .enum(["delete", "retain"])
    .optional()
    .describe(
      "`delete` lets destroy and removal delete the accounts this resource created (never ones that existed before), when the stack's deletion policy allows it too; unset or `retain`: accounts are only forgotten. A deleted UserID cannot be imported again for 3 months.",
    ),
});
/** Validated inputs of {@link ImportedAccounts}. */
export type ImportedAccountsInputs = z.infer<typeof ImportedAccountsInputs>;
/** Outputs of {@link ImportedAccounts}. */
export type ImportedAccountsOutputs = ImportedAccountsInputs & {
  accountCount: number;
  /** Declared accounts that existed before this resource imported them (another stack's, or older): never deleted here. */
  adoptedAccounts?: string[];
};

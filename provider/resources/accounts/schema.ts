import { z } from "zod";
import { DELETION_POLICIES } from "../../config";
import { LIMITS } from "../../limits";
import { unkeepableKeyIssues } from "../../own-keys";
import { boundedText, issueFailures } from "../check";
import { UserId } from "../../user-id";
import { parseAccounts } from "./accounts-text";

/** One account's profile as account import takes it. */
export const AccountProfile = z.strictObject({
  nick: boundedText(LIMITS.profileValue).optional().describe("Nickname, at most 500 bytes."),
  faceUrl: boundedText(LIMITS.profileValue).optional().describe("Profile photo URL, at most 500 bytes."),
});

/** The accounts as a program declares them: UserID to profile. */
export const AccountsMap = z
  .record(UserId, AccountProfile)
  .describe("UserID (at most 32 bytes of printable ASCII) to profile; every group owner and member must be here or imported before.");

const DeletionPolicy = z
  .enum(DELETION_POLICIES)
  .optional()
  .describe(
    "`delete` lets destroy and removal delete the accounts this resource created (never ones that existed before), when the stack's deletion policy allows it too; unset or `retain`: accounts are only forgotten. A deleted UserID cannot be imported again for 3 months.",
  );

/** The arguments of {@link ImportedAccounts} as a program writes them (and schema.json describes them). */
export const AccountsDeclaration = z.strictObject({ accounts: AccountsMap, deletionPolicy: DeletionPolicy });
/** The arguments of {@link ImportedAccounts}, validated. */
export type AccountsDeclaration = z.infer<typeof AccountsDeclaration>;

/**
 * Inputs of {@link ImportedAccounts} as the engine holds them: the accounts as one text of a line per account
 * (./accounts-text.ts), a hundred thousand accounts as one value, not a hundred thousand; `preview --diff` shows an
 * added account as one line. Check reads the text back and applies {@link AccountsMap}'s rules, so a problem names
 * the account.
 */
export const ImportedAccountsInputs = z.strictObject({
  accounts: z
    .string()
    .superRefine((text, ctx) => {
      const parsed = parseAccounts(text);
      if ("problems" in parsed) {
        for (const problem of parsed.problems) ctx.addIssue({ code: "custom", message: problem });
        return;
      }
      const checked = AccountsMap.safeParse(parsed.accounts);
      // The reason as check words it (a bad UserID gives its rule's message); the path is the account's.
      for (const issue of [...(checked.success ? [] : checked.error.issues), ...unkeepableKeyIssues(parsed.accounts)]) {
        for (const { reason } of issueFailures([issue], () => ""))
          ctx.addIssue({ code: "custom", message: reason, path: issue.path.map(String) });
      }
    })
    .describe(
      'The accounts, a line per account after the line "@ImportedAccounts v1": a UserID, then its profile as JSON when it has one, e.g. alice {"nick":"Alice"}.',
    ),
  deletionPolicy: DeletionPolicy,
});
/** Validated inputs of {@link ImportedAccounts}. */
export type ImportedAccountsInputs = z.infer<typeof ImportedAccountsInputs>;
/** Outputs of {@link ImportedAccounts}. */
export type ImportedAccountsOutputs = Omit<ImportedAccountsInputs, "accounts"> & {
  /** The accounts as text; a state written before the text holds the map. */
  accounts: string | AccountsDeclaration["accounts"];
  accountCount: number;
  /** Declared accounts that existed before this resource imported them (another stack's, or older): never deleted here. */
  adoptedAccounts?: string[];
};

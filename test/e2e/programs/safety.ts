import {
  ImportedAccounts,
  ImportedGroup,
  ImportedGroupBatch,
  ImportedGroupMembers,
  ImportedTopic,
  type BatchGroupArgs,
  type ImportedAccountsArgs,
  type ImportedGroupArgs,
  type MemberSpec,
} from "pulumi-tencent-chat";

/** A group's creation time in the safety programs. */
export const T0 = 1_600_000_000;

/** What the per-object safety program declares. */
export interface PerObjectDeclaration {
  accounts: Record<string, { nick?: string }>;
  accountsDeletion?: ImportedAccountsArgs["deletionPolicy"];
  group?: ImportedGroupArgs;
  members?: Record<string, MemberSpec>;
  /** A topic in `group` (passed as `group`, so preview checks the group can hold topics). */
  topicName?: string;
}

/** Accounts, and optionally a group with its members and a topic, one resource each. */
export function perObjectProgram(declared: PerObjectDeclaration) {
  const accounts = new ImportedAccounts("accounts", {
    accounts: declared.accounts,
    ...(declared.accountsDeletion ? { deletionPolicy: declared.accountsDeletion } : {}),
  });
  if (!declared.group) return { accountCount: accounts.accountCount, adopted: accounts.adoptedAccounts };
  const group = new ImportedGroup("team", declared.group, { dependsOn: [accounts] });
  if (declared.members) new ImportedGroupMembers("team-members", { group, members: declared.members }, { dependsOn: [accounts] });
  if (declared.topicName) new ImportedTopic("topic", { group, topicName: declared.topicName }, { dependsOn: [accounts] });
  return { groupId: group.groupId };
}

/** Accounts and one ImportedGroupBatch of `groups`. */
export function batchProgram(accounts: string[], groups: Record<string, BatchGroupArgs>) {
  const imported = new ImportedAccounts("accounts", { accounts: Object.fromEntries(accounts.map((a) => [a, {}])) });
  const batch = new ImportedGroupBatch("batch", { groups }, { dependsOn: [imported] });
  return { groupIds: batch.groupIds };
}

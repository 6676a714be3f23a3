import { ImportedAccounts, ImportedGroup, ImportedGroupMembers } from "pulumi-tencent-chat";

/** `count` UserIDs user0000, user0001, ... */
export const userIds = (count: number) => Array.from({ length: count }, (_, i) => `user${String(i).padStart(4, "0")}`);

/** 1,001 accounts and one group holding the first `memberCount` of them. */
export function previewDiffProgram(memberCount: number) {
  const accounts = new ImportedAccounts("accounts", { accounts: Object.fromEntries(userIds(1001).map((u) => [u, {}])) });
  const group = new ImportedGroup(
    "big",
    { type: "Public", name: "Big", groupId: "big", createTime: 1_500_000_000 },
    { dependsOn: [accounts] },
  );
  new ImportedGroupMembers(
    "big-members",
    { group, members: Object.fromEntries(userIds(memberCount).map((u) => [u, { joinTime: 1_600_000_000 }])) },
    { dependsOn: [accounts] },
  );
}

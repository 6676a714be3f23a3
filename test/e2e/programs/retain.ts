import { ImportedAccounts, ImportedGroup, ImportedGroupMembers } from "pulumi-tencent-chat";

/** An account, a group it owns and its member list: one of each kind that deletes on destroy. */
export function retainProgram() {
  const accounts = new ImportedAccounts("accounts", { accounts: { erin: {} } });
  const group = new ImportedGroup("kept", { type: "Private", name: "Kept", ownerAccount: "erin" }, { dependsOn: [accounts] });
  new ImportedGroupMembers("kept-members", { groupId: group.groupId, members: { erin: {} } });
}

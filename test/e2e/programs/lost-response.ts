import { ImportedAccounts, ImportedGroup, ImportedGroupMembers, ImportedTopic } from "pulumi-tencent-chat";

/** One of each resource, with no groupId or topicId: the IDs are derived from the resource names. */
export function lostResponseProgram() {
  const accounts = new ImportedAccounts("accounts", { accounts: { ann: {}, ben: {} } });
  const group = new ImportedGroup("lost", { type: "Public", name: "Lost answers", createTime: 1_500_000_000 }, { dependsOn: [accounts] });
  const guild = new ImportedGroup("lost-guild", { type: "Community", name: "Guild", supportTopic: true }, { dependsOn: [accounts] });
  new ImportedGroupMembers("lost-members", { group, members: { ann: {}, ben: { role: "Admin" } } }, { dependsOn: [accounts] });
  new ImportedTopic("lost-topic", { groupId: guild.groupId, topicName: "Topic" });
}

import { ImportedAccounts, ImportedGroup, ImportedGroupMembers, ImportedTopic } from "pulumi-tencent-chat";

// Configure the provider first (see the README):
//   pulumi config set tencent-chat:sdkAppId 1400000000
//   pulumi config set tencent-chat:endpoint http://127.0.0.1:<port>   # or tencent-chat:region singapore
//   pulumi config set --secret tencent-chat:secretKey <key>

// 1. Accounts: every owner, member and topic creator must be imported first.
const accounts = new ImportedAccounts("accounts", {
  accounts: { alice: { nick: "Alice" }, bob: { nick: "Bob" }, wang_wei: { nick: "王伟" } },
});

// 2. A group, back-dated to when it was created in the old system.
const general = new ImportedGroup(
  "general",
  {
    type: "Public",
    name: "General 综合",
    ownerAccount: "alice",
    introduction: "Imported from our old chat system",
    createTime: 1448357837,
    appDefinedData: { legacy_id: "C01" },
  },
  { dependsOn: [accounts] },
);

// 3. Its members: a map, so a pull request's `pulumi preview --diff` shows one line per added member.
const members = new ImportedGroupMembers(
  "general-members",
  {
    group: general,
    members: { bob: { role: "Admin", joinTime: 1448357900 }, wang_wei: { joinTime: 1448358000 } },
  },
  { dependsOn: [accounts] },
);

// 4. A topic in a topic-enabled community.
const community = new ImportedGroup("community", { type: "Community", name: "Community", supportTopic: true }, { dependsOn: [accounts] });
const topic = new ImportedTopic(
  "welcome",
  { groupId: community.groupId, topicName: "Welcome 欢迎", fromAccount: "alice" },
  { dependsOn: [accounts] },
);

export const groupId = general.groupId;
export const memberCount = members.memberCount;
export const communityId = community.groupId;
export const topicId = topic.topicId;

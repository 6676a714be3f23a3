import { ImportedAccounts, ImportedGroup, ImportedGroupMembers, ImportedTopic } from "pulumi-tencent-chat";

const people = ["mod1", "mod2", ...Array.from({ length: 48 }, (_, i) => `player${i}`)];
const accounts = new ImportedAccounts("players", { accounts: Object.fromEntries(people.map((p) => [p, {}])) });

// A community's ID starts with @TGS#_; topics need supportTopic (and Tencent's Ultimate edition in production).
const guild = new ImportedGroup(
  "guild",
  {
    type: "Community",
    groupId: "@TGS#_guild",
    name: "玩家公会 Guild",
    ownerAccount: "mod1",
    supportTopic: true,
    maxMemberCount: 100000,
    createTime: 1577836800,
  },
  { dependsOn: [accounts] },
);

const members = new ImportedGroupMembers(
  "guild-members",
  {
    group: guild,
    members: Object.fromEntries(
      people
        .slice(1)
        .map((p, i) => [p, { joinTime: 1577836800 + 60 * (i + 1), ...(p.startsWith("mod") ? { role: "Admin" as const } : {}) }]),
    ),
  },
  { dependsOn: [accounts] },
);

const topics = ["announcements", "general", "trading", "help"].map(
  (name, i) =>
    new ImportedTopic(
      `topic-${name}`,
      {
        groupId: guild.groupId,
        topicId: `@TGS#_guild@TOPIC#_${name}`,
        topicName: name,
        fromAccount: "mod1",
        createTime: 1577836800 + i,
        ...(name === "announcements" ? { notification: "Read-only for players" } : {}),
      },
      { dependsOn: [accounts] },
    ),
);

export const communityId = guild.groupId;
export const memberCount = members.memberCount;
export const topicIds = topics.map((t) => t.topicId);

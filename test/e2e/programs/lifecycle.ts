import {
  ImportedAccounts,
  ImportedGroup,
  ImportedGroupMembers,
  ImportedTopic,
  type ImportedGroupArgs,
  type MemberSpec,
} from "pulumi-tencent-chat";

/** Back-dated group creation time of the lifecycle program. */
export const T0 = 1_600_000_000;

/** What the lifecycle program declares; the spec edits it between runs. */
export interface Declared {
  accounts: Record<string, { nick?: string }>;
  group: ImportedGroupArgs;
  members: Record<string, MemberSpec>;
  topicName: string;
  topicIntroduction?: string;
  topicCreateTime?: number;
  /** Which group the members resource imports into. */
  membersIn: "team" | "guild";
}

/** All four resources: accounts, a group and a community, a member list, a topic. */
export function lifecycleProgram(declared: Declared) {
  const accounts = new ImportedAccounts("accounts", { accounts: declared.accounts, deletionPolicy: "delete" });
  const team = new ImportedGroup("team", declared.group, { dependsOn: [accounts] });
  const guild = new ImportedGroup(
    "guild",
    { type: "Community", name: "Guild 公会", supportTopic: true, createTime: T0 },
    { dependsOn: [accounts] },
  );
  const members = new ImportedGroupMembers(
    "team-members",
    { group: declared.membersIn === "team" ? team : guild, members: declared.members },
    { dependsOn: [accounts] },
  );
  const topic = new ImportedTopic(
    "general",
    {
      groupId: guild.groupId,
      topicName: declared.topicName,
      fromAccount: "alice",
      ...(declared.topicIntroduction !== undefined ? { introduction: declared.topicIntroduction } : {}),
      ...(declared.topicCreateTime !== undefined ? { createTime: declared.topicCreateTime } : {}),
    },
    { dependsOn: [accounts] },
  );
  return { teamId: team.groupId, guildId: guild.groupId, topicId: topic.topicId, memberCount: members.memberCount };
}

import { ImportedGroup } from "pulumi-tencent-chat";

/**
 * The sample migration the demo applies: one group of each importable type, a custom ID, CJK names at the
 * byte limits, binary custom data and back-dated creation times.
 */
export function declareSampleMigration(): Record<string, unknown> {
  const engineering = new ImportedGroup("engineering", {
    type: "Public",
    groupId: "legacy-C024BE91L",
    name: "工程部全体成员频道", // 9 CJK characters: 27 of the 30 bytes allowed
    introduction: "Imported from the legacy chat system",
    createTime: 1448357837,
    applyJoinOption: "FreeAccess",
    appDefinedData: { legacy_id: "C024BE91L", flags: "\u0000\u0001" },
  });
  const oncall = new ImportedGroup("oncall", { type: "Private", name: "On-call 值班", createTime: 1546300800 });
  const standup = new ImportedGroup("standup", { type: "ChatRoom", name: "Daily stand-up", maxMemberCount: 200 });
  const guild = new ImportedGroup("guild", { type: "Community", name: "开发者社区", supportTopic: true });
  return {
    groupIds: {
      engineering: engineering.groupId,
      oncall: oncall.groupId,
      standup: standup.groupId,
      guild: guild.groupId,
    },
  };
}

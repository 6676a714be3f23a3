import { ImportedGroup, type ImportedGroupArgs } from "pulumi-tencent-chat";

/** A group with every field declared, and a community whose ID is derived from its resource name. */
export function importedGroupProgram(team: ImportedGroupArgs) {
  const group = new ImportedGroup("team", team);
  const community = new ImportedGroup("community", { type: "Community", name: "Guild", supportTopic: true });
  return { teamId: group.groupId, communityId: community.groupId };
}

import type { EmulatorState, GroupRecord } from "../emulator/store";
import { accountDifferences, groupDifferences, unmatchedGroupDifferences, type LiveGroupView } from "../provider/migration/audit";
import type { Manifest } from "../provider/migration/manifest";

/** An emulator group as the audit's view of it, with every field the state holds (topic creators included). */
function stateView(group: GroupRecord): LiveGroupView {
  return {
    groupId: group.groupId,
    type: group.type,
    name: group.name,
    ...(group.introduction !== undefined ? { introduction: group.introduction } : {}),
    ...(group.notification !== undefined ? { notification: group.notification } : {}),
    ...(group.faceUrl !== undefined ? { faceUrl: group.faceUrl } : {}),
    ...(group.ownerAccount !== undefined ? { ownerAccount: group.ownerAccount } : {}),
    createTime: group.createTime,
    maxMemberCount: group.maxMemberCount,
    ...(group.applyJoinOption !== undefined ? { applyJoinOption: group.applyJoinOption } : {}),
    supportTopic: group.supportTopic,
    appDefinedData: group.appDefinedData,
    members: new Map(Object.values(group.members).map((m) => [m.account, { role: m.role, joinTime: m.joinTime }])),
    topics: Object.values(group.topics).map((t) => ({ ...t, fromAccount: t.fromAccount })),
  };
}

/**
 * Compares what the emulator holds with what a manifest declares, through the same rules as `verify`
 * (provider/migration/audit.ts), reading the state directly: every account the emulator holds is known here, so
 * extra accounts are reported too. `groupIds` maps group keys to the IDs the run produced (custom or derived).
 * Each difference is a line `<kind> <path>: <detail>`.
 */
export function differencesFromManifest(state: EmulatorState, manifest: Manifest, groupIds: Record<string, string>): string[] {
  const imported = new Set(Object.keys(state.accounts));
  const differences = accountDifferences(manifest.accounts, imported, new Map(Object.entries(state.accounts)));
  for (const userId of imported)
    if (!(userId in manifest.accounts))
      differences.push({ kind: "extra", object: "account", path: `accounts.${userId}`, detail: "not declared" });
  const matched = new Set<string>();
  for (const group of manifest.groups) {
    const live = state.groups[groupIds[group.key] ?? ""];
    if (!live) {
      differences.push({
        kind: "missing",
        object: "group",
        path: `groups.${group.key}`,
        detail: `no group ${groupIds[group.key] ?? "(no ID)"}`,
      });
      continue;
    }
    matched.add(live.groupId);
    differences.push(...groupDifferences({ ...group, groupId: live.groupId }, stateView(live), undefined));
  }
  differences.push(
    ...unmatchedGroupDifferences(
      Object.values(state.groups)
        .filter((g) => !matched.has(g.groupId))
        .map(stateView),
      manifest.groups,
    ),
  );
  return differences.map((d) => `${d.kind} ${d.path}: ${d.detail}`);
}

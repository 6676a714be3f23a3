import type { EmulatorState } from "../emulator/store";
import type { Manifest } from "../provider/migration/manifest";
import { canonicalJson } from "../provider/resources/diff";

/**
 * Compares what the emulator holds with what a manifest declares, field by field, and lists every difference:
 * missing or extra accounts, groups, members and topics (a duplicate shows as an extra), and differing fields.
 * `groupIds` maps group keys to the IDs the run produced (custom or derived).
 */
export function differencesFromManifest(state: EmulatorState, manifest: Manifest, groupIds: Record<string, string>): string[] {
  const out: string[] = [];
  const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);
  /** Records each [field, actual, wanted] triple whose values differ. */
  const compareFields = (at: string, fields: [string, unknown, unknown][]) => {
    for (const [field, actual, wanted] of fields) if (!same(actual, wanted)) out.push(`${at}.${field}: ${JSON.stringify(actual)} instead of ${JSON.stringify(wanted)}`);
  };
  const expectSet = (what: string, actual: string[], wanted: string[]) => {
    const a = new Set(actual);
    const w = new Set(wanted);
    for (const x of wanted) if (!a.has(x)) out.push(`${what}: missing ${x}`);
    for (const x of actual) if (!w.has(x)) out.push(`${what}: extra ${x}`);
  };

  expectSet("accounts", Object.keys(state.accounts), Object.keys(manifest.accounts));
  for (const [userId, profile] of Object.entries(manifest.accounts)) {
    const live = state.accounts[userId];
    if (live && (live.nick !== profile.nick || live.faceUrl !== profile.faceUrl)) out.push(`accounts.${userId}: profile ${JSON.stringify(live)} differs`);
  }

  expectSet("groups", Object.keys(state.groups), manifest.groups.map((g) => groupIds[g.key] ?? `(no id for ${g.key})`));
  for (const group of manifest.groups) {
    const live = state.groups[groupIds[group.key] ?? ""];
    if (!live) continue;
    const at = `groups.${group.key}`;
    const fields: [string, unknown, unknown][] = [
      ["type", live.type, group.type],
      ["name", live.name, group.name],
      ["introduction", live.introduction, group.introduction],
      ["notification", live.notification, group.notification],
      ["faceUrl", live.faceUrl, group.faceUrl],
      ["ownerAccount", live.ownerAccount, group.ownerAccount],
      ["supportTopic", live.supportTopic, group.supportTopic ?? false],
      ["appDefinedData", live.appDefinedData, group.appDefinedData ?? {}],
    ];
    if (group.createTime !== undefined) fields.push(["createTime", live.createTime, group.createTime]);
    if (group.maxMemberCount !== undefined) fields.push(["maxMemberCount", live.maxMemberCount, group.maxMemberCount]);
    if (group.applyJoinOption !== undefined) fields.push(["applyJoinOption", live.applyJoinOption, group.applyJoinOption]);
    compareFields(at, fields);

    const wantedMembers = Object.keys(group.members);
    if (group.ownerAccount && !wantedMembers.includes(group.ownerAccount)) wantedMembers.push(group.ownerAccount);
    expectSet(`${at}.members`, Object.keys(live.members), wantedMembers);
    for (const [account, spec] of Object.entries(group.members)) {
      const member = live.members[account];
      if (!member || member.role === "Owner") continue;
      if (member.role !== (spec.role ?? "Member")) out.push(`${at}.members.${account}.role: ${member.role} instead of ${spec.role ?? "Member"}`);
      if (spec.joinTime !== undefined && member.joinTime !== spec.joinTime) out.push(`${at}.members.${account}.joinTime: ${member.joinTime} instead of ${spec.joinTime}`);
    }

    const liveTopics = Object.values(live.topics);
    if (liveTopics.length !== group.topics.length) out.push(`${at}.topics: ${liveTopics.length} instead of ${group.topics.length}`);
    for (const topic of group.topics) {
      const matches = liveTopics.filter((t) => (topic.topicId ? t.topicId === topic.topicId : t.topicName === topic.topicName));
      if (matches.length !== 1) {
        out.push(`${at}.topics.${topic.key}: ${matches.length} live topics match`);
        continue;
      }
      const t = matches[0]!;
      const topicFields: [string, unknown, unknown][] = [
        ["topicName", t.topicName, topic.topicName],
        ["fromAccount", t.fromAccount, topic.fromAccount],
        ["customString", t.customString, topic.customString],
        ["notification", t.notification, topic.notification],
        ["introduction", t.introduction, topic.introduction],
        ["faceUrl", t.faceUrl, topic.faceUrl],
      ];
      if (topic.createTime !== undefined) topicFields.push(["createTime", t.createTime, topic.createTime]);
      compareFields(`${at}.topics.${topic.key}`, topicFields);
    }
  }
  return out;
}

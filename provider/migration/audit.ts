import { canonicalJson } from "../resources/diff";
import { stableGroupId, stableTopicId } from "../resources/stable-id";
import type { Manifest, ManifestGroup, ManifestTopic } from "./manifest";

/**
 * The comparison of a manifest with what an app holds, whoever read it: `verify` reads it through the documented
 * API, tests read the emulator's state. One home for what counts as missing, extra, duplicated or differing.
 */

/** The kinds of difference. */
export type DifferenceKind = "missing" | "extra" | "duplicated" | "differing" | "out-of-order";

/** One difference: what kind, of which object (a path such as `groups.eng.members.bob`), and what was found. */
export interface Difference {
  kind: DifferenceKind;
  object: "account" | "group" | "member" | "topic" | "message";
  path: string;
  detail: string;
}

/** A group as the app holds it, whoever read it. */
export interface LiveGroupView {
  groupId: string;
  type: string;
  name: string;
  introduction?: string;
  notification?: string;
  faceUrl?: string;
  ownerAccount?: string;
  createTime: number;
  maxMemberCount: number;
  applyJoinOption?: string;
  supportTopic: boolean;
  appDefinedData: Record<string, string>;
  members: Map<string, { role: string; joinTime?: number }>;
  topics: LiveTopicView[];
}

/** A topic as the app holds it. */
export interface LiveTopicView {
  topicId: string;
  topicName: string;
  introduction?: string;
  notification?: string;
  faceUrl?: string;
  customString?: string;
  createTime?: number;
  /** The creator, when the reader can see it (get_topic does not answer it; the emulator's state does). */
  fromAccount?: string;
}

/**
 * Where the IDs of objects declared without one come from: the project and stack the migration ran in and its
 * `namePrefix` (see stable-id.ts). Both forms are tried: one resource per object names a group `<prefix><key>`
 * and a topic `<prefix><key>-topic-<topic>`, a batch `<key>` and `<topic>`.
 */
export interface DerivedIdScope {
  project: string;
  stack: string;
  namePrefix?: string;
}

/** The IDs a declared group may have: its custom ID, or the IDs derived in either form. */
export function groupIdCandidates(group: ManifestGroup, scope: DerivedIdScope | undefined): string[] {
  if (group.groupId) return [group.groupId];
  if (!scope) return [];
  const community = group.type === "Community";
  const prefix = scope.namePrefix ?? "";
  return [
    ...new Set([
      stableGroupId(`${prefix}${group.key}`, community, scope.project, scope.stack),
      stableGroupId(group.key, community, scope.project, scope.stack),
    ]),
  ];
}

/** The IDs a declared topic may have inside `groupId`. */
export function topicIdCandidates(groupKey: string, groupId: string, topic: ManifestTopic, scope: DerivedIdScope | undefined): string[] {
  if (topic.topicId) return [topic.topicId];
  if (!scope) return [];
  const prefix = scope.namePrefix ?? "";
  return [
    ...new Set([
      stableTopicId(groupId, `${prefix}${groupKey}-topic-${topic.key}`, scope.project, scope.stack),
      stableTopicId(groupId, topic.key, scope.project, scope.stack),
    ]),
  ];
}

/** A `differing` entry for each [field, live, declared] triple whose values differ. */
function differingFields(object: Difference["object"], at: string, fields: readonly [string, unknown, unknown][]): Difference[] {
  return fields
    .filter(([, actual, wanted]) => canonicalJson(actual) !== canonicalJson(wanted))
    .map(([field, actual, wanted]) => ({
      kind: "differing",
      object,
      path: `${at}.${field}`,
      detail: `${JSON.stringify(actual)} instead of ${JSON.stringify(wanted)}`,
    }));
}

/** The accounts' differences: missing ones, and declared nicks and faces the app holds otherwise. */
export function accountDifferences(
  accounts: Manifest["accounts"],
  imported: ReadonlySet<string>,
  profiles: ReadonlyMap<string, { nick?: string; faceUrl?: string }>,
): Difference[] {
  const out: Difference[] = [];
  for (const [userId, declared] of Object.entries(accounts)) {
    const path = `accounts.${userId}`;
    if (!imported.has(userId)) {
      out.push({ kind: "missing", object: "account", path, detail: "not imported" });
      continue;
    }
    const live = profiles.get(userId) ?? {};
    // Only what is declared is compared: an account imported without a nick may have been given one since.
    const declaredFields = (["nick", "faceUrl"] as const).filter((field) => declared[field] !== undefined);
    out.push(
      ...differingFields(
        "account",
        path,
        declaredFields.map((field) => [field, live[field], declared[field]]),
      ),
    );
  }
  return out;
}

/** One declared group against the group the app holds under its ID: fields, members, topics. */
export function groupDifferences(group: ManifestGroup, live: LiveGroupView, scope: DerivedIdScope | undefined): Difference[] {
  const out: Difference[] = [];
  const at = `groups.${group.key}`;
  const fields: [string, unknown, unknown][] = [
    ["type", live.type, group.type],
    ["name", live.name, group.name],
    ["introduction", live.introduction || undefined, group.introduction],
    ["notification", live.notification || undefined, group.notification],
    ["faceUrl", live.faceUrl || undefined, group.faceUrl],
    ["ownerAccount", live.ownerAccount || undefined, group.ownerAccount],
    ["supportTopic", live.supportTopic, group.supportTopic ?? false],
    ["appDefinedData", live.appDefinedData, group.appDefinedData ?? {}],
  ];
  // Fields the service fills in when none is declared are compared only when declared.
  if (group.createTime !== undefined) fields.push(["createTime", live.createTime, group.createTime]);
  if (group.maxMemberCount !== undefined) fields.push(["maxMemberCount", live.maxMemberCount, group.maxMemberCount]);
  if (group.applyJoinOption !== undefined) fields.push(["applyJoinOption", live.applyJoinOption, group.applyJoinOption]);
  out.push(...differingFields("group", at, fields));

  const wanted = new Map<string, { role: string; joinTime: number | undefined }>(
    Object.entries(group.members).map(([account, spec]) => [account, { role: spec.role ?? "Member", joinTime: spec.joinTime }]),
  );
  if (group.ownerAccount) wanted.set(group.ownerAccount, { role: "Owner", joinTime: undefined });
  for (const [account, spec] of wanted) {
    const member = live.members.get(account);
    const path = `${at}.members.${account}`;
    if (!member) out.push({ kind: "missing", object: "member", path, detail: "not a member" });
    else if (member.role !== spec.role)
      out.push({ kind: "differing", object: "member", path: `${path}.role`, detail: `${member.role} instead of ${spec.role}` });
    else if (spec.joinTime !== undefined && spec.role !== "Owner" && member.joinTime !== spec.joinTime) {
      out.push({ kind: "differing", object: "member", path: `${path}.joinTime`, detail: `${member.joinTime} instead of ${spec.joinTime}` });
    }
  }
  for (const account of live.members.keys()) {
    if (!wanted.has(account))
      out.push({ kind: "extra", object: "member", path: `${at}.members.${account}`, detail: "a member the manifest does not declare" });
  }
  out.push(...topicDifferences(group, live, scope));
  return out;
}

/** Declared topics matched by ID (custom or derived), else by name; the rest of the live topics are extra or duplicates. */
function topicDifferences(group: ManifestGroup, live: LiveGroupView, scope: DerivedIdScope | undefined): Difference[] {
  const out: Difference[] = [];
  const byId = new Map(live.topics.map((t) => [t.topicId, t]));
  const matched = new Set<string>();
  const declaredNames = new Map<string, string>();
  for (const topic of group.topics) {
    const path = `groups.${group.key}.topics.${topic.key}`;
    declaredNames.set(topic.topicName, path);
    const candidates = topicIdCandidates(group.key, live.groupId, topic, scope);
    const found = candidates.map((id) => byId.get(id)).filter((t): t is LiveTopicView => t !== undefined);
    const topicLive =
      found[0] ??
      (candidates.length === 0 ? live.topics.find((t) => t.topicName === topic.topicName && !matched.has(t.topicId)) : undefined);
    if (!topicLive) {
      out.push({
        kind: "missing",
        object: "topic",
        path,
        detail: `no topic ${candidates.length > 0 ? candidates.join(" or ") : `named "${topic.topicName}"`}`,
      });
      continue;
    }
    for (const extra of found.slice(1)) {
      matched.add(extra.topicId);
      out.push({ kind: "duplicated", object: "topic", path, detail: `also imported as ${extra.topicId}` });
    }
    matched.add(topicLive.topicId);
    const fields: [string, unknown, unknown][] = [
      ["topicName", topicLive.topicName, topic.topicName],
      ["introduction", topicLive.introduction || undefined, topic.introduction],
      ["notification", topicLive.notification || undefined, topic.notification],
      ["faceUrl", topicLive.faceUrl || undefined, topic.faceUrl],
      ["customString", topicLive.customString || undefined, topic.customString],
    ];
    if (topic.createTime !== undefined) fields.push(["createTime", topicLive.createTime, topic.createTime]);
    if ("fromAccount" in topicLive) fields.push(["fromAccount", topicLive.fromAccount, topic.fromAccount]);
    out.push(...differingFields("topic", path, fields));
  }
  for (const topic of live.topics) {
    if (matched.has(topic.topicId)) continue;
    const twin = declaredNames.get(topic.topicName);
    if (twin)
      out.push({ kind: "duplicated", object: "topic", path: twin, detail: `a second topic "${topic.topicName}" (${topic.topicId})` });
    else
      out.push({
        kind: "extra",
        object: "topic",
        path: `groups.${group.key}.topics`,
        detail: `${topic.topicId} ("${topic.topicName}") is not declared`,
      });
  }
  return out;
}

/**
 * Groups the app holds that no declared group matched by ID: a duplicate when one has the type, name and (when
 * declared) creation time of a declared group, as a repeated create without a fixed ID leaves; otherwise extra.
 */
export function unmatchedGroupDifferences(unmatched: readonly LiveGroupView[], groups: readonly ManifestGroup[]): Difference[] {
  return unmatched.map((live): Difference => {
    const twin = groups.find(
      (g) => g.type === live.type && g.name === live.name && (g.createTime === undefined || g.createTime === live.createTime),
    );
    return twin
      ? { kind: "duplicated", object: "group", path: `groups.${twin.key}`, detail: `a second group "${live.name}" (${live.groupId})` }
      : { kind: "extra", object: "group", path: "groups", detail: `${live.groupId} ("${live.name}", ${live.type}) is not declared` };
  });
}

/** Counts of differences by object and kind, for the report's summary. */
export function countDifferences(differences: readonly Difference[]): Record<Difference["object"], Record<DifferenceKind, number>> {
  const zero = (): Record<DifferenceKind, number> => ({ missing: 0, extra: 0, duplicated: 0, differing: 0, "out-of-order": 0 });
  const counts = { account: zero(), group: zero(), member: zero(), topic: zero(), message: zero() };
  for (const d of differences) counts[d.object][d.kind] += 1;
  return counts;
}

/** A message of a conversation as the app holds it, whoever read it (group_msg_get_simple, admin_getroammsg, the emulator's state). */
export interface LiveMessageView {
  msgSeq: number;
  msgRandom: number;
  fromAccount: string;
  msgTimeStamp: number;
}

/** A message the history file declares, as the importer sends it: its identity, sender and send time. */
export interface ExpectedMessage {
  id: string;
  random: number;
  from: string;
  time: number;
  /** The MsgSeq the importer sends, where it chooses one (1:1; a group's is the service's). */
  seq?: number;
}

/** How a conversation orders what it holds: the order its messages are read in, whatever order they were listed in. */
export type StoredOrder = (a: LiveMessageView, b: LiveMessageView) => number;

/** A group's order: by MsgSeq, which the service numbers from 1 as it stores each message. */
export const GROUP_ORDER: StoredOrder = (a, b) => a.msgSeq - b.msgSeq;

/**
 * A 1:1 conversation's order: "by timestamp, then by MsgSeq within one second" (importmsg,
 * https://trtc.io/document/35014): a 1:1 MsgSeq is the caller's, not a counter.
 */
export const C2C_ORDER: StoredOrder = (a, b) => a.msgTimeStamp - b.msgTimeStamp || a.msgSeq - b.msgSeq;

/**
 * The differences between a conversation's history and what the app holds of it: a message missing, stored twice,
 * stored out of the history's order, or a message in the conversation that is not the history's (extra; a
 * conversation may hold messages sent after the cut-over, so extra ones are reported, not failed on by the
 * importers). A message is the history's when its Random, sender and send time are the ones the importer sends.
 * A message stored more than once is placed by the copy with the MsgSeq the importer sends (`seq`, when it chooses
 * one: a copy sent otherwise may sort anywhere in its second), else by its first copy; the others are duplicates.
 * `order` is how the conversation orders what it holds: {@link GROUP_ORDER} (the default) or {@link C2C_ORDER}.
 */
export function historyDifferences(
  conversation: string,
  expected: readonly ExpectedMessage[],
  live: readonly LiveMessageView[],
  order: StoredOrder = GROUP_ORDER,
): Difference[] {
  const differences: Difference[] = [];
  const path = (id: string) => `history.${conversation}.${id}`;
  const byKey = new Map(expected.map((message, index) => [`${message.random} ${message.from} ${message.time}`, { message, index }]));
  const stored = [...live]
    .sort(order)
    .map((view) => ({ view, match: byKey.get(`${view.msgRandom} ${view.fromAccount} ${view.msgTimeStamp}`) }));
  const placed = new Map<number, LiveMessageView>();
  for (const { view, match } of stored) {
    if (!match) continue;
    const current = placed.get(match.index);
    const own = (copy: LiveMessageView) => match.message.seq !== undefined && copy.msgSeq === match.message.seq;
    if (!current || (own(view) && !own(current))) placed.set(match.index, view);
  }
  const copies = new Map<number, number>();
  let lastIndex = -1;
  for (const { view, match } of stored) {
    if (!match) {
      differences.push({
        kind: "extra",
        object: "message",
        path: `history.${conversation}.#${view.msgSeq}`,
        detail: `MsgSeq ${view.msgSeq} from ${view.fromAccount} is not in the history`,
      });
      continue;
    }
    const count = (copies.get(match.index) ?? 0) + 1;
    copies.set(match.index, count);
    if (count === 2)
      differences.push({ kind: "duplicated", object: "message", path: path(match.message.id), detail: "stored more than once" });
    if (placed.get(match.index) !== view) continue;
    if (match.index < lastIndex) {
      differences.push({
        kind: "out-of-order",
        object: "message",
        path: path(match.message.id),
        detail: `stored as MsgSeq ${view.msgSeq}, after a later message of the history`,
      });
    }
    lastIndex = Math.max(lastIndex, match.index);
  }
  expected.forEach((message, index) => {
    if (!copies.has(index))
      differences.push({ kind: "missing", object: "message", path: path(message.id), detail: `from ${message.from} at ${message.time}` });
  });
  return differences;
}

import { createHash } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { chunks, mapConcurrent } from "../api/concurrency";
import type { ChatClient } from "../api/client";
import { type GroupInfo, invoke } from "../api/commands";
import { getGroups, getProfiles, importedAccounts, listAppGroupIds, listMembers, listTopics } from "../api/operations";
import {
  accountDifferences,
  countDifferences,
  groupDifferences,
  groupIdCandidates,
  unmatchedGroupDifferences,
  type DerivedIdScope,
  type Difference,
  historyDifferences,
  type LiveGroupView,
  type LiveMessageView,
} from "./audit";
import { messageRandom, sendTimes } from "./history";
import { readConversation, splitHistory } from "./history-split";
import type { Manifest } from "./manifest";

/**
 * The go-live audit: reads back every account, group, member and topic a manifest declares through the documented
 * reads (account_check, portrait_get, get_appid_group_list, get_group_info, get_group_member_info, get_topic),
 * independent of any Pulumi state, and reports what is missing, extra, duplicated or differing. The client keeps
 * each command's documented rate; progress is saved as it goes, so a stopped audit resumes where it was.
 */

/** Options of {@link verifyMigration}. */
export interface VerifyOptions {
  client: ChatClient;
  /** The app admin the client signs as (get_topic's From_Account). */
  admin: string;
  /** Where the IDs of groups and topics declared without one come from; without it they are looked for by name. */
  scope?: DerivedIdScope;
  /** A file that keeps the progress: given again with the same manifest, the audit goes on from it. */
  progressPath?: string;
  /** A line of progress (every chunk of groups). */
  onProgress?: (line: string) => void;
  /** Groups verified between two progress saves (default 50, one get_group_info call). */
  chunkSize?: number;
  /** A history file: each group conversation's messages are read back and compared (missing, duplicated, out of order, extra). */
  historyPath?: string;
}

/** What {@link verifyMigration} found. */
export interface VerifyReport {
  /** How many of each were read back. */
  checked: { accounts: number; groups: number; members: number; topics: number; liveGroups: number; messages?: number };
  /** Differences by object and kind. */
  counts: ReturnType<typeof countDifferences>;
  differences: Difference[];
  /** Groups taken from a progress file instead of read again. */
  resumedGroups: number;
}

/** What the progress file holds. */
interface Progress {
  manifest: string;
  accounts?: { differences: Difference[]; checked: number };
  groups: Record<string, { groupId?: string; differences: Difference[]; members: number; topics: number }>;
}

/** Groups read per get_group_info call (the documented maximum), and verified between two progress saves. */
const CHUNK = 50;

function loadProgress(path: string | undefined, digest: string): Progress {
  if (path && existsSync(path)) {
    const saved = JSON.parse(readFileSync(path, "utf8")) as Progress;
    if (saved.manifest === digest) return saved;
  }
  return { manifest: digest, groups: {} };
}

function saveProgress(path: string | undefined, progress: Progress): void {
  if (!path) return;
  writeFileSync(`${path}.tmp`, JSON.stringify(progress));
  renameSync(`${path}.tmp`, path);
}

/** A get_group_info item as the audit's view of a group (members and topics read separately). */
function groupView(info: GroupInfo): LiveGroupView {
  return {
    groupId: info.GroupId,
    type: info.Type ?? "",
    name: info.Name ?? "",
    ...(info.Introduction ? { introduction: info.Introduction } : {}),
    ...(info.Notification ? { notification: info.Notification } : {}),
    ...(info.FaceUrl ? { faceUrl: info.FaceUrl } : {}),
    ...(info.Owner_Account ? { ownerAccount: info.Owner_Account } : {}),
    createTime: info.CreateTime ?? 0,
    maxMemberCount: info.MaxMemberNum ?? 0,
    ...(info.ApplyJoinOption ? { applyJoinOption: info.ApplyJoinOption } : {}),
    supportTopic: info.SupportTopic === 1,
    appDefinedData: Object.fromEntries((info.AppDefinedData ?? []).map(({ Key, Value }) => [Key, Value])),
    members: new Map(),
    topics: [],
  };
}

/** Reads back what `manifest` declares and compares; see the module comment. */
export async function verifyMigration(manifest: Manifest, options: VerifyOptions): Promise<VerifyReport> {
  const { client, scope } = options;
  const digest = createHash("sha256").update(JSON.stringify(manifest)).digest("hex");
  const progress = loadProgress(options.progressPath, digest);
  const resumedGroups = Object.keys(progress.groups).length;
  const say = options.onProgress ?? (() => {});

  if (!progress.accounts) {
    const userIds = Object.keys(manifest.accounts);
    const imported = await importedAccounts(client, userIds);
    const profiles = await getProfiles(client, [...imported]);
    progress.accounts = { differences: accountDifferences(manifest.accounts, imported, profiles), checked: userIds.length };
    saveProgress(options.progressPath, progress);
    say(`accounts: ${userIds.length} read, ${progress.accounts.differences.length} difference(s)`);
  }

  const liveIds = new Set(await listAppGroupIds(client));
  say(
    `groups: the app holds ${liveIds.size}; verifying ${manifest.groups.length}${resumedGroups > 0 ? ` (${resumedGroups} from ${options.progressPath})` : ""}`,
  );
  const pending = manifest.groups.filter((g) => !progress.groups[g.key]);
  for (const chunk of chunks(pending, options.chunkSize ?? CHUNK)) {
    const found = new Map(chunk.map((g) => [g.key, groupIdCandidates(g, scope).filter((id) => liveIds.has(id))]));
    const infos = await getGroups(
      client,
      [...found.values()].flatMap((ids) => ids.slice(0, 1)),
    );
    await mapConcurrent(chunk, 8, async (group) => {
      const ids = found.get(group.key)!;
      const entry: Progress["groups"][string] = { differences: [], members: 0, topics: 0 };
      const info = ids[0] === undefined ? undefined : infos.get(ids[0]);
      if (!info) {
        const candidates = groupIdCandidates(group, scope);
        entry.differences.push({
          kind: "missing",
          object: "group",
          path: `groups.${group.key}`,
          detail:
            candidates.length > 0
              ? `no group ${candidates.join(" or ")}`
              : "declared without a groupId and verified without a project and stack: give --stack (and --project) to derive its ID",
        });
      } else {
        entry.groupId = info.GroupId;
        const live = groupView(info);
        for (const member of await listMembers(client, live.groupId, live.type === "Community"))
          live.members.set(member.Member_Account, {
            role: member.Role ?? "Member",
            ...(member.JoinTime !== undefined ? { joinTime: member.JoinTime } : {}),
          });
        if (live.type === "Community" && live.supportTopic) {
          live.topics = (await listTopics(client, live.groupId, options.admin)).map((t) => ({
            topicId: t.TopicId,
            topicName: t.TopicName ?? "",
            ...(t.Introduction ? { introduction: t.Introduction } : {}),
            ...(t.Notification ? { notification: t.Notification } : {}),
            ...(t.FaceUrl ? { faceUrl: t.FaceUrl } : {}),
            ...(t.CustomString ? { customString: t.CustomString } : {}),
            ...(t.CreateTime !== undefined ? { createTime: t.CreateTime } : {}),
          }));
        }
        entry.members = live.members.size;
        entry.topics = live.topics.length;
        entry.differences.push(...groupDifferences(group, live, scope));
        // Both forms' derived IDs present: the same group imported twice (a stack switched forms without replacing).
        for (const twin of ids.slice(1))
          entry.differences.push({ kind: "duplicated", object: "group", path: `groups.${group.key}`, detail: `also imported as ${twin}` });
      }
      progress.groups[group.key] = entry;
    });
    saveProgress(options.progressPath, progress);
    say(`groups: ${Object.keys(progress.groups).length}/${manifest.groups.length} verified`);
  }

  const matched = new Set<string>();
  for (const group of manifest.groups) {
    for (const id of groupIdCandidates(group, scope)) if (liveIds.has(id)) matched.add(id);
    const recorded = progress.groups[group.key]?.groupId;
    if (recorded) matched.add(recorded);
  }
  const unmatchedInfos = await getGroups(
    client,
    [...liveIds].filter((id) => !matched.has(id)),
  );
  const unmatched = unmatchedGroupDifferences([...unmatchedInfos.values()].map(groupView), manifest.groups);

  const groupEntries = Object.values(progress.groups);
  const history = options.historyPath ? await verifyHistory(client, options.historyPath, progress, say) : undefined;
  const differences = [
    ...progress.accounts.differences,
    ...groupEntries.flatMap((e) => e.differences),
    ...unmatched,
    ...(history?.differences ?? []),
  ];
  return {
    checked: {
      accounts: progress.accounts.checked,
      groups: groupEntries.length,
      members: groupEntries.reduce((n, e) => n + e.members, 0),
      topics: groupEntries.reduce((n, e) => n + e.topics, 0),
      liveGroups: liveIds.size,
      ...(history ? { messages: history.messages } : {}),
    },
    counts: countDifferences(differences),
    differences,
    resumedGroups,
  };
}

/** Every message a group holds, read newest first with group_msg_get_simple down to MsgSeq 1. */
async function groupMessages(client: ChatClient, groupId: string): Promise<LiveMessageView[]> {
  const messages: LiveMessageView[] = [];
  let reqMsgSeq: number | undefined;
  for (;;) {
    const answer = await invoke(client, "group_msg_get_simple", {
      GroupId: groupId,
      ReqMsgNumber: 20,
      ...(reqMsgSeq !== undefined ? { ReqMsgSeq: reqMsgSeq } : {}),
    });
    const page = answer.RspMsgList ?? [];
    for (const m of page) {
      if (m.IsPlaceMsg === 1) continue;
      messages.push({ msgSeq: m.MsgSeq, msgRandom: m.MsgRandom ?? -1, fromAccount: m.From_Account ?? "", msgTimeStamp: m.MsgTimeStamp });
    }
    const oldest = page.at(-1);
    if (!oldest || oldest.MsgSeq <= 1) return messages;
    reqMsgSeq = oldest.MsgSeq - 1;
  }
}

/** Reads back each group conversation of the history file and compares it with what the file declares. */
async function verifyHistory(
  client: ChatClient,
  historyPath: string,
  progress: Progress,
  say: (line: string) => void,
): Promise<{ differences: Difference[]; messages: number }> {
  const differences: Difference[] = [];
  let messages = 0;
  for (const [name, split] of await splitHistory(historyPath)) {
    if (typeof split.conversation !== "string") continue;
    const groupId = progress.groups[split.conversation]?.groupId;
    const expected = readConversation(split.hash).map((entry) => entry.message);
    if (!groupId) {
      // The group itself is reported missing; its messages with it.
      for (const message of expected) {
        differences.push({ kind: "missing", object: "message", path: `history.${name}.${message.id}`, detail: "its group is missing" });
      }
      continue;
    }
    const times = sendTimes(expected);
    const live = await groupMessages(client, groupId);
    messages += live.length;
    differences.push(
      ...historyDifferences(
        name,
        expected.map((message, i) => ({ id: message.id, random: messageRandom(name, message.id), from: message.from, time: times[i]! })),
        live,
      ),
    );
  }
  say(`history: ${messages} messages read back, ${differences.length} difference(s)`);
  return { differences, messages };
}

import { createHash } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { chunks, mapConcurrent } from "../api/concurrency";
import type { ChatClient } from "../api/client";
import { type GroupInfo, invoke } from "../api/commands";
import { ErrorCode } from "../api/error-codes";
import { ChatTransportError, isChatApiError } from "../api/errors";
import { getGroups, getProfiles, importedAccounts, listAppGroupIds, listMembers, listTopics } from "../api/operations";
import {
  accountDifferences,
  C2C_ORDER,
  countDifferences,
  GROUP_ORDER,
  groupDifferences,
  groupIdCandidates,
  unmatchedGroupDifferences,
  type DerivedIdScope,
  type Difference,
  historyDifferences,
  type LiveGroupView,
  type LiveMessageView,
} from "./audit";
import { c2cMsgSeqs, CONVERSATIONS_IN_FLIGHT } from "../resources/c2c-history/sync";
import { type HistoryMessage, messageRandom, sendTimes } from "./history";
import { readConversation } from "./conversation-reader";
import { splitHistory } from "./history-split";
import type { Manifest } from "./manifest";

/**
 * The go-live audit: reads back every account, group, member and topic a manifest declares through the documented
 * reads (account_check, portrait_get, get_appid_group_list, get_group_info, get_group_member_info, get_topic),
 * independent of any Pulumi state, and reports what is missing, extra, duplicated or differing; given a history
 * file, also each conversation's messages (group_msg_get_simple, admin_getroammsg). The client keeps each command's
 * documented rate; progress is saved as it goes, so a stopped audit resumes where it was.
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
  /** A history file: each conversation's messages, group and 1:1, are read back and compared (missing, duplicated, out of order, extra). */
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
  const history = options.historyPath ? await verifyHistory(client, manifest, options.historyPath, progress, say) : undefined;
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

/**
 * MaxCnt of an admin_getroammsg page: the page's own example asks for 100; the answer's "upper size limit
 * (currently 13 KB)" usually ends a page first.
 */
const ROAM_PAGE = 100;

/**
 * Every message a 1:1 conversation holds from `minTime` to `maxTime` (both included), read with admin_getroammsg
 * (https://trtc.io/document/35478, https://cloud.tencent.com/document/product/269/42794) from the first person's
 * side, newest page first: "Complete" 0 asks again with MaxTime = the answer's LastMsgTime and its LastMsgKey.
 */
async function c2cMessages(
  client: ChatClient,
  [operator, peer]: readonly [string, string],
  minTime: number,
  maxTime: number,
): Promise<LiveMessageView[]> {
  const messages: LiveMessageView[] = [];
  let upTo = maxTime;
  let lastMsgKey: string | undefined;
  for (;;) {
    const answer = await invoke(client, "admin_getroammsg", {
      Operator_Account: operator,
      Peer_Account: peer,
      MaxCnt: ROAM_PAGE,
      MinTime: minTime,
      MaxTime: upTo,
      ...(lastMsgKey !== undefined ? { LastMsgKey: lastMsgKey } : {}),
    });
    for (const m of answer.MsgList)
      messages.push({ msgSeq: m.MsgSeq, msgRandom: m.MsgRandom, fromAccount: m.From_Account, msgTimeStamp: m.MsgTimeStamp });
    if (answer.Complete === 1) return messages;
    // An answer that names nowhere new to go on from would page forever.
    if (answer.MsgList.length === 0 || !answer.LastMsgKey || answer.LastMsgTime === undefined || answer.LastMsgKey === lastMsgKey)
      throw new ChatTransportError("admin_getroammsg", "answered Complete 0 without a new LastMsgKey to go on from", 502);
    upTo = answer.LastMsgTime;
    lastMsgKey = answer.LastMsgKey;
  }
}

/** What reading one conversation back found. */
interface ConversationCheck {
  differences: Difference[];
  /** Messages read back, and of which kind of conversation. */
  messages: number;
  kind: "group" | "c2c";
}

/** Every message of `expected` reported missing, for a conversation that could not be read (`detail` says why). */
function allMissing(name: string, expected: readonly HistoryMessage[], detail: string): Difference[] {
  return expected.map((message) => ({ kind: "missing", object: "message", path: `history.${name}.${message.id}`, detail }));
}

/** Reads one group conversation back and compares it with the history (times as the importer spaces them). */
async function checkGroupConversation(
  client: ChatClient,
  name: string,
  groupId: string | undefined,
  expected: readonly HistoryMessage[],
): Promise<ConversationCheck> {
  // The group itself is reported missing; its messages with it.
  if (!groupId) return { differences: allMissing(name, expected, "its group is missing"), messages: 0, kind: "group" };
  const times = sendTimes(expected);
  const live = await groupMessages(client, groupId);
  const wanted = expected.map((message, i) => ({
    id: message.id,
    random: messageRandom(name, message.id),
    from: message.from,
    time: times[i]!,
  }));
  return { differences: historyDifferences(name, wanted, live, GROUP_ORDER), messages: live.length, kind: "group" };
}

/**
 * Reads one 1:1 conversation back over the time window of its history and compares it with the history as
 * ImportedC2CHistory sends it: MsgRandom {@link messageRandom}, the sender, the message's own time, and MsgSeq
 * {@link c2cMsgSeqs} (which of a message's copies is the import's own).
 */
async function checkC2CConversation(
  client: ChatClient,
  manifest: Manifest,
  name: string,
  pair: readonly [string, string],
  expected: readonly HistoryMessage[],
): Promise<ConversationCheck> {
  const strangers = [...new Set(pair)].filter((person) => !Object.hasOwn(manifest.accounts, person));
  // The importer leaves these conversations out (declareMigration warns of them): none of their messages is there.
  if (strangers.length > 0) {
    const detail = `not imported: ${strangers.join(" and ")} ${strangers.length > 1 ? "are" : "is"} not among the manifest's accounts`;
    return { differences: allMissing(name, expected, detail), messages: 0, kind: "c2c" };
  }
  let live: LiveMessageView[];
  try {
    live = await c2cMessages(client, pair, expected[0]!.time, expected.at(-1)!.time);
  } catch (error) {
    // Either person never imported: the accounts' audit names them; their conversation's messages are not there.
    if (isChatApiError(error) && ACCOUNT_NOT_IMPORTED.has(error.errorCode))
      return { differences: allMissing(name, expected, `not imported: ${error.message}`), messages: 0, kind: "c2c" };
    throw error;
  }
  const seqs = c2cMsgSeqs(name, expected);
  const wanted = expected.map((message, i) => ({
    id: message.id,
    random: messageRandom(name, message.id),
    from: message.from,
    time: message.time,
    seq: seqs[i]!,
  }));
  return { differences: historyDifferences(name, wanted, live, C2C_ORDER), messages: live.length, kind: "c2c" };
}

/** admin_getroammsg's codes for an Operator_Account (90008) or Peer_Account (90012) that is no imported account. */
const ACCOUNT_NOT_IMPORTED: ReadonlySet<number> = new Set<number>([ErrorCode.FromAccountInvalid, ErrorCode.ToAccountNotFound]);

/**
 * Reads back each conversation of the history file, group and 1:1, and compares it with what the file declares.
 * Conversations go side by side as many as the importer runs ({@link CONVERSATIONS_IN_FLIGHT}): the client's
 * limiter holds group_msg_get_simple and admin_getroammsg to their 200 calls/s each.
 */
async function verifyHistory(
  client: ChatClient,
  manifest: Manifest,
  historyPath: string,
  progress: Progress,
  say: (line: string) => void,
): Promise<{ differences: Difference[]; messages: number }> {
  const conversations = [...(await splitHistory(historyPath))];
  const checks = await mapConcurrent(conversations, CONVERSATIONS_IN_FLIGHT, async ([name, split]) => {
    const expected = readConversation(split.hash).map((entry) => entry.message);
    return typeof split.conversation === "string"
      ? checkGroupConversation(client, name, progress.groups[split.conversation]?.groupId, expected)
      : checkC2CConversation(client, manifest, name, split.conversation, expected);
  });
  const differences = checks.flatMap((check) => check.differences);
  const read = (kind: ConversationCheck["kind"]) => checks.filter((c) => c.kind === kind).reduce((n, c) => n + c.messages, 0);
  const messages = read("group") + read("c2c");
  say(`history: ${messages} messages read back (${read("group")} group, ${read("c2c")} 1:1), ${differences.length} difference(s)`);
  return { differences, messages };
}

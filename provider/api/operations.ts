import { chunks, mapConcurrent } from "./concurrency";
import type { ChatClient } from "./client";
import type { z } from "zod";
import {
  invoke,
  type AccountImportRequest,
  type GroupInfo,
  type GroupMemberInfo,
  type ImportMemberItem,
  type ResponseOf,
  type TopicInfo,
} from "./commands";
import { ErrorCode } from "./error-codes";
import { ChatApiError, isChatApiError, isChatApiErrorOf } from "./errors";

/**
 * Multi-call operations over the client: batching at the documented sizes, paging, and the per-item results the
 * batch commands return. Resources call these; each function names the commands it uses.
 */

/**
 * Documented batch and page sizes, the one home of each: the provider sends at most these, and the emulator takes at
 * most these by default. Sources: get_group_info (https://trtc.io/document/34961), delete_group_member (34949),
 * multiaccount_import (34954), get_group_member_info (34948), import_group_member (34969).
 */
export const BATCH = {
  groupInfo: 50,
  deleteMembers: 100,
  accounts: 100,
  communityMemberPage: 100,
  memberPage: 6000,
  /** Members per import_group_member call by default: the English page's figure (newer pages say 100, then 20). */
  memberImport: 300,
  /** The most members per import_group_member call any page has named (a 2018 one): the setting goes no higher. */
  memberImportMax: 500,
} as const;

/** Calls in flight at once for one operation; the rate limiter, not this, sets the pace. */
const CONCURRENCY = 16;

/** A member as import_group_member takes it (the request's own schema). */
export type MemberToImport = z.infer<typeof ImportMemberItem>;

/** What import_group_member said about each account: Result 0 failed, 1 added, 2 already a member. */
export interface MemberImportResult {
  added: string[];
  alreadyMembers: string[];
  failed: string[];
  /** The batch size that ended up working (smaller than asked when the service answered 10005). */
  batchSize: number;
}

/**
 * The members per import_group_member call that Tencent's pages have named, largest first (500, 300, 100, 20): after
 * a 10005 the next smaller one is tried, so a service that now takes 20 costs two refused calls and then runs at
 * exactly 20 (halving would settle at 19, 5% more calls).
 */
const DOCUMENTED_MEMBER_BATCHES = [BATCH.memberImportMax, BATCH.memberImport, 100, 20] as const;

/** The batch to try after the service refused `size` members with 10005: the next documented size, then halves. */
export function smallerMemberBatch(size: number): number {
  return DOCUMENTED_MEMBER_BATCHES.find((documented) => documented < size) ?? Math.ceil(size / 2);
}

/** import_group_member calls of one group in flight at once, after the first (see importMembers). */
const MEMBER_CALLS_IN_FLIGHT = 8;

/** The batch size each client's service last accepted, so that one group's 10005s teach every later group. */
const acceptedMemberBatch = new WeakMap<ChatClient, number>();

/**
 * import_group_member in batches of `batchSize` (or the smaller size this client's service already refused down
 * to). When the service answers 10005 (too many accounts), the batch shrinks (see {@link smallerMemberBatch}) and the
 * same members are sent again, so a service that now accepts fewer (the newest page says 20) works. The call is
 * idempotent: a repeated member answers Result 2.
 */
export async function importMembers(
  client: ChatClient,
  groupId: string,
  members: readonly MemberToImport[],
  batchSize: number,
  onProgress?: (done: number, total: number) => void,
): Promise<MemberImportResult> {
  const result: MemberImportResult = {
    added: [],
    alreadyMembers: [],
    failed: [],
    batchSize: Math.min(batchSize, acceptedMemberBatch.get(client) ?? batchSize),
  };
  let done = 0;
  /** One call; on 10005 the batch is sent again in smaller parts, each at the size now known to work. */
  const importBatch = async (batch: readonly MemberToImport[]): Promise<void> => {
    let answer: ResponseOf<"import_group_member">;
    try {
      answer = await invoke(client, "import_group_member", { GroupId: groupId, MemberList: [...batch] });
    } catch (error) {
      if (isChatApiError(error) && error.errorCode === ErrorCode.TooManyAccounts && batch.length > 1) {
        result.batchSize = Math.min(result.batchSize, smallerMemberBatch(batch.length));
        acceptedMemberBatch.set(client, Math.min(result.batchSize, acceptedMemberBatch.get(client) ?? Infinity));
        // Parts cut at the size known when each is sent: one that is refused again makes the rest smaller too.
        for (let start = 0; start < batch.length; ) {
          const part = batch.slice(start, start + result.batchSize);
          start += part.length;
          await importBatch(part);
        }
        return;
      }
      throw error;
    }
    const seen = new Set<string>();
    for (const { Member_Account, Result } of answer.MemberList) {
      seen.add(Member_Account);
      (Result === 1 ? result.added : Result === 2 ? result.alreadyMembers : result.failed).push(Member_Account);
    }
    // An account the answer does not mention was not imported.
    for (const m of batch) if (!seen.has(m.Member_Account)) result.failed.push(m.Member_Account);
    done += batch.length;
    onProgress?.(done, members.length);
  };
  // The first batch alone, so that a service taking fewer refuses one call per smaller size, not one per batch in
  // flight; then the rest several at once: a Community of 100,000 is 334 calls, 20 s one after another.
  if (members.length === 0) return result;
  const first = result.batchSize;
  await importBatch(members.slice(0, first));
  await mapConcurrent(chunks(members.slice(first), result.batchSize), MEMBER_CALLS_IN_FLIGHT, importBatch);
  return result;
}

/** A member as get_group_member_info reports it (the answer's own schema; no Role means Member). */
export type LiveMember = z.infer<typeof GroupMemberInfo>;

/** Every member of a group: Offset pages for groups, the string Next cursor for communities. */
export async function listMembers(client: ChatClient, groupId: string, community: boolean): Promise<LiveMember[]> {
  const members: LiveMember[] = [];
  const collect = (list: readonly LiveMember[]) => {
    for (const member of list) members.push(member); // not push(...list): a page can be 6,000 long
  };
  if (community) {
    let next = "";
    do {
      // Pages follow a cursor, one after another: each goes ahead of the calls that can run side by side, or a
      // 100,000-member community would wait behind the whole backlog a thousand times.
      const answer = await invoke(
        client,
        "get_group_member_info",
        { GroupId: groupId, Limit: BATCH.communityMemberPage, Next: next },
        { urgent: true },
      );
      collect(answer.MemberList);
      next = answer.Next ?? "";
    } while (next !== "");
  } else {
    for (let offset = 0; ; offset += BATCH.memberPage) {
      const answer = await invoke(client, "get_group_member_info", { GroupId: groupId, Limit: BATCH.memberPage, Offset: offset });
      collect(answer.MemberList);
      if (answer.MemberList.length < BATCH.memberPage || offset + BATCH.memberPage >= answer.MemberNum) break;
    }
  }
  return members;
}

/** delete_group_member in batches of 100, silently (only the removed user is notified). */
export async function deleteMembers(client: ChatClient, groupId: string, accounts: readonly string[]): Promise<void> {
  for (const batch of chunks(accounts, BATCH.deleteMembers)) {
    await invoke(client, "delete_group_member", { GroupId: groupId, MemberToDel_Account: batch, Silence: 1 });
  }
}

/** get_group_info in batches of 50; a group that does not exist is left out of the map. */
export async function getGroups(client: ChatClient, groupIds: readonly string[]): Promise<Map<string, GroupInfo>> {
  const found = new Map<string, GroupInfo>();
  await mapConcurrent(chunks(groupIds, BATCH.groupInfo), CONCURRENCY, async (batch) => {
    const answer = await invoke(client, "get_group_info", { GroupIdList: batch });
    for (const item of answer.GroupInfo) {
      const code = item.ErrorCode ?? 0;
      if (code === 0) found.set(item.GroupId, item);
      else if (code !== ErrorCode.GroupNotFound && code !== ErrorCode.InvalidGroupId)
        throw ChatApiError.from("get_group_info", code, item.ErrorInfo ?? "");
    }
  });
  return found;
}

/** One group's info, or undefined when it does not exist. */
export async function getGroup(client: ChatClient, groupId: string): Promise<GroupInfo | undefined> {
  return (await getGroups(client, [groupId])).get(groupId);
}

/** destroy_group; a group already gone counts as destroyed. */
export async function destroyGroup(client: ChatClient, groupId: string): Promise<void> {
  try {
    await invoke(client, "destroy_group", { GroupId: groupId });
  } catch (error) {
    if (!isChatApiErrorOf(error, "not-found")) throw error;
  }
}

/** An account as multiaccount_import takes it (the request's own schema). */
export type AccountToImport = z.infer<typeof AccountImportRequest>;

/** multiaccount_import in batches of 100 (an upsert: an existing account gets the supplied profile). Returns the failed IDs. */
export async function importAccounts(
  client: ChatClient,
  accounts: readonly AccountToImport[],
  onProgress?: (done: number, total: number) => void,
): Promise<string[]> {
  let done = 0;
  const failed = await mapConcurrent(chunks(accounts, BATCH.accounts), CONCURRENCY, async (batch) => {
    const answer = await invoke(client, "multiaccount_import", { AccountList: batch });
    done += batch.length;
    onProgress?.(done, accounts.length);
    return answer.FailAccounts ?? [];
  });
  return failed.flat();
}

/** account_check in batches of 100: the IDs that are imported. */
export async function importedAccounts(client: ChatClient, userIds: readonly string[]): Promise<Set<string>> {
  const imported = new Set<string>();
  await mapConcurrent(chunks(userIds, BATCH.accounts), CONCURRENCY, async (batch) => {
    const answer = await invoke(client, "account_check", { CheckItem: batch.map((UserID) => ({ UserID })) });
    for (const item of answer.ResultItem) if (item.AccountStatus === "Imported") imported.add(item.UserID);
  });
  return imported;
}

/** account_delete in batches of 100; an account that does not exist (70107) counts as deleted. */
export async function deleteAccounts(client: ChatClient, userIds: readonly string[]): Promise<void> {
  await mapConcurrent(chunks(userIds, BATCH.accounts), CONCURRENCY, async (batch) => {
    const answer = await invoke(client, "account_delete", { DeleteItem: batch.map((UserID) => ({ UserID })) });
    const failed = answer.ResultItem.find((item) => item.ResultCode !== 0 && item.ResultCode !== ErrorCode.LoginAccountNotFound);
    if (failed) throw ChatApiError.from("account_delete", failed.ResultCode, `${failed.UserID}: ${failed.ResultInfo ?? ""}`);
  });
}

/**
 * get_topic for some topics of one community in one call (From_Account: the admin): topic ID to topic; a topic
 * deleted, or all of them when the group is gone, is absent.
 */
export async function getTopics(
  client: ChatClient,
  groupId: string,
  topicIds: readonly string[],
  admin: string,
): Promise<Map<string, TopicInfo>> {
  const found = new Map<string, TopicInfo>();
  if (topicIds.length === 0) return found;
  try {
    const answer = await invoke(client, "get_topic", { GroupId: groupId, From_Account: admin, TopicIdList: [...topicIds] });
    const wanted = new Set(topicIds);
    for (const item of answer.TopicAndSelfInfo) {
      if ((item.ErrorCode ?? 0) === 0 && item.TopicInfo && wanted.has(item.TopicInfo.TopicId))
        found.set(item.TopicInfo.TopicId, item.TopicInfo);
    }
    return found;
  } catch (error) {
    if (isChatApiErrorOf(error, "not-found")) return found;
    throw error;
  }
}

/** get_topic for one topic, or undefined when it was deleted or its group is gone. */
export async function getTopic(client: ChatClient, groupId: string, topicId: string, admin: string): Promise<TopicInfo | undefined> {
  return (await getTopics(client, groupId, [topicId], admin)).get(topicId);
}

/** destroy_topic for one topic; already deleted (110003) or a vanished group counts as destroyed. */
export async function destroyTopic(client: ChatClient, groupId: string, topicId: string): Promise<void> {
  try {
    const answer = await invoke(client, "destroy_topic", { GroupId: groupId, TopicIdList: [topicId] });
    const item = answer.DestroyResultItem?.find((r) => r.TopicId === topicId);
    if (item && item.ErrorCode !== 0 && item.ErrorCode !== ErrorCode.TopicDeleted)
      throw ChatApiError.from("destroy_topic", item.ErrorCode, item.ErrorInfo ?? "");
  } catch (error) {
    if (!isChatApiErrorOf(error, "not-found")) throw error;
  }
}

/**
 * Every group ID of the app: get_appid_group_list pages of 10,000 by its integer cursor (0 to start; 0 again at the
 * end). The command allows one call per second; the client's rate limiter keeps to it.
 */
export async function listAppGroupIds(client: ChatClient): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  do {
    const answer = await invoke(client, "get_appid_group_list", { Limit: 10_000, Next: next });
    for (const { GroupId } of answer.GroupIdList) ids.push(GroupId);
    next = answer.Next;
  } while (next !== 0);
  return ids;
}

/** Every topic of a topic-enabled community (get_topic without a TopicIdList; From_Account: the admin). */
export async function listTopics(client: ChatClient, groupId: string, admin: string): Promise<TopicInfo[]> {
  const answer = await invoke(client, "get_topic", { GroupId: groupId, From_Account: admin });
  return answer.TopicAndSelfInfo.flatMap((item) => ((item.ErrorCode ?? 0) === 0 && item.TopicInfo ? [item.TopicInfo] : []));
}

/** An account's nick and face as portrait_get reads them. */
export interface LiveProfile {
  nick?: string;
  faceUrl?: string;
}

/** portrait_get (nick and face) in batches of 100; accounts that do not exist are left out of the map. */
export async function getProfiles(client: ChatClient, userIds: readonly string[]): Promise<Map<string, LiveProfile>> {
  const profiles = new Map<string, LiveProfile>();
  await mapConcurrent(chunks(userIds, BATCH.accounts), CONCURRENCY, async (batch) => {
    const answer = await invoke(client, "portrait_get", {
      To_Account: [...batch],
      TagList: ["Tag_Profile_IM_Nick", "Tag_Profile_IM_Image"],
    });
    for (const item of answer.UserProfileItem) {
      if (item.ResultCode !== 0) continue;
      const profile: LiveProfile = {};
      for (const { Tag, Value } of item.ProfileItem ?? []) {
        if (Tag === "Tag_Profile_IM_Nick" && Value !== "") profile.nick = String(Value);
        if (Tag === "Tag_Profile_IM_Image" && Value !== "") profile.faceUrl = String(Value);
      }
      profiles.set(item.To_Account, profile);
    }
  });
  return profiles;
}

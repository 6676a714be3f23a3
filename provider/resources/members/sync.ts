import { mapConcurrent } from "../../api/concurrency";
import type { ChatClient } from "../../api/client";
import { invoke, type GroupInfo } from "../../api/commands";
import { ChatError } from "../../api/errors";
import { deleteMembers, getGroup, importedAccounts, importMembers, listMembers, type MemberToImport } from "../../api/operations";
import type { ProviderContext } from "../../runtime-context";
import { ownValue, setOwn } from "../../own-keys";
import { listSome } from "../partial";
import { progressLogger } from "../progress";
import type { MemberSpec } from "./schema";

/**
 * The work on a group's member list, in calls to Tencent: bring it from what it was to what is declared (import,
 * remove, change roles and unread counts, set a previous owner's role again), read it back, remove it. The
 * ImportedGroupMembers provider and the group batch both run these on validated inputs.
 */

export type Members = Record<string, MemberSpec>;

/** The members among `accounts` as import_group_member takes them. */
export const membersToImport = (members: Members, accounts: readonly string[]): MemberToImport[] =>
  accounts.map((account) => {
    const { role, joinTime, unreadMsgNum } = members[account]!;
    return {
      Member_Account: account,
      ...(role === "Admin" ? { Role: "Admin" as const } : {}),
      ...(joinTime !== undefined ? { JoinTime: joinTime } : {}),
      ...(unreadMsgNum !== undefined ? { UnreadMsgNum: unreadMsgNum } : {}),
    };
  });

/**
 * The declared members of an existing group as the service shows them, for refresh: only declared members are
 * managed, so people who joined by other means are not drift, and a declared member who left is absent.
 */
export async function liveDeclaredMembers(client: ChatClient, group: GroupInfo, declaredMembers: Members): Promise<Members> {
  const live = new Map(
    (await listMembers(client, group.GroupId, group.Type === "Community")).map((m) => [
      m.Member_Account,
      { role: m.Role ?? "Member", joinTime: m.JoinTime },
    ]),
  );
  const members: Members = {};
  for (const [account, declared] of Object.entries(declaredMembers)) {
    const member = live.get(account);
    if (!member) continue;
    const spec: MemberSpec = { ...declared };
    // The owner's role is set on the group; any declared role matches it.
    if (member.role === "Admin" || member.role === "Member") {
      if (declared.role !== undefined || member.role === "Admin") spec.role = member.role;
    }
    // The service keeps an owner's join time at the group's creation, also after a change of owner. An imported
    // member cannot have that time (a JoinTime must come after CreateTime), so it marks an owner, present or
    // past, whose declared join time is not drift.
    const ownerTime = member.role === "Owner" || member.joinTime === group.CreateTime;
    if (declared.joinTime !== undefined && member.joinTime !== undefined && !ownerTime) spec.joinTime = member.joinTime;
    setOwn(members, account, spec); // unreadMsgNum is not readable with get_group_member_info: kept as declared
  }
  return members;
}

/**
 * Sets a previous owner's declared role again after change_group_owner, which demotes them to Member: without this
 * a declared Admin stays Member until a refresh and a second `up`.
 */
export async function restoreDeclaredRole(
  client: ChatClient,
  groupId: string,
  previousOwner: string | undefined,
  declared: MemberSpec | undefined,
): Promise<void> {
  if (previousOwner === undefined || declared?.role !== "Admin") return;
  await invoke(client, "modify_group_member_info", { GroupId: groupId, Member_Account: previousOwner, Role: "Admin" });
}

/** The group a member list belongs to, and what of it the import rules need. */
export interface MembersTarget {
  groupId: string;
  groupOwner?: string | undefined;
}

/** Some members could not be imported: why, and which members are in the group now (the rest a re-run imports). */
export class MembersNotImported extends ChatError {
  override name = "MembersNotImported";
  constructor(
    message: string,
    readonly inPlace: Members,
    readonly reasons: string[],
    readonly results: { added: number; alreadyMembers: number },
  ) {
    super("import_group_member", message);
  }
}

/** What the last import found: added (Result 1) and already members (Result 2). */
export type ImportResults = { added: number; alreadyMembers: number };

/**
 * Imports `accounts` of `members`; when some fail, says why (not imported, or a JoinTime outside the group's
 * lifetime) with the members that are in the group now (`kept` and those imported).
 */
async function importOrFail(
  context: ProviderContext,
  groupId: string,
  members: Members,
  accounts: string[],
  kept: Members,
): Promise<ImportResults> {
  const client = context.client();
  const result = await importMembers(
    client,
    groupId,
    membersToImport(members, accounts),
    context.config().memberBatchSize,
    progressLogger(`${groupId}: `, "members"),
  );
  const results = { added: result.added.length, alreadyMembers: result.alreadyMembers.length };
  if (result.failed.length === 0) return results;
  const imported = await importedAccounts(client, result.failed);
  const createTime = (await getGroup(client, groupId))?.CreateTime;
  const reasons = result.failed.map((account) => {
    if (!imported.has(account)) return `${account}: not an imported account (import it with ImportedAccounts first)`;
    const joinTime = ownValue(members, account)?.joinTime;
    return joinTime !== undefined
      ? `${account}: joinTime ${joinTime} must be after the group's createTime ${createTime ?? "?"} and before now`
      : `${account}: refused by import_group_member (Result 0)`;
  });
  const failed = new Set(result.failed);
  const inPlace = { ...kept, ...Object.fromEntries(accounts.filter((a) => !failed.has(a)).map((a) => [a, members[a]!])) };
  throw new MembersNotImported(
    `import_group_member failed for ${result.failed.length} of ${accounts.length} members of ${groupId}: ${listSome(reasons, 5)}`,
    inPlace,
    reasons,
    results,
  );
}

/**
 * Brings a group's member list from `previous` (undefined: none imported yet) to `next`: imports who is new,
 * removes who was dropped (when the deletion policy allows), removes and imports again who has a new join time
 * (a join time cannot be modified), changes roles and unread counts, and after an owner change sets the previous
 * owner's declared role again. Throws {@link MembersNotImported} when some could not be imported.
 */
export async function syncMembers(
  context: ProviderContext,
  target: MembersTarget,
  previous: Members | undefined,
  next: Members,
  previousOwner?: string,
): Promise<ImportResults> {
  const id = target.groupId;
  if (previous === undefined) return importOrFail(context, id, next, Object.keys(next), {});
  const client = context.client();
  // Own keys only: "constructor" and "toString" are valid UserIDs that `in` would find on every object.
  const removed = Object.keys(previous).filter((a) => !Object.hasOwn(next, a));
  const rejoined = new Set(
    Object.keys(next).filter(
      (a) => Object.hasOwn(previous, a) && previous[a]!.joinTime !== next[a]!.joinTime && next[a]!.joinTime !== undefined,
    ),
  );
  const added = [...Object.keys(next).filter((a) => !Object.hasOwn(previous, a)), ...rejoined];
  const stay = Object.keys(next).filter((a) => Object.hasOwn(previous, a) && !rejoined.has(a));

  const owner = removed.length + rejoined.size > 0 ? (await getGroup(client, id))?.Owner_Account : undefined;
  const removable = removed.filter((a) => a !== owner);
  const removing = removable.length > 0 && context.mayDelete(`${removable.length} members removed from the program from group ${id}`);
  // A rejoined member is imported again at once with the declared join time: nothing is lost.
  const toDelete = [...(removing ? removable : []), ...rejoined].filter((a) => a !== owner);
  if (toDelete.length > 0) await deleteMembers(client, id, toDelete);

  const kept = Object.fromEntries(stay.map((a) => [a, next[a]!]));
  const importResults = added.length > 0 ? await importOrFail(context, id, next, added, kept) : { added: 0, alreadyMembers: 0 };

  await mapConcurrent(stay, 16, async (account) => {
    const before = previous[account]!;
    const after = next[account]!;
    if ((before.role ?? "Member") !== (after.role ?? "Member") && account !== owner) {
      await invoke(client, "modify_group_member_info", { GroupId: id, Member_Account: account, Role: after.role ?? "Member" });
    }
    if (after.unreadMsgNum !== undefined && before.unreadMsgNum !== after.unreadMsgNum) {
      await invoke(client, "set_unread_msg_num", { GroupId: id, Member_Account: account, UnreadMsgNum: after.unreadMsgNum });
    }
  });
  if (previousOwner !== target.groupOwner)
    await restoreDeclaredRole(client, id, previousOwner, previousOwner === undefined ? undefined : ownValue(next, previousOwner));
  return importResults;
}

/** Removes the declared members (never the owner) when the deletion policy allows; a group that is gone has none. */
export async function removeMembers(context: ProviderContext, id: string, members: Members): Promise<void> {
  if (!context.mayDelete(`members of group ${id} (delete_group_member)`)) return;
  const client = context.client();
  const group = await getGroup(client, id);
  if (!group) return; // the group is gone, and its members with it
  await deleteMembers(
    client,
    id,
    Object.keys(members).filter((a) => a !== group.Owner_Account),
  );
}

import type { z } from "zod";
import type {
  AddGroupMemberRequest,
  ChangeGroupOwnerRequest,
  DeleteGroupMemberRequest,
  GetGroupMemberInfoRequest,
  ImportGroupMemberRequest,
  ModifyGroupMemberInfoRequest,
  SetUnreadMsgNumRequest,
} from "../../provider/api/commands";
import { ErrorCode } from "../../provider/api/error-codes";
import { BATCH } from "../../provider/api/operations";
import { EmulatorError, invalidParameter } from "../errors";
import type { GroupRecord, MemberRecord } from "../store";
import type { Handler, HandlerContext } from "./context";
import { memberInfo } from "./group";
import { clampUnread, unreadCountsChanged } from "./unread";

/** The group, or 10010; AVChatRoom groups store no members (10007). */
export function memberGroup(ctx: HandlerContext, groupId: string): GroupRecord {
  const group = ctx.store.requireGroup(groupId);
  if (group.type === "AVChatRoom")
    throw new EmulatorError(ErrorCode.OperationNotPermitted, "AVChatRoom groups do not support this operation");
  return group;
}

function requireMember(ctx: HandlerContext, group: GroupRecord, account: string): MemberRecord {
  const member = ctx.store.member(group, account);
  if (!member) throw invalidParameter(`${account} is not a member of ${group.groupId}`);
  return member;
}

/** Whether a group of `count` members (the owner counts) has room for one more; an AVChatRoom has no cap. */
function hasRoom(group: GroupRecord, count: number): boolean {
  return group.maxMemberCount === 0 || count < group.maxMemberCount;
}

/**
 * import_group_member: per-member Result 0 (failed), 1 (added), 2 (already a member). A member the group has no
 * room for fails (Result 0): MaxMemberCount is "the maximum number of group members" (import_group), and the
 * import page lists no error for a full group, so it fails as any member that cannot be imported does.
 */
export const importGroupMember: Handler<z.infer<typeof ImportGroupMemberRequest>> = (ctx, body) => {
  const group = memberGroup(ctx, body.GroupId);
  if (body.MemberList.length === 0) throw invalidParameter("MemberList must not be empty");
  if (body.MemberList.length > ctx.limits.importMemberBatch) {
    throw new EmulatorError(ErrorCode.TooManyAccounts, `MemberList holds at most ${ctx.limits.importMemberBatch} accounts`);
  }
  // Counted once per call, not per member: a community holds up to 100,000.
  let count = Object.keys(group.members).length;
  const MemberList = body.MemberList.map((item) => {
    const account = item.Member_Account;
    if (ctx.store.member(group, account)) return { Member_Account: account, Result: 2 };
    // "JoinTime must be later than the group's creation time and earlier than now, otherwise that member fails."
    // The rule is about a JoinTime given (the field is optional): without one the member joins now, also in the
    // very second the group was imported, which must not depend on whether the clock ticked between two calls.
    const declared = item.JoinTime;
    const joinTime = declared ?? Math.max(ctx.nowSeconds, group.createTime);
    const joinTimeOk =
      declared === undefined || ((ctx.strict ? declared > group.createTime : declared >= group.createTime) && declared <= ctx.nowSeconds);
    if (!ctx.store.hasAccount(account) || !joinTimeOk || !hasRoom(group, count)) return { Member_Account: account, Result: 0 };
    count += 1;
    const unreadMsgNum = clampUnread(ctx.store, group, item.UnreadMsgNum ?? 0);
    ctx.store.putMember(group, { account, role: item.Role === "Admin" ? "Admin" : "Member", joinTime, unreadMsgNum });
    if (unreadMsgNum > 0) unreadCountsChanged(group);
    return { Member_Account: account, Result: 1 };
  });
  return { MemberList };
};

/**
 * add_group_member: at most 300 accounts (10005); not for an AVChatRoom (10007). Result 1 added, 2 already a
 * member, 0 failed (an account that was never imported: the page lists 10019 without saying whether it fails the
 * call, and failing one member is how the member commands answer). Adds that would pass MaxMemberCount fail the
 * whole call with 10014 ("the group is full"), so a call is never half applied for lack of room.
 */
export const addGroupMember: Handler<z.infer<typeof AddGroupMemberRequest>> = (ctx, body) => {
  const group = memberGroup(ctx, body.GroupId);
  if (body.MemberList.length === 0) throw invalidParameter("MemberList must not be empty");
  if (body.MemberList.length > 300) throw new EmulatorError(ErrorCode.TooManyAccounts, "MemberList holds at most 300 accounts");
  const joining = new Set(
    body.MemberList.map((m) => m.Member_Account).filter((a) => !ctx.store.member(group, a) && ctx.store.hasAccount(a)),
  );
  if (Object.keys(group.members).length + joining.size > group.maxMemberCount) {
    throw new EmulatorError(
      ErrorCode.GroupFull,
      `the group is full: ${Object.keys(group.members).length} members, MaxMemberNum ${group.maxMemberCount}`,
    );
  }
  const MemberList = body.MemberList.map(({ Member_Account: account }) => {
    if (ctx.store.member(group, account)) return { Member_Account: account, Result: 2 };
    if (!ctx.store.hasAccount(account)) return { Member_Account: account, Result: 0 };
    ctx.store.putMember(group, { account, role: "Member", joinTime: ctx.nowSeconds, unreadMsgNum: 0 });
    return { Member_Account: account, Result: 1 };
  });
  return { MemberList };
};

/**
 * A walk through a community's members for its Next cursor. Listing a map's keys costs time in proportion to its
 * size, so listing them again for every page of 100 would make paging through a community of 100,000 quadratic. A
 * walk lists them once and goes on from where the cursor it answered points; a cursor it does not continue (another session, or an emulator restarted) starts a
 * new walk and skips to its position. A member removed during the walk is not returned; one added is not seen.
 */
interface MemberWalk {
  roles: string;
  position: number;
  accounts: Iterator<string>;
}
const walks = new WeakMap<GroupRecord, MemberWalk>();

function* walkAccounts(group: GroupRecord, roles: readonly string[] | undefined): Generator<string> {
  for (const account in group.members) {
    const member = group.members[account];
    if (member && (!roles || roles.includes(member.role))) yield account;
  }
}

/** The Next cursor: the walk's position and the member count of the first page, both base 36. */
function readCursor(next: string): { position: number; count: number } {
  const parts = next.split(".").map((part) => (/^[0-9a-z]+$/.test(part) ? Number.parseInt(part, 36) : Number.NaN));
  const [position, count] = parts;
  if (parts.length !== 2 || !Number.isSafeInteger(position) || !Number.isSafeInteger(count))
    throw invalidParameter("Next is not a cursor this group returned");
  return { position: position!, count: count! };
}

/** A community's page after `next` ("" for the first), with the cursor of the one after ("" after the last). */
function communityPage(
  group: GroupRecord,
  roles: readonly string[] | undefined,
  limit: number,
  next: string,
): { count: number; page: MemberRecord[]; next: string } {
  const rolesKey = roles ? roles.join(",") : "";
  let position = 0;
  let count: number;
  if (next === "") {
    count = roles ? [...walkAccounts(group, roles)].length : Object.keys(group.members).length;
  } else {
    ({ position, count } = readCursor(next));
  }
  let walk = walks.get(group);
  if (!walk || walk.roles !== rolesKey || walk.position !== position) {
    walk = { roles: rolesKey, position: 0, accounts: walkAccounts(group, roles) };
    while (walk.position < position && !walk.accounts.next().done) walk.position += 1;
  }
  const page: MemberRecord[] = [];
  let done = false;
  while (page.length < limit) {
    const step = walk.accounts.next();
    if (step.done) {
      done = true;
      break;
    }
    const member = group.members[step.value];
    if (member) page.push(member);
    walk.position += 1;
  }
  const more = !done && walk.position < count;
  if (more) walks.set(group, walk);
  else walks.delete(group);
  return { count, page, next: more ? `${walk.position.toString(36)}.${count.toString(36)}` : "" };
}

/**
 * get_group_member_info: Limit (at most {@link BATCH.memberPage}) and Offset for groups; Limit (at most
 * {@link BATCH.communityMemberPage}) and a string Next cursor for communities.
 */
export const getGroupMemberInfo: Handler<z.infer<typeof GetGroupMemberInfoRequest>> = (ctx, body) => {
  const group = memberGroup(ctx, body.GroupId);
  const roles = body.MemberRoleFilter;
  // "Only the listed fields come back, and Member_Account is always included."
  const render = (m: MemberRecord) => memberInfo(m, body.MemberInfoFilter);
  if (group.type === "Community") {
    if (body.Offset !== undefined) throw invalidParameter("communities do not support Offset: page with Next");
    const limit = body.Limit ?? BATCH.communityMemberPage;
    if (limit < 1 || limit > BATCH.communityMemberPage)
      throw invalidParameter(`Limit must be between 1 and ${BATCH.communityMemberPage} for communities`);
    const { count, page, next } = communityPage(group, roles, limit, body.Next ?? "");
    return { MemberNum: count, MemberList: page.map(render), Next: next };
  }
  if (body.Limit !== undefined && (body.Limit < 0 || body.Limit > BATCH.memberPage))
    throw invalidParameter(`Limit cannot exceed ${BATCH.memberPage}`);
  const offset = body.Offset ?? 0;
  if (offset < 0) throw invalidParameter("Offset must not be negative");
  const members = Object.values(group.members).filter((m) => !roles || roles.includes(m.role));
  return { MemberNum: members.length, MemberList: members.slice(offset, offset + (body.Limit ?? members.length)).map(render) };
};

/** delete_group_member: at most 100 accounts; removing a non-member still succeeds. */
export const deleteGroupMember: Handler<z.infer<typeof DeleteGroupMemberRequest>> = (ctx, body) => {
  const group = ctx.store.group(body.GroupId);
  if (group?.type === "AVChatRoom") throw invalidParameter("AVChatRoom groups do not support delete_group_member");
  const existing = memberGroup(ctx, body.GroupId);
  if (body.MemberToDel_Account.length === 0) throw invalidParameter("MemberToDel_Account must not be empty");
  if (body.MemberToDel_Account.length > ctx.limits.deleteMemberBatch) {
    throw new EmulatorError(ErrorCode.TooManyAccounts, `MemberToDel_Account holds at most ${ctx.limits.deleteMemberBatch} accounts`);
  }
  for (const account of body.MemberToDel_Account) {
    if (ctx.store.member(existing, account)?.role === "Owner")
      throw invalidParameter("the group owner cannot be removed; change the owner first");
  }
  for (const account of body.MemberToDel_Account) ctx.store.deleteMember(existing, account);
  return {};
};

/** modify_group_member_info: Role Admin/Member; the owner's role cannot be changed here. */
export const modifyGroupMemberInfo: Handler<z.infer<typeof ModifyGroupMemberInfoRequest>> = (ctx, body) => {
  const group = memberGroup(ctx, body.GroupId);
  const member = requireMember(ctx, group, body.Member_Account);
  if (body.Role !== undefined) {
    if (member.role === "Owner") throw invalidParameter("the owner's role cannot be changed with modify_group_member_info");
    member.role = body.Role;
  }
  if (body.MuteTime !== undefined && group.type === "Private") throw invalidParameter("Private (Work) groups cannot mute members");
  return {};
};

/**
 * set_unread_msg_num (https://cloud.tencent.com/document/api/269/1637): "if the count is larger than the group's
 * current message count, it is set to that count" (the messages import_group_msg stored). "ChatRoom and AVChatRoom
 * clients do not support unread counts, so setting them has no effect (but no error is returned)": both answer OK
 * and change nothing, whoever the member.
 */
export const setUnreadMsgNum: Handler<z.infer<typeof SetUnreadMsgNumRequest>> = (ctx, body) => {
  const group = ctx.store.requireGroup(body.GroupId);
  if (body.UnreadMsgNum < 0) throw invalidParameter("UnreadMsgNum must not be negative");
  if (group.type === "ChatRoom" || group.type === "AVChatRoom") return {};
  const member = requireMember(ctx, group, body.Member_Account);
  member.unreadMsgNum = clampUnread(ctx.store, group, body.UnreadMsgNum);
  if (member.unreadMsgNum > 0) unreadCountsChanged(group);
  return {};
};

/** change_group_owner: the new owner must already be a member; the old owner becomes a Member. */
export const changeGroupOwner: Handler<z.infer<typeof ChangeGroupOwnerRequest>> = (ctx, body) => {
  const group = memberGroup(ctx, body.GroupId);
  const next = requireMember(ctx, group, body.NewOwner_Account);
  const previous = group.ownerAccount ? ctx.store.member(group, group.ownerAccount) : undefined;
  if (previous) previous.role = "Member";
  next.role = "Owner";
  group.ownerAccount = body.NewOwner_Account;
  return {};
};

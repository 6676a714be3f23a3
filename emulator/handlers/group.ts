import type { z } from "zod";
import { setOwn } from "../../provider/own-keys";
import {
  APPLY_JOIN_OPTIONS,
  byteLimitProblem,
  customGroupIdProblem,
  IMPORTABLE_GROUP_TYPES,
  largestMemberLimit,
  LIMITS,
  memberLimit,
  utf8Bytes,
} from "../../provider/limits";
import type {
  CreateGroupRequest,
  DestroyGroupRequest,
  GetAppidGroupListRequest,
  GetGroupInfoRequest,
  ImportGroupRequest,
  ModifyGroupBaseInfoRequest,
} from "../../provider/api/commands";
import { ErrorCode } from "../../provider/api/error-codes";
import { BATCH } from "../../provider/api/operations";
import { EmulatorError, invalidParameter } from "../errors";
import type { GroupRecord, MemberRecord } from "../store";
import type { Handler, HandlerContext } from "./context";

function checkText(field: string, value: string | undefined, limit: number): void {
  const problem = value === undefined ? undefined : byteLimitProblem(value, limit);
  if (problem) throw invalidParameter(`${field} ${problem}`);
}

function checkAppDefinedData(ctx: HandlerContext, items: { Key: string; Value: string }[] | undefined): void {
  if (!items) return;
  if (items.length > LIMITS.appDefinedDataKeys) throw invalidParameter(`AppDefinedData has more than ${LIMITS.appDefinedDataKeys} keys`);
  for (const { Key, Value } of items) {
    // The Use Limits page allows [A-Za-z0-9_] keys; the import_group sample's " GroupTestData2" breaks that rule,
    // so loose mode accepts any key.
    if (ctx.strict && !/^[A-Za-z0-9_]+$/.test(Key)) throw invalidParameter(`AppDefinedData key "${Key}" must match [A-Za-z0-9_]`);
    if (utf8Bytes(Key) > LIMITS.appDefinedDataKey)
      throw invalidParameter(`AppDefinedData key "${Key}" is over ${LIMITS.appDefinedDataKey} bytes`);
    checkText(`AppDefinedData value of "${Key}"`, Value, LIMITS.appDefinedDataValue);
  }
}

/** The fields import_group and create_group share, as both requests name them. */
type NewGroupFields = Omit<ImportGroupRequest, "CreateTime">;

/** The rules import_group and create_group share (the create_group page repeats import_group's field table). */
function checkNewGroup(ctx: HandlerContext, body: NewGroupFields, type: string): void {
  const community = type === "Community";
  if (utf8Bytes(body.Name) === 0) throw invalidParameter("Name is required");
  checkProfileTexts(body);
  const maxAllowed = largestMemberLimit(type);
  if (body.MaxMemberCount !== undefined && (body.MaxMemberCount < 1 || body.MaxMemberCount > maxAllowed)) {
    throw invalidParameter(`MaxMemberCount must be between 1 and ${maxAllowed} for ${type}`);
  }
  checkJoinOption(ctx, body.ApplyJoinOption, community);
  if (body.SupportTopic === 1 && !community) throw invalidParameter("SupportTopic is valid only for Community groups");
  checkAppDefinedData(ctx, body.AppDefinedData);
  if (body.Owner_Account !== undefined && !ctx.store.hasAccount(body.Owner_Account)) {
    throw new EmulatorError(ErrorCode.AccountNotFound, `Owner_Account ${body.Owner_Account} is not an imported account`);
  }
}

/** Name, Introduction, Notification and FaceUrl within their byte limits (import, create and modify alike). */
function checkProfileTexts(body: { Name?: string; Introduction?: string; Notification?: string; FaceUrl?: string }): void {
  checkText("Name", body.Name, LIMITS.groupName);
  checkText("Introduction", body.Introduction, LIMITS.groupIntroduction);
  checkText("Notification", body.Notification, LIMITS.groupNotification);
  checkText("FaceUrl", body.FaceUrl, LIMITS.faceUrl);
}

/** ApplyJoinOption: one of the documented values; "communities do not support" it (strict mode refuses it). */
function checkJoinOption(ctx: HandlerContext, option: string | undefined, community: boolean): void {
  if (option === undefined) return;
  if (!(APPLY_JOIN_OPTIONS as readonly string[]).includes(option))
    throw invalidParameter(`ApplyJoinOption must be one of ${APPLY_JOIN_OPTIONS.join(", ")}`);
  if (community && ctx.strict) throw invalidParameter("ApplyJoinOption is not supported by community groups");
}

/** A new group's record from the fields import_group and create_group share. */
function newGroupRecord(ctx: HandlerContext, body: NewGroupFields, type: string, groupId: string, createTime: number): GroupRecord {
  const community = type === "Community";
  const group: GroupRecord = {
    groupId,
    type,
    name: body.Name,
    createTime,
    // AVChatRoom has no member cap ("MaxMemberNum is invalid" for it): 0 here means none.
    maxMemberCount: type === "AVChatRoom" ? 0 : memberLimit(type, body.MaxMemberCount),
    supportTopic: body.SupportTopic === 1,
    appDefinedData: Object.fromEntries((body.AppDefinedData ?? []).map(({ Key, Value }) => [Key, Value])),
    members: {},
    topics: {},
  };
  if (body.Introduction !== undefined) group.introduction = body.Introduction;
  if (body.Notification !== undefined) group.notification = body.Notification;
  if (body.FaceUrl !== undefined) group.faceUrl = body.FaceUrl;
  if (!community && type !== "AVChatRoom") group.applyJoinOption = body.ApplyJoinOption ?? "NeedPermission";
  if (body.Owner_Account !== undefined) {
    group.ownerAccount = body.Owner_Account;
    ctx.store.putMember(group, { account: body.Owner_Account, role: "Owner", joinTime: createTime, unreadMsgNum: 0 });
  }
  return group;
}

/** The custom GroupId checked, or a new server-assigned one; `inUseCode` is what an ID already taken answers. */
function groupIdFor(ctx: HandlerContext, requested: string | undefined, type: string, inUseCode: number): string {
  if (requested === undefined) return ctx.store.newGroupId(type === "Community");
  const problem = customGroupIdProblem(requested, type);
  if (problem) throw invalidParameter(`GroupId ${problem}`);
  if (ctx.store.hasGroup(requested)) throw new EmulatorError(inUseCode, `group ID ${requested} is already in use`);
  return requested;
}

/** import_group: every rule of its page, "Importing a Group Profile" (https://trtc.io/document/34967). */
export const importGroup: Handler<ImportGroupRequest> = (ctx, body) => {
  if (body.Type === "AVChatRoom")
    throw new EmulatorError(ErrorCode.OperationNotPermitted, "AVChatRoom groups do not support importing basic group data");
  if (!(IMPORTABLE_GROUP_TYPES as readonly string[]).includes(body.Type)) {
    throw invalidParameter(`Type must be one of ${IMPORTABLE_GROUP_TYPES.join(", ")}`);
  }
  checkNewGroup(ctx, body, body.Type);
  if (body.CreateTime !== undefined && body.CreateTime < 0) throw invalidParameter("CreateTime must be a Unix time in seconds");
  // The import page does not say what a CreateTime in the future does; strict mode refuses it, as the provider's
  // check does (a group "created" after its members joined would break every join-time rule).
  if (ctx.strict && body.CreateTime !== undefined && body.CreateTime > ctx.nowSeconds) {
    throw invalidParameter(`CreateTime ${body.CreateTime} is in the future (now ${ctx.nowSeconds})`);
  }
  // A custom Community ID is documented for topic-enabled communities ("@TGS#_" prefix); the Group System page is
  // silent on one without topics. Both modes accept it: the ID rule is the same.
  const groupId = groupIdFor(ctx, body.GroupId, body.Type, ErrorCode.IdInUse);
  ctx.store.putGroup(newGroupRecord(ctx, body, body.Type, groupId, body.CreateTime ?? ctx.nowSeconds));
  return { GroupId: groupId };
};

/** create_group's type names: Work and Meeting are the newer names of Private and ChatRoom. */
const CREATE_TYPES: Record<string, string> = {
  Public: "Public",
  Private: "Private",
  Work: "Private",
  ChatRoom: "ChatRoom",
  Meeting: "ChatRoom",
  AVChatRoom: "AVChatRoom",
  Community: "Community",
};

/**
 * create_group: the documented way for an AVChatRoom and for a group created with its members (at most 100, each
 * an imported account; "AVChatRoom does not accept a MemberList": 10007). The group is created now.
 */
export const createGroup: Handler<z.infer<typeof CreateGroupRequest>> = (ctx, body) => {
  const type = CREATE_TYPES[body.Type];
  if (!type) throw invalidParameter(`Type must be one of ${Object.keys(CREATE_TYPES).join(", ")}`);
  const members = body.MemberList ?? [];
  if (type === "AVChatRoom" && members.length > 0)
    throw new EmulatorError(ErrorCode.OperationNotPermitted, "AVChatRoom groups do not take a MemberList");
  if (members.length > 100) throw new EmulatorError(ErrorCode.TooManyAccounts, "MemberList holds at most 100 accounts");
  checkNewGroup(ctx, body, type);
  for (const { Member_Account } of members) {
    if (!ctx.store.hasAccount(Member_Account))
      throw new EmulatorError(ErrorCode.AccountNotFound, `${Member_Account} is not an imported account`);
  }
  const headcount = new Set([...members.map((m) => m.Member_Account), ...(body.Owner_Account ? [body.Owner_Account] : [])]).size;
  const limit = memberLimit(type, body.MaxMemberCount);
  if (type !== "AVChatRoom" && headcount > limit)
    throw new EmulatorError(ErrorCode.GroupFull, `${headcount} members exceed MaxMemberCount ${limit}`);
  // "10025: the group ID is already used by you": one app is one owner here.
  const groupId = groupIdFor(ctx, body.GroupId, type, ErrorCode.IdInUseByOperator);
  const group = newGroupRecord(ctx, body, type, groupId, ctx.nowSeconds);
  for (const { Member_Account, Role } of members) {
    if (ctx.store.member(group, Member_Account)) continue;
    ctx.store.putMember(group, {
      account: Member_Account,
      role: Role === "Admin" ? "Admin" : "Member",
      joinTime: ctx.nowSeconds,
      unreadMsgNum: 0,
    });
  }
  ctx.store.putGroup(group);
  return type === "Community" && group.supportTopic ? { GroupId: groupId, HugeGroupFlag: 0, Type: "Community" } : { GroupId: groupId };
};

/** destroy_group: 10010 when the group does not exist or was already disbanded. */
export const destroyGroup: Handler<z.infer<typeof DestroyGroupRequest>> = (ctx, body) => {
  ctx.store.requireGroup(body.GroupId);
  ctx.store.deleteGroup(body.GroupId);
  return {};
};

/** The base fields of get_group_info, by the names GroupBaseInfoFilter takes. */
function baseInfo(ctx: HandlerContext, group: GroupRecord): Record<string, unknown> {
  const newest = ctx.store.newestGroupMessage(group);
  const info: Record<string, unknown> = {
    Type: group.type,
    Name: group.name,
    Appid: ctx.sdkAppId,
    Introduction: group.introduction ?? "",
    Notification: group.notification ?? "",
    FaceUrl: group.faceUrl ?? "",
    Owner_Account: group.ownerAccount ?? "",
    CreateTime: group.createTime,
    LastInfoTime: group.lastInfoTime ?? group.createTime,
    // From the messages import_group_msg stored: 0 and 1 before the first ("NextMsgSeq starts at 1").
    LastMsgTime: newest?.msgTimeStamp ?? 0,
    NextMsgSeq: (newest?.msgSeq ?? 0) + 1,
    MemberNum: Object.keys(group.members).length,
    MaxMemberNum: group.maxMemberCount,
    MuteAllMember: group.muteAllMember ?? "Off",
  };
  if (group.applyJoinOption !== undefined) info.ApplyJoinOption = group.applyJoinOption;
  if (group.type === "Community") info.SupportTopic = group.supportTopic ? 1 : 0;
  // "AVChatRoom: group details only, no member count or member list" (trtc.io/document/34961).
  if (group.type === "AVChatRoom") delete info.MemberNum;
  return info;
}

/** A member as the member reads render it; `fields` (a MemberInfoFilter) narrows it; Member_Account always comes. */
export function memberInfo(member: MemberRecord, fields?: readonly string[]): Record<string, unknown> {
  const all: Record<string, unknown> = {
    Role: member.role,
    JoinTime: member.joinTime,
    MsgSeq: 0,
    MsgFlag: "AcceptAndNotify",
    LastSendMsgTime: 0,
    MuteUntil: 0,
    NameCard: "",
  };
  const picked = fields ? Object.fromEntries(Object.entries(all).filter(([field]) => fields.includes(field))) : all;
  return { Member_Account: member.account, ...picked };
}

/**
 * get_group_info: at most 50 IDs; each item carries its own ErrorCode. "If filters are set, only the fields
 * specified by filters are pulled": GroupBaseInfoFilter narrows the base fields (GroupId, ErrorCode and ErrorInfo
 * always come), AppDefinedDataFilter_Group the custom fields, and a MemberList comes only with a MemberInfoFilter
 * (its "Account" is Member_Account, which always comes). Over 1 MB: 10018.
 */
export const getGroupInfo: Handler<z.infer<typeof GetGroupInfoRequest>> = (ctx, body) => {
  if (body.GroupIdList.length > BATCH.groupInfo) throw invalidParameter(`GroupIdList holds at most ${BATCH.groupInfo} group IDs`);
  const filter = body.ResponseFilter;
  const GroupInfo = body.GroupIdList.map((groupId) => {
    const group = ctx.store.group(groupId);
    if (!group) return { GroupId: groupId, ErrorCode: ErrorCode.GroupNotFound, ErrorInfo: "group does not exist or was disbanded" };
    const base = baseInfo(ctx, group);
    const fields = filter?.GroupBaseInfoFilter;
    const item: Record<string, unknown> = {
      ErrorCode: 0,
      ErrorInfo: "",
      GroupId: group.groupId,
      ...(fields ? Object.fromEntries(Object.entries(base).filter(([k]) => fields.includes(k))) : base),
    };
    const keys = filter?.AppDefinedDataFilter_Group;
    item.AppDefinedData = Object.entries(group.appDefinedData)
      .filter(([Key]) => !keys || keys.includes(Key))
      .map(([Key, Value]) => ({ Key, Value }));
    if (filter?.MemberInfoFilter && group.type !== "AVChatRoom") {
      const memberFields = filter.MemberInfoFilter.filter((f) => f !== "Account");
      item.MemberList = Object.values(group.members).map((m) => memberInfo(m, memberFields));
    }
    return item;
  });
  return { GroupInfo };
};

/**
 * get_appid_group_list: every group of the app (or of `GroupType`), `Limit` (at most 10,000, the default) per page
 * by an integer `Next` (0 to start; 0 again when there is no more), in GroupId order, so pages do not overlap.
 * `TotalCount` is not affected by Limit or Next. One call per second (the rate limit table).
 */
export const getAppidGroupList: Handler<z.infer<typeof GetAppidGroupListRequest>> = (ctx, body) => {
  const limit = body.Limit ?? 10_000;
  if (limit < 1 || limit > 10_000) throw invalidParameter("Limit must be between 1 and 10000");
  const types = ["Public", "Private", "ChatRoom", "AVChatRoom", "BChatRoom", "Community"];
  if (body.GroupType !== undefined && !types.includes(body.GroupType))
    throw invalidParameter(`GroupType must be one of ${types.join(", ")}`);
  const start = body.Next ?? 0;
  if (start < 0) throw invalidParameter("Next must be a cursor this API returned");
  const ids = [...ctx.store.groups()]
    .filter((g) => body.GroupType === undefined || g.type === body.GroupType)
    .map((g) => g.groupId)
    .sort();
  const page = ids.slice(start, start + limit);
  const next = start + limit < ids.length ? start + limit : 0;
  return { TotalCount: ids.length, GroupIdList: page.map((GroupId) => ({ GroupId })), Next: next };
};

/** modify_group_base_info: `MaxMemberNum` here; an empty AppDefinedData value deletes the key. */
export const modifyGroupBaseInfo: Handler<z.infer<typeof ModifyGroupBaseInfoRequest>> = (ctx, body) => {
  const group = ctx.store.requireGroup(body.GroupId);
  const community = group.type === "Community";
  if (body.Name !== undefined && utf8Bytes(body.Name) === 0) throw invalidParameter("Name must not be empty");
  checkProfileTexts(body);
  const maxAllowed = largestMemberLimit(group.type);
  if (body.MaxMemberNum !== undefined && (body.MaxMemberNum < 1 || body.MaxMemberNum > maxAllowed)) {
    throw invalidParameter(`MaxMemberNum must be between 1 and ${maxAllowed} for ${group.type}`);
  }
  checkJoinOption(ctx, body.ApplyJoinOption, community);
  checkAppDefinedData(ctx, body.AppDefinedData);
  if (body.Name !== undefined) group.name = body.Name;
  if (body.Introduction !== undefined) group.introduction = body.Introduction;
  if (body.Notification !== undefined) group.notification = body.Notification;
  if (body.FaceUrl !== undefined) group.faceUrl = body.FaceUrl;
  // "MaxMemberNum is invalid for AVChatRoom" (it has no cap): ignored there.
  if (body.MaxMemberNum !== undefined && group.type !== "AVChatRoom") group.maxMemberCount = body.MaxMemberNum;
  if (body.ApplyJoinOption !== undefined && !community) group.applyJoinOption = body.ApplyJoinOption;
  if (body.MuteAllMember !== undefined) group.muteAllMember = body.MuteAllMember;
  for (const { Key, Value } of body.AppDefinedData ?? []) {
    if (Value === "") delete group.appDefinedData[Key];
    else setOwn(group.appDefinedData, Key, Value);
  }
  group.lastInfoTime = ctx.nowSeconds;
  return {};
};

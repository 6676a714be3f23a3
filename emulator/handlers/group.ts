import { z } from "zod";
import {
  APPLY_JOIN_OPTIONS,
  byteLimitProblem,
  customGroupIdProblem,
  IMPORTABLE_GROUP_TYPES,
  LIMITS,
  utf8Bytes,
} from "../../provider/limits";
import type {
  DestroyGroupRequest,
  GetGroupInfoRequest,
  ImportGroupRequest,
  ModifyGroupBaseInfoRequest,
} from "../../provider/api/commands";
import { EmulatorError } from "../errors";
import type { GroupRecord } from "../store";
import type { Handler, HandlerContext } from "./context";

const invalid = (info: string) => new EmulatorError(10004, info);

function checkText(field: string, value: string | undefined, limit: number): void {
  const problem = value === undefined ? undefined : byteLimitProblem(value, limit);
  if (problem) throw invalid(`${field} ${problem}`);
}

function checkAppDefinedData(ctx: HandlerContext, items: { Key: string; Value: string }[] | undefined): void {
  if (!items) return;
  if (items.length > LIMITS.appDefinedDataKeys) throw invalid(`AppDefinedData has more than ${LIMITS.appDefinedDataKeys} keys`);
  for (const { Key, Value } of items) {
    // The Use Limits page allows [A-Za-z0-9_] keys; the import_group sample's " GroupTestData2" breaks that rule,
    // so loose mode accepts any key.
    if (ctx.strict && !/^[A-Za-z0-9_]+$/.test(Key)) throw invalid(`AppDefinedData key "${Key}" must match [A-Za-z0-9_]`);
    if (utf8Bytes(Key) > LIMITS.appDefinedDataKey) throw invalid(`AppDefinedData key "${Key}" is over ${LIMITS.appDefinedDataKey} bytes`);
    checkText(`AppDefinedData value of "${Key}"`, Value, LIMITS.appDefinedDataValue);
  }
}

function requireGroup(ctx: HandlerContext, groupId: string): GroupRecord {
  const group = ctx.store.state.groups[groupId];
  if (!group) throw new EmulatorError(10010, `group ${groupId} does not exist or was disbanded`);
  return group;
}

/** import_group: every rule of the seed document "Importing a Group Profile". */
export const importGroup: Handler<ImportGroupRequest> = (ctx, body) => {
  if (body.Type === "AVChatRoom") throw new EmulatorError(10007, "AVChatRoom groups do not support importing basic group data");
  if (!(IMPORTABLE_GROUP_TYPES as readonly string[]).includes(body.Type)) {
    throw invalid(`Type must be one of ${IMPORTABLE_GROUP_TYPES.join(", ")}`);
  }
  const community = body.Type === "Community";
  if (utf8Bytes(body.Name) === 0) throw invalid("Name is required");
  checkText("Name", body.Name, LIMITS.groupName);
  checkText("Introduction", body.Introduction, LIMITS.groupIntroduction);
  checkText("Notification", body.Notification, LIMITS.groupNotification);
  checkText("FaceUrl", body.FaceUrl, LIMITS.faceUrl);
  const maxAllowed = community ? LIMITS.communityMaxMemberCount : LIMITS.maxMemberCount;
  if (body.MaxMemberCount !== undefined && (body.MaxMemberCount < 1 || body.MaxMemberCount > maxAllowed)) {
    throw invalid(`MaxMemberCount must be between 1 and ${maxAllowed} for ${body.Type}`);
  }
  if (body.ApplyJoinOption !== undefined) {
    if (!(APPLY_JOIN_OPTIONS as readonly string[]).includes(body.ApplyJoinOption)) {
      throw invalid(`ApplyJoinOption must be one of ${APPLY_JOIN_OPTIONS.join(", ")}`);
    }
    if (community && ctx.strict) throw invalid("ApplyJoinOption is not supported by community groups");
  }
  if (body.SupportTopic === 1 && !community) throw invalid("SupportTopic is valid only for Community groups");
  checkAppDefinedData(ctx, body.AppDefinedData);
  if (body.CreateTime !== undefined && body.CreateTime < 0) throw invalid("CreateTime must be a Unix time in seconds");
  if (body.Owner_Account !== undefined && !ctx.store.state.accounts[body.Owner_Account]) {
    throw new EmulatorError(10019, `Owner_Account ${body.Owner_Account} is not an imported account`);
  }

  let groupId: string;
  if (body.GroupId !== undefined) {
    const problem = customGroupIdProblem(body.GroupId, body.Type);
    if (problem) throw invalid(`GroupId ${problem}`);
    if (ctx.store.state.groups[body.GroupId]) throw new EmulatorError(10021, `group ID ${body.GroupId} is already in use`);
    groupId = body.GroupId;
  } else {
    groupId = ctx.store.newGroupId(community);
  }
  const createTime = body.CreateTime ?? ctx.nowSeconds;
  const group: GroupRecord = {
    groupId,
    type: body.Type,
    name: body.Name,
    createTime,
    maxMemberCount: body.MaxMemberCount ?? (community ? LIMITS.communityDefaultMemberCount : LIMITS.defaultMemberCount),
    supportTopic: body.SupportTopic === 1,
    appDefinedData: Object.fromEntries((body.AppDefinedData ?? []).map(({ Key, Value }) => [Key, Value])),
    members: {},
    topics: {},
  };
  if (body.Introduction !== undefined) group.introduction = body.Introduction;
  if (body.Notification !== undefined) group.notification = body.Notification;
  if (body.FaceUrl !== undefined) group.faceUrl = body.FaceUrl;
  if (!community) group.applyJoinOption = body.ApplyJoinOption ?? "NeedPermission";
  if (body.Owner_Account !== undefined) {
    group.ownerAccount = body.Owner_Account;
    group.members[body.Owner_Account] = { account: body.Owner_Account, role: "Owner", joinTime: createTime, unreadMsgNum: 0 };
  }
  ctx.store.state.groups[groupId] = group;
  return { GroupId: groupId };
};

/** destroy_group: 10010 when the group does not exist or was already disbanded. */
export const destroyGroup: Handler<z.infer<typeof DestroyGroupRequest>> = (ctx, body) => {
  requireGroup(ctx, body.GroupId);
  delete ctx.store.state.groups[body.GroupId];
  return {};
};

/** get_group_info: at most 50 IDs; each item carries its own ErrorCode. */
export const getGroupInfo: Handler<z.infer<typeof GetGroupInfoRequest>> = (ctx, body) => {
  if (body.GroupIdList.length > 50) throw invalid("GroupIdList holds at most 50 group IDs");
  const GroupInfo = body.GroupIdList.map((groupId) => {
    const group = ctx.store.state.groups[groupId];
    if (!group) return { GroupId: groupId, ErrorCode: 10010, ErrorInfo: "group does not exist or was disbanded" };
    return {
      ErrorCode: 0,
      ErrorInfo: "",
      GroupId: group.groupId,
      Type: group.type,
      Name: group.name,
      Introduction: group.introduction ?? "",
      Notification: group.notification ?? "",
      FaceUrl: group.faceUrl ?? "",
      Owner_Account: group.ownerAccount ?? "",
      CreateTime: group.createTime,
      MemberNum: Object.keys(group.members).length,
      MaxMemberNum: group.maxMemberCount,
      ...(group.applyJoinOption !== undefined ? { ApplyJoinOption: group.applyJoinOption } : {}),
      ...(group.type === "Community" ? { SupportTopic: group.supportTopic ? 1 : 0 } : {}),
      AppDefinedData: Object.entries(group.appDefinedData).map(([Key, Value]) => ({ Key, Value })),
    };
  });
  return { GroupInfo };
};

/** modify_group_base_info: `MaxMemberNum` here; an empty AppDefinedData value deletes the key. */
export const modifyGroupBaseInfo: Handler<z.infer<typeof ModifyGroupBaseInfoRequest>> = (ctx, body) => {
  const group = requireGroup(ctx, body.GroupId);
  const community = group.type === "Community";
  if (body.Name !== undefined && utf8Bytes(body.Name) === 0) throw invalid("Name must not be empty");
  checkText("Name", body.Name, LIMITS.groupName);
  checkText("Introduction", body.Introduction, LIMITS.groupIntroduction);
  checkText("Notification", body.Notification, LIMITS.groupNotification);
  checkText("FaceUrl", body.FaceUrl, LIMITS.faceUrl);
  const maxAllowed = community ? LIMITS.communityMaxMemberCount : LIMITS.maxMemberCount;
  if (body.MaxMemberNum !== undefined && (body.MaxMemberNum < 1 || body.MaxMemberNum > maxAllowed)) {
    throw invalid(`MaxMemberNum must be between 1 and ${maxAllowed} for ${group.type}`);
  }
  if (body.ApplyJoinOption !== undefined) {
    if (!(APPLY_JOIN_OPTIONS as readonly string[]).includes(body.ApplyJoinOption)) {
      throw invalid(`ApplyJoinOption must be one of ${APPLY_JOIN_OPTIONS.join(", ")}`);
    }
    if (community && ctx.strict) throw invalid("ApplyJoinOption is not supported by community groups");
  }
  checkAppDefinedData(ctx, body.AppDefinedData);
  if (body.Name !== undefined) group.name = body.Name;
  if (body.Introduction !== undefined) group.introduction = body.Introduction;
  if (body.Notification !== undefined) group.notification = body.Notification;
  if (body.FaceUrl !== undefined) group.faceUrl = body.FaceUrl;
  if (body.MaxMemberNum !== undefined) group.maxMemberCount = body.MaxMemberNum;
  if (body.ApplyJoinOption !== undefined && !community) group.applyJoinOption = body.ApplyJoinOption;
  for (const { Key, Value } of body.AppDefinedData ?? []) {
    if (Value === "") delete group.appDefinedData[Key];
    else group.appDefinedData[Key] = Value;
  }
  return {};
};

import { z } from "zod";
import type { ChatClient, CallOptions } from "./client";
import type { CommandName } from "./endpoints";
import { ChatTransportError } from "./errors";

/**
 * Request and response shapes of the REST commands, field names exactly as documented. Requests are strict (the
 * emulator validates with the same schemas); responses are loose, so new fields from Tencent never break a deploy.
 */

/** One group custom field; values may hold binary data (import_group sample: "abc\u0000\u0001"). */
export const AppDefinedDataItem = z.strictObject({ Key: z.string(), Value: z.string() });

/** import_group request (https://trtc.io/document/34967). Rules beyond types are checked by the receiver. */
export const ImportGroupRequest = z.strictObject({
  Owner_Account: z.string().optional(),
  Type: z.string(),
  GroupId: z.string().optional(),
  Name: z.string(),
  Introduction: z.string().optional(),
  Notification: z.string().optional(),
  FaceUrl: z.string().optional(),
  MaxMemberCount: z.int().optional(),
  ApplyJoinOption: z.string().optional(),
  AppDefinedData: z.array(AppDefinedDataItem).optional(),
  CreateTime: z.int().optional(),
  SupportTopic: z.union([z.literal(0), z.literal(1)]).optional(),
});
export type ImportGroupRequest = z.infer<typeof ImportGroupRequest>;
/** import_group response. */
export const ImportGroupResponse = z.looseObject({ GroupId: z.string() });

/** destroy_group request. */
export const DestroyGroupRequest = z.strictObject({ GroupId: z.string() });

/** get_group_info request: at most 50 groups. */
export const GetGroupInfoRequest = z.strictObject({
  GroupIdList: z.array(z.string()).min(1),
  ResponseFilter: z
    .strictObject({
      GroupBaseInfoFilter: z.array(z.string()).optional(),
      MemberInfoFilter: z.array(z.string()).optional(),
      AppDefinedDataFilter_Group: z.array(z.string()).optional(),
      AppDefinedDataFilter_GroupMember: z.array(z.string()).optional(),
    })
    .optional(),
});
/** One group in a get_group_info answer; note `MaxMemberNum`, not `MaxMemberCount`. */
export const GroupInfo = z.looseObject({
  ErrorCode: z.number().optional(),
  ErrorInfo: z.string().optional(),
  GroupId: z.string(),
  Type: z.string().optional(),
  Name: z.string().optional(),
  Introduction: z.string().optional(),
  Notification: z.string().optional(),
  FaceUrl: z.string().optional(),
  Owner_Account: z.string().optional(),
  CreateTime: z.number().optional(),
  MemberNum: z.number().optional(),
  MaxMemberNum: z.number().optional(),
  ApplyJoinOption: z.string().optional(),
  SupportTopic: z.number().optional(),
  MuteAllMember: z.string().optional(),
  Appid: z.number().optional(),
  LastInfoTime: z.number().optional(),
  LastMsgTime: z.number().optional(),
  NextMsgSeq: z.number().optional(),
  AppDefinedData: z.array(z.looseObject({ Key: z.string(), Value: z.string() })).optional(),
  /** Only with `ResponseFilter.MemberInfoFilter`. */
  MemberList: z.array(z.looseObject({ Member_Account: z.string() })).optional(),
});
export type GroupInfo = z.infer<typeof GroupInfo>;
/** get_group_info response: per-item ErrorCode; the top-level one is "meaningless". */
export const GetGroupInfoResponse = z.looseObject({ GroupInfo: z.array(GroupInfo) });

/** modify_group_base_info request; an empty AppDefinedData Value deletes the key. */
export const ModifyGroupBaseInfoRequest = z.strictObject({
  GroupId: z.string(),
  Name: z.string().optional(),
  Introduction: z.string().optional(),
  Notification: z.string().optional(),
  FaceUrl: z.string().optional(),
  MaxMemberNum: z.int().optional(),
  ApplyJoinOption: z.string().optional(),
  MuteAllMember: z.enum(["On", "Off"]).optional(),
  AppDefinedData: z.array(AppDefinedDataItem).optional(),
});

/** account_import request. */
export const AccountImportRequest = z.strictObject({
  UserID: z.string(),
  Nick: z.string().optional(),
  FaceUrl: z.string().optional(),
});

/** multiaccount_import request: the newer AccountList form, or the older Accounts form; at most 100. */
export const MultiAccountImportRequest = z.union([
  z.strictObject({ AccountList: z.array(AccountImportRequest) }),
  z.strictObject({ Accounts: z.array(z.string()) }),
]);
/** multiaccount_import response. */
export const MultiAccountImportResponse = z.looseObject({ FailAccounts: z.array(z.string()).optional() });

/** One member of an import_group_member request. */
export const ImportMemberItem = z.strictObject({
  Member_Account: z.string(),
  Role: z.literal("Admin").optional(),
  JoinTime: z.int().optional(),
  UnreadMsgNum: z.int().optional(),
});
/** import_group_member request: at most 300 members per call (newer documents say 20; see memberBatchSize). */
export const ImportGroupMemberRequest = z.strictObject({ GroupId: z.string(), MemberList: z.array(ImportMemberItem) });
/** import_group_member response: Result 0 = failed, 1 = added, 2 = already a member. */
export const ImportGroupMemberResponse = z.looseObject({
  MemberList: z.array(z.looseObject({ Member_Account: z.string(), Result: z.number() })),
});

/** get_group_member_info request: Limit/Offset for groups, Limit/Next cursor for communities. */
export const GetGroupMemberInfoRequest = z.strictObject({
  GroupId: z.string(),
  Limit: z.int().optional(),
  Offset: z.int().optional(),
  Next: z.string().optional(),
  MemberInfoFilter: z.array(z.string()).optional(),
  MemberRoleFilter: z.array(z.string()).optional(),
  AppDefinedDataFilter_GroupMember: z.array(z.string()).optional(),
});
/** One member in a get_group_member_info answer. */
export const GroupMemberInfo = z.looseObject({
  Member_Account: z.string(),
  Role: z.string().optional(),
  JoinTime: z.number().optional(),
  UnreadMsgNum: z.number().optional(),
});
/** get_group_member_info response. */
export const GetGroupMemberInfoResponse = z.looseObject({
  MemberNum: z.number(),
  MemberList: z.array(GroupMemberInfo),
  Next: z.string().optional(),
});

/** delete_group_member request: at most 100 accounts; deleting a non-member succeeds. */
export const DeleteGroupMemberRequest = z.strictObject({
  GroupId: z.string(),
  MemberToDel_Account: z.array(z.string()),
  Silence: z.union([z.literal(0), z.literal(1)]).optional(),
  Reason: z.string().optional(),
});

/** modify_group_member_info request; Role "Admin" or "Member" (the owner role cannot be changed here). */
export const ModifyGroupMemberInfoRequest = z.strictObject({
  GroupId: z.string(),
  Member_Account: z.string(),
  Role: z.enum(["Admin", "Member"]).optional(),
  MsgFlag: z.enum(["AcceptAndNotify", "Discard", "AcceptNotNotify"]).optional(),
  NameCard: z.string().optional(),
  MuteTime: z.int().optional(),
});

/** set_unread_msg_num request. */
export const SetUnreadMsgNumRequest = z.strictObject({ GroupId: z.string(), Member_Account: z.string(), UnreadMsgNum: z.int() });

/** change_group_owner request: the new owner must already be a member. */
export const ChangeGroupOwnerRequest = z.strictObject({ GroupId: z.string(), NewOwner_Account: z.string() });

/** import_topic request (`From_Account` is documented as "uint64" but is a UserID string in practice). */
export const ImportTopicRequest = z.strictObject({
  GroupId: z.string(),
  TopicName: z.string(),
  TopicId: z.string().optional(),
  Type: z.literal("Community").optional(),
  From_Account: z.string().optional(),
  CustomString: z.string().optional(),
  FaceUrl: z.string().optional(),
  Notification: z.string().optional(),
  Introduction: z.string().optional(),
  CreateTime: z.int().optional(),
});
export type ImportTopicRequest = z.infer<typeof ImportTopicRequest>;
/** import_topic response. */
export const ImportTopicResponse = z.looseObject({ TopicId: z.string() });

/** get_topic request; an empty TopicIdList means every topic. */
export const GetTopicRequest = z.strictObject({
  GroupId: z.string(),
  From_Account: z.string().optional(),
  TopicIdList: z.array(z.string()).optional(),
  ResponseFilter: z.array(z.string()).optional(),
});
/** One topic in a get_topic answer; note `GroupID` inside TopicInfo. */
export const TopicInfo = z.looseObject({
  TopicId: z.string(),
  TopicName: z.string().optional(),
  GroupID: z.string().optional(),
  FaceUrl: z.string().optional(),
  Notification: z.string().optional(),
  Introduction: z.string().optional(),
  CustomString: z.string().optional(),
  CreateTime: z.number().optional(),
});
export type TopicInfo = z.infer<typeof TopicInfo>;
/** get_topic response: per-topic ErrorCode (110003 when deleted). */
export const GetTopicResponse = z.looseObject({
  TopicAndSelfInfo: z.array(
    z.looseObject({ ErrorCode: z.number().optional(), ErrorInfo: z.string().optional(), TopicInfo: TopicInfo.optional() }),
  ),
});

/** modify_topic request. */
export const ModifyTopicRequest = z.strictObject({
  GroupId: z.string(),
  TopicId: z.string(),
  From_Account: z.string().optional(),
  TopicName: z.string().optional(),
  FaceUrl: z.string().optional(),
  Notification: z.string().optional(),
  Introduction: z.string().optional(),
  MuteAllMember: z.enum(["On", "Off"]).optional(),
  CustomString: z.string().optional(),
});

/** destroy_topic request. */
export const DestroyTopicRequest = z.strictObject({ GroupId: z.string(), TopicIdList: z.array(z.string()).min(1) });
/** destroy_topic response. */
export const DestroyTopicResponse = z.looseObject({
  DestroyResultItem: z.array(z.looseObject({ TopicId: z.string(), ErrorCode: z.number(), ErrorInfo: z.string().optional() })).optional(),
});

/** account_check / account_delete item. */
const UserItem = z.strictObject({ UserID: z.string() });
/** account_check request: at most 100. */
export const AccountCheckRequest = z.strictObject({ CheckItem: z.array(UserItem) });
/** account_check response. */
export const AccountCheckResponse = z.looseObject({
  ResultItem: z.array(z.looseObject({ UserID: z.string(), ResultCode: z.number(), AccountStatus: z.string().optional() })),
});
/** account_delete request: at most 100. */
export const AccountDeleteRequest = z.strictObject({ DeleteItem: z.array(UserItem) });
/** account_delete response: a non-existent user gets a per-item 70107. */
export const AccountDeleteResponse = z.looseObject({
  ResultItem: z.array(z.looseObject({ UserID: z.string(), ResultCode: z.number(), ResultInfo: z.string().optional() })),
});

/** create_group request: the documented way for an AVChatRoom and for a group created with members (at most 100). */
export const CreateGroupRequest = ImportGroupRequest.omit({ CreateTime: true }).extend({
  MemberList: z
    .array(
      z.strictObject({
        Member_Account: z.string(),
        Role: z.literal("Admin").optional(),
        AppMemberDefinedData: z.array(AppDefinedDataItem).optional(),
      }),
    )
    .optional(),
});
/** create_group response. */
export const CreateGroupResponse = z.looseObject({ GroupId: z.string() });

/** add_group_member request: at most 300 accounts. */
export const AddGroupMemberRequest = z.strictObject({
  GroupId: z.string(),
  Silence: z.union([z.literal(0), z.literal(1)]).optional(),
  MemberList: z.array(z.strictObject({ Member_Account: z.string() })),
});
/** add_group_member response: Result 0 = failed, 1 = added, 2 = already a member, 3 = waiting for confirmation. */
export const AddGroupMemberResponse = ImportGroupMemberResponse;

/** get_appid_group_list request: an integer cursor, 0 to start; at most 10,000 per page; 1 call per second. */
export const GetAppidGroupListRequest = z.strictObject({
  Limit: z.int().optional(),
  Next: z.int().optional(),
  GroupType: z.string().optional(),
});
/** get_appid_group_list response: `Next` 0 when there is no more; `TotalCount` counts every group (of the type). */
export const GetAppidGroupListResponse = z.looseObject({
  TotalCount: z.number(),
  GroupIdList: z.array(z.looseObject({ GroupId: z.string() })),
  Next: z.number(),
});

/** One profile field: a standard (`Tag_Profile_IM_Nick`) or custom (`Tag_Profile_Custom_<name>`) tag. */
export const ProfileItem = z.strictObject({ Tag: z.string(), Value: z.union([z.string(), z.number()]) });
/** portrait_get request: at most 100 accounts. */
export const PortraitGetRequest = z.strictObject({ To_Account: z.array(z.string()).min(1), TagList: z.array(z.string()).min(1) });
/** portrait_get response: per account a ResultCode; failed accounts also in `Fail_Account`. */
export const PortraitGetResponse = z.looseObject({
  UserProfileItem: z.array(
    z.looseObject({
      To_Account: z.string(),
      ProfileItem: z.array(z.looseObject({ Tag: z.string(), Value: z.union([z.string(), z.number()]) })).optional(),
      ResultCode: z.number(),
      ResultInfo: z.string().optional(),
    }),
  ),
  Fail_Account: z.array(z.string()).optional(),
});
/** portrait_set request. */
export const PortraitSetRequest = z.strictObject({ From_Account: z.string(), ProfileItem: z.array(ProfileItem).min(1) });

/** A 32-bit unsigned integer: MsgSeq, Random and MsgRandom ("32-bit unsigned integer", importmsg page). */
const Uint32 = z.int().min(0).max(4_294_967_295);
/** A download flag: "the value can only be 2", the file is fetched from its URL as it is. */
const DownloadFlag = z.literal(2);

/**
 * Message elements (TIMMsgElement: `{MsgType, MsgContent}`), field names as the Message Formats page gives them
 * (https://trtc.io/document/33527). A field the page says a REST sender "must fill" is required: a media element
 * is a link (URL and UUID; Download_Flag 2), never bytes.
 */
export const MsgElement = z.discriminatedUnion("MsgType", [
  z.strictObject({ MsgType: z.literal("TIMTextElem"), MsgContent: z.strictObject({ Text: z.string() }) }),
  z.strictObject({
    MsgType: z.literal("TIMLocationElem"),
    MsgContent: z.strictObject({ Desc: z.string().optional(), Latitude: z.number(), Longitude: z.number() }),
  }),
  z.strictObject({ MsgType: z.literal("TIMFaceElem"), MsgContent: z.strictObject({ Index: z.int(), Data: z.string().optional() }) }),
  z.strictObject({
    MsgType: z.literal("TIMCustomElem"),
    MsgContent: z.strictObject({
      Data: z.string().optional(),
      Desc: z.string().optional(),
      Ext: z.string().optional(),
      Sound: z.string().optional(),
    }),
  }),
  z.strictObject({
    MsgType: z.literal("TIMSoundElem"),
    MsgContent: z.strictObject({
      Url: z.string(),
      UUID: z.string(),
      Size: z.int().min(0).optional(),
      Second: z.int().min(0).optional(),
      Download_Flag: DownloadFlag,
    }),
  }),
  z.strictObject({
    MsgType: z.literal("TIMImageElem"),
    MsgContent: z.strictObject({
      UUID: z.string(),
      /** JPG 1, GIF 2, PNG 3, BMP 4, other 255. */
      ImageFormat: z.int().optional(),
      /** Type 1 original, 2 large, 3 thumbnail. */
      ImageInfoArray: z
        .array(
          z.strictObject({
            Type: z.int(),
            Size: z.int().min(0).optional(),
            Width: z.int().min(0),
            Height: z.int().min(0),
            URL: z.string(),
          }),
        )
        .min(1),
    }),
  }),
  z.strictObject({
    MsgType: z.literal("TIMFileElem"),
    MsgContent: z.strictObject({
      Url: z.string(),
      UUID: z.string(),
      FileSize: z.int().min(0).optional(),
      FileName: z.string().optional(),
      Download_Flag: DownloadFlag,
    }),
  }),
  z.strictObject({
    MsgType: z.literal("TIMVideoFileElem"),
    MsgContent: z.strictObject({
      VideoUrl: z.string(),
      VideoUUID: z.string(),
      VideoSize: z.int().min(0).optional(),
      VideoSecond: z.int().min(0).optional(),
      VideoFormat: z.string().optional(),
      VideoDownloadFlag: DownloadFlag,
      ThumbUrl: z.string(),
      ThumbUUID: z.string(),
      ThumbSize: z.int().min(0).optional(),
      ThumbWidth: z.int().min(0),
      ThumbHeight: z.int().min(0),
      ThumbFormat: z.string().optional(),
      ThumbDownloadFlag: DownloadFlag,
    }),
  }),
]);
export type MsgElement = z.infer<typeof MsgElement>;

/** A message body: at least one element, and "only one TIMCustomElem" in a combined message (Message Formats page). */
export const MsgBody = z
  .array(MsgElement)
  .min(1)
  .refine((body) => body.filter((element) => element.MsgType === "TIMCustomElem").length <= 1, {
    message: "a message holds at most one TIMCustomElem",
  });

/** One message of an import_group_msg request. */
export const ImportGroupMsgItem = z.strictObject({
  From_Account: z.string(),
  /** Unix seconds. */
  SendTime: z.int().min(0),
  Random: Uint32.optional(),
  MsgBody,
});
/**
 * import_group_msg request (https://trtc.io/document/34968): at most 7 messages per call, in ascending SendTime.
 * `RecentContactFlag` 1 updates the members' conversations (not for a Community); `TopicId` names a topic of a
 * topic-enabled community (documented on the intl page 1047/34968).
 */
export const ImportGroupMsgRequest = z.strictObject({
  GroupId: z.string(),
  RecentContactFlag: z.union([z.literal(0), z.literal(1)]).optional(),
  TopicId: z.string().optional(),
  MsgList: z.array(ImportGroupMsgItem),
});
export type ImportGroupMsgRequest = z.infer<typeof ImportGroupMsgRequest>;
/** import_group_msg response: per message its MsgSeq, MsgTime and Result (0 ok, 10004 send time, 80001, 80002). */
export const ImportGroupMsgResponse = z.looseObject({
  ImportMsgResult: z.array(z.looseObject({ MsgSeq: z.number(), MsgTime: z.number(), Result: z.number() })),
});

/**
 * group_msg_get_simple request (https://trtc.io/document/34971): the newest `ReqMsgNumber` messages with a MsgSeq
 * of at most `ReqMsgSeq` (the group's newest when absent); at most 20 come back per call.
 */
export const GroupMsgGetSimpleRequest = z.strictObject({
  GroupId: z.string(),
  ReqMsgNumber: z.int(),
  ReqMsgSeq: z.int().optional(),
  WithRecalledMsg: z.union([z.literal(0), z.literal(1)]).optional(),
  TopicId: z.string().optional(),
});
/** One message of a group's history; `IsPlaceMsg` 1: expired, not stored or deleted (then MsgBody is empty). */
export const GroupHistoryMessage = z.looseObject({
  From_Account: z.string().optional(),
  MsgSeq: z.number(),
  MsgRandom: z.number().optional(),
  MsgTimeStamp: z.number(),
  MsgBody: z.array(z.looseObject({ MsgType: z.string() })).optional(),
  IsPlaceMsg: z.number().optional(),
});
/**
 * group_msg_get_simple response, newest first. `IsFinished` says whether every message of the requested range came
 * back (1), not whether older messages remain: page on with the smallest MsgSeq returned minus 1 until none is left.
 */
export const GroupMsgGetSimpleResponse = z.looseObject({
  GroupId: z.string().optional(),
  IsFinished: z.number(),
  RspMsgList: z.array(GroupHistoryMessage).default([]),
});

/**
 * importmsg request (https://trtc.io/document/35014): one 1:1 message. `SyncFromOldSystem` 2 imports history (not
 * counted as unread, not pushed), 5 a live message of a cut-over; no other value. A message equal to one already in
 * the conversation in MsgSeq, MsgRandom and MsgTimeStamp is the same message (the first import wins).
 */
export const ImportMsgRequest = z.strictObject({
  SyncFromOldSystem: z.union([z.literal(2), z.literal(5)]),
  From_Account: z.string(),
  To_Account: z.string(),
  /** Chosen by the caller, may repeat; "if left empty, the backend will enter a random number". */
  MsgSeq: Uint32.optional(),
  MsgRandom: Uint32,
  /** Unix seconds. */
  MsgTimeStamp: z.int().min(0),
  MsgBody,
  CloudCustomData: z.string().optional(),
});
export type ImportMsgRequest = z.infer<typeof ImportMsgRequest>;

/**
 * admin_getroammsg request (https://trtc.io/document/35478): a 1:1 conversation's messages between MinTime and
 * MaxTime, seen by Operator_Account. To continue, send MaxTime = the answer's LastMsgTime and its LastMsgKey.
 */
export const AdminGetRoamMsgRequest = z.strictObject({
  Operator_Account: z.string(),
  Peer_Account: z.string(),
  MaxCnt: z.int(),
  MinTime: z.int(),
  MaxTime: z.int(),
  LastMsgKey: z.string().optional(),
});
/** One message of a 1:1 conversation; `MsgFlagBits` 0 normal, 8 recalled. */
export const RoamMessage = z.looseObject({
  From_Account: z.string(),
  To_Account: z.string(),
  MsgSeq: z.number(),
  MsgRandom: z.number(),
  MsgTimeStamp: z.number(),
  MsgFlagBits: z.number().optional(),
  IsPeerRead: z.number().optional(),
  MsgKey: z.string(),
  MsgBody: z.array(z.looseObject({ MsgType: z.string() })).optional(),
  CloudCustomData: z.string().optional(),
});
/** admin_getroammsg response: `Complete` 1 when every message of the time range has been pulled. */
export const AdminGetRoamMsgResponse = z.looseObject({
  Complete: z.number(),
  MsgCnt: z.number().optional(),
  LastMsgTime: z.number().optional(),
  LastMsgKey: z.string().optional(),
  MsgList: z.array(RoamMessage).default([]),
});

/** The request schema of each command, used by {@link invoke} and by the emulator's router. */
export const REQUEST_SCHEMAS = {
  import_group: ImportGroupRequest,
  destroy_group: DestroyGroupRequest,
  get_group_info: GetGroupInfoRequest,
  modify_group_base_info: ModifyGroupBaseInfoRequest,
  account_import: AccountImportRequest,
  multiaccount_import: MultiAccountImportRequest,
  import_group_member: ImportGroupMemberRequest,
  get_group_member_info: GetGroupMemberInfoRequest,
  delete_group_member: DeleteGroupMemberRequest,
  modify_group_member_info: ModifyGroupMemberInfoRequest,
  set_unread_msg_num: SetUnreadMsgNumRequest,
  change_group_owner: ChangeGroupOwnerRequest,
  import_topic: ImportTopicRequest,
  get_topic: GetTopicRequest,
  modify_topic: ModifyTopicRequest,
  destroy_topic: DestroyTopicRequest,
  account_check: AccountCheckRequest,
  account_delete: AccountDeleteRequest,
  create_group: CreateGroupRequest,
  add_group_member: AddGroupMemberRequest,
  get_appid_group_list: GetAppidGroupListRequest,
  portrait_get: PortraitGetRequest,
  portrait_set: PortraitSetRequest,
  import_group_msg: ImportGroupMsgRequest,
  group_msg_get_simple: GroupMsgGetSimpleRequest,
  importmsg: ImportMsgRequest,
  admin_getroammsg: AdminGetRoamMsgRequest,
} satisfies Record<CommandName, z.ZodType>;

/** The response schema of each command. */
export const RESPONSE_SCHEMAS = {
  import_group: ImportGroupResponse,
  destroy_group: z.looseObject({}),
  get_group_info: GetGroupInfoResponse,
  modify_group_base_info: z.looseObject({}),
  account_import: z.looseObject({}),
  multiaccount_import: MultiAccountImportResponse,
  import_group_member: ImportGroupMemberResponse,
  get_group_member_info: GetGroupMemberInfoResponse,
  delete_group_member: z.looseObject({}),
  modify_group_member_info: z.looseObject({}),
  set_unread_msg_num: z.looseObject({}),
  change_group_owner: z.looseObject({}),
  import_topic: ImportTopicResponse,
  get_topic: GetTopicResponse,
  modify_topic: z.looseObject({}),
  destroy_topic: DestroyTopicResponse,
  account_check: AccountCheckResponse,
  account_delete: AccountDeleteResponse,
  create_group: CreateGroupResponse,
  add_group_member: AddGroupMemberResponse,
  get_appid_group_list: GetAppidGroupListResponse,
  portrait_get: PortraitGetResponse,
  portrait_set: z.looseObject({}),
  import_group_msg: ImportGroupMsgResponse,
  group_msg_get_simple: GroupMsgGetSimpleResponse,
  importmsg: z.looseObject({}),
  admin_getroammsg: AdminGetRoamMsgResponse,
} satisfies Record<keyof typeof REQUEST_SCHEMAS, z.ZodType>;

/** A command with typed request and response schemas. */
export type TypedCommand = keyof typeof REQUEST_SCHEMAS;
/** The request body of a typed command. */
export type RequestOf<C extends TypedCommand> = z.input<(typeof REQUEST_SCHEMAS)[C]>;
/** The parsed answer of a typed command. */
export type ResponseOf<C extends TypedCommand> = z.output<(typeof RESPONSE_SCHEMAS)[C]>;

/** Sends a typed command and parses its answer; an answer that lacks a documented field is a transport error. */
export async function invoke<C extends TypedCommand>(
  client: ChatClient,
  command: C,
  request: RequestOf<C>,
  options?: CallOptions,
): Promise<ResponseOf<C>> {
  const envelope = await client.call(command, request, options);
  const parsed = RESPONSE_SCHEMAS[command].safeParse(envelope);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join(".") ?? "?";
    throw new ChatTransportError(command, `the answer lacks the documented field ${field}`, 502);
  }
  return parsed.data as ResponseOf<C>;
}

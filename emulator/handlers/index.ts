import type { z } from "zod";
import { REQUEST_SCHEMAS, type TypedCommand } from "../../provider/api/commands";
import { COMMANDS } from "../../provider/api/endpoints";
import { ErrorCode } from "../../provider/api/error-codes";
import { EmulatorError } from "../errors";
import { accountCheck, accountDelete, accountImport, multiAccountImport } from "./account";
import { portraitGet, portraitSet } from "./profile";
import type { Handler, HandlerContext } from "./context";
import { createGroup, destroyGroup, getAppidGroupList, getGroupInfo, importGroup, modifyGroupBaseInfo } from "./group";
import {
  addGroupMember,
  changeGroupOwner,
  deleteGroupMember,
  getGroupMemberInfo,
  importGroupMember,
  modifyGroupMemberInfo,
  setUnreadMsgNum,
} from "./member";
import { adminGetRoamMsg, groupMsgGetSimple, importGroupMsg, importMsg } from "./message";
import { destroyTopic, getTopic, importTopic, modifyTopic } from "./topic";

/**
 * Every command's handler; typed so a command with a schema but no handler fails to compile (and the request schemas
 * cover every command: provider/api/commands.ts), so the router has a handler for every command it knows.
 */
const HANDLERS: { [C in TypedCommand]: Handler<z.output<(typeof REQUEST_SCHEMAS)[C]>> } = {
  import_group: importGroup,
  destroy_group: destroyGroup,
  get_group_info: getGroupInfo,
  modify_group_base_info: modifyGroupBaseInfo,
  account_import: accountImport,
  multiaccount_import: multiAccountImport,
  account_check: accountCheck,
  account_delete: accountDelete,
  import_group_member: importGroupMember,
  get_group_member_info: getGroupMemberInfo,
  delete_group_member: deleteGroupMember,
  modify_group_member_info: modifyGroupMemberInfo,
  set_unread_msg_num: setUnreadMsgNum,
  change_group_owner: changeGroupOwner,
  import_topic: importTopic,
  get_topic: getTopic,
  modify_topic: modifyTopic,
  destroy_topic: destroyTopic,
  create_group: createGroup,
  add_group_member: addGroupMember,
  get_appid_group_list: getAppidGroupList,
  portrait_get: portraitGet,
  portrait_set: portraitSet,
  import_group_msg: importGroupMsg,
  group_msg_get_simple: groupMsgGetSimple,
  importmsg: importMsg,
  admin_getroammsg: adminGetRoamMsg,
};

/**
 * The code a malformed message-service body gets, by the field at fault, as the importmsg and admin_getroammsg pages
 * list them (https://trtc.io/document/35014, https://trtc.io/zh/document/35478): 90008 From_Account (the operator),
 * 90003 To_Account (the peer), 90005 MsgRandom, 90006 MsgTimeStamp, 90007 a MsgBody that is no array and 90002 one
 * whose elements break the message format, 90030 SyncFromOldSystem; 90010 for anything else.
 */
function messageServiceCode(issue: z.core.$ZodIssue): number {
  const [field] = issue.path;
  switch (field) {
    case "From_Account":
    case "Operator_Account":
      return ErrorCode.FromAccountInvalid;
    case "To_Account":
    case "Peer_Account":
      return ErrorCode.ToAccountMissing;
    case "MsgRandom":
      return ErrorCode.MsgRandomMissing;
    case "MsgTimeStamp":
      return ErrorCode.MsgTimeStampMissing;
    case "MsgBody":
      return issue.path.length === 1 && issue.code === "invalid_type" ? ErrorCode.MsgBodyNotArray : ErrorCode.MsgBodyInvalid;
    case "SyncFromOldSystem":
      return ErrorCode.SyncFromOldSystemInvalid;
    default:
      return ErrorCode.MessageFormatInvalid;
  }
}

/** The code a malformed body gets: the command's own ({@link COMMANDS}), or by field ({@link messageServiceCode}). */
function invalidParameterCode(command: TypedCommand, issue: z.core.$ZodIssue): number {
  const code = COMMANDS[command].invalidParameter;
  return code === "by-field" ? messageServiceCode(issue) : code;
}

/** Validates a body with the command's shared request schema, then runs the handler. */
export function dispatch(command: TypedCommand, ctx: HandlerContext, body: unknown): Record<string, unknown> {
  const schema = REQUEST_SCHEMAS[command] as z.ZodType;
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.length > 0 ? issue.path.join(".") : "body";
    throw new EmulatorError(invalidParameterCode(command, issue), `invalid parameter ${field}: ${issue.message}`);
  }
  const handler = HANDLERS[command] as Handler<unknown>;
  return handler(ctx, parsed.data);
}

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

/** import_group request (seed: "Importing a Group Profile"). Rules beyond types are checked by the receiver. */
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
  AppDefinedData: z.array(z.looseObject({ Key: z.string(), Value: z.string() })).optional(),
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

/** The request schema of each command, used by {@link invoke} and by the emulator's router. */
export const REQUEST_SCHEMAS = {
  import_group: ImportGroupRequest,
  destroy_group: DestroyGroupRequest,
  get_group_info: GetGroupInfoRequest,
  modify_group_base_info: ModifyGroupBaseInfoRequest,
  account_import: AccountImportRequest,
  multiaccount_import: MultiAccountImportRequest,
} satisfies Partial<Record<CommandName, z.ZodType>>;

/** The response schema of each command. */
export const RESPONSE_SCHEMAS = {
  import_group: ImportGroupResponse,
  destroy_group: z.looseObject({}),
  get_group_info: GetGroupInfoResponse,
  modify_group_base_info: z.looseObject({}),
  account_import: z.looseObject({}),
  multiaccount_import: MultiAccountImportResponse,
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

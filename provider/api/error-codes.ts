/**
 * What each documented ErrorCode means and what to do about it, from Tencent's error-code tables
 * (https://trtc.io/document/34348). One table serves error messages, retry decisions and the README's troubleshooting.
 */
export interface ErrorCodeInfo {
  /** What the service means by the code. */
  meaning: string;
  /** What the user should do. */
  action: string;
  /** Which kind of failure it is; decides retries and the error class. */
  kind: "retryable" | "rate-limit" | "auth" | "not-found" | "conflict" | "invalid" | "limit" | "permission";
}

/**
 * The ErrorCodes this project throws, answers or compares against, by name: the emulator and the provider use these
 * names instead of bare numbers. Every name has its entry in {@link ERROR_CODES}, which is keyed by them, so a
 * name and its documented meaning cannot drift apart. Codes only quoted in documentation stay numbers in the table.
 */
export const ErrorCode = {
  /** The URL or the request line is malformed. */
  HttpParseError: 60002,
  /** The body is not valid JSON (or not valid UTF-8). */
  InvalidJson: 60003,
  /** Account or signature error (the emulator answers it for a missing identifier). */
  AccountOrSignatureError: 60004,
  /** SDKAppID is not a valid number. */
  InvalidSdkAppId: 60006,
  /** The per-command REST call frequency limit. */
  CallFrequencyExceeded: 60007,
  /** The path names no service or command. */
  RequestedResourceError: 60009,
  /** The identifier is not an app admin. */
  AdminRequired: 60010,
  /** SDKAppID is missing from the URL. */
  SdkAppIdMissing: 60012,
  UserSigExpired: 70001,
  UserSigEmpty: 70002,
  /** The UserSig cannot be decoded. */
  UserSigInvalid: 70003,
  /** The UserSig was signed with another key. */
  UserSigVerificationFailed: 70009,
  /** The identifier differs from the UserID inside the UserSig. */
  IdentifierMismatch: 70013,
  /** The SDKAppID differs from the one inside the UserSig. */
  SdkAppIdMismatch: 70014,
  SdkAppIdNotFound: 70020,
  /** account_delete's per-item code for an unknown UserID (Err_TLS_PT_Open_Login_Account_Not_Exist). */
  LoginAccountNotFound: 70107,
  /** The account service's answer to a batch that is empty or too large. */
  InvalidBatchCount: 70206,
  /** The account service's invalid parameter. */
  AccountInvalidParameter: 70402,
  /** The profile service's invalid parameter. */
  ProfileInvalidParameter: 40001,
  /** The profile service's unknown account (Err_Profile_Account_Not_Exist). */
  ProfileAccountNotFound: 40003,
  ProfileTagNotFound: 40009,
  ProfileValueTooLong: 40601,
  /** A standard tag's value is not one it takes. */
  ProfileValueNotAllowed: 40605,
  ProfileValueWrongType: 40610,
  /** The group service's internal error; also what the emulator answers for a bug of its own. */
  InternalError: 10002,
  /** An unknown command word (or import_topic on the other service path). */
  InvalidCommand: 10003,
  /** The group service's invalid parameter. */
  InvalidParameter: 10004,
  /** Too many accounts in one request (a member batch over the limit). */
  TooManyAccounts: 10005,
  /** No permission, or the group type does not support the operation (AVChatRoom). */
  OperationNotPermitted: 10007,
  /** The group does not exist or was disbanded (modify_topic answers it for a deleted topic too). */
  GroupNotFound: 10010,
  GroupFull: 10014,
  InvalidGroupId: 10015,
  /** The answer would be over 1 MB. */
  AnswerTooLarge: 10018,
  /** The group service's unknown UserID. */
  AccountNotFound: 10019,
  /** The group or topic ID is already in use. */
  IdInUse: 10021,
  /** The group ID is already in use, by a group the operator owns (create_group). */
  IdInUseByOperator: 10025,
  /** Too many groups for one owner, or topics for one community. */
  TooManyGroupsOrTopics: 10037,
  /** The group is not a topic-enabled community. */
  TopicsNotSupported: 11000,
  /** The topic was already deleted (a per-item code of get_topic and destroy_topic). */
  TopicDeleted: 110003,
  /** import_group_msg's per-message Result: the message holds a blocked (dirty) word and is not stored. */
  MessageBlockedWords: 80001,
  /** import_group_msg's per-message Result: the message body is over 8,000 bytes. */
  MessageTooLong: 80002,
  /** The message service: MsgBody does not meet the message format. */
  MsgBodyInvalid: 90002,
  /** The message service: To_Account is missing or not a string. */
  ToAccountMissing: 90003,
  /** The message service: MsgRandom is missing or not an integer. */
  MsgRandomMissing: 90005,
  /** The message service: MsgTimeStamp is missing or not an integer. */
  MsgTimeStampMissing: 90006,
  /** The message service: MsgBody is not an array. */
  MsgBodyNotArray: 90007,
  /** The message service: From_Account is missing, or names no imported account. */
  FromAccountInvalid: 90008,
  /** The message service: the request does not meet the message format. */
  MessageFormatInvalid: 90010,
  /** The message service: To_Account names no imported account. */
  ToAccountNotFound: 90012,
  /** importmsg: SyncFromOldSystem is missing, or not 2 or 5. */
  SyncFromOldSystemInvalid: 90030,
  /** The message service: the JSON request is over 12 KB. */
  MessagePacketTooLarge: 93000,
} as const;

/** The documented ErrorCodes this project meets. */
export const ERROR_CODES: Readonly<Record<number, ErrorCodeInfo>> = {
  [ErrorCode.HttpParseError]: { kind: "invalid", meaning: "HTTP parse error", action: "check the URL format" },
  [ErrorCode.InvalidJson]: { kind: "invalid", meaning: "the request body is not valid JSON", action: "report this as a bug" },
  [ErrorCode.AccountOrSignatureError]: { kind: "auth", meaning: "account or signature error", action: "check identifier and secretKey" },
  60005: { kind: "auth", meaning: "account or signature error", action: "check identifier and secretKey" },
  [ErrorCode.InvalidSdkAppId]: { kind: "auth", meaning: "SDKAppID invalid", action: "check sdkAppId and region" },
  [ErrorCode.CallFrequencyExceeded]: {
    kind: "rate-limit",
    meaning: "REST API call frequency limit exceeded",
    action: "lower maxCallsPerSecond",
  },
  60008: { kind: "retryable", meaning: "request timed out", action: "retry" },
  [ErrorCode.RequestedResourceError]: { kind: "invalid", meaning: "requested resource error", action: "check the endpoint URL" },
  [ErrorCode.AdminRequired]: {
    kind: "permission",
    meaning: "the request needs app admin permission",
    action: "set identifier to an app admin account",
  },
  60011: { kind: "rate-limit", meaning: "SDKAppID request frequency exceeded", action: "lower maxCallsPerSecond" },
  [ErrorCode.SdkAppIdMissing]: { kind: "auth", meaning: "SDKAppID missing from the request", action: "set sdkAppId" },
  60015: { kind: "invalid", meaning: "an account field in the body is not a string", action: "report this as a bug" },
  60016: { kind: "permission", meaning: "SDKAppID disabled", action: "check the app in the Chat console" },
  60017: { kind: "permission", meaning: "request disabled", action: "check the app in the Chat console" },
  60018: { kind: "rate-limit", meaning: "too many requests", action: "lower maxCallsPerSecond" },
  60019: { kind: "rate-limit", meaning: "too many requests", action: "lower maxCallsPerSecond" },
  60020: { kind: "permission", meaning: "Pro Edition plan expired or disabled", action: "renew the plan" },
  60021: { kind: "permission", meaning: "the source IP of the REST call is not allowed", action: "allow this machine's IP in the console" },
  [ErrorCode.UserSigExpired]: { kind: "auth", meaning: "UserSig expired", action: "check this machine's clock" },
  [ErrorCode.UserSigEmpty]: { kind: "auth", meaning: "UserSig is empty", action: "check secretKey" },
  [ErrorCode.UserSigInvalid]: { kind: "auth", meaning: "UserSig invalid (failed to parse or verify)", action: "check secretKey" },
  70005: { kind: "auth", meaning: "UserSig invalid", action: "check secretKey" },
  [ErrorCode.UserSigVerificationFailed]: {
    kind: "auth",
    meaning: "UserSig verification failed, probably signed with another app's key",
    action: "check secretKey and sdkAppId",
  },
  [ErrorCode.IdentifierMismatch]: {
    kind: "auth",
    meaning: "the identifier differs from the UserID inside the UserSig",
    action: "report this as a bug",
  },
  [ErrorCode.SdkAppIdMismatch]: { kind: "auth", meaning: "the SDKAppID differs from the one inside the UserSig", action: "check sdkAppId" },
  70016: { kind: "auth", meaning: "the key does not exist for this SDKAppID", action: "check that sdkAppId matches the region's domain" },
  [ErrorCode.SdkAppIdNotFound]: { kind: "auth", meaning: "SDKAppID not found", action: "check that sdkAppId matches the region's domain" },
  70050: { kind: "auth", meaning: "too many failed UserSig checks", action: "fix the credentials and retry after a minute" },
  [ErrorCode.LoginAccountNotFound]: {
    kind: "not-found",
    meaning: "the requested UserID does not exist",
    action: "import the account first",
  },
  70169: { kind: "retryable", meaning: "server timeout", action: "retry" },
  70202: { kind: "retryable", meaning: "server timeout", action: "retry" },
  [ErrorCode.InvalidBatchCount]: { kind: "invalid", meaning: "invalid batch count in the request", action: "lower the batch size" },
  70398: { kind: "limit", meaning: "account count limit exceeded (the free tier allows 100)", action: "upgrade the plan" },
  [ErrorCode.AccountInvalidParameter]: { kind: "invalid", meaning: "invalid parameter", action: "check the field named in ErrorInfo" },
  70403: { kind: "permission", meaning: "app admin permission required", action: "set identifier to an app admin account" },
  70500: { kind: "retryable", meaning: "internal server error", action: "retry" },
  71000: {
    kind: "permission",
    meaning: "account deletion is only allowed on the trial edition",
    action: "use deletionPolicy retain, or enable deletion in the console",
  },
  [ErrorCode.ProfileInvalidParameter]: {
    kind: "invalid",
    meaning: "invalid profile request parameter",
    action: "check the field named in ErrorInfo",
  },
  [ErrorCode.ProfileAccountNotFound]: { kind: "not-found", meaning: "the account does not exist", action: "import the account first" },
  [ErrorCode.ProfileTagNotFound]: {
    kind: "invalid",
    meaning: "the profile tag does not exist",
    action: "use a standard tag or a custom tag set up in the console",
  },
  [ErrorCode.ProfileValueTooLong]: {
    kind: "invalid",
    meaning: "a profile value (nick or face URL) is over 500 bytes",
    action: "shorten the account's profile",
  },
  [ErrorCode.ProfileValueNotAllowed]: {
    kind: "invalid",
    meaning: "a standard profile field has a value it does not take",
    action: "check the tag's documented values",
  },
  [ErrorCode.ProfileValueWrongType]: {
    kind: "invalid",
    meaning: "a profile value has the wrong type for its tag",
    action: "send a number for integer tags, text otherwise",
  },
  [ErrorCode.InternalError]: { kind: "retryable", meaning: "internal server error", action: "retry" },
  [ErrorCode.InvalidCommand]: { kind: "invalid", meaning: "invalid command word", action: "check the service path settings" },
  [ErrorCode.InvalidParameter]: { kind: "invalid", meaning: "invalid parameter", action: "check the field named in ErrorInfo" },
  [ErrorCode.TooManyAccounts]: { kind: "limit", meaning: "too many accounts in the request body", action: "lower memberBatchSize" },
  10006: { kind: "rate-limit", meaning: "operation frequency limit", action: "lower maxCallsPerSecond" },
  [ErrorCode.OperationNotPermitted]: {
    kind: "permission",
    meaning: "insufficient permission, or the group type does not support the operation",
    action: "check the group type and that identifier is an app admin",
  },
  [ErrorCode.GroupNotFound]: {
    kind: "not-found",
    meaning: "the group does not exist or was disbanded",
    action: "refresh, or recreate the group",
  },
  [ErrorCode.GroupFull]: {
    kind: "limit",
    meaning: "the group is full",
    action: "raise maxMemberCount (at most 6,000; 100,000 for a Community)",
  },
  [ErrorCode.InvalidGroupId]: { kind: "not-found", meaning: "invalid group ID", action: "check the group ID" },
  [ErrorCode.AnswerTooLarge]: {
    kind: "limit",
    meaning: "the answer would be over 1 MB",
    action: "ask for fewer groups or members per call",
  },
  [ErrorCode.AccountNotFound]: {
    kind: "not-found",
    meaning: "the requested UserID does not exist",
    action: "import the account first (ImportedAccounts)",
  },
  [ErrorCode.IdInUse]: {
    kind: "conflict",
    meaning: "the group or topic ID is already in use",
    action: "choose another ID, or import the existing object",
  },
  [ErrorCode.IdInUseByOperator]: {
    kind: "conflict",
    meaning: "the group ID is already in use and the operator owns it",
    action: "choose another ID",
  },
  [ErrorCode.TooManyGroupsOrTopics]: {
    kind: "limit",
    meaning: "too many groups or topics for one owner or community",
    action: "stay within 200 topics per community",
  },
  10038: { kind: "limit", meaning: "member count limit exceeded", action: "upgrade the plan" },
  [ErrorCode.TopicsNotSupported]: {
    kind: "permission",
    meaning: "the group cannot hold topics, or the community/topic feature is not enabled",
    action:
      "check that the group is a Community imported with supportTopic: true (pass `group` to ImportedTopic to have preview check it); if it is, enable communities and topics in the console (Ultimate edition)",
  },
  [ErrorCode.TopicDeleted]: { kind: "not-found", meaning: "the topic was already deleted", action: "refresh" },
  10020: { kind: "limit", meaning: "the message is too long (12 KB)", action: "shorten the message" },
  [ErrorCode.MessageBlockedWords]: {
    kind: "invalid",
    meaning: "the message holds a blocked word and was not stored",
    action: "edit the message, or the app's blocked words in the console",
  },
  [ErrorCode.MessageTooLong]: {
    kind: "limit",
    meaning: "the message body is over 8,000 bytes and was not stored",
    action: "shorten the message, or split it",
  },
  90001: { kind: "invalid", meaning: "the JSON request could not be parsed", action: "report this as a bug" },
  [ErrorCode.MsgBodyInvalid]: {
    kind: "invalid",
    meaning: "MsgBody does not meet the message format",
    action: "check the element named in ErrorInfo against the Message Formats page",
  },
  [ErrorCode.ToAccountMissing]: { kind: "invalid", meaning: "To_Account is missing or not a string", action: "report this as a bug" },
  [ErrorCode.MsgRandomMissing]: { kind: "invalid", meaning: "MsgRandom is missing or not an integer", action: "report this as a bug" },
  [ErrorCode.MsgTimeStampMissing]: {
    kind: "invalid",
    meaning: "MsgTimeStamp is missing or not an integer",
    action: "report this as a bug",
  },
  [ErrorCode.MsgBodyNotArray]: { kind: "invalid", meaning: "MsgBody is not an array", action: "report this as a bug" },
  [ErrorCode.FromAccountInvalid]: {
    kind: "invalid",
    meaning: "From_Account is missing or names no imported account",
    action: "import the sender's account first",
  },
  90009: {
    kind: "permission",
    meaning: "the request needs app admin permission",
    action: "set identifier to an app admin account",
  },
  [ErrorCode.MessageFormatInvalid]: {
    kind: "invalid",
    meaning: "the request does not meet the message format",
    action: "check the field named in ErrorInfo",
  },
  [ErrorCode.ToAccountNotFound]: {
    kind: "not-found",
    meaning: "To_Account names no imported account",
    action: "import the recipient's account first",
  },
  [ErrorCode.SyncFromOldSystemInvalid]: {
    kind: "invalid",
    meaning: "SyncFromOldSystem is missing or not 2 (history) or 5 (live)",
    action: "report this as a bug",
  },
  90048: { kind: "not-found", meaning: "the requested account does not exist", action: "import the account first" },
  91000: { kind: "retryable", meaning: "internal service error", action: "retry" },
  [ErrorCode.MessagePacketTooLarge]: {
    kind: "limit",
    meaning: "the JSON request is over 12 KB",
    action: "shorten the message",
  },
};

/** The table entry for a code, with a neutral fallback for undocumented codes. */
export function describeErrorCode(code: number): ErrorCodeInfo {
  return ERROR_CODES[code] ?? { kind: "invalid", meaning: "undocumented error", action: "see ErrorInfo" };
}

/**
 * What each documented ErrorCode means and what to do about it, from Tencent's error-code tables
 * (tencent-chat-api.md §2). One table serves error messages, retry decisions and the README's troubleshooting.
 */
export interface ErrorCodeInfo {
  /** What the service means by the code. */
  meaning: string;
  /** What the user should do. */
  action: string;
  /** Which kind of failure it is; decides retries and the error class. */
  kind: "retryable" | "rate-limit" | "auth" | "not-found" | "conflict" | "invalid" | "limit" | "permission";
}

/** The documented ErrorCodes this project meets. */
export const ERROR_CODES: Readonly<Record<number, ErrorCodeInfo>> = {
  60002: { kind: "invalid", meaning: "HTTP parse error", action: "check the URL format" },
  60003: { kind: "invalid", meaning: "the request body is not valid JSON", action: "report this as a bug" },
  60004: { kind: "auth", meaning: "account or signature error", action: "check identifier and secretKey" },
  60005: { kind: "auth", meaning: "account or signature error", action: "check identifier and secretKey" },
  60006: { kind: "auth", meaning: "SDKAppID invalid", action: "check sdkAppId and region" },
  60007: { kind: "rate-limit", meaning: "REST API call frequency limit exceeded", action: "lower maxCallsPerSecond" },
  60008: { kind: "retryable", meaning: "request timed out", action: "retry" },
  60009: { kind: "invalid", meaning: "requested resource error", action: "check the endpoint URL" },
  60010: { kind: "permission", meaning: "the request needs app admin permission", action: "set identifier to an app admin account" },
  60011: { kind: "rate-limit", meaning: "SDKAppID request frequency exceeded", action: "lower maxCallsPerSecond" },
  60012: { kind: "auth", meaning: "SDKAppID missing from the request", action: "set sdkAppId" },
  60015: { kind: "invalid", meaning: "an account field in the body is not a string", action: "report this as a bug" },
  60016: { kind: "permission", meaning: "SDKAppID disabled", action: "check the app in the Chat console" },
  60017: { kind: "permission", meaning: "request disabled", action: "check the app in the Chat console" },
  60018: { kind: "rate-limit", meaning: "too many requests", action: "lower maxCallsPerSecond" },
  60019: { kind: "rate-limit", meaning: "too many requests", action: "lower maxCallsPerSecond" },
  60020: { kind: "permission", meaning: "Pro Edition plan expired or disabled", action: "renew the plan" },
  60021: { kind: "permission", meaning: "the source IP of the REST call is not allowed", action: "allow this machine's IP in the console" },
  70001: { kind: "auth", meaning: "UserSig expired", action: "check this machine's clock" },
  70002: { kind: "auth", meaning: "UserSig is empty", action: "check secretKey" },
  70003: { kind: "auth", meaning: "UserSig invalid (failed to parse or verify)", action: "check secretKey" },
  70005: { kind: "auth", meaning: "UserSig invalid", action: "check secretKey" },
  70009: { kind: "auth", meaning: "UserSig verification failed, probably signed with another app's key", action: "check secretKey and sdkAppId" },
  70013: { kind: "auth", meaning: "the identifier differs from the UserID inside the UserSig", action: "report this as a bug" },
  70014: { kind: "auth", meaning: "the SDKAppID differs from the one inside the UserSig", action: "check sdkAppId" },
  70016: { kind: "auth", meaning: "the key does not exist for this SDKAppID", action: "check that sdkAppId matches the region's domain" },
  70020: { kind: "auth", meaning: "SDKAppID not found", action: "check that sdkAppId matches the region's domain" },
  70050: { kind: "auth", meaning: "too many failed UserSig checks", action: "fix the credentials and retry after a minute" },
  70107: { kind: "not-found", meaning: "the requested UserID does not exist", action: "import the account first" },
  70169: { kind: "retryable", meaning: "server timeout", action: "retry" },
  70202: { kind: "retryable", meaning: "server timeout", action: "retry" },
  70206: { kind: "invalid", meaning: "invalid batch count in the request", action: "lower the batch size" },
  70398: { kind: "limit", meaning: "account count limit exceeded (the free tier allows 100)", action: "upgrade the plan" },
  70402: { kind: "invalid", meaning: "invalid parameter", action: "check the field named in ErrorInfo" },
  70403: { kind: "permission", meaning: "app admin permission required", action: "set identifier to an app admin account" },
  70500: { kind: "retryable", meaning: "internal server error", action: "retry" },
  71000: { kind: "permission", meaning: "account deletion is only allowed on the trial edition", action: "use deletionPolicy retain, or enable deletion in the console" },
  40001: { kind: "invalid", meaning: "invalid profile request parameter", action: "check the field named in ErrorInfo" },
  40003: { kind: "not-found", meaning: "the account does not exist", action: "import the account first" },
  40009: { kind: "invalid", meaning: "the profile tag does not exist", action: "use a standard tag or a custom tag set up in the console" },
  40601: { kind: "invalid", meaning: "a profile value (nick or face URL) is over 500 bytes", action: "shorten the account's profile" },
  40605: { kind: "invalid", meaning: "a standard profile field has a value it does not take", action: "check the tag's documented values" },
  40610: { kind: "invalid", meaning: "a profile value has the wrong type for its tag", action: "send a number for integer tags, text otherwise" },
  10002: { kind: "retryable", meaning: "internal server error", action: "retry" },
  10003: { kind: "invalid", meaning: "invalid command word", action: "check the service path settings" },
  10004: { kind: "invalid", meaning: "invalid parameter", action: "check the field named in ErrorInfo" },
  10005: { kind: "limit", meaning: "too many accounts in the request body", action: "lower memberBatchSize" },
  10006: { kind: "rate-limit", meaning: "operation frequency limit", action: "lower maxCallsPerSecond" },
  10007: { kind: "permission", meaning: "insufficient permission, or the group type does not support the operation", action: "check the group type and that identifier is an app admin" },
  10010: { kind: "not-found", meaning: "the group does not exist or was disbanded", action: "refresh, or recreate the group" },
  10014: { kind: "limit", meaning: "the group is full", action: "raise maxMemberCount (at most 6,000; 100,000 for a Community)" },
  10015: { kind: "not-found", meaning: "invalid group ID", action: "check the group ID" },
  10018: { kind: "limit", meaning: "the answer would be over 1 MB", action: "ask for fewer groups or members per call" },
  10019: { kind: "not-found", meaning: "the requested UserID does not exist", action: "import the account first (ImportedAccounts)" },
  10021: { kind: "conflict", meaning: "the group or topic ID is already in use", action: "choose another ID, or import the existing object" },
  10025: { kind: "conflict", meaning: "the group ID is already in use and the operator owns it", action: "choose another ID" },
  10037: { kind: "limit", meaning: "too many groups or topics for one owner or community", action: "stay within 200 topics per community" },
  10038: { kind: "limit", meaning: "member count limit exceeded", action: "upgrade the plan" },
  11000: { kind: "permission", meaning: "the group cannot hold topics, or the community/topic feature is not enabled", action: "check that the group is a Community imported with supportTopic: true (pass `group` to ImportedTopic to have preview check it); if it is, enable communities and topics in the console (Ultimate edition)" },
  110003: { kind: "not-found", meaning: "the topic was already deleted", action: "refresh" },
};

/** The table entry for a code, with a neutral fallback for undocumented codes. */
export function describeErrorCode(code: number): ErrorCodeInfo {
  return ERROR_CODES[code] ?? { kind: "invalid", meaning: "undocumented error", action: "see ErrorInfo" };
}

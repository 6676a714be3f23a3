/**
 * `pulumi-tencent-chat/client`: the Chat REST API client the resources use, for scripts of your own (reading back,
 * auditing): one HTTP choke point with the documented rate limits, retries and UserSig signing, and the errors it
 * throws, each carrying the API's ErrorCode.
 * @packageDocumentation
 */
export { ChatClient } from "./client";
export { invoke } from "./commands";
export { COMMANDS, REGION_DOMAINS, REGIONS, type Region } from "./endpoints";
export { describeErrorCode, ErrorCode } from "./error-codes";
export * from "./errors";
export { generateUserSig, decodeUserSig } from "./usersig";

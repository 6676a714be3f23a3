/**
 * pulumi-tencent-chat: migrate an existing chat system into Tencent Cloud Chat as code.
 * @packageDocumentation
 */
export { ImportedGroup, type ImportedGroupArgs } from "./resources/group/resource";
export { ImportedGroupInputs, type ImportedGroupOutputs } from "./resources/group/schema";
export { ProviderConfig, CONFIG_NAMESPACE, CONFIG_ENV_VARS } from "./config";
export { REGION_DOMAINS, REGIONS, type Region } from "./api/endpoints";
export { ChatClient } from "./api/client";
export * from "./api/errors";
export { generateUserSig, decodeUserSig } from "./api/usersig";
export { LIMITS } from "./limits";

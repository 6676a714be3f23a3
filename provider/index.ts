/**
 * pulumi-tencent-chat: migrate an existing chat system into Tencent Cloud Chat as code. This entry point holds what a
 * Pulumi program declares: the resources, their inputs and outputs, and the provider's configuration. The other
 * audiences have entry points of their own: `pulumi-tencent-chat/migration` (manifests, converters, declaring a
 * migration, verify), `pulumi-tencent-chat/client` (the REST client and its errors), `pulumi-tencent-chat/emulator`
 * (the local emulator) and `pulumi-tencent-chat/runtime` (what Pulumi's dynamic provider loads; not for programs).
 * @packageDocumentation
 */
export { ImportedGroup, type ImportedGroupArgs } from "./resources/group/resource";
export { ImportedGroupInputs, type ImportedGroupOutputs } from "./resources/group/schema";
export { ImportedGroupMembers, type ImportedGroupMembersArgs } from "./resources/members/resource";
export { ImportedGroupMembersInputs, MemberSpec, type ImportedGroupMembersOutputs } from "./resources/members/schema";
export { ImportedTopic, type ImportedTopicArgs } from "./resources/topic/resource";
export { ImportedTopicInputs, type ImportedTopicOutputs } from "./resources/topic/schema";
export { ImportedGroupHistory, type ImportedGroupHistoryArgs } from "./resources/history/resource";
export { ImportedGroupHistoryInputs, type ImportedGroupHistoryOutputs, type RefusedMessage } from "./resources/history/schema";
export { ImportedC2CHistory, type ImportedC2CHistoryArgs } from "./resources/c2c-history/resource";
export {
  type BatchConversationArgs,
  ImportedGroupHistoryBatch,
  type ImportedGroupHistoryBatchArgs,
} from "./resources/history-batch/resource";
export {
  type BatchConversation,
  type BatchRefusedMessage,
  ImportedGroupHistoryBatchInputs,
  type ImportedGroupHistoryBatchOutputs,
  type PendingConversation,
} from "./resources/history-batch/schema";
export {
  ImportedC2CHistoryInputs,
  C2CConversation,
  C2CRefusedMessage,
  type C2CProgress,
  type ImportedC2CHistoryOutputs,
} from "./resources/c2c-history/schema";
export { c2cMsgSeqs } from "./resources/c2c-history/sync";
export {
  ImportedGroupBatch,
  withDerivedIds,
  type ImportedGroupBatchArgs,
  type BatchGroupArgs,
  type BatchTopicArgs,
} from "./resources/batch/resource";
export {
  ImportedGroupBatchInputs,
  BatchGroup,
  BatchMember,
  BatchTopic,
  MAX_GROUPS_PER_BATCH,
  type ImportedGroupBatchOutputs,
} from "./resources/batch/schema";
// The texts the large resources hold (in state and in `pulumi preview --json`), and how to read them back.
export { encodeMember, decodeMember, type CompactMember } from "./resources/batch/compact-member";
export { encodeBatch, readBatch, type BatchGroups } from "./resources/batch/batch-text";
export { encodeAccounts, readAccounts, type Accounts } from "./resources/accounts/accounts-text";
export { encodeConversations, decodeConversations } from "./resources/history-batch/text";
export { ImportedAccounts, type ImportedAccountsArgs } from "./resources/accounts/resource";
export { ImportedAccountsInputs, AccountProfile, type ImportedAccountsOutputs } from "./resources/accounts/schema";
export { ProviderConfig, CONFIG_NAMESPACE, CONFIG_ENV_VARS } from "./config";
export { REGIONS, type Region } from "./api/endpoints";
export { LIMITS } from "./limits";

/**
 * A local emulator of the Tencent Cloud Chat REST API, for rehearsing a migration offline and for tests.
 * @packageDocumentation
 */
export { startEmulator, ADMIN_PREFIX, EMULATOR_DEFAULTS } from "./server";
export type { EmulatorOptions, RunningEmulator, CommandCounters } from "./server";
export {
  EmulatorState,
  GroupRecord,
  AccountRecord,
  MemberRecord,
  TopicRecord,
  GroupMessageRecord,
  C2CMessageRecord,
  StoredElement,
} from "./store";
export { BlockedWords, BlockedWordsConfig } from "./blocked-words";
export { FaultRule, FaultAction, FaultConfig, FaultInjector } from "./faults";
export { readStateFile, writeStateFile } from "./persistence";

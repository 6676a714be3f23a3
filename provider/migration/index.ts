/**
 * `pulumi-tencent-chat/migration`: bringing a chat system over. The manifest format and its validator, the
 * converters of other tools' exports, the message history file, declaring a whole migration's resources from a
 * manifest (as the root program does), and the go-live audit (`verify`).
 * @packageDocumentation
 */
export { Manifest, ManifestGroup, ManifestTopic } from "./manifest";
export { validateManifest, type ManifestProblem, type ManifestReport, type ManifestEstimate } from "./validate";
export { declareConversion, declareMigration, historyToImport, type DeclareOptions, type DeclaredMigration } from "./declare";
export { generateManifest, type GenerateOptions } from "./generate";
export { convertSlackExport, type SlackConversionOptions } from "./sources/slack";
export { convertTables, TABLE_COLUMNS } from "./sources/tables";
export { convertStreamExport, STREAM_CHANNEL_TYPES, type StreamConversionOptions } from "./sources/stream-chat";
export { convertMattermostExport, type MattermostConversionOptions } from "./sources/mattermost";
export { writeManifestFile, type Conversion } from "./sources/conversion";
export { REPORT_LIST_LIMIT, type ConversionReport, type ReportItem, type ReportKind } from "./sources/report";
export { verifyMigration, type VerifyOptions, type VerifyReport } from "./verify";
export type { Difference, DifferenceKind, DerivedIdScope } from "./audit";
export {
  HistoryMessage,
  HistoryElement,
  HISTORY_LIMITS,
  HistoryWriter,
  readHistory,
  validateHistory,
  conversationName,
  messageRandom,
  type HistoryReport,
} from "./history";
export { splitHistory, historyCacheFolder, type SplitConversation } from "./history-split";
export { findProjectFolder } from "../project";

/** Migration helpers: the manifest format, its validator, and declaring resources from it. */
export { Manifest, ManifestGroup, ManifestTopic } from "./manifest";
export { validateManifest, type ManifestProblem, type ManifestReport, type ManifestEstimate } from "./validate";
export { declareMigration, type DeclareOptions, type DeclaredMigration } from "./declare";
export { generateManifest, type GenerateOptions } from "./generate";
export { convertSlackExport, type SlackConversionReport, type SlackReportItem } from "./sources/slack";

import * as pulumi from "@pulumi/pulumi";
import { resolve } from "node:path";
import { convertSlackExport, declareMigration, validateManifest } from "pulumi-tencent-chat";

// Converts the export at plan time: what does not map is logged with the reason, and the manifest is validated
// (every problem at once) before any resource is declared.
const exportDir = resolve(new pulumi.Config().get("exportDir") ?? "export");
const { manifest, report } = convertSlackExport(exportDir);
for (const item of [...report.adjusted, ...report.unmapped]) pulumi.log.info(`slack export: ${item.source}: ${item.reason}`);
const validation = validateManifest(manifest);
if (!validation.manifest) {
  throw new Error(`the converted export has problems:\n${validation.problems.map((p) => `  ${p.path}: ${p.message}`).join("\n")}`);
}
const migration = declareMigration(validation.manifest, { protect: new pulumi.Config().getBoolean("protect") ?? false });

export const groupIds = migration.groupIds;
export const notMapped = report.unmapped.length;

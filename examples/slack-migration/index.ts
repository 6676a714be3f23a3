import * as pulumi from "@pulumi/pulumi";
import { resolve } from "node:path";
import { convertSlackExport, declareConversion } from "pulumi-tencent-chat";

const config = new pulumi.Config();

// Converts the export at plan time: what was adjusted to fit Tencent's limits or does not map is logged with the
// reason; an export with problems stops the preview with every problem, before any resource is declared.
const conversion = convertSlackExport(resolve(config.get("exportDir") ?? "export"));
const migration = declareConversion("slack export", conversion, { protect: config.getBoolean("protect") ?? false });

export const groupIds = migration.groupIds;
export const notMapped = conversion.report.counts.unmapped;

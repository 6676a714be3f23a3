import * as pulumi from "@pulumi/pulumi";
import { declareMigration, generateManifest } from "pulumi-tencent-chat/migration";

// A tenth of the groups are topic-enabled communities with 5 topics each; see generateManifest.
const config = new pulumi.Config();
const manifest = generateManifest({
  groups: config.getNumber("groups") ?? 50,
  membersPerGroup: config.getNumber("membersPerGroup") ?? 100,
  prefix: config.get("prefix") ?? "large",
});
// Large migrations declare their groups in batches (ImportedGroupBatch): a few resources instead of one per group,
// member list and topic, which is what makes `pulumi up` on thousands of groups take seconds (see BENCHMARKS.md).
// Set groupsPerBatch to 0 for one resource per object.
const migration = declareMigration(manifest, { groupsPerBatch: config.getNumber("groupsPerBatch") ?? 200 });

export const batches = migration.batches.length;
export const groupIds = migration.groupIds;

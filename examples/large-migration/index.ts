import * as pulumi from "@pulumi/pulumi";
import { declareMigration, generateManifest } from "pulumi-tencent-chat";

// A tenth of the groups are topic-enabled communities with 5 topics each; see generateManifest.
const config = new pulumi.Config();
const manifest = generateManifest({
  groups: config.getNumber("groups") ?? 50,
  membersPerGroup: config.getNumber("membersPerGroup") ?? 100,
  prefix: config.get("prefix") ?? "large",
});
const migration = declareMigration(manifest);

export const groups = Object.keys(migration.groups).length;
export const memberResources = Object.keys(migration.members).length;
export const topics = Object.keys(migration.topics).length;

import * as pulumi from "@pulumi/pulumi";
import { resolve } from "node:path";
import { convertMattermostExport, declareConversion } from "pulumi-tencent-chat";

const config = new pulumi.Config();

// Teams become Communities, channels groups (or, with channelsAsTopics, open channels topics of their team's
// Community), group messages Private groups; posts are counted and reported as not migrated.
export = async () => {
  const conversion = await convertMattermostExport(resolve(config.get("exportFile") ?? "export.jsonl"), {
    channelsAsTopics: config.getBoolean("channelsAsTopics") ?? false,
  });
  const migration = declareConversion("mattermost export", conversion, { protect: config.getBoolean("protect") ?? false });
  return { groupIds: migration.groupIds, notMapped: conversion.report.counts.unmapped };
};

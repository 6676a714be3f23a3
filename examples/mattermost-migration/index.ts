import * as pulumi from "@pulumi/pulumi";
import { resolve } from "node:path";
import { convertMattermostExport, declareConversion, historyToImport } from "pulumi-tencent-chat/migration";

const config = new pulumi.Config();

// Teams become Communities, channels groups (or, with channelsAsTopics, open channels topics of their team's
// Community), group messages Private groups; posts are counted and reported as not migrated.
export = async () => {
  const conversion = await convertMattermostExport(resolve(config.get("exportFile") ?? "export.jsonl"), {
    channelsAsTopics: config.getBoolean("channelsAsTopics") ?? false,
    historyPath: resolve(".tencent-chat/history.jsonl"),
  });
  const migration = declareConversion("mattermost export", conversion, {
    protect: config.getBoolean("protect") ?? false,
    history: await historyToImport(conversion),
  });
  return { groupIds: migration.groupIds, messages: conversion.history?.messages ?? 0, notMapped: conversion.report.counts.unmapped };
};

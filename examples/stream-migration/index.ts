import * as pulumi from "@pulumi/pulumi";
import { resolve } from "node:path";
import { convertStreamExport, declareConversion, historyToImport } from "pulumi-tencent-chat/migration";

const config = new pulumi.Config();

// Channels become groups by their type (messaging: Private, livestream: ChatRoom, ...; see the README); messages
// and reactions are counted and reported as not migrated.
export = async () => {
  const conversion = await convertStreamExport(resolve(config.get("exportFile") ?? "export.jsonl"), {
    historyPath: resolve(".tencent-chat/history.jsonl"),
  });
  const migration = declareConversion("stream export", conversion, {
    protect: config.getBoolean("protect") ?? false,
    history: await historyToImport(conversion),
  });
  return { groupIds: migration.groupIds, messages: conversion.history?.messages ?? 0, notMapped: conversion.report.counts.unmapped };
};

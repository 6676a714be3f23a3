import * as pulumi from "@pulumi/pulumi";
import { resolve } from "node:path";
import { convertSlackExport, declareConversion, historyToImport } from "pulumi-tencent-chat/migration";

const config = new pulumi.Config();

// Converts the export (its folder or its .zip) at plan time: what was adjusted to fit Tencent's limits or does not
// map is logged with the reason; an export with problems stops the preview with every problem, before any
// resource is declared.
export = async () => {
  const conversion = await convertSlackExport(resolve(config.get("exportDir") ?? "export"), {
    historyPath: resolve(".tencent-chat/history.jsonl"),
  });
  const migration = declareConversion("slack export", conversion, {
    protect: config.getBoolean("protect") ?? false,
    history: await historyToImport(conversion),
  });
  return { groupIds: migration.groupIds, messages: conversion.history?.messages ?? 0, notMapped: conversion.report.counts.unmapped };
};

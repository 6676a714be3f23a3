import * as pulumi from "@pulumi/pulumi";
import { resolve } from "node:path";
import { convertTables, declareConversion, historyToImport } from "pulumi-tencent-chat/migration";

const config = new pulumi.Config();

// Converts the tables at plan time (streamed: a million member rows are fine). What was adjusted to fit Tencent's
// limits is logged; tables with problems stop the preview with every problem, by file and line.
export = async () => {
  const conversion = await convertTables(resolve(config.get("tablesDir") ?? "tables"), {
    historyPath: resolve(".tencent-chat/history.jsonl"),
  });
  const migration = declareConversion("tables", conversion, {
    protect: config.getBoolean("protect") ?? false,
    history: await historyToImport(conversion),
  });
  return { groupIds: migration.groupIds, messages: conversion.history?.messages ?? 0, adjusted: conversion.report.counts.adjusted };
};

import * as pulumi from "@pulumi/pulumi";
import { resolve } from "node:path";
import { convertStreamExport, declareConversion } from "pulumi-tencent-chat";

const config = new pulumi.Config();

// Channels become groups by their type (messaging: Private, livestream: ChatRoom, ...; see the README); messages
// and reactions are counted and reported as not migrated.
export = async () => {
  const conversion = await convertStreamExport(resolve(config.get("exportFile") ?? "export.jsonl"));
  const migration = declareConversion("stream export", conversion, { protect: config.getBoolean("protect") ?? false });
  return { groupIds: migration.groupIds, notMapped: conversion.report.counts.unmapped };
};

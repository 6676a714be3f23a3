import * as pulumi from "@pulumi/pulumi";
import { readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { declareMigration, findProjectFolder, splitHistory, validateManifest } from "pulumi-tencent-chat/migration";

/**
 * Resolves a path from stack config against the project folder (where Pulumi.yaml is), as a user who typed it in
 * that folder means it. The language host runs a program from the folder of its entry file, not the project's. An
 * older language host does not tell the program its project folder (the SDK then answers the placeholder
 * "rootDirectory", not a folder), so the folder is found upward from the working directory instead.
 */
export function resolveInProject(path: string): string {
  const fromHost = pulumi.runtime.getRootDirectory();
  return resolve(findProjectFolder(isAbsolute(fromHost) ? fromHost : process.cwd()) ?? process.cwd(), path);
}

/** Reads and validates a manifest file; throws one error listing every problem with its path. */
export function loadManifest(path: string) {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`cannot read the migration manifest ${path}: ${(error as Error).message}`);
  }
  const report = validateManifest(json);
  if (!report.manifest) {
    const lines = report.problems.map((p) => `  ${p.path}: ${p.message}`);
    throw new Error(`the migration manifest ${path} has ${report.problems.length} problem(s):\n${lines.join("\n")}`);
  }
  return report;
}

/** How the root program declares a manifest (see `declareMigration`). */
export interface MigrationProgramOptions {
  /** Protect every resource from deletion: for a production run. */
  protect?: boolean;
  /** Groups per ImportedGroupBatch; 0 declares one resource per group, member list and topic. */
  groupsPerBatch?: number;
  /** The history file (JSON Lines, as the converters write it) whose group conversations are imported. */
  historyPath?: string;
}

/**
 * The root program: declares the manifest's accounts, groups, members and topics, and exports a summary and the
 * GroupIds. `protect` guards every resource against deletion for a production run.
 */
export async function migrationProgram(manifestPath: string, options: MigrationProgramOptions = {}) {
  const { manifest, estimate } = loadManifest(manifestPath);
  const { historyPath, ...declareOptions } = options;
  const conversations = historyPath ? await splitHistory(historyPath) : undefined;
  const declared = declareMigration(manifest!, {
    ...declareOptions,
    ...(historyPath && conversations ? { history: { file: historyPath, conversations } } : {}),
  });
  const history = { groupMessages: 0, groups: 0, oneToOneMessages: 0 };
  for (const [, conversation] of conversations ?? []) {
    if (typeof conversation.conversation === "string") {
      history.groupMessages += conversation.messages;
      history.groups += 1;
    } else history.oneToOneMessages += conversation.messages;
  }

  return {
    summary: {
      accounts: estimate.accounts,
      groups: estimate.groups,
      groupsByType: estimate.groupsByType,
      members: estimate.members,
      topics: estimate.topics,
    },
    groupIds: declared.groupIds,
    ...(conversations ? { history } : {}),
  };
}

import { once } from "node:events";
import { createWriteStream, renameSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { Manifest } from "../manifest";
import type { ManifestEstimate } from "../validate";
import type { ConversionReport } from "./report";

/** What every converter answers: the manifest (absent when the input has problems), the report, the estimate. */
export interface Conversion {
  manifest?: Manifest;
  report: ConversionReport;
  /** What the manifest imports and its minimum time at the documented rates (as `validate` prints it). */
  estimate?: ManifestEstimate;
  /** The history file the conversion wrote (or, when it failed, would have written), and its messages. */
  history?: { path: string; messages: number };
}

/**
 * Writes a manifest as `JSON.stringify(manifest, null, 2)` would, one group at a time: a million memberships are
 * tens of megabytes of text that need not exist at once beside the manifest itself. The text goes to a temporary
 * file beside `path`, renamed over it once complete: a run that fails half-way never leaves half a manifest, and
 * never one that mixes two runs.
 */
export async function writeManifestFile(path: string, manifest: Manifest): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    await writeManifestText(temporary, manifest);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

async function writeManifestText(path: string, manifest: Manifest): Promise<void> {
  const out = createWriteStream(path);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, "drain");
  };
  const indent = (value: unknown, depth: number) => JSON.stringify(value, null, 2).replaceAll("\n", `\n${"  ".repeat(depth)}`);
  await write("{\n");
  if (manifest.$schema !== undefined) await write(`  "$schema": ${JSON.stringify(manifest.$schema)},\n`);
  const accounts = Object.entries(manifest.accounts);
  await write(`  "accounts": {`);
  for (let i = 0; i < accounts.length; i += 1)
    await write(`${i === 0 ? "" : ","}\n    ${JSON.stringify(accounts[i]![0])}: ${indent(accounts[i]![1], 2)}`);
  await write(`${accounts.length === 0 ? "}" : "\n  }"},\n  "groups": [`);
  for (let i = 0; i < manifest.groups.length; i += 1) await write(`${i === 0 ? "" : ","}\n    ${indent(manifest.groups[i], 2)}`);
  await write(manifest.groups.length === 0 ? "]" : "\n  ]");
  if (manifest.userIdMap !== undefined) await write(`,\n  "userIdMap": ${indent(manifest.userIdMap, 1)}`);
  await write("\n}\n");
  out.end();
  await once(out, "finish");
}

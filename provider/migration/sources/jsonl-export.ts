import { createHash } from "node:crypto";
import type { ManifestBuilder } from "./builder";
import { openLineSource, type ProgressListener } from "./read";

/**
 * What the JSON Lines exports of other chat products share: a file of typed lines read in order, a handler per
 * type, and what no handler takes counted and reported once per type (a million messages are one report line).
 */

/** One line of an export: its type, its payload, and where it is (`export.jsonl:17`). */
export interface ExportLine {
  type: string;
  payload: Record<string, unknown>;
  source: string;
}

/** How a format's lines are read. */
export interface ExportFormat {
  /** The line's type and payload, or why the line is not one of the format's. */
  envelope(line: Record<string, unknown>): { type: string; payload: Record<string, unknown> } | { problem: string };
  /** Handlers of the types that map; a handler that writes (a message to the history) may return a promise. */
  handlers: Record<string, (line: ExportLine) => void | Promise<void>>;
  /** Types that are the format's but do not map, with the reason reported once with their count. */
  notMigrated: Record<string, string>;
}

/** What lines that could not be read at all are counted as in the reconciliation. */
export const UNREADABLE_LINES = "unreadable lines";

/**
 * Reads `path` line by line through `format`; a type the format does not know is a problem. Every line is
 * accounted for: a handler's records are counted by the builder; a line its handler refused before making a record
 * (a required field missing), a line that does not read, and a line of a type that does not map are counted here.
 */
export async function readExport(
  path: string,
  format: ExportFormat,
  builder: ManifestBuilder,
  onProgress?: ProgressListener,
): Promise<void> {
  const reporter = builder.reporter;
  const skipped = new Map<string, { count: number; first: string }>();
  // A zip export's lines are named by the zip and its entry: `export.zip:import.jsonl:17`.
  const { label, records } = await openLineSource(path, onProgress);
  for await (const record of records) {
    const source = record.line === 0 ? label : `${label}:${record.line}`;
    if ("problem" in record) {
      reporter.problem(source, record.problem);
      reporter.tally(UNREADABLE_LINES, "problems");
      continue;
    }
    const line = format.envelope(record.value);
    if ("problem" in line) {
      reporter.problem(source, line.problem);
      reporter.tally(UNREADABLE_LINES, "problems");
      continue;
    }
    const handler = format.handlers[line.type];
    if (handler) {
      const read = reporter.recordsRead;
      const problems = reporter.report.counts.problems;
      await handler({ ...line, source });
      if (reporter.recordsRead === read && reporter.report.counts.problems > problems) reporter.tally(`${line.type} lines`, "problems");
    } else if (line.type in format.notMigrated) {
      const seen = skipped.get(line.type);
      if (seen) seen.count += 1;
      else skipped.set(line.type, { count: 1, first: source });
    } else {
      const known = [...Object.keys(format.handlers), ...Object.keys(format.notMigrated)];
      reporter.problem(source, `type "${line.type}" is not one of this format's (${known.join(", ")})`);
      reporter.tally(UNREADABLE_LINES, "problems");
    }
  }
  for (const [type, { count, first }] of skipped) {
    reporter.tally(`${type} lines`, "unmapped", count);
    reporter.unmapped(count > 1 ? `${first} and ${count - 1} more` : first, `${count} ${type} line(s): ${format.notMigrated[type]}`);
  }
}

/** Whether the line has every field (as non-empty text); each missing one is reported as a problem. */
export function hasFields(builder: ManifestBuilder, line: ExportLine, ...fields: string[]): boolean {
  const missing = fields.filter((field) => textOf(line.payload, field) === undefined);
  for (const field of missing) builder.reporter.problem(line.source, `${line.type}.${field} is required`);
  return missing.length === 0;
}

/** A payload's text field, or undefined when absent, empty or not text. */
export function textOf(payload: Record<string, unknown>, field: string): string | undefined {
  const value = payload[field];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/**
 * A manifest key from a source's names (`messaging`, `general` -> `messaging.general`): characters a key cannot
 * hold become `-`; a key over 64 characters keeps its start and a hash of the whole, so it stays unique and stable.
 */
export function keyFrom(...parts: string[]): string {
  const joined = parts.map((part) => part.replace(/[^A-Za-z0-9_.-]+/g, "-")).join(".");
  if (joined.length <= 64 && joined.length > 0) return joined;
  const hash = createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 12);
  return `${joined.slice(0, 51)}-${hash}`;
}

/** A stable key for a conversation known only by its members (a group DM): a hash of the sorted member list. */
export function membersKey(prefix: string, members: readonly string[]): string {
  return `${prefix}-${createHash("sha256")
    .update([...members].sort().join("\u0000"))
    .digest("hex")
    .slice(0, 16)}`;
}

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { HistoryMessage } from "../../../../provider/migration/history";

/** A fresh folder holding `files` (name to content): the inputs of a converter test. */
export function folderWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "tencent-chat-source-"));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/** Lines of JSON, one value each: a JSON Lines file's content. */
export const jsonl = (...values: unknown[]): string => `${values.map((v) => JSON.stringify(v)).join("\n")}\n`;

/** A fresh path for a history file. */
export const historyFile = (): string => join(folderWith({}), "history.jsonl");

/** The messages of a history file, in its order. */
export const readHistory = (path: string): HistoryMessage[] =>
  readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as HistoryMessage);

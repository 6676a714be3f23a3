import { createHash } from "node:crypto";
import {
  appendFileSync,
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { conversationName, type HistoryMessage, readHistory } from "./history";

/**
 * The history file as the importers read it: one file per conversation, its messages in the order they are
 * imported (by time, then by their line in the history file: a stable tie-break), named by the hash of its
 * content in a cache folder. A resource's inputs then hold the conversation, that hash and the count, never the
 * messages; its provider reads only its own conversation's file, and a changed conversation is a changed hash.
 */

/** The folder of conversation files: `TENCENT_CHAT_HISTORY_CACHE`, else one in the system's temporary folder. */
export function historyCacheFolder(): string {
  return process.env.TENCENT_CHAT_HISTORY_CACHE ?? join(tmpdir(), "tencent-chat-history");
}

/**
 * Hex digits of a content hash that name a conversation: 128 bits tell conversations apart, and a batch of group
 * conversations keeps only these in its state (ImportedGroupHistoryBatch), a third of its bytes.
 */
export const CONTENT_HASH_DIGITS = 32;

/** Where the conversation file of content `hash` is: named by its first {@link CONTENT_HASH_DIGITS}, so the whole sha256 finds it too. */
export function conversationFile(hash: string): string {
  return join(historyCacheFolder(), `${hash.slice(0, CONTENT_HASH_DIGITS)}.jsonl`);
}

/** One conversation of a split history. */
export interface SplitConversation {
  /** The manifest group key, or the two UserIDs of a 1:1 conversation. */
  conversation: HistoryMessage["conversation"];
  /** The sha256 of its file's content (its name in the cache). */
  hash: string;
  messages: number;
  /** The newest message's time. */
  last: number;
}

/** The hash of lines as the importers count them: each line's text and a line feed. */
export function linesHash(lines: Iterable<string>): string {
  const hash = createHash("sha256");
  for (const line of lines) hash.update(`${line}\n`);
  return hash.digest("hex");
}

// Lines held before they are written out to their conversation's part file: a bound on memory, not a limit.
const BUFFERED_LINES = 200_000;

/** The sha256 of a file's bytes, streamed. */
async function fileHash(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Where the split of a history file of content `hash` is recorded: its conversations, as {@link splitHistory} returns them. */
function splitIndexFile(hash: string): string {
  return join(historyCacheFolder(), "splits", `${hash.slice(0, CONTENT_HASH_DIGITS)}.json`);
}

/** The recorded split of a file of content `hash`, when it and every conversation file it names are in the cache. */
function recordedSplit(hash: string): Map<string, SplitConversation> | undefined {
  const index = splitIndexFile(hash);
  if (!existsSync(index)) return undefined;
  try {
    const entries = JSON.parse(readFileSync(index, "utf8")) as [string, SplitConversation][];
    if (!entries.every(([, conversation]) => existsSync(conversationFile(conversation.hash)))) return undefined;
    return new Map(entries);
  } catch {
    return undefined; // a torn or foreign index: split again
  }
}

/**
 * Splits the history file at `path` into conversation files in the cache (see the module comment). Lines that are
 * not messages are an error: `validate --history` reports them all, the importers never guess. Streams the input;
 * holds one conversation's messages at a time to sort them. The program runs at every preview and up: a file split
 * before (the same bytes, found by their sha256) is not split again, so a no-op preview of a million messages reads
 * the file once to hash it instead of sorting it.
 */
export async function splitHistory(path: string): Promise<Map<string, SplitConversation>> {
  const content = await fileHash(path);
  const recorded = recordedSplit(content);
  if (recorded) return recorded;
  const split = await splitAfresh(path);
  // Recorded only if the file did not change while it was split (the split would not be of those bytes).
  if ((await fileHash(path)) !== content) return split;
  const index = splitIndexFile(content);
  mkdirSync(join(historyCacheFolder(), "splits"), { recursive: true });
  const temporary = `${index}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify([...split]));
  renameSync(temporary, index);
  return split;
}

async function splitAfresh(path: string): Promise<Map<string, SplitConversation>> {
  const cache = historyCacheFolder();
  mkdirSync(cache, { recursive: true });
  const parts = mkdtempSync(join(cache, "split-"));
  try {
    const conversations = new Map<string, { conversation: HistoryMessage["conversation"]; part: string; buffered: string[] }>();
    let buffered = 0;
    const flush = () => {
      for (const entry of conversations.values()) {
        if (entry.buffered.length === 0) continue;
        appendFileSync(entry.part, entry.buffered.join(""));
        entry.buffered = [];
      }
      buffered = 0;
    };
    let line = 0;
    for await (const record of readHistory(path)) {
      if ("problem" in record)
        throw new Error(`${path}:${record.line}: ${record.problem} (tencent-chat-migrate validate --history lists every problem)`);
      line += 1;
      const name = conversationName(record.message.conversation);
      let entry = conversations.get(name);
      if (!entry) {
        entry = { conversation: record.message.conversation, part: join(parts, `${conversations.size}.jsonl`), buffered: [] };
        conversations.set(name, entry);
      }
      // The line number rides along for the sort's tie-break, then is dropped.
      entry.buffered.push(`${record.message.time} ${line} ${JSON.stringify(record.message)}\n`);
      buffered += 1;
      if (buffered >= BUFFERED_LINES) flush();
    }
    flush();
    const split = new Map<string, SplitConversation>();
    for (const [name, entry] of conversations) {
      const rows = readFileSync(entry.part, "utf8")
        .split("\n")
        .filter((row) => row !== "")
        .map((row) => {
          const first = row.indexOf(" ");
          const second = row.indexOf(" ", first + 1);
          return { time: Number(row.slice(0, first)), line: Number(row.slice(first + 1, second)), text: row.slice(second + 1) };
        })
        .sort((a, b) => a.time - b.time || a.line - b.line);
      const texts = rows.map((row) => row.text);
      const hash = linesHash(texts);
      const target = conversationFile(hash);
      if (!existsSync(target)) {
        const temporary = `${target}.${process.pid}.tmp`;
        writeFileSync(temporary, texts.map((text) => `${text}\n`).join(""));
        renameSync(temporary, target);
      }
      split.set(name, { conversation: entry.conversation, hash, messages: rows.length, last: rows.at(-1)?.time ?? 0 });
    }
    return split;
  } finally {
    rmSync(parts, { recursive: true, force: true });
  }
}

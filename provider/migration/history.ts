import { createHash } from "node:crypto";
import { once } from "node:events";
import { createWriteStream, mkdirSync, renameSync, rmSync, type WriteStream } from "node:fs";
import { basename, dirname, join } from "node:path";
import { z } from "zod";
import type { MsgElement } from "../api/commands";
import { COMMANDS } from "../api/endpoints";
import { utf8Bytes } from "../limits";
import { ManifestKey, type Manifest } from "./manifest";
import { openLineSource, type ProgressListener } from "./sources/read";

/**
 * The history file: a migration's conversations, one message a JSON line, written by the converters next to the
 * manifest and read by `validate` and the history importers. A message names its conversation (a group's manifest
 * key, or the two UserIDs of a 1:1 conversation), the source's own message ID (its identity: re-runs and deltas
 * are matched by it), the sender's UserID (after the converter's ID mapping), the time in Unix seconds, and a body
 * of elements that map one to one onto Tencent's message elements.
 *
 * ```json
 * {"conversation":"general","id":"1456826460.000003","from":"alice","time":1456826460,"body":[{"type":"text","text":"Welcome"}]}
 * {"conversation":["alice","bob"],"id":"D01-1456826500.000004","from":"alice","time":1456826500,"body":[{"type":"text","text":"lunch?"}]}
 * ```
 *
 * Media are links (`{"type":"file","url":...,"name":...}`), imported as Tencent's file element with its URL: the
 * bytes stay where the source keeps them. A thread reply names its parent (`replyTo`, the parent's source ID) and
 * an edited message is imported as its last text (`edited`, the edit's time); see the README's "Message history".
 */

/** Tencent's limits of message history import (import_group_msg and importmsg pages). */
export const HISTORY_LIMITS = {
  /** "The message body cannot exceed 8,000 bytes" (80002): counted as the UTF-8 bytes of the MsgBody JSON sent. */
  bodyBytes: 8000,
  /** Messages per import_group_msg call ("up to 7 messages"). */
  groupMessagesPerCall: 7,
  /** Messages per importmsg call. */
  c2cMessagesPerCall: 1,
  /** A source message ID, bytes: its identity in state and reports. */
  sourceId: 256,
} as const;

/** One element of a message body. */
export const HistoryElement = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("text"), text: z.string().min(1) }),
  z.strictObject({ type: z.literal("custom"), data: z.string(), desc: z.string().optional(), ext: z.string().optional() }),
  z.strictObject({ type: z.literal("face"), index: z.int().nonnegative(), data: z.string().optional() }),
  z.strictObject({ type: z.literal("location"), desc: z.string(), latitude: z.number(), longitude: z.number() }),
  z.strictObject({
    type: z.literal("file"),
    url: z.url(),
    name: z.string().min(1),
    size: z.int().nonnegative().optional(),
    mimeType: z.string().optional(),
  }),
]);
export type HistoryElement = z.infer<typeof HistoryElement>;

/** A 1:1 conversation: its two people's UserIDs (a self-conversation names one person twice). */
const Pair = z.tuple([z.string().min(1), z.string().min(1)]);

/** One message of the history file. */
export const HistoryMessage = z.strictObject({
  /** A group's manifest key, or the two UserIDs of a 1:1 conversation. */
  conversation: z.union([ManifestKey, Pair]),
  /** The source's own message ID: unique within its conversation. */
  id: z
    .string()
    .min(1)
    .refine((id) => utf8Bytes(id) <= HISTORY_LIMITS.sourceId, `must be at most ${HISTORY_LIMITS.sourceId} bytes`),
  /** The sender's UserID. */
  from: z.string().min(1),
  /** When it was sent, Unix seconds. */
  time: z.int().nonnegative(),
  body: z.array(HistoryElement).min(1),
  /** A thread reply: the parent message's source ID. */
  replyTo: z.string().min(1).optional(),
  /** An edited message: when it was last edited (the body is its last text). */
  edited: z.int().nonnegative().optional(),
});
export type HistoryMessage = z.infer<typeof HistoryMessage>;

/** The one text a conversation is known by in reports and state: `general`, or `alice|bob` (sorted). */
export function conversationName(conversation: HistoryMessage["conversation"]): string {
  return typeof conversation === "string" ? conversation : [...conversation].sort().join("|");
}

/** Tencent's message element for one history element (the MsgBody item import_group_msg and importmsg take). */
export function toMsgElement(element: HistoryElement): MsgElement {
  switch (element.type) {
    case "text":
      return { MsgType: "TIMTextElem", MsgContent: { Text: element.text } };
    case "custom":
      return {
        MsgType: "TIMCustomElem",
        MsgContent: {
          Data: element.data,
          ...(element.desc !== undefined ? { Desc: element.desc } : {}),
          ...(element.ext !== undefined ? { Ext: element.ext } : {}),
        },
      };
    case "face":
      return {
        MsgType: "TIMFaceElem",
        MsgContent: { Index: element.index, ...(element.data !== undefined ? { Data: element.data } : {}) },
      };
    case "location":
      return { MsgType: "TIMLocationElem", MsgContent: { Desc: element.desc, Latitude: element.latitude, Longitude: element.longitude } };
    case "file":
      // Download_Flag 2: the file is downloaded from Url as it is (a link to where the source keeps it); its UUID,
      // which Tencent's clients cache it by, is derived from the URL so a file linked twice is one file.
      return {
        MsgType: "TIMFileElem",
        MsgContent: {
          Url: element.url,
          UUID: createHash("sha256").update(element.url).digest("hex").slice(0, 32),
          FileName: element.name,
          ...(element.size !== undefined ? { FileSize: element.size } : {}),
          Download_Flag: 2,
        },
      };
  }
}

/** The MsgBody a message is imported with. */
export function toMsgBody(message: HistoryMessage): MsgElement[] {
  return message.body.map(toMsgElement);
}

/** The size Tencent's 8,000-byte rule is checked against: the UTF-8 bytes of the MsgBody as sent. */
export function msgBodyBytes(message: HistoryMessage): number {
  return Buffer.byteLength(JSON.stringify(toMsgBody(message)));
}

/**
 * A message's `Random` / `MsgRandom`, derived from its conversation and source ID: the same message always gets the
 * same number, on every run and after any failure, so a read-back can tell it from any other.
 */
export function messageRandom(conversation: HistoryMessage["conversation"], id: string): number {
  return createHash("sha256")
    .update(`${conversationName(conversation)}\u0000${id}`)
    .digest()
    .readUInt32BE(0);
}

/**
 * The SendTime of each message: its own time, or one second after the one before when that is later. Tencent
 * takes a group's messages only "later than the time of the latest message in the group" (import_group_msg), so
 * messages that share a second are imported a second apart, in their order: a burst of N messages takes N seconds.
 * A pure function of the conversation, so every run (and the read-back) computes the same times, and messages
 * appended later keep the times of those before them.
 */
export function sendTimes(messages: readonly HistoryMessage[]): number[] {
  const times: number[] = [];
  for (const message of messages) times.push(nextSendTime(times.at(-1), message.time));
  return times;
}

/** {@link sendTimes} one message at a time: the SendTime of a message of `time` after one sent at `previous`. */
export function nextSendTime(previous: number | undefined, time: number): number {
  return previous === undefined ? time : Math.max(time, previous + 1);
}

/** One line of a history file: the message, or why the line is not one. */
export type HistoryRecord = { line: number; message: HistoryMessage } | { line: number; problem: string };

/** The messages of a history file, streamed with their line numbers; a line that is not a message is a problem. */
export async function* readHistory(path: string, onProgress?: ProgressListener): AsyncGenerator<HistoryRecord> {
  const { records } = await openLineSource(path, onProgress);
  for await (const record of records) {
    if ("problem" in record) {
      yield record;
      continue;
    }
    const parsed = HistoryMessage.safeParse(record.value);
    if (parsed.success) yield { line: record.line, message: parsed.data };
    else {
      const issues = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(message)"}: ${issue.message}`).join("; ");
      yield { line: record.line, problem: issues };
    }
  }
}

/** What a conversation of the history file holds. */
export interface ConversationSummary {
  messages: number;
  first: number;
  last: number;
}

/** The outcome of {@link validateHistory}. */
export interface HistoryReport {
  problems: { source: string; reason: string }[];
  /** Problems counted, the list keeps the first 10,000. */
  problemCount: number;
  messages: { group: number; c2c: number };
  /** Per conversation name ({@link conversationName}). */
  conversations: Map<string, ConversationSummary>;
  /** API calls per command and the minimum time at the documented rates. */
  calls: { import_group_msg: number; importmsg: number };
  minimumSeconds: number;
}

const PROBLEMS_LISTED = 10_000;

/**
 * Checks a history file against its manifest offline: every line a message; conversations declared (a group of the
 * manifest, or two of its accounts); senders among the accounts; times not in the future and after the group's
 * creation; bodies within 8,000 bytes; source IDs unique within their conversation. Times need not be in order: the
 * importers sort each conversation by time, then by line.
 */
export async function validateHistory(path: string, manifest: Manifest, options: { now?: number } = {}): Promise<HistoryReport> {
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const file = basename(path);
  const report: HistoryReport = {
    problems: [],
    problemCount: 0,
    messages: { group: 0, c2c: 0 },
    conversations: new Map(),
    calls: { import_group_msg: 0, importmsg: 0 },
    minimumSeconds: 0,
  };
  const problem = (line: number, reason: string) => {
    report.problemCount += 1;
    if (report.problems.length < PROBLEMS_LISTED) report.problems.push({ source: `${file}:${line}`, reason });
  };
  const groups = new Map(manifest.groups.map((group) => [group.key, group]));
  const ids = new Map<string, Set<string>>();
  for await (const record of readHistory(path)) {
    if ("problem" in record) {
      problem(record.line, record.problem);
      continue;
    }
    const { message, line } = record;
    const name = conversationName(message.conversation);
    if (typeof message.conversation === "string") {
      const group = groups.get(message.conversation);
      if (!group) problem(line, `conversation ${message.conversation} is not a group of the manifest`);
      else if (group.createTime !== undefined && message.time <= group.createTime) {
        problem(line, `time ${message.time} is not after ${message.conversation}'s creation ${group.createTime}`);
      }
      report.messages.group += 1;
    } else {
      for (const person of message.conversation) {
        if (!Object.hasOwn(manifest.accounts, person))
          problem(line, `conversation ${name}: ${person} is not among the manifest's accounts`);
      }
      if (!message.conversation.includes(message.from)) problem(line, `from ${message.from} is not one of the conversation's two people`);
      report.messages.c2c += 1;
    }
    if (!Object.hasOwn(manifest.accounts, message.from)) problem(line, `from ${message.from} is not among the manifest's accounts`);
    if (message.time > now) problem(line, `time ${message.time} is in the future (now ${now})`);
    const bytes = msgBodyBytes(message);
    if (bytes > HISTORY_LIMITS.bodyBytes)
      problem(line, `body is ${bytes} bytes; Tencent takes at most ${HISTORY_LIMITS.bodyBytes} (80002)`);
    const seen = ids.get(name) ?? new Set<string>();
    ids.set(name, seen);
    if (seen.has(message.id)) problem(line, `message ${message.id} appears twice in ${name}`);
    seen.add(message.id);
    const summary = report.conversations.get(name);
    if (summary) {
      summary.messages += 1;
      summary.first = Math.min(summary.first, message.time);
      summary.last = Math.max(summary.last, message.time);
    } else report.conversations.set(name, { messages: 1, first: message.time, last: message.time });
  }
  for (const [name, summary] of report.conversations) {
    if (name.includes("|")) report.calls.importmsg += summary.messages;
    else report.calls.import_group_msg += Math.ceil(summary.messages / HISTORY_LIMITS.groupMessagesPerCall);
  }
  report.minimumSeconds = Math.max(
    report.calls.import_group_msg / COMMANDS.import_group_msg.perSecond,
    report.calls.importmsg / COMMANDS.importmsg.perSecond,
  );
  return report;
}

/**
 * Writes a history file as JSON Lines, to a temporary file beside `path` renamed over it by {@link close}: a failed
 * conversion never leaves half a history (nor one that mixes two runs).
 */
export class HistoryWriter {
  private readonly out: WriteStream;
  private readonly temporary: string;
  /** Messages written. */
  count = 0;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
    this.out = createWriteStream(this.temporary);
  }

  /** Writes one message (waits when the stream's buffer is full, so a large history never piles up in memory). */
  async write(message: HistoryMessage): Promise<void> {
    this.count += 1;
    if (!this.out.write(`${JSON.stringify(message)}\n`)) await once(this.out, "drain");
  }

  /** Completes the file at `path`. */
  async close(): Promise<void> {
    this.out.end();
    await once(this.out, "finish");
    renameSync(this.temporary, this.path);
  }

  /** Leaves no file: the conversion failed. */
  async abandon(): Promise<void> {
    this.out.end();
    await once(this.out, "finish").catch(() => undefined);
    rmSync(this.temporary, { force: true });
  }
}

import { createHash, type Hash } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ChatClient } from "../../api/client";
import { invoke } from "../../api/commands";
import { describeErrorCode } from "../../api/error-codes";
import { isChatApiError, isChatTransportError } from "../../api/errors";
import { type ConversationLine, ConversationReader, conversationPrefix } from "../../migration/conversation-reader";
import { HISTORY_LIMITS, messageRandom, nextSendTime, toMsgBody } from "../../migration/history";
import { CONTENT_HASH_DIGITS, historyCacheFolder } from "../../migration/history-split";
import type { ProviderContext } from "../../runtime-context";
import { rateLogger } from "../progress";
import type { ImportedGroupHistoryInputs, RefusedMessage } from "./schema";

/**
 * Imports a group's history exactly once. Tencent keeps no de-duplication for group messages: a batch sent again
 * after its answer was lost is stored twice. So the group itself is the record of what is there: before importing,
 * and after any failure whose outcome is unclear (a timeout, a reset, a lost answer), the group's newest messages
 * are read back (group_msg_get_simple) and the import continues after the last of ours among them. Ours are known by
 * their `Random`, derived from the conversation and the source message ID, with the sender and time matching.
 * Messages go one call at a time per group (at most 7 a call), in import order, so what is stored is always a
 * prefix of the conversation: the last of ours found tells where to go on. Calls are never retried by the client
 * when their outcome is unclear (`idempotent: false`); the read-back decides instead.
 */

/** How far a conversation's import got. */
export interface HistoryProgress {
  imported: number;
  importedHash: string;
  lastId?: string;
  lastTime?: number;
  refused: RefusedMessage[];
}

/** The import stopped with an error: how far it got, for the partial state, and why. */
export class HistoryNotImported extends Error {
  override name = "HistoryNotImported";
  constructor(
    message: string,
    readonly progress: HistoryProgress,
  ) {
    super(message);
  }
}

/** An already imported message was changed, removed or preceded by a new one: Tencent cannot rewrite history. */
export class HistoryRewritten extends Error {
  override name = "HistoryRewritten";
}

/** Read-backs in a row that may follow unclear failures before the import gives up (the client's own retries came first). */
const READ_BACKS = 8;
/** Messages group_msg_get_simple answers at most per page. */
const PAGE = 20;

/**
 * Where the refused messages of a group are recorded: one JSON line each, beside the history cache, per app
 * (SDKAppID and where it is served) and group, so a rehearsal's refusals never count for production's group.
 */
export function refusedFile(context: ProviderContext, groupId: string): string {
  const { sdkAppId, region, endpoint } = context.config();
  const key = createHash("sha256")
    .update(`${sdkAppId}\u0000${endpoint ?? region ?? ""}\u0000${groupId}`)
    .digest("hex");
  return join(historyCacheFolder(), "refused", `${key.slice(0, 24)}.jsonl`);
}

function readRefused(path: string): Map<string, RefusedMessage> {
  const refused = new Map<string, RefusedMessage>();
  if (!existsSync(path)) return refused;
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (line === "") continue;
    const entry = JSON.parse(line) as RefusedMessage;
    refused.set(entry.id, entry);
  }
  return refused;
}

/** The error of a conversation whose imported messages are no longer the file's beginning. */
function rewritten(conversation: string, progress: Pick<HistoryProgress, "imported" | "lastId">): HistoryRewritten {
  return new HistoryRewritten(
    `${conversation}: ${progress.imported} messages were imported (up to ${progress.lastId ?? "the start"}), and the history now differs among them: a message changed, was removed, or a new one is older than the last imported. Tencent cannot rewrite history: restore those messages as they were, or append new ones after them`,
  );
}

/**
 * Checks that the first `progress.imported` messages of the conversation file of `contentHash` are the ones
 * imported before: messages appended to the history (the cut-over delta) keep them; a changed, removed or
 * earlier-inserted one does not. Streams the file.
 */
export function assertPrefixUnchanged(
  conversation: string,
  contentHash: string,
  progress: Pick<HistoryProgress, "imported" | "importedHash" | "lastId">,
): void {
  assertPrefixHash(conversation, conversationPrefix(contentHash, progress.imported).prefixHash, progress);
}

/** {@link assertPrefixUnchanged} for a reader that hashed the first `progress.imported` lines itself (undefined: the file holds fewer). */
export function assertPrefixHash(
  conversation: string,
  prefixHash: string | undefined,
  progress: Pick<HistoryProgress, "imported" | "importedHash" | "lastId">,
): void {
  if (prefixHash === undefined || !sameContent(prefixHash, progress.importedHash)) throw rewritten(conversation, progress);
}

/**
 * Whether a content hash is `recorded`: the whole sha256, or its first {@link CONTENT_HASH_DIGITS} hex digits as an
 * ImportedGroupHistoryBatch keeps it (fewer digits never match).
 */
export function sameContent(hash: string, recorded: string): boolean {
  return recorded.length >= CONTENT_HASH_DIGITS && hash.startsWith(recorded);
}

/** A message of a conversation as the import sends it: its place, its SendTime and its Random. */
interface Placed extends ConversationLine {
  index: number;
  time: number;
  random: number;
}

/** A conversation file read forward, each message placed (its SendTime as `sendTimes` gives it, and its {@link messageRandom}). */
class PlacedReader implements Disposable {
  private readonly reader: ConversationReader;
  private lastTime: number | undefined;

  constructor(
    contentHash: string,
    private readonly conversation: string,
  ) {
    this.reader = new ConversationReader(contentHash);
  }

  next(): Placed | undefined {
    const index = this.reader.position;
    const line = this.reader.nextLine();
    if (!line) return undefined;
    this.lastTime = nextSendTime(this.lastTime, line.message.time);
    return { ...line, index, time: this.lastTime, random: messageRandom(this.conversation, line.message.id) };
  }

  [Symbol.dispose](): void {
    this.reader[Symbol.dispose]();
  }
}

/** Whether the ascending `sorted` holds `value`. */
function holds(sorted: Uint32Array, value: number): boolean {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const at = sorted[middle]!;
    if (at === value) return true;
    if (at < value) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}

/** What the read-back compares a group's messages with: the Randoms from message `from - 1` on, and the oldest time that can tell. */
function readBackIndex(contentHash: string, conversation: string, count: number, from: number): { randoms: Uint32Array; floor: number } {
  using reader = new PlacedReader(contentHash, conversation);
  const first = Math.max(0, from - 1);
  // 4 bytes a message: the one thing the read-back holds per message, and only while it pages.
  const randoms = new Uint32Array(count - first);
  let floor = 0;
  for (let placed = reader.next(); placed; placed = reader.next()) {
    // Messages older than the one the state already counts cannot tell anything new.
    if (placed.index === first) floor = placed.time;
    if (placed.index >= first) randoms[placed.index - first] = placed.random;
  }
  return { randoms: randoms.sort(), floor };
}

/** The place of the first page entry (newest first) that is one of ours from `from - 1` on, or undefined. */
function placeOfNewest(
  contentHash: string,
  conversation: string,
  from: number,
  candidates: readonly { MsgRandom?: number; From_Account?: string; MsgTimeStamp: number }[],
): number | undefined {
  const places: (number | undefined)[] = candidates.map(() => undefined);
  using reader = new PlacedReader(contentHash, conversation);
  for (let placed = reader.next(); placed; placed = reader.next()) {
    if (placed.index < from - 1) continue;
    candidates.forEach((stored, c) => {
      if (places[c] !== undefined || stored.MsgRandom !== placed.random) return;
      if (stored.From_Account === placed.message.from && stored.MsgTimeStamp === placed.time) places[c] = placed.index;
    });
  }
  return places.find((place) => place !== undefined);
}

/**
 * Where the import stands in the group: one past the last of our messages found among the group's newest, or
 * `from` when none is found down to where the conversation stood. Pages newest first until it finds one, reaches
 * messages older than message `from - 1`, or the group's oldest. Reads the conversation file only when the group
 * holds messages, and holds 4 bytes per message of it while it pages.
 */
async function readBack(
  client: ChatClient,
  groupId: string,
  conversation: string,
  contentHash: string,
  count: number,
  from: number,
): Promise<number> {
  if (count === 0) return 0;
  let index: { randoms: Uint32Array; floor: number } | undefined;
  let reqMsgSeq: number | undefined;
  for (;;) {
    const answer = await invoke(
      client,
      "group_msg_get_simple",
      { GroupId: groupId, ReqMsgNumber: PAGE, ...(reqMsgSeq !== undefined ? { ReqMsgSeq: reqMsgSeq } : {}) },
      { urgent: true },
    );
    const page = answer.RspMsgList ?? [];
    const oldest = page.at(-1);
    if (!oldest) return from;
    index ??= readBackIndex(contentHash, conversation, count, from);
    const { randoms } = index;
    const candidates = page.filter((stored) => stored.MsgRandom !== undefined && holds(randoms, stored.MsgRandom));
    const place = candidates.length > 0 ? placeOfNewest(contentHash, conversation, from, candidates) : undefined;
    if (place !== undefined) return Math.max(place + 1, from);
    // IsFinished says whether the page is whole, not whether older messages remain: the walk ends at MsgSeq 1.
    if (oldest.MsgTimeStamp < index.floor || oldest.MsgSeq <= 1) return from;
    reqMsgSeq = oldest.MsgSeq - 1;
  }
}

/**
 * Sets the declared unread counts again: import_group_msg sets every member's to 0 ("importing messages resets the
 * unread count"), so the counts a manifest declares are what users see only when set after the history.
 */
async function restoreUnreadCounts(client: ChatClient, groupId: string, counts: Record<string, number>): Promise<void> {
  for (const [account, count] of Object.entries(counts)) {
    await invoke(client, "set_unread_msg_num", { GroupId: groupId, Member_Account: account, UnreadMsgNum: count });
  }
}

/** Options of {@link importGroupHistory}. */
export interface ImportOptions {
  /**
   * Told the messages of each call as it is answered, in place of the conversation's own progress lines: a batch of
   * conversations reports one pace for all of them.
   */
  onMessages?: (messages: number) => void;
}

/**
 * Imports the conversation of `inputs` into its group, continuing after `before` (the state's progress) and after
 * whatever of it the group already holds. Throws {@link HistoryNotImported} with the progress made when it stops.
 */
export async function importGroupHistory(
  context: ProviderContext,
  inputs: ImportedGroupHistoryInputs,
  before: Pick<HistoryProgress, "imported" | "importedHash" | "lastId"> | undefined,
  options: ImportOptions = {},
): Promise<HistoryProgress> {
  const client = context.client();
  const { groupId, conversation, contentHash } = inputs;
  const { messages: count, prefixHash } = conversationPrefix(contentHash, before?.imported ?? 0);
  if (count !== inputs.messageCount) {
    throw new HistoryRewritten(`${conversation}: the history cache holds ${count} messages where ${inputs.messageCount} are declared`);
  }
  if (before) assertPrefixHash(conversation, prefixHash, before);
  const refusedPath = refusedFile(context, groupId);
  const recorded = readRefused(refusedPath);
  const start = await readBack(client, groupId, conversation, contentHash, count, before?.imported ?? 0);
  // The conversation is read forward once: what is held is the call in flight, never the conversation.
  using reader = new PlacedReader(contentHash, conversation);
  const ahead: Placed[] = [];
  const peek = (n: number): Placed[] => {
    while (ahead.length < n) {
      const placed = reader.next();
      if (!placed) break;
      ahead.push(placed);
    }
    return ahead.slice(0, n);
  };
  // The running hash of the messages dealt with, and what Tencent refused among them (this run or recorded before).
  const hash: Hash = createHash("sha256");
  const refused: RefusedMessage[] = [];
  let position = 0;
  let last: Placed | undefined;
  const advanceTo = (to: number) => {
    for (; position < to; position += 1) {
      peek(1);
      const placed = ahead.shift();
      if (!placed) throw new HistoryRewritten(`${conversation}: the history cache's file ended at message ${position} of ${count}`);
      hash.update(`${placed.text}\n`);
      const entry = recorded.get(placed.message.id);
      if (entry) refused.push(entry);
      last = placed;
    }
  };
  advanceTo(start);
  const progress = (): HistoryProgress => ({
    imported: position,
    importedHash: hash.copy().digest("hex"),
    ...(last ? { lastId: last.message.id, lastTime: last.time } : {}),
    refused: [...refused],
  });
  // Messages per second and the time left, in pulumi up's output (the provider's stdout), for a long conversation.
  const log = rateLogger(`${conversation}: `, "messages");
  let readBacks = 0;
  while (position < count) {
    const batch = peek(HISTORY_LIMITS.groupMessagesPerCall);
    let answer: Awaited<ReturnType<typeof invoke<"import_group_msg">>>;
    try {
      answer = await invoke(
        client,
        "import_group_msg",
        {
          GroupId: groupId,
          MsgList: batch.map((placed) => ({
            From_Account: placed.message.from,
            SendTime: placed.time,
            Random: placed.random,
            MsgBody: toMsgBody(placed.message),
          })),
        },
        { idempotent: false },
      );
    } catch (error) {
      const unclear = isChatTransportError(error) || (isChatApiError(error) && error.retryable);
      if (!unclear || readBacks >= READ_BACKS) {
        throw new HistoryNotImported(
          `${conversation}: ${(error as Error).message}; ${position} of ${count} messages are in place`,
          progress(),
        );
      }
      // The batch may or may not be stored: the group says which.
      readBacks += 1;
      advanceTo(await readBack(client, groupId, conversation, contentHash, count, position));
      continue;
    }
    readBacks = 0;
    const results = answer.ImportMsgResult ?? [];
    batch.forEach((placed, i) => {
      const result = results[i]?.Result ?? 0;
      if (result === 0) return;
      const entry: RefusedMessage = { id: placed.message.id, code: result, reason: describeErrorCode(result).meaning };
      // Recorded before it is counted: advanceTo takes it from there, as a later run does.
      recorded.set(entry.id, entry);
      mkdirSync(join(historyCacheFolder(), "refused"), { recursive: true });
      appendFileSync(refusedPath, `${JSON.stringify(entry)}\n`);
    });
    advanceTo(position + batch.length);
    if (options.onMessages) options.onMessages(batch.length);
    else log(position, count);
  }
  await restoreUnreadCounts(client, groupId, inputs.unreadCounts ?? {});
  return progress();
}

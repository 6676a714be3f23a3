import { createHash, type Hash } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ChatClient } from "../../api/client";
import { invoke } from "../../api/commands";
import { describeErrorCode } from "../../api/error-codes";
import { isChatApiError, isChatTransportError } from "../../api/errors";
import { HISTORY_LIMITS, type HistoryMessage, messageRandom, sendTimes, toMsgBody } from "../../migration/history";
import { CONTENT_HASH_DIGITS, historyCacheFolder, linesHash, readConversation } from "../../migration/history-split";
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

/**
 * Checks that the first `progress.imported` messages of the conversation are the ones imported before: messages
 * appended to the history (the cut-over delta) keep them; a changed, removed or earlier-inserted one does not.
 */
export function assertPrefixUnchanged(
  conversation: string,
  messages: readonly { text: string }[],
  progress: Pick<HistoryProgress, "imported" | "importedHash" | "lastId">,
): void {
  const prefix = messages.slice(0, progress.imported).map((m) => m.text);
  if (prefix.length === progress.imported && sameContent(linesHash(prefix), progress.importedHash)) return;
  throw new HistoryRewritten(
    `${conversation}: ${progress.imported} messages were imported (up to ${progress.lastId ?? "the start"}), and the history now differs among them: a message changed, was removed, or a new one is older than the last imported. Tencent cannot rewrite history: restore those messages as they were, or append new ones after them`,
  );
}

/**
 * Whether a content hash is `recorded`: the whole sha256, or its first {@link CONTENT_HASH_DIGITS} hex digits as an
 * ImportedGroupHistoryBatch keeps it (fewer digits never match).
 */
export function sameContent(hash: string, recorded: string): boolean {
  return recorded.length >= CONTENT_HASH_DIGITS && hash.startsWith(recorded);
}

/**
 * Where the import stands in the group: one past the last of our messages found among the group's newest, or
 * `from` when none is found down to where the conversation stood. Pages newest first until it finds one, reaches
 * messages older than `messages[from - 1]`, or the group's oldest.
 */
async function readBack(
  client: ChatClient,
  groupId: string,
  conversation: string,
  messages: readonly HistoryMessage[],
  times: readonly number[],
  from: number,
): Promise<number> {
  if (messages.length === 0) return 0;
  const index = new Map<number, number[]>();
  for (let i = Math.max(0, from - 1); i < messages.length; i += 1) {
    const random = messageRandom(conversation, messages[i]!.id);
    const list = index.get(random);
    if (list) list.push(i);
    else index.set(random, [i]);
  }
  // Messages older than the one the state already counts cannot tell anything new.
  const floor = from > 0 ? times[from - 1]! : times[0]!;
  let reqMsgSeq: number | undefined;
  for (;;) {
    const answer = await invoke(
      client,
      "group_msg_get_simple",
      { GroupId: groupId, ReqMsgNumber: PAGE, ...(reqMsgSeq !== undefined ? { ReqMsgSeq: reqMsgSeq } : {}) },
      { urgent: true },
    );
    const page = answer.RspMsgList ?? [];
    for (const stored of page) {
      for (const i of index.get(stored.MsgRandom ?? -1) ?? []) {
        const ours = messages[i]!;
        if (stored.From_Account === ours.from && stored.MsgTimeStamp === times[i]) return Math.max(i + 1, from);
      }
    }
    // IsFinished says whether the page is whole, not whether older messages remain: the walk ends at MsgSeq 1.
    const oldest = page.at(-1);
    if (!oldest || oldest.MsgTimeStamp < floor || oldest.MsgSeq <= 1) return from;
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
  const { groupId, conversation } = inputs;
  const conversationFile = readConversation(inputs.contentHash);
  if (conversationFile.length !== inputs.messageCount) {
    throw new HistoryRewritten(
      `${conversation}: the history cache holds ${conversationFile.length} messages where ${inputs.messageCount} are declared`,
    );
  }
  if (before) assertPrefixUnchanged(conversation, conversationFile, before);
  const messages = conversationFile.map((entry) => entry.message);
  const times = sendTimes(messages);
  const refusedPath = refusedFile(context, groupId);
  const recorded = readRefused(refusedPath);
  let position = await readBack(client, groupId, conversation, messages, times, before?.imported ?? 0);
  // The running hash of the messages dealt with, and what Tencent refused among them.
  let hash: Hash = createHash("sha256");
  const refused: RefusedMessage[] = [];
  const advanceTo = (to: number) => {
    for (let i = position; i < to; i += 1) hash.update(`${conversationFile[i]!.text}\n`);
    position = to;
  };
  const restart = (to: number) => {
    hash = createHash("sha256");
    refused.length = 0;
    position = 0;
    advanceTo(to);
    for (const entry of recorded.values()) if (messages.findIndex((m) => m.id === entry.id) < to) refused.push(entry);
  };
  restart(position);
  const progress = (): HistoryProgress => {
    const last = position > 0 ? messages[position - 1] : undefined;
    return {
      imported: position,
      importedHash: hash.copy().digest("hex"),
      ...(last ? { lastId: last.id, lastTime: times[position - 1]! } : {}),
      refused: [...refused],
    };
  };
  // Messages per second and the time left, in pulumi up's output (the provider's stdout), for a long conversation.
  const log = rateLogger(`${conversation}: `, "messages");
  let readBacks = 0;
  while (position < messages.length) {
    const batch = messages.slice(position, position + HISTORY_LIMITS.groupMessagesPerCall);
    let answer: Awaited<ReturnType<typeof invoke<"import_group_msg">>>;
    try {
      answer = await invoke(
        client,
        "import_group_msg",
        {
          GroupId: groupId,
          MsgList: batch.map((message, i) => ({
            From_Account: message.from,
            SendTime: times[position + i]!,
            Random: messageRandom(conversation, message.id),
            MsgBody: toMsgBody(message),
          })),
        },
        { idempotent: false },
      );
    } catch (error) {
      const unclear = isChatTransportError(error) || (isChatApiError(error) && error.retryable);
      if (!unclear || readBacks >= READ_BACKS) {
        throw new HistoryNotImported(
          `${conversation}: ${(error as Error).message}; ${position} of ${messages.length} messages are in place`,
          progress(),
        );
      }
      // The batch may or may not be stored: the group says which.
      readBacks += 1;
      restart(await readBack(client, groupId, conversation, messages, times, position));
      continue;
    }
    readBacks = 0;
    const results = answer.ImportMsgResult ?? [];
    batch.forEach((message, i) => {
      const result = results[i]?.Result ?? 0;
      if (result === 0) return;
      const entry: RefusedMessage = { id: message.id, code: result, reason: describeErrorCode(result).meaning };
      refused.push(entry);
      recorded.set(entry.id, entry);
      mkdirSync(join(historyCacheFolder(), "refused"), { recursive: true });
      appendFileSync(refusedPath, `${JSON.stringify(entry)}\n`);
    });
    advanceTo(position + batch.length);
    if (options.onMessages) options.onMessages(batch.length);
    else log(position, messages.length);
  }
  await restoreUnreadCounts(client, groupId, inputs.unreadCounts ?? {});
  return progress();
}

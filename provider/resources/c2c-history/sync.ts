import { createHash } from "node:crypto";
import type { ChatClient } from "../../api/client";
import { invoke } from "../../api/commands";
import type { Slots } from "../../api/concurrency";
import { mapConcurrent } from "../../api/concurrency";
import { describeErrorCode, ErrorCode } from "../../api/error-codes";
import { isChatApiError, isChatTransportError } from "../../api/errors";
import { conversationName, type HistoryMessage, messageRandom, toMsgBody } from "../../migration/history";
import { ConversationReader } from "../../migration/conversation-reader";
import { ownValue, setOwn } from "../../own-keys";
import type { ProviderContext } from "../../runtime-context";
import { assertPrefixHash, HistoryRewritten, sameContent } from "../history/sync";
import { listSome } from "../partial";
import { rateLogger } from "../progress";
import type { C2CConversation, C2CProgress, C2CRefusedMessage, ImportedC2CHistoryInputs } from "./schema";

/**
 * Imports 1:1 conversations exactly once with importmsg (https://trtc.io/document/35014,
 * https://cloud.tencent.com/document/api/269/2568), one message a call, `SyncFromOldSystem: 2` (history: "not
 * counted as unread, not pushed").
 *
 * Exactly once by construction: "messages of one conversation with equal MsgSeq, MsgRandom and MsgTimeStamp are
 * duplicates, whatever their content, also with From_Account and To_Account swapped; a repeat does not overwrite
 * the first import". Each message's three are a pure function of its conversation, its source ID and its place:
 * MsgRandom is {@link messageRandom}, MsgSeq is {@link c2cMsgSeqs}, MsgTimeStamp its own time. So a call whose
 * answer was lost may be sent again (the client retries importmsg as idempotent), and a run without state (after a
 * kill -9, or a state restored from before) may send a whole conversation again: the service keeps one of each.
 * No read-back is needed; the state's progress only saves calls.
 *
 * Conversations run side by side (the client's rate limiter holds importmsg to its 200 calls/s); each one's
 * messages go one after another in import order ("imports one-to-one chat history in chronological order").
 */

/** Conversations worked on at once by one provider process: 200 calls/s at 50-300 ms per answer needs 10 to 60 in flight. */
export const CONVERSATIONS_IN_FLIGHT = 64;

/** Times one message is sent again after the client's own retries ran out on a failure worth retrying. */
const RESENDS = 3;

/**
 * Per-call codes that refuse the message itself (its body, its size, a blocked word): recorded with the message's
 * source ID and never sent again. Every other failure stops instead, and the next `pulumi up` sends the message
 * again: an account not imported, credentials, an undocumented code — what fixing something else makes succeed
 * must not be recorded as lost.
 */
const REFUSALS: ReadonlySet<number> = new Set<number>([
  ErrorCode.MsgBodyInvalid,
  ErrorCode.MsgBodyNotArray,
  ErrorCode.MessageFormatInvalid,
  ErrorCode.MessagePacketTooLarge,
  ErrorCode.MessageBlockedWords,
  ErrorCode.MessageTooLong,
]);

/** Codes about one conversation's people (90008 From_Account, 90012 To_Account, 90048): only that conversation stops. */
const ONE_CONVERSATION: ReadonlySet<number> = new Set<number>([ErrorCode.FromAccountInvalid, ErrorCode.ToAccountNotFound, 90048]);

/** The highest rank within one second that MsgSeq's upper 16 bits keep in order. */
const LAST_RANK = 0xffff;

/**
 * Each message's MsgSeq. Tencent keeps a 1:1 conversation "sorted by timestamp, then by MsgSeq within one second",
 * so a MsgSeq that were only a hash would shuffle messages that share a second. The upper 16 bits are the message's
 * rank among the conversation's messages of its second (0, 1, 2, ... in import order), the lower 16 a hash of the
 * conversation and the source ID. A pure function of the conversation's messages in import order: every run, and
 * any run after messages were appended, gives an imported message the same MsgSeq (appended ones rank after it).
 * Past 65,536 messages in one second of one conversation the rest share the last rank and keep no order among
 * themselves; MsgRandom still tells each from the others.
 */
export function c2cMsgSeqs(conversation: string, messages: readonly Pick<HistoryMessage, "id" | "time">[]): number[] {
  const seqs = new MsgSeqs(conversation);
  return messages.map((message) => seqs.next(message));
}

/** {@link c2cMsgSeqs} one message at a time, in import order: what an import reading its file forward uses. */
export class MsgSeqs {
  private rank = 0;
  private previousTime: number | undefined;

  constructor(private readonly conversation: string) {}

  /** The MsgSeq of the conversation's next message. */
  next(message: Pick<HistoryMessage, "id" | "time">): number {
    this.rank = this.previousTime === message.time ? this.rank + 1 : 0;
    this.previousTime = message.time;
    const low = createHash("sha256").update(`MsgSeq\u0000${this.conversation}\u0000${message.id}`).digest().readUInt16BE(0);
    return Math.min(this.rank, LAST_RANK) * 0x10000 + low;
  }
}

/** The import stopped short for some conversations: the progress of every one, for the partial state, and why. */
export class C2CHistoryNotImported extends Error {
  override name = "C2CHistoryNotImported";
  constructor(
    message: string,
    readonly progress: C2CProgress,
    /** One line per conversation that failed: its name and why. */
    readonly reasons: string[],
  ) {
    super(message);
  }
}

/** Where a conversation's import stands in recorded progress. */
interface Start {
  imported: number;
  hash: string;
}

/** Whether recorded progress holds every message of a declared conversation, as declared. */
export function isWhole(recorded: Pick<C2CProgress, "imported" | "importedHashes">, name: string, declared: C2CConversation): boolean {
  return ownValue(recorded.imported ?? {}, name) === declared.messages && ownValue(recorded.importedHashes ?? {}, name) === undefined;
}

/** A conversation's recorded progress (none when not begun), from outputs written by this resource. */
export function recordedStart(
  recorded: Pick<C2CProgress, "imported" | "importedHashes"> & { conversations: Record<string, C2CConversation> },
  name: string,
): Start | undefined {
  const imported = ownValue(recorded.imported ?? {}, name) ?? 0;
  if (imported === 0) return undefined;
  const declared = ownValue(recorded.conversations, name);
  const hash = ownValue(recorded.importedHashes ?? {}, name) ?? (declared?.messages === imported ? declared.hash : undefined);
  if (hash === undefined) throw new Error(`${name}: the state records ${imported} messages imported but not their hash`);
  return { imported, hash };
}

/** What one conversation's import came to. */
interface Outcome {
  name: string;
  imported: number;
  hash: string;
  refused: C2CRefusedMessage[];
  error?: unknown;
}

/** The shared state of one run over many conversations. */
interface Run {
  client: ChatClient;
  /** Set by a failure that is not one conversation's: the others stop before their next message. */
  stopped: unknown;
  done: number;
  total: number;
  log: (done: number, total: number) => void;
}

/** The person a message goes to: the other one of its pair, or the sender in a self-conversation. */
function recipient(message: HistoryMessage): string {
  const [a, b] = message.conversation as [string, string];
  return message.from === a ? b : a;
}

/** Why a failure is worth sending the message again: no answer, or an answer saying "try again". */
function worthResending(error: unknown): boolean {
  return isChatTransportError(error) ? error.retryable : isChatApiError(error) && error.retryable;
}

/**
 * Imports one conversation from `start`. Reads its file from the history cache, checks that what was imported is
 * still its beginning, then sends each message in order. A refused message is recorded and passed; any other
 * failure ends the conversation there (its progress kept), and stops the whole run unless it concerns this
 * conversation's people only.
 */
async function importConversation(run: Run, name: string, declared: C2CConversation, start: Start | undefined): Promise<Outcome> {
  checkConversationFile(name, declared, start);
  // Read forward once more to send: what is held is the message in flight, never the conversation.
  using reader = new ConversationReader(declared.hash);
  const seqs = new MsgSeqs(name);
  const hash = createHash("sha256");
  let position = 0;
  let line = reader.nextLine();
  let seq = line ? seqs.next(line.message) : 0;
  const advance = () => {
    hash.update(`${line!.text}\n`);
    position += 1;
    line = reader.nextLine();
    if (line) seq = seqs.next(line.message);
  };
  while (position < (start?.imported ?? 0)) advance();
  const refused: C2CRefusedMessage[] = [];
  const outcome = (error?: unknown): Outcome => ({
    name,
    imported: position,
    hash: hash.digest("hex"),
    refused,
    ...(error !== undefined ? { error } : {}),
  });
  let resends = 0;
  while (line) {
    if (run.stopped !== undefined) return outcome();
    const { message } = line;
    try {
      await invoke(
        run.client,
        "importmsg",
        {
          SyncFromOldSystem: 2,
          From_Account: message.from,
          To_Account: recipient(message),
          MsgSeq: seq,
          MsgRandom: messageRandom(name, message.id),
          MsgTimeStamp: message.time,
          MsgBody: toMsgBody(message),
        },
        // A repeat of (MsgSeq, MsgRandom, MsgTimeStamp) is dropped by the service: sending again is always safe.
        { idempotent: true },
      );
    } catch (error) {
      if (isChatApiError(error) && REFUSALS.has(error.errorCode)) {
        refused.push({ conversation: name, id: message.id, code: error.errorCode, reason: describeErrorCode(error.errorCode).meaning });
      } else if (worthResending(error) && resends < RESENDS) {
        resends += 1;
        continue;
      } else {
        if (!(isChatApiError(error) && ONE_CONVERSATION.has(error.errorCode))) run.stopped ??= error;
        return outcome(error);
      }
    }
    resends = 0;
    advance();
    run.done += 1;
    run.log(run.done, run.total);
  }
  return outcome();
}

/**
 * Reads a conversation's file through once before anything is sent: it holds the declared count, what was imported
 * is still its beginning, and every message is of this conversation and from one of its two people.
 */
function checkConversationFile(name: string, declared: C2CConversation, start: Start | undefined): void {
  using reader = new ConversationReader(declared.hash);
  const prefix = createHash("sha256");
  let count = 0;
  for (let line = reader.nextLine(); line !== undefined; line = reader.nextLine()) {
    const { message } = line;
    if (typeof message.conversation === "string" || conversationName(message.conversation) !== name)
      throw new Error(`${name}: the history cache's file of this conversation holds message ${message.id} of another conversation`);
    if (!message.conversation.includes(message.from))
      throw new Error(
        `${name}: message ${message.id} is from ${message.from}, who is not one of the conversation's two people (tencent-chat-migrate validate --history lists every such message)`,
      );
    if (count < (start?.imported ?? 0)) prefix.update(`${line.text}\n`);
    count += 1;
  }
  if (count !== declared.messages) {
    throw new HistoryRewritten(`${name}: the history cache holds ${count} messages where ${declared.messages} are declared`);
  }
  if (start)
    assertPrefixHash(name, count >= start.imported ? prefix.digest("hex") : undefined, {
      imported: start.imported,
      importedHash: start.hash,
    });
}

/** An error's text for a reason line. */
function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Imports the conversations of `inputs`, each continuing after its progress in `before` (the state: outputs of an
 * earlier run; none for a create). Conversations already whole are not read. Returns the progress of every
 * conversation of `inputs`; throws {@link C2CHistoryNotImported} with it when some did not finish (a conversation
 * whose imported messages changed is one of them: {@link HistoryRewritten}, nothing of it sent).
 */
export async function importC2CHistory(
  context: ProviderContext,
  inputs: ImportedC2CHistoryInputs,
  before: (C2CProgress & { conversations: Record<string, C2CConversation> }) | undefined,
  slots?: Slots,
): Promise<C2CProgress> {
  const names = Object.keys(inputs.conversations);
  const starts = new Map<string, Start | undefined>();
  const work: { name: string; declared: C2CConversation; start: Start | undefined }[] = [];
  for (const name of names) {
    const declared = inputs.conversations[name]!;
    const start = before && ownValue(before.conversations, name) ? recordedStart(before, name) : undefined;
    starts.set(name, start);
    // Whole and unchanged: nothing to read or send.
    if (start && start.imported === declared.messages && start.hash === declared.hash) continue;
    work.push({ name, declared, start });
  }
  // Longest first: a conversation is one call after another, the longest chain of the run.
  work.sort((a, b) => b.declared.messages - (b.start?.imported ?? 0) - (a.declared.messages - (a.start?.imported ?? 0)));
  const run: Run = {
    client: context.client(),
    stopped: undefined,
    done: 0,
    total: work.reduce((sum, { declared, start }) => sum + Math.max(0, declared.messages - (start?.imported ?? 0)), 0),
    log: rateLogger(`1:1 history (${names.length} conversations): `, "messages"),
  };
  const outcomes = await mapConcurrent(work, CONVERSATIONS_IN_FLIGHT, async ({ name, declared, start }): Promise<Outcome> => {
    const attempt = async () => {
      if (run.stopped !== undefined) return { name, imported: start?.imported ?? 0, hash: start?.hash ?? "", refused: [] };
      try {
        return await importConversation(run, name, declared, start);
      } catch (error) {
        // Nothing of this conversation was sent: it stays where it was.
        return { name, imported: start?.imported ?? 0, hash: start?.hash ?? "", refused: [], error };
      }
    };
    return slots ? slots.run(attempt) : attempt();
  });

  const progress: C2CProgress = { imported: {}, importedHashes: {}, refused: [] };
  const record = (name: string, imported: number, hash: string) => {
    if (imported === 0) return;
    setOwn(progress.imported, name, imported);
    // Left out only where it is the conversation's own hash: every message dealt with, none changed.
    if (!sameContent(hash, inputs.conversations[name]!.hash)) setOwn(progress.importedHashes, name, hash);
  };
  const worked = new Map(outcomes.map((outcome) => [outcome.name, outcome]));
  for (const name of names) {
    const outcome = worked.get(name);
    const start = starts.get(name);
    if (outcome) record(name, outcome.imported, outcome.hash);
    else if (start) record(name, start.imported, start.hash);
  }
  // Refusals recorded before stay, for conversations still declared: they are passed, never sent again.
  for (const entry of before?.refused ?? []) if (Object.hasOwn(inputs.conversations, entry.conversation)) progress.refused.push(entry);
  const reasons: string[] = [];
  let unfinished = 0;
  for (const outcome of outcomes) {
    progress.refused.push(...outcome.refused);
    if (outcome.error !== undefined) reasons.push(`${outcome.name}: ${describe(outcome.error)}`);
    if (outcome.error !== undefined || outcome.imported < inputs.conversations[outcome.name]!.messages) unfinished += 1;
  }
  if (unfinished > 0) {
    const cause = reasons.length > 0 ? reasons : [`stopped: ${describe(run.stopped)}`];
    throw new C2CHistoryNotImported(
      `${unfinished} of ${names.length} 1:1 conversations are not wholly imported (what is imported is recorded; run \`pulumi up\` again to go on): ${listSome(cause, 5)}`,
      progress,
      cause,
    );
  }
  return progress;
}

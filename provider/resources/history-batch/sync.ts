import type { Slots } from "../../api/concurrency";
import { mapConcurrent } from "../../api/concurrency";
import { linesHash } from "../../migration/history-split";
import { ownValue, setOwn } from "../../own-keys";
import type { ProviderContext } from "../../runtime-context";
import { CONVERSATIONS_IN_FLIGHT } from "../c2c-history/sync";
import { type HistoryProgress, HistoryNotImported, importGroupHistory } from "../history/sync";
import { listSome } from "../partial";
import { rateLogger } from "../progress";
import type { BatchConversation, BatchRefusedMessage, PendingConversation } from "./schema";

/**
 * Imports many groups' conversations, each exactly as {@link importGroupHistory} imports one (in import order, one
 * call at a time per group, continuing after what the group already holds), the groups side by side within the
 * API's rate (the client's limiter holds import_group_msg to its 200 calls a second).
 */

/** How far a batch's import got: the conversations not whole, and every refused message. */
export interface BatchProgress {
  pending: Record<string, PendingConversation>;
  refused: BatchRefusedMessage[];
}

/** The import stopped short for some conversations: the progress of every one, for the partial state, and why. */
export class BatchHistoryNotImported extends Error {
  override name = "BatchHistoryNotImported";
  constructor(
    message: string,
    readonly progress: BatchProgress,
    /** One line per conversation that failed: its key and why. */
    readonly reasons: string[],
  ) {
    super(message);
  }
}

/** What a batch's state records: the conversations as declared then and the progress. */
export interface RecordedBatch extends BatchProgress {
  conversations: Record<string, BatchConversation>;
}

/**
 * Where a conversation's import stands by the state: its pending progress, else all of it as declared then (the
 * same group only: a group imported again under a new ID starts empty). Undefined when nothing is recorded.
 */
export function recordedStart(
  recorded: RecordedBatch | undefined,
  key: string,
  declared: BatchConversation,
): Pick<HistoryProgress, "imported" | "importedHash"> | undefined {
  const before = recorded && ownValue(recorded.conversations, key);
  if (!before || before.groupId !== declared.groupId) return undefined;
  const pending = ownValue(recorded.pending, key);
  if (pending) return { imported: pending.imported, importedHash: pending.hash };
  return { imported: before.messages, importedHash: before.hash };
}

/** Whether a conversation needs no call: recorded whole, with the same content and unread counts. */
export function isSettled(recorded: RecordedBatch | undefined, key: string, declared: BatchConversation): boolean {
  const before = recorded && ownValue(recorded.conversations, key);
  return (
    before !== undefined &&
    ownValue(recorded!.pending, key) === undefined &&
    before.groupId === declared.groupId &&
    before.hash === declared.hash &&
    before.messages === declared.messages &&
    JSON.stringify(before.unreadCounts ?? {}) === JSON.stringify(declared.unreadCounts ?? {})
  );
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Imports the conversations not settled by `before` (the state; none for a create). Returns the progress; throws
 * {@link BatchHistoryNotImported} with it when some conversation did not finish. After a failure that is not one
 * group's own, conversations not yet begun are left for the next run.
 */
export async function importGroupHistories(
  context: ProviderContext,
  historyFile: string,
  conversations: Record<string, BatchConversation>,
  before: RecordedBatch | undefined,
  slots?: Slots,
): Promise<BatchProgress> {
  const keys = Object.keys(conversations);
  const work = keys
    .filter((key) => !isSettled(before, key, conversations[key]!))
    .map((key) => ({ key, declared: conversations[key]!, start: recordedStart(before, key, conversations[key]!) }));
  // Longest first: a group's messages are one call after another, the longest chain of the run.
  const left = (w: (typeof work)[number]) => w.declared.messages - Math.min(w.start?.imported ?? 0, w.declared.messages);
  work.sort((a, b) => left(b) - left(a));
  const total = work.reduce((sum, w) => sum + left(w), 0);
  const log = rateLogger(`group history (${work.length} conversations): `, "messages");
  let done = 0;
  let stopped: unknown;
  const outcomes = await mapConcurrent(work, CONVERSATIONS_IN_FLIGHT, async ({ key, declared, start }) => {
    const attempt = async (): Promise<{ key: string; progress?: HistoryProgress; error?: unknown }> => {
      if (stopped !== undefined) return { key };
      try {
        const progress = await importGroupHistory(
          context,
          {
            groupId: declared.groupId,
            historyFile,
            conversation: key,
            contentHash: declared.hash,
            messageCount: declared.messages,
            ...(declared.unreadCounts ? { unreadCounts: declared.unreadCounts } : {}),
          },
          start ? { ...start, lastId: undefined } : undefined,
          {
            onMessages: (n) => {
              done += n;
              log(done, total);
            },
          },
        );
        return { key, progress };
      } catch (error) {
        stopped ??= error;
        return { key, ...(error instanceof HistoryNotImported ? { progress: error.progress } : {}), error };
      }
    };
    return slots ? slots.run(attempt) : attempt();
  });

  const progress: BatchProgress = { pending: {}, refused: [] };
  const byKey = new Map(outcomes.map((outcome) => [outcome.key, outcome]));
  for (const key of keys) {
    const declared = conversations[key]!;
    const outcome = byKey.get(key);
    if (outcome === undefined) continue; // settled: whole, nothing to record
    const start = recordedStart(before, key, declared);
    const imported = outcome.progress?.imported ?? start?.imported ?? 0;
    const hash = outcome.progress?.importedHash ?? start?.importedHash ?? linesHash([]);
    if (imported < declared.messages || outcome.error !== undefined) setOwn(progress.pending, key, { imported, hash });
    for (const entry of outcome.progress?.refused ?? []) progress.refused.push({ conversation: key, ...entry });
  }
  // Refusals recorded before stay for conversations that did not get as far as reading them again.
  for (const entry of before?.refused ?? [])
    if (Object.hasOwn(conversations, entry.conversation) && !byKey.get(entry.conversation)?.progress) progress.refused.push(entry);
  const reasons = outcomes.filter((o) => o.error !== undefined).map((o) => `${o.key}: ${describe(o.error)}`);
  const unfinished = Object.keys(progress.pending).length;
  if (unfinished > 0) {
    const cause = reasons.length > 0 ? reasons : [`stopped: ${describe(stopped)}`];
    throw new BatchHistoryNotImported(
      `${unfinished} of ${keys.length} group conversations are not wholly imported (what is imported is recorded; run \`pulumi up\` again to go on): ${listSome(cause, 5)}`,
      progress,
      cause,
    );
  }
  return progress;
}

import { createHash } from "node:crypto";
import { Slots } from "../../api/concurrency";
import type { ProviderContext } from "../../runtime-context";
import { checkWith, type CheckFailure, isKnown, withoutProvider } from "../check";
import { CONVERSATIONS_IN_FLIGHT } from "../c2c-history/sync";
import { type ChatProvider, recordedOutputs } from "../dynamic-resource";
import { assertPrefixUnchanged, HistoryRewritten } from "../history/sync";
import { listSome, PartialFailure } from "../partial";
import { freshRefusals } from "../history/refusals";
import { type BatchConversation, ImportedGroupHistoryBatchInputs, type ImportedGroupHistoryBatchOutputs } from "./schema";
import { BatchHistoryNotImported, type BatchProgress, importGroupHistories, isSettled, type RecordedBatch, recordedStart } from "./sync";
import { decodeConversations } from "./text";

/** The conversations of a text the resource wrote; a text that is not one is a bug, said as such. */
function conversationsOf(text: string): Record<string, BatchConversation> {
  const decoded = decodeConversations(text);
  if ("problem" in decoded) throw new Error(`ImportedGroupHistoryBatch: conversations: ${decoded.problem}`);
  return decoded.conversations;
}

/** The state as the sync reads it. */
function recorded(olds: ImportedGroupHistoryBatchOutputs): RecordedBatch {
  return { conversations: conversationsOf(olds.conversations), pending: olds.pending ?? {}, refused: olds.refused ?? [] };
}

/**
 * Checks, before any call, that no conversation with work left differs among the messages it already had imported:
 * Tencent cannot rewrite history. Names every such conversation at once.
 */
function assertNothingRewritten(before: RecordedBatch, conversations: Record<string, BatchConversation>): void {
  const problems: string[] = [];
  for (const [key, declared] of Object.entries(conversations)) {
    if (isSettled(before, key, declared)) continue;
    const start = recordedStart(before, key, declared);
    if (!start || start.imported === 0) continue;
    try {
      assertPrefixUnchanged(key, declared.hash, start);
    } catch (error) {
      if (!(error instanceof HistoryRewritten)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length === 1) throw new HistoryRewritten(problems[0]!);
  if (problems.length > 1)
    throw new HistoryRewritten(`${problems.length} group conversations changed among imported messages: ${listSome(problems, 5)}`);
}

/**
 * The ImportedGroupHistoryBatch lifecycle. Create imports the conversations; an update imports what is new
 * (conversations added, messages appended, a run that stopped) and forgets conversations no longer declared; a
 * change to imported messages fails at preview (diff, the first step that sees the recorded progress). Refresh
 * keeps the recorded progress (the read-back before each import compares it with the group). Delete forgets: a
 * group's messages go with the group, and the group's own policy decides that.
 */
export function groupHistoryBatchProvider(
  context: ProviderContext,
): ChatProvider<ImportedGroupHistoryBatchInputs, ImportedGroupHistoryBatchOutputs> {
  /** Conversations in progress across every batch of this process (the engine runs several at once). */
  const slots = new Slots(CONVERSATIONS_IN_FLIGHT);

  async function imported(
    id: string,
    inputs: ImportedGroupHistoryBatchInputs,
    before: RecordedBatch | undefined,
    providerText: unknown,
  ): Promise<ImportedGroupHistoryBatchOutputs> {
    const conversations = conversationsOf(inputs.conversations);
    const counts = {
      conversationCount: Object.keys(conversations).length,
      messageCount: Object.values(conversations).reduce((sum, c) => sum + c.messages, 0),
    };
    let progress: BatchProgress;
    const reasons: string[] = [];
    let message: string | undefined;
    try {
      progress = await importGroupHistories(context, inputs.historyFile, conversations, before, slots);
    } catch (error) {
      if (!(error instanceof BatchHistoryNotImported)) throw error;
      progress = error.progress;
      message = error.message;
      reasons.push(...error.reasons);
    }
    const refusal = freshRefusals(before?.refused ?? [], progress.refused, "group");
    if (refusal !== undefined) {
      reasons.push(refusal);
      message = message === undefined ? refusal : `${message}. ${refusal}`;
    }
    const outs = { ...inputs, ...counts, ...progress };
    if (message !== undefined) throw new PartialFailure(message, id, { ...outs, __provider: providerText }, reasons);
    return outs;
  }

  return {
    async check(_olds, news) {
      context.assertConfigured();
      return checkWith(ImportedGroupHistoryBatchInputs, news, (inputs): CheckFailure[] => {
        if (typeof inputs.conversations !== "string" || !isKnown(inputs.conversations)) return [];
        const decoded = decodeConversations(inputs.conversations);
        return "problem" in decoded ? [{ property: "conversations", reason: decoded.problem }] : [];
      });
    },

    async diff(_id, olds, raw) {
      const news = withoutProvider(raw) as Partial<ImportedGroupHistoryBatchInputs>;
      const before = recorded(olds);
      if (typeof news.conversations === "string" && isKnown(news.conversations))
        assertNothingRewritten(before, conversationsOf(news.conversations));
      // A conversation short of its end (a run that stopped) is a change too: the next up goes on with it.
      const changes =
        news.conversations !== olds.conversations || news.historyFile !== olds.historyFile || Object.keys(before.pending).length > 0;
      return { changes, replaces: [], deleteBeforeReplace: false };
    },

    async create(raw) {
      const inputs = ImportedGroupHistoryBatchInputs.parse(withoutProvider(raw));
      // Fixed at create from the groups it was made with; an update never changes it.
      const groups = Object.values(conversationsOf(inputs.conversations))
        .map((c) => c.groupId)
        .sort();
      const id = `group-history-${createHash("sha256").update(groups.join("\n")).digest("hex").slice(0, 16)}`;
      return { id, outs: await imported(id, inputs, undefined, raw.__provider) };
    },

    async read(id, outputs) {
      const props = recordedOutputs(outputs, "ImportedGroupHistoryBatch");
      const { conversationCount: _c, messageCount: _m, pending: _p, refused: _r, ...inputs } = props;
      return { id, props, inputs };
    },

    async update(id, olds, news) {
      const inputs = ImportedGroupHistoryBatchInputs.parse(withoutProvider(news));
      return { outs: await imported(id, inputs, recorded(olds), news.__provider) };
    },

    async delete() {
      // A group's messages cannot be deleted one by one: they go with the group (its own resource's policy).
    },
  };
}

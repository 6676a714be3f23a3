import { createHash } from "node:crypto";
import { Slots } from "../../api/concurrency";
import { ownValue } from "../../own-keys";
import type { ProviderContext } from "../../runtime-context";
import { checkWith, withoutProvider } from "../check";
import { type ChatProvider, recordedOutputs } from "../dynamic-resource";
import { assertPrefixUnchanged, HistoryRewritten } from "../history/sync";
import { listSome, PartialFailure } from "../partial";
import { freshRefusals } from "../history/refusals";
import { type C2CProgress, ImportedC2CHistoryInputs, type ImportedC2CHistoryOutputs } from "./schema";
import { C2CHistoryNotImported, CONVERSATIONS_IN_FLIGHT, importC2CHistory, isWhole, recordedStart } from "./sync";

/** The resource's ID: fixed at create from the conversations it was made with (an update never changes it). */
function historyId(inputs: ImportedC2CHistoryInputs): string {
  const names = Object.keys(inputs.conversations).sort();
  return `c2c-history-${createHash("sha256").update(names.join("\n")).digest("hex").slice(0, 16)}`;
}

/**
 * Checks, before any call, that no conversation with work left (a changed hash, or a run that stopped) differs
 * among the messages it already had imported: Tencent cannot rewrite history. Names every such conversation at once.
 */
function assertNothingRewritten(olds: ImportedC2CHistoryOutputs, news: Record<string, unknown>): void {
  const next = news.conversations;
  if (typeof next !== "object" || next === null) return;
  const problems: string[] = [];
  for (const [name, declared] of Object.entries(next as Record<string, { hash?: unknown }>)) {
    if (!ownValue(olds.conversations ?? {}, name) || typeof declared?.hash !== "string") continue;
    const start = recordedStart(olds, name);
    // Nothing imported, or all of it and exactly this: nothing to compare (a whole conversation's file is not read).
    if (!start || (start.hash === declared.hash && start.imported === (declared as { messages?: unknown }).messages)) continue;
    try {
      assertPrefixUnchanged(name, declared.hash, { imported: start.imported, importedHash: start.hash });
    } catch (error) {
      if (!(error instanceof HistoryRewritten)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length === 1) throw new HistoryRewritten(problems[0]!);
  if (problems.length > 1)
    throw new HistoryRewritten(`${problems.length} 1:1 conversations changed among imported messages: ${listSome(problems, 5)}`);
}

/**
 * The ImportedC2CHistory lifecycle. Create imports the conversations; an update imports what is new (conversations
 * added, messages appended) and forgets conversations no longer declared; a change to imported messages fails at
 * preview (diff, the first step that sees the recorded progress). Refresh keeps the recorded progress. Delete
 * forgets the progress and leaves the imported messages where they are (the accounts' history).
 */
export function c2cHistoryProvider(context: ProviderContext): ChatProvider<ImportedC2CHistoryInputs, ImportedC2CHistoryOutputs> {
  /** Conversations in progress across every ImportedC2CHistory of this process (the engine runs several at once). */
  const slots = new Slots(CONVERSATIONS_IN_FLIGHT);

  /** Runs the import; conversations short of their end become partial state, and fresh refusals are named once. */
  async function imported(
    id: string,
    inputs: ImportedC2CHistoryInputs,
    before: ImportedC2CHistoryOutputs | undefined,
    providerText: unknown,
  ): Promise<ImportedC2CHistoryOutputs> {
    let progress: C2CProgress;
    const reasons: string[] = [];
    let message: string | undefined;
    try {
      progress = await importC2CHistory(context, inputs, before, slots);
    } catch (error) {
      if (!(error instanceof C2CHistoryNotImported)) throw error;
      progress = error.progress;
      message = error.message;
      reasons.push(...error.reasons);
    }
    const refusal = freshRefusals(before?.refused ?? [], progress.refused, "1:1");
    if (refusal !== undefined) {
      reasons.push(refusal);
      message = message === undefined ? refusal : `${message}. ${refusal}`;
    }
    if (message !== undefined) throw new PartialFailure(message, id, { ...inputs, ...progress, __provider: providerText }, reasons);
    return { ...inputs, ...progress };
  }

  return {
    async check(_olds, news) {
      context.assertConfigured();
      return checkWith(ImportedC2CHistoryInputs, news, () => []);
    },

    async diff(_id, olds, raw) {
      const news = withoutProvider(raw);
      // At preview, before any call: a conversation whose imported part changed is refused (check sees only the
      // old inputs; diff is the first step with the recorded progress).
      assertNothingRewritten(olds, news);
      const before = olds.conversations ?? {};
      const after = (typeof news.conversations === "object" && news.conversations !== null ? news.conversations : {}) as Record<
        string,
        unknown
      >;
      const same = (name: string) => {
        const a = ownValue(before, name);
        const b = ownValue(after, name) as { hash?: unknown; messages?: unknown } | undefined;
        return a !== undefined && b !== undefined && a.hash === b.hash && a.messages === b.messages;
      };
      const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
      // A conversation short of its end (a run that stopped) is a change too: the next up goes on with it.
      const unfinished = Object.entries(before).some(([name, declared]) => !isWhole(olds, name, declared));
      const changes = unfinished || [...keys].some((name) => !same(name));
      return { changes, replaces: [], deleteBeforeReplace: false };
    },

    async create(raw) {
      const inputs = ImportedC2CHistoryInputs.parse(withoutProvider(raw));
      const id = historyId(inputs);
      return { id, outs: await imported(id, inputs, undefined, raw.__provider) };
    },

    async read(id, outputs) {
      const props = recordedOutputs(outputs, "ImportedC2CHistory");
      const { imported: _imported, importedHashes: _hashes, refused: _refused, ...inputs } = props;
      return { id, props, inputs };
    },

    async update(id, olds, news) {
      const inputs = ImportedC2CHistoryInputs.parse(withoutProvider(news));
      return { outs: await imported(id, inputs, olds, news.__provider) };
    },

    async delete() {
      // The imported messages stay: deleting the resource forgets its progress only.
    },
  };
}

import type { ProviderContext } from "../../runtime-context";
import { checkWith, withoutProvider } from "../check";
import { type ChatProvider, recordedOutputs } from "../dynamic-resource";
import { listSome, PartialFailure } from "../partial";
import { ImportedGroupHistoryInputs, type ImportedGroupHistoryOutputs } from "./schema";
import { assertPrefixUnchanged, HistoryNotImported, type HistoryProgress, importGroupHistory, refusedFile } from "./sync";

/**
 * The ImportedGroupHistory lifecycle. Create imports the conversation; an update with messages appended imports
 * only those; a change to what was imported fails at preview (check), since Tencent cannot rewrite history. Refresh
 * keeps the recorded progress (the read-back before every import is what compares it with the group). Delete
 * forgets: a group's messages go with the group, and the group resource decides that.
 */
export function groupHistoryProvider(context: ProviderContext): ChatProvider<ImportedGroupHistoryInputs, ImportedGroupHistoryOutputs> {
  /** Runs the import; progress short of the end becomes partial state, and refused messages are named once. */
  async function imported(
    inputs: ImportedGroupHistoryInputs,
    before: HistoryProgress | undefined,
    providerText: unknown,
  ): Promise<ImportedGroupHistoryOutputs> {
    const partial = (message: string, progress: HistoryProgress): PartialFailure =>
      new PartialFailure(message, inputs.groupId, { ...inputs, ...progress, __provider: providerText }, [message]);
    let progress: HistoryProgress;
    try {
      progress = await importGroupHistory(context, inputs, before);
    } catch (error) {
      if (error instanceof HistoryNotImported) throw partial(error.message, error.progress);
      throw error;
    }
    const known = new Set((before?.refused ?? []).map((entry) => entry.id));
    const fresh = progress.refused.filter((entry) => !known.has(entry.id));
    if (fresh.length > 0) {
      // Recorded in the state (never retried) and in the refused file; said once, as an error, so nobody misses it.
      const named = listSome(fresh.map((entry) => `${entry.id} (${entry.code}: ${entry.reason})`));
      throw partial(
        `${inputs.conversation}: Tencent refused ${fresh.length} message(s): ${named}; recorded in ${refusedFile(context, inputs.groupId)}. The other ${progress.imported - progress.refused.length} are imported; the next pulumi up goes on without these`,
        progress,
      );
    }
    return { ...inputs, ...progress };
  }

  return {
    async check(_olds, news) {
      context.assertConfigured();
      return checkWith(ImportedGroupHistoryInputs, news, () => []);
    },

    async diff(_id, olds, raw) {
      const news = withoutProvider(raw) as ImportedGroupHistoryInputs;
      // At preview, before any call (diff is the first step that sees the recorded progress; check sees only the
      // old inputs): a conversation whose imported part changed is refused, since Tencent cannot rewrite history.
      if (typeof news.contentHash === "string" && news.contentHash !== olds.contentHash && olds.imported > 0) {
        assertPrefixUnchanged(news.conversation, news.contentHash, olds);
      }
      const replaces = olds.groupId !== news.groupId || olds.conversation !== news.conversation ? ["groupId"] : [];
      const changes =
        replaces.length > 0 ||
        olds.contentHash !== news.contentHash ||
        olds.messageCount !== news.messageCount ||
        JSON.stringify(olds.unreadCounts ?? {}) !== JSON.stringify(news.unreadCounts ?? {});
      return { changes, replaces, deleteBeforeReplace: false };
    },

    async create(raw) {
      const inputs = ImportedGroupHistoryInputs.parse(withoutProvider(raw));
      return { id: inputs.groupId, outs: await imported(inputs, undefined, raw.__provider) };
    },

    async read(id, outputs) {
      const props = recordedOutputs(outputs, "ImportedGroupHistory");
      const { imported: _imported, importedHash: _hash, lastId: _lastId, lastTime: _lastTime, refused: _refused, ...inputs } = props;
      return { id, props, inputs };
    },

    async update(_id, olds, news) {
      const inputs = ImportedGroupHistoryInputs.parse(withoutProvider(news));
      return { outs: await imported(inputs, olds, news.__provider) };
    },

    async delete() {
      // A group's messages cannot be deleted one by one: they go with the group (its own resource's policy).
    },
  };
}

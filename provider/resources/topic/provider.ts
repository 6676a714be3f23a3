import type { ProviderContext } from "../../runtime-context";
import { pickDefined } from "../adopt";
import { checkWith, withoutProvider } from "../check";
import { ImportedTopicInputs, topicCrossFieldRules, type ImportedTopicOutputs } from "./schema";
import { importTopic, modifyTopic, readTopic, removeTopic, topicChange } from "./sync";
import { recordedOutputs, type ChatProvider } from "../dynamic-resource";

export { importTopicRequest, liveTopicInputs } from "./sync";

/** The ImportedTopic lifecycle, an adapter from the engine's calls to the work in ./sync.ts. */
export function topicProvider(context: ProviderContext): ChatProvider<ImportedTopicInputs, ImportedTopicOutputs> {
  return {
    async check(_olds, news) {
      context.assertConfigured();
      return checkWith(ImportedTopicInputs, news, (raw) => topicCrossFieldRules(raw));
    },

    async diff(_id, olds, news) {
      // Checked inputs, which at preview may still hold unknown values: compared as they are, not parsed.
      return topicChange(withoutProvider(olds) as ImportedTopicOutputs, withoutProvider(news) as ImportedTopicInputs);
    },

    async create(raw) {
      const inputs = ImportedTopicInputs.parse(withoutProvider(raw));
      const topicId = await importTopic(context, inputs);
      return { id: topicId, outs: { ...inputs, topicId } satisfies ImportedTopicOutputs };
    },

    async read(id, props) {
      const recorded = recordedOutputs(props, "ImportedTopic");
      const live = await readTopic(context, id, recorded);
      if (!live) return { id: "" };
      // The group facts serve the check only: kept as recorded, so they are never drift.
      const inputs = { ...live, ...pickDefined(["groupType", "groupSupportTopic"], recorded) };
      return { id, props: { ...inputs, topicId: id }, inputs };
    },

    async update(id, olds, news) {
      const inputs = ImportedTopicInputs.parse(withoutProvider(news));
      await modifyTopic(context, id, olds, inputs);
      return { outs: { ...inputs, topicId: id } satisfies ImportedTopicOutputs };
    },

    async delete(id, props) {
      await removeTopic(context, props.groupId, id);
    },
  };
}

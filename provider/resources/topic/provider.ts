import type * as pulumi from "@pulumi/pulumi";
import type { ProviderContext } from "../../runtime-context";
import { pickDefined } from "../adopt";
import { checkWith, withoutProvider } from "../check";
import { ImportedTopicInputs, topicCrossFieldRules, type ImportedTopicOutputs } from "./schema";
import { importTopic, modifyTopic, readTopic, removeTopic, topicChange } from "./sync";

export { importTopicRequest, liveTopicInputs } from "./sync";

/** The ImportedTopic lifecycle, an adapter from the engine's calls to the work in ./sync.ts. */
export function topicProvider(context: ProviderContext): Required<Omit<pulumi.dynamic.ResourceProvider, "configure">> {
  return {
    async check(_olds, news) {
      context.assertConfigured();
      return checkWith(ImportedTopicInputs, news, (raw) => topicCrossFieldRules(raw));
    },

    async diff(_id, olds: ImportedTopicOutputs, news: ImportedTopicInputs) {
      return topicChange(withoutProvider(olds) as ImportedTopicOutputs, withoutProvider(news) as ImportedTopicInputs);
    },

    async create(raw: ImportedTopicInputs) {
      const inputs = ImportedTopicInputs.parse(withoutProvider(raw));
      const topicId = await importTopic(context, inputs);
      return { id: topicId, outs: { ...inputs, topicId } satisfies ImportedTopicOutputs };
    },

    async read(id, props: ImportedTopicOutputs) {
      const live = await readTopic(context, id, props);
      if (!live) return { id: "", props: {} };
      // The group facts serve the check only: kept as recorded, so they are never drift.
      const inputs = { ...live, ...pickDefined(["groupType", "groupSupportTopic"], props) };
      return { id, props: { ...inputs, topicId: id }, inputs };
    },

    async update(id, olds: ImportedTopicOutputs, news: ImportedTopicInputs) {
      const inputs = ImportedTopicInputs.parse(withoutProvider(news));
      await modifyTopic(context, id, olds, inputs);
      return { outs: { ...inputs, topicId: id } satisfies ImportedTopicOutputs };
    },

    async delete(id, props: ImportedTopicOutputs) {
      await removeTopic(context, props.groupId, id);
    },
  };
}

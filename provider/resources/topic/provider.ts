import type { ProviderContext } from "../../runtime-context";
import { pickDefined } from "../adopt";
import type { ChatProvider } from "../dynamic-resource";
import { objectProvider } from "../object-provider";
import { ImportedTopicInputs, topicCrossFieldRules, type ImportedTopicOutputs } from "./schema";
import { importTopic, modifyTopic, readTopic, removeTopic, topicChange } from "./sync";

export { importTopicRequest, liveTopicInputs } from "./sync";

/** The ImportedTopic lifecycle, an adapter from the engine's calls to the work in ./sync.ts. */
export function topicProvider(context: ProviderContext): ChatProvider<ImportedTopicInputs, ImportedTopicOutputs> {
  return objectProvider<ImportedTopicInputs, ImportedTopicOutputs>(context, {
    kind: "ImportedTopic",
    schema: ImportedTopicInputs,
    crossFieldRules: topicCrossFieldRules,
    change: topicChange,
    create: (inputs) => importTopic(context, inputs),
    read: async (id, recorded) => {
      const live = await readTopic(context, id, recorded);
      // The group facts serve the check only: kept as recorded, so they are never drift.
      return live && { ...live, ...pickDefined(["groupType", "groupSupportTopic"], recorded) };
    },
    update: (id, before, after) => modifyTopic(context, id, before, after),
    remove: (id, recorded) => removeTopic(context, recorded.groupId, id),
    outputs: (inputs, topicId) => ({ ...inputs, topicId }),
  });
}

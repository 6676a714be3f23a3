import { getGroup } from "../../api/operations";
import type { ProviderContext } from "../../runtime-context";
import type { ChatProvider } from "../dynamic-resource";
import { objectProvider } from "../object-provider";
import { groupCrossFieldRules, ImportedGroupInputs, type ImportedGroupOutputs } from "./schema";
import { groupChange, importGroup, liveDeclaredInputs, modifyGroup, removeGroup } from "./sync";

export { importGroupRequest, liveDeclaredInputs, liveInputs, serviceDefaults } from "./sync";

/** The ImportedGroup lifecycle, an adapter from the engine's calls to the work in ./sync.ts. */
export function groupProvider(context: ProviderContext): ChatProvider<ImportedGroupInputs, ImportedGroupOutputs> {
  return objectProvider<ImportedGroupInputs, ImportedGroupOutputs>(context, {
    kind: "ImportedGroup",
    schema: ImportedGroupInputs,
    crossFieldRules: groupCrossFieldRules,
    change: groupChange,
    create: (inputs) => importGroup(context, inputs),
    read: async (id, recorded) => {
      const live = await getGroup(context.client(), id);
      return live && liveDeclaredInputs(recorded, live);
    },
    update: (id, before, after) => modifyGroup(context, id, before, after),
    remove: (id) => removeGroup(context, id),
    outputs: (inputs, groupId) => ({ ...inputs, groupId }),
  });
}

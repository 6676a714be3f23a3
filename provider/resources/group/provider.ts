import { getGroup } from "../../api/operations";
import type { ProviderContext } from "../../runtime-context";
import { checkWith, withoutProvider } from "../check";
import { groupCrossFieldRules, ImportedGroupInputs, type ImportedGroupOutputs } from "./schema";
import { groupChange, importGroup, liveDeclaredInputs, modifyGroup, removeGroup } from "./sync";
import { recordedOutputs, type ChatProvider } from "../dynamic-resource";

export { importGroupRequest, liveDeclaredInputs, liveInputs, serviceDefaults } from "./sync";

/** The ImportedGroup lifecycle, an adapter from the engine's calls to the work in ./sync.ts. */
export function groupProvider(context: ProviderContext): ChatProvider<ImportedGroupInputs, ImportedGroupOutputs> {
  return {
    async check(_olds, news) {
      context.assertConfigured();
      const { inputs, failures } = checkWith(ImportedGroupInputs, news, (raw) => groupCrossFieldRules(raw));
      return { inputs, failures };
    },

    async diff(_id, olds, news) {
      // Checked inputs, which at preview may still hold unknown values: compared as they are, not parsed.
      return groupChange(withoutProvider(olds) as ImportedGroupOutputs, withoutProvider(news) as ImportedGroupInputs);
    },

    async create(raw) {
      const inputs = ImportedGroupInputs.parse(withoutProvider(raw));
      const groupId = await importGroup(context, inputs);
      return { id: groupId, outs: { ...inputs, groupId } satisfies ImportedGroupOutputs };
    },

    async read(id, props) {
      const recorded = recordedOutputs(props, "ImportedGroup");
      const live = await getGroup(context.client(), id);
      // A blank ID tells the engine the group is gone, so refresh drops it from state.
      if (!live) return { id: "" };
      const inputs = liveDeclaredInputs(recorded, live);
      return { id, props: { ...inputs, groupId: id }, inputs };
    },

    async update(id, olds, news) {
      const inputs = ImportedGroupInputs.parse(withoutProvider(news));
      await modifyGroup(context, id, olds, inputs);
      return { outs: { ...inputs, groupId: id } satisfies ImportedGroupOutputs };
    },

    async delete(id) {
      await removeGroup(context, id);
    },
  };
}

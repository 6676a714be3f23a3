import type * as pulumi from "@pulumi/pulumi";
import { getGroup } from "../../api/operations";
import type { ProviderContext } from "../../runtime-context";
import { checkWith, withoutProvider } from "../check";
import { groupCrossFieldRules, ImportedGroupInputs, type ImportedGroupOutputs } from "./schema";
import { groupChange, importGroup, liveDeclaredInputs, modifyGroup, removeGroup } from "./sync";

export { importGroupRequest, liveDeclaredInputs, liveInputs, serviceDefaults } from "./sync";

/** The ImportedGroup lifecycle, an adapter from the engine's calls to the work in ./sync.ts. */
export function groupProvider(context: ProviderContext): Required<Omit<pulumi.dynamic.ResourceProvider, "configure">> {
  return {
    async check(_olds, news) {
      context.assertConfigured();
      const { inputs, failures } = checkWith(ImportedGroupInputs, news, (raw) => groupCrossFieldRules(raw));
      return { inputs, failures };
    },

    async diff(_id, olds: ImportedGroupOutputs, news: ImportedGroupInputs) {
      return groupChange(withoutProvider(olds) as ImportedGroupOutputs, withoutProvider(news) as ImportedGroupInputs);
    },

    async create(raw: ImportedGroupInputs) {
      const inputs = ImportedGroupInputs.parse(withoutProvider(raw));
      const groupId = await importGroup(context, inputs);
      return { id: groupId, outs: { ...inputs, groupId } satisfies ImportedGroupOutputs };
    },

    async read(id, props: ImportedGroupOutputs) {
      const live = await getGroup(context.client(), id);
      // A blank ID tells the engine the group is gone, so refresh drops it from state.
      if (!live) return { id: "", props: {} };
      const inputs = liveDeclaredInputs(props, live);
      return { id, props: { ...inputs, groupId: id }, inputs };
    },

    async update(id, olds: ImportedGroupOutputs, news: ImportedGroupInputs) {
      const inputs = ImportedGroupInputs.parse(withoutProvider(news));
      await modifyGroup(context, id, olds, inputs);
      return { outs: { ...inputs, groupId: id } satisfies ImportedGroupOutputs };
    },

    async delete(id) {
      await removeGroup(context, id);
    },
  };
}

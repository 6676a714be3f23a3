import { getGroup } from "../../api/operations";
import type { ProviderContext } from "../../runtime-context";
import { checkWith, withoutProvider } from "../check";
import { canonicalJson } from "../diff";
import { PartialFailure } from "../partial";
import { ImportedGroupMembersInputs, memberCrossFieldRules, type ImportedGroupMembersOutputs } from "./schema";
import { liveDeclaredMembers, MembersNotImported, removeMembers, syncMembers, type ImportResults } from "./sync";
import { recordedOutputs, type ChatProvider } from "../dynamic-resource";

export { liveDeclaredMembers, restoreDeclaredRole } from "./sync";

/** The ImportedGroupMembers lifecycle, an adapter from the engine's calls to the work in ./sync.ts. */
export function membersProvider(context: ProviderContext): ChatProvider<ImportedGroupMembersInputs, ImportedGroupMembersOutputs> {
  /** Runs a sync; members not imported become partial state, so a re-run imports only the rest. */
  async function synced(
    inputs: ImportedGroupMembersInputs,
    providerText: unknown,
    sync: () => Promise<ImportResults>,
  ): Promise<ImportedGroupMembersOutputs> {
    try {
      const importResults = await sync();
      return { ...inputs, memberCount: Object.keys(inputs.members).length, importResults };
    } catch (error) {
      if (!(error instanceof MembersNotImported)) throw error;
      const members = error.inPlace;
      throw new PartialFailure(
        error.message,
        inputs.groupId,
        { ...inputs, members, memberCount: Object.keys(members).length, importResults: error.results, __provider: providerText },
        error.reasons,
      );
    }
  }

  return {
    async check(_olds, news) {
      context.assertConfigured();
      return checkWith(ImportedGroupMembersInputs, news, (raw) => memberCrossFieldRules(raw));
    },

    async diff(_id, olds, raw) {
      // Checked inputs, which at preview may still hold unknown values: compared as they are, not parsed.
      const news = withoutProvider(raw) as ImportedGroupMembersInputs;
      const replaces = olds.groupId !== news.groupId ? ["groupId"] : [];
      const changes =
        replaces.length > 0 ||
        canonicalJson(olds.members) !== canonicalJson(news.members) ||
        olds.groupCreateTime !== news.groupCreateTime ||
        olds.groupOwner !== news.groupOwner;
      return { changes, replaces, deleteBeforeReplace: false };
    },

    async create(raw) {
      const inputs = ImportedGroupMembersInputs.parse(withoutProvider(raw));
      const outs = await synced(inputs, raw.__provider, () => syncMembers(context, inputs, undefined, inputs.members));
      return { id: inputs.groupId, outs };
    },

    async read(id, outputs) {
      const props = recordedOutputs(outputs, "ImportedGroupMembers");
      const client = context.client();
      const group = await getGroup(client, id);
      if (!group) return { id: "" };
      const members = await liveDeclaredMembers(client, group, props.members ?? {});
      const inputs = {
        groupId: id,
        ...(props.groupCreateTime !== undefined ? { groupCreateTime: props.groupCreateTime } : {}),
        ...(props.groupOwner !== undefined ? { groupOwner: props.groupOwner } : {}),
        members,
      };
      return { id, props: { ...props, ...inputs, memberCount: Object.keys(members).length }, inputs };
    },

    async update(_id, olds, news) {
      const inputs = ImportedGroupMembersInputs.parse(withoutProvider(news));
      const outs = await synced(inputs, news.__provider, () =>
        syncMembers(context, inputs, olds.members ?? {}, inputs.members, olds.groupOwner),
      );
      return { outs };
    },

    async delete(id, props) {
      await removeMembers(context, id, props.members ?? {});
    },
  };
}

import type * as pulumi from "@pulumi/pulumi";
import { mapConcurrent } from "../../api/concurrency";
import type { ChatClient } from "../../api/client";
import { invoke, type GroupInfo } from "../../api/commands";
import { deleteMembers, getGroup, importedAccounts, importMembers, listMembers, type MemberToImport } from "../../api/operations";
import type { ProviderContext } from "../../runtime-context";
import { checkWith, withoutProvider } from "../check";
import { canonicalJson } from "../diff";
import { listSome, PartialFailure } from "../partial";
import { progressLogger } from "../progress";
import { ImportedGroupMembersInputs, memberCrossFieldRules, type ImportedGroupMembersOutputs, type MemberSpec } from "./schema";

type Members = Record<string, MemberSpec>;

const toImport = (members: Members, accounts: readonly string[]): MemberToImport[] =>
  accounts.map((account) => ({ account, ...members[account] }));

/**
 * The declared members of an existing group as the service shows them, for refresh: only declared members are
 * managed, so people who joined by other means are not drift, and a declared member who left is absent.
 */
export async function liveDeclaredMembers(client: ChatClient, group: GroupInfo, declaredMembers: Members): Promise<Members> {
  const live = new Map((await listMembers(client, group.GroupId, group.Type === "Community")).map((m) => [m.account, m]));
  const members: Members = {};
  for (const [account, declared] of Object.entries(declaredMembers)) {
    const member = live.get(account);
    if (!member) continue;
    const spec: MemberSpec = { ...declared };
    // The owner's role is set on the group; any declared role matches it.
    if (member.role === "Admin" || member.role === "Member") {
      if (declared.role !== undefined || member.role === "Admin") spec.role = member.role;
    }
    // The service keeps an owner's join time at the group's creation, also after a change of owner. An imported
    // member cannot have that time (a JoinTime must come after CreateTime), so it marks an owner, present or
    // past, whose declared join time is not drift.
    const ownerTime = member.role === "Owner" || member.joinTime === group.CreateTime;
    if (declared.joinTime !== undefined && member.joinTime !== undefined && !ownerTime) spec.joinTime = member.joinTime;
    members[account] = spec; // unreadMsgNum is not readable with get_group_member_info: kept as declared
  }
  return members;
}

/**
 * Sets a previous owner's declared role again after change_group_owner, which demotes them to Member: without this
 * a declared Admin stays Member until a refresh and a second `up`.
 */
export async function restoreDeclaredRole(client: ChatClient, groupId: string, previousOwner: string | undefined, declared: MemberSpec | undefined): Promise<void> {
  if (previousOwner === undefined || declared?.role !== "Admin") return;
  await invoke(client, "modify_group_member_info", { GroupId: groupId, Member_Account: previousOwner, Role: "Admin" });
}

/** The ImportedGroupMembers lifecycle: import_group_member in batches, then role/unread/removal updates. */
export function membersProvider(context: ProviderContext): Required<Omit<pulumi.dynamic.ResourceProvider, "configure">> {
  /**
   * Imports `accounts`; when some fail, says why (not imported, or a JoinTime outside the group's lifetime) and
   * records the members that are in the group as partial state, so a re-run imports only the rest.
   */
  async function importOrFail(inputs: ImportedGroupMembersInputs, accounts: string[], kept: Members, providerText: unknown) {
    const client = context.client();
    const result = await importMembers(client, inputs.groupId, toImport(inputs.members, accounts), context.config().memberBatchSize, progressLogger(`${inputs.groupId}: `, "members"));
    if (result.failed.length === 0) return { added: result.added.length, alreadyMembers: result.alreadyMembers.length };
    const imported = await importedAccounts(client, result.failed);
    const createTime = (await getGroup(client, inputs.groupId))?.CreateTime;
    const reasons = result.failed.map((account) => {
      if (!imported.has(account)) return `${account}: not an imported account (import it with ImportedAccounts first)`;
      const joinTime = inputs.members[account]?.joinTime;
      return joinTime !== undefined
        ? `${account}: joinTime ${joinTime} must be after the group's createTime ${createTime ?? "?"} and before now`
        : `${account}: refused by import_group_member (Result 0)`;
    });
    const failed = new Set(result.failed);
    const members = { ...kept, ...Object.fromEntries(accounts.filter((a) => !failed.has(a)).map((a) => [a, inputs.members[a]!])) };
    throw new PartialFailure(
      `import_group_member failed for ${result.failed.length} of ${accounts.length} members of ${inputs.groupId}: ${listSome(reasons, 5)}`,
      inputs.groupId,
      { ...inputs, members, memberCount: Object.keys(members).length, importResults: { added: result.added.length, alreadyMembers: result.alreadyMembers.length }, __provider: providerText },
      reasons,
    );
  }

  return {
    async check(_olds, news) {
      context.assertConfigured();
      return checkWith(ImportedGroupMembersInputs, news, (raw) => memberCrossFieldRules(raw));
    },

    async diff(_id, olds: ImportedGroupMembersOutputs, news: ImportedGroupMembersInputs) {
      const replaces = olds.groupId !== news.groupId ? ["groupId"] : [];
      const changes = replaces.length > 0 || canonicalJson(olds.members) !== canonicalJson(news.members) ||
        olds.groupCreateTime !== news.groupCreateTime || olds.groupOwner !== news.groupOwner;
      return { changes, replaces, deleteBeforeReplace: false };
    },

    async create(raw: ImportedGroupMembersInputs & { __provider?: unknown }) {
      const inputs = ImportedGroupMembersInputs.parse(withoutProvider(raw));
      const importResults = await importOrFail(inputs, Object.keys(inputs.members), {}, raw.__provider);
      return {
        id: inputs.groupId,
        outs: { ...inputs, memberCount: Object.keys(inputs.members).length, importResults } satisfies ImportedGroupMembersOutputs,
      };
    },

    async read(id, props: ImportedGroupMembersOutputs) {
      const client = context.client();
      const group = await getGroup(client, id);
      if (!group) return { id: "", props: {} };
      const members = await liveDeclaredMembers(client, group, props.members ?? {});
      const inputs = {
        groupId: id,
        ...(props.groupCreateTime !== undefined ? { groupCreateTime: props.groupCreateTime } : {}),
        ...(props.groupOwner !== undefined ? { groupOwner: props.groupOwner } : {}),
        members,
      };
      return { id, props: { ...props, ...inputs, memberCount: Object.keys(members).length }, inputs };
    },

    async update(id, olds: ImportedGroupMembersOutputs, news: ImportedGroupMembersInputs & { __provider?: unknown }) {
      const inputs = ImportedGroupMembersInputs.parse(withoutProvider(news));
      const client = context.client();
      const previous = olds.members ?? {};
      const next = inputs.members;
      const removed = Object.keys(previous).filter((a) => !(a in next));
      // A join time cannot be modified: such members are removed and imported again.
      const rejoined = Object.keys(next).filter((a) => a in previous && previous[a]!.joinTime !== next[a]!.joinTime && next[a]!.joinTime !== undefined);
      const added = [...Object.keys(next).filter((a) => !(a in previous)), ...rejoined];
      const stay = Object.keys(next).filter((a) => a in previous && !rejoined.includes(a));

      const owner = removed.length + rejoined.length > 0 ? (await getGroup(client, id))?.Owner_Account : undefined;
      const removable = removed.filter((a) => a !== owner);
      const removing = removable.length > 0 && context.mayDelete(`${removable.length} members removed from the program from group ${id}`);
      // A rejoined member is imported again at once with the declared join time: nothing is lost.
      const toDelete = [...(removing ? removable : []), ...rejoined].filter((a) => a !== owner);
      if (toDelete.length > 0) await deleteMembers(client, id, toDelete);

      const kept = Object.fromEntries(stay.map((a) => [a, next[a]!]));
      const importResults = added.length > 0 ? await importOrFail(inputs, added, kept, news.__provider) : { added: 0, alreadyMembers: 0 };

      await mapConcurrent(stay, 16, async (account) => {
        const before = previous[account]!;
        const after = next[account]!;
        if ((before.role ?? "Member") !== (after.role ?? "Member") && account !== owner) {
          await invoke(client, "modify_group_member_info", { GroupId: id, Member_Account: account, Role: after.role ?? "Member" });
        }
        if (after.unreadMsgNum !== undefined && before.unreadMsgNum !== after.unreadMsgNum) {
          await invoke(client, "set_unread_msg_num", { GroupId: id, Member_Account: account, UnreadMsgNum: after.unreadMsgNum });
        }
      });
      if (olds.groupOwner !== inputs.groupOwner) await restoreDeclaredRole(client, id, olds.groupOwner, next[olds.groupOwner ?? ""]);
      return { outs: { ...inputs, memberCount: Object.keys(next).length, importResults } satisfies ImportedGroupMembersOutputs };
    },

    async delete(id, props: ImportedGroupMembersOutputs) {
      if (!context.mayDelete(`members of group ${id} (delete_group_member)`)) return;
      const client = context.client();
      const group = await getGroup(client, id);
      if (!group) return; // the group is gone, and its members with it
      const accounts = Object.keys(props.members ?? {}).filter((a) => a !== group.Owner_Account);
      await deleteMembers(client, id, accounts);
    },
  };
}

import type * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";
import { deleteAccounts, importAccounts, importedAccounts, type AccountToImport } from "../../api/operations";
import type { ProviderContext } from "../../runtime-context";
import { checkWith, withoutProvider } from "../check";
import { canonicalJson } from "../diff";
import { listSome, PartialFailure } from "../partial";
import { progressLogger } from "../progress";
import { ImportedAccountsInputs, type ImportedAccountsOutputs } from "./schema";

type Accounts = ImportedAccountsInputs["accounts"];

const toImport = (accounts: Accounts, ids: readonly string[]): AccountToImport[] =>
  ids.map((userId) => ({ userId, ...accounts[userId] }));

/** The outputs for `accounts`, with the adopted ones among them (sorted, so refresh and diff stay stable). */
function outputsOf(inputs: ImportedAccountsInputs, adopted: Iterable<string>): ImportedAccountsOutputs {
  const kept = [...new Set(adopted)].filter((u) => u in inputs.accounts).sort();
  return { ...inputs, accountCount: Object.keys(inputs.accounts).length, adoptedAccounts: kept };
}

/**
 * The ImportedAccounts lifecycle: multiaccount_import (an upsert), account_check, account_delete, by 100s. Accounts
 * that exist before the import (another stack's, or imported by hand) are adopted visibly and never deleted here;
 * the ones this resource created are deleted only when the resource declares `deletionPolicy: "delete"`.
 */
export function accountsProvider(context: ProviderContext): Required<Omit<pulumi.dynamic.ResourceProvider, "configure">> {
  /** account_check of `ids` before importing them: the ones that exist already are adopted, and the run says so. */
  async function existingBefore(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const existing = [...(await importedAccounts(context.client(), ids))].sort();
    if (existing.length > 0) {
      console.error(`warning: ${existing.length} of ${ids.length} accounts existed already and are adopted, not created: ${listSome(existing)}. They may belong to another stack or an earlier import; this stack will never delete them.`);
    }
    return existing;
  }

  /** Imports `ids`; on failures, records what did succeed as partial state and names the failed IDs. */
  async function importOrFail(id: string, inputs: ImportedAccountsInputs, ids: string[], kept: Accounts, adopted: string[], providerText: unknown): Promise<void> {
    const failed = await importAccounts(context.client(), toImport(inputs.accounts, ids), progressLogger("", "accounts"));
    if (failed.length === 0) return;
    const failedSet = new Set(failed);
    const imported = { ...kept, ...Object.fromEntries(ids.filter((u) => !failedSet.has(u)).map((u) => [u, inputs.accounts[u]!])) };
    throw new PartialFailure(
      `multiaccount_import refused ${failed.length} of ${ids.length} accounts: ${listSome(failed)}`,
      id,
      { ...outputsOf({ ...inputs, accounts: imported }, adopted), __provider: providerText },
      failed.map((u) => `${u}: refused by multiaccount_import (FailAccounts); check the UserID and profile lengths`),
    );
  }

  /** Deletes the accounts among `ids` this resource created, when deletion is declared on it and allowed now. */
  async function deleteCreated(ids: string[], adopted: readonly string[], policy: ImportedAccountsInputs["deletionPolicy"], what: string): Promise<void> {
    const created = ids.filter((u) => !adopted.includes(u));
    if (created.length === 0 || !context.mayDelete(`${created.length} ${what}`, { policy, requireDeclared: true })) return;
    await deleteAccounts(context.client(), created);
  }

  return {
    async check(_olds, news) {
      context.assertConfigured();
      return checkWith(ImportedAccountsInputs, news);
    },

    async diff(_id, olds: ImportedAccountsOutputs, news: ImportedAccountsInputs) {
      const changes = canonicalJson(olds.accounts) !== canonicalJson(news.accounts) || olds.deletionPolicy !== news.deletionPolicy;
      return { changes, replaces: [], deleteBeforeReplace: false };
    },

    async create(raw: ImportedAccountsInputs & { __provider?: unknown }) {
      const inputs = ImportedAccountsInputs.parse(withoutProvider(raw));
      const ids = Object.keys(inputs.accounts).sort();
      const id = `accounts-${createHash("sha256").update(ids.join("\n")).digest("hex").slice(0, 16)}`;
      const adopted = await existingBefore(ids);
      await importOrFail(id, inputs, ids, {}, adopted, raw.__provider);
      return { id, outs: outputsOf(inputs, adopted) };
    },

    async read(id, props: ImportedAccountsOutputs) {
      const declared = props.accounts ?? {};
      // account_check tells imported or not; profiles are not readable with the account commands, so kept as declared.
      const live = await importedAccounts(context.client(), Object.keys(declared));
      const accounts = Object.fromEntries(Object.entries(declared).filter(([userId]) => live.has(userId)));
      if (Object.keys(accounts).length === 0 && Object.keys(declared).length > 0) return { id: "", props: {} };
      const inputs: ImportedAccountsInputs = { accounts, ...(props.deletionPolicy ? { deletionPolicy: props.deletionPolicy } : {}) };
      return { id, props: outputsOf(inputs, props.adoptedAccounts ?? []), inputs };
    },

    async update(id, olds: ImportedAccountsOutputs, news: ImportedAccountsInputs & { __provider?: unknown }) {
      const inputs = ImportedAccountsInputs.parse(withoutProvider(news));
      const previous = olds.accounts ?? {};
      const added = Object.keys(inputs.accounts).filter((u) => !(u in previous)).sort();
      const changed = Object.keys(inputs.accounts).filter((u) => u in previous && canonicalJson(previous[u]) !== canonicalJson(inputs.accounts[u]));
      const removed = Object.keys(previous).filter((u) => !(u in inputs.accounts));
      const adopted = [...(olds.adoptedAccounts ?? []), ...(await existingBefore(added))];
      const unchanged = Object.fromEntries(Object.entries(inputs.accounts).filter(([u]) => !added.includes(u) && !changed.includes(u)));
      await importOrFail(id, inputs, [...added, ...changed], unchanged, adopted, news.__provider);
      await deleteCreated(removed, olds.adoptedAccounts ?? [], inputs.deletionPolicy, "accounts removed from the program");
      return { outs: outputsOf(inputs, adopted) };
    },

    async delete(_id, props: ImportedAccountsOutputs) {
      await deleteCreated(Object.keys(props.accounts ?? {}), props.adoptedAccounts ?? [], props.deletionPolicy, "accounts of a destroyed ImportedAccounts");
    },
  };
}

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

/** The ImportedAccounts lifecycle: multiaccount_import (an upsert), account_check, account_delete, by 100s. */
export function accountsProvider(context: ProviderContext): Required<Omit<pulumi.dynamic.ResourceProvider, "configure">> {
  /** Imports `ids`; on failures, records what did succeed as partial state and names the failed IDs. */
  async function importOrFail(id: string, accounts: Accounts, ids: string[], kept: Accounts, providerText: unknown): Promise<void> {
    const failed = await importAccounts(context.client(), toImport(accounts, ids), progressLogger("", "accounts"));
    if (failed.length === 0) return;
    const failedSet = new Set(failed);
    const imported = { ...kept, ...Object.fromEntries(ids.filter((u) => !failedSet.has(u)).map((u) => [u, accounts[u]!])) };
    throw new PartialFailure(
      `multiaccount_import refused ${failed.length} of ${ids.length} accounts: ${listSome(failed)}`,
      id,
      { accounts: imported, accountCount: Object.keys(imported).length, __provider: providerText },
      failed.map((u) => `${u}: refused by multiaccount_import (FailAccounts); check the UserID and profile lengths`),
    );
  }

  return {
    async check(_olds, news) {
      context.assertConfigured();
      return checkWith(ImportedAccountsInputs, news);
    },

    async diff(_id, olds: ImportedAccountsOutputs, news: ImportedAccountsInputs) {
      return { changes: canonicalJson(olds.accounts) !== canonicalJson(news.accounts), replaces: [], deleteBeforeReplace: false };
    },

    async create(raw: ImportedAccountsInputs & { __provider?: unknown }) {
      const { accounts } = ImportedAccountsInputs.parse(withoutProvider(raw));
      const ids = Object.keys(accounts).sort();
      const id = `accounts-${createHash("sha256").update(ids.join("\n")).digest("hex").slice(0, 16)}`;
      await importOrFail(id, accounts, ids, {}, raw.__provider);
      return { id, outs: { accounts, accountCount: ids.length } satisfies ImportedAccountsOutputs };
    },

    async read(id, props: ImportedAccountsOutputs) {
      const declared = props.accounts ?? {};
      // account_check tells imported or not; profiles are not readable with the account commands, so kept as declared.
      const live = await importedAccounts(context.client(), Object.keys(declared));
      const accounts = Object.fromEntries(Object.entries(declared).filter(([userId]) => live.has(userId)));
      if (Object.keys(accounts).length === 0 && Object.keys(declared).length > 0) return { id: "", props: {} };
      return { id, props: { accounts, accountCount: Object.keys(accounts).length }, inputs: { accounts } };
    },

    async update(id, olds: ImportedAccountsOutputs, news: ImportedAccountsInputs & { __provider?: unknown }) {
      const { accounts } = ImportedAccountsInputs.parse(withoutProvider(news));
      const previous = olds.accounts ?? {};
      const changed = Object.keys(accounts).filter((u) => canonicalJson(previous[u]) !== canonicalJson(accounts[u]));
      const removed = Object.keys(previous).filter((u) => !(u in accounts));
      const unchanged = Object.fromEntries(Object.entries(accounts).filter(([u]) => !changed.includes(u)));
      await importOrFail(id, accounts, changed, unchanged, news.__provider);
      if (removed.length > 0 && context.config().deletionPolicy === "delete") await deleteAccounts(context.client(), removed);
      return { outs: { accounts, accountCount: Object.keys(accounts).length } satisfies ImportedAccountsOutputs };
    },

    async delete(_id, props: ImportedAccountsOutputs) {
      if (context.config().deletionPolicy === "retain") return;
      await deleteAccounts(context.client(), Object.keys(props.accounts ?? {}));
    },
  };
}

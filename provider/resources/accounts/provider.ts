import { createHash } from "node:crypto";
import { chunks, mapConcurrent } from "../../api/concurrency";
import { deleteAccounts, importAccounts, importedAccounts, type AccountToImport } from "../../api/operations";
import type { ProviderContext } from "../../runtime-context";
import { checkWith, unchangedSinceApplied, withoutProvider } from "../check";
import { canonicalJson } from "../diff";
import { listSome, PartialFailure } from "../partial";
import { progressLogger } from "../progress";
import { encodeAccounts, readAccounts, type Accounts } from "./accounts-text";
import { ImportedAccountsInputs, type ImportedAccountsOutputs } from "./schema";
import { recordedOutputs, type ChatProvider } from "../dynamic-resource";

/** The accounts and policy as the provider works on them: the accounts decoded from their text. */
type Declared = Omit<ImportedAccountsInputs, "accounts"> & { accounts: Accounts };

/** The accounts of a text (or of the map an older state holds). */
const accountsOf = readAccounts;

/** Inputs or outputs with their accounts decoded. */
const declaredOf = ({
  accounts,
  deletionPolicy,
}: {
  accounts?: string | Accounts;
  deletionPolicy?: ImportedAccountsInputs["deletionPolicy"];
}): Declared => ({ accounts: accountsOf(accounts), ...(deletionPolicy ? { deletionPolicy } : {}) });

/** Accounts checked, then imported, together (10 calls of each). */
const PART = 1000;
/** Parts worked on at once: enough that both commands' rate limits are reached. */
const PARTS_IN_FLIGHT = 4;

/** The accounts among `ids` as multiaccount_import takes them. */
export const accountsToImport = (accounts: Accounts, ids: readonly string[]): AccountToImport[] =>
  ids.map((userId) => {
    const { nick, faceUrl } = accounts[userId]!;
    return { UserID: userId, ...(nick !== undefined ? { Nick: nick } : {}), ...(faceUrl !== undefined ? { FaceUrl: faceUrl } : {}) };
  });

/** The outputs for `accounts`, with the adopted ones among them (sorted, so refresh and diff stay stable). */
function outputsOf(declared: Declared, adopted: Iterable<string>): ImportedAccountsOutputs & { accounts: string } {
  const kept = [...new Set(adopted)].filter((u) => Object.hasOwn(declared.accounts, u)).sort();
  return {
    ...declared,
    accounts: encodeAccounts(declared.accounts),
    accountCount: Object.keys(declared.accounts).length,
    adoptedAccounts: kept,
  };
}

/**
 * The ImportedAccounts lifecycle: multiaccount_import (an upsert), account_check, account_delete, by 100s. Accounts
 * that exist before the import (another stack's, or imported by hand) are adopted visibly and never deleted here;
 * the ones this resource created are deleted only when the resource declares `deletionPolicy: "delete"`.
 */
export function accountsProvider(context: ProviderContext): ChatProvider<ImportedAccountsInputs, ImportedAccountsOutputs> {
  /**
   * Imports `ids`, each part of {@link PART} after its account_check (of the ones not `known` as this stack's), so
   * the accounts that exist already are known (adopted, and the run says so) before they are written to. Parts
   * overlap: account_check and multiaccount_import each have their own rate limit, and checking part k+1 while
   * importing part k takes the time of one of them.
   */
  async function checkThenImport(
    inputs: Declared,
    ids: string[],
    known: ReadonlySet<string>,
  ): Promise<{ existing: string[]; failed: string[] }> {
    const client = context.client();
    const progress = progressLogger("", "accounts");
    let done = 0;
    const parts = await mapConcurrent(chunks(ids, PART), PARTS_IN_FLIGHT, async (part) => {
      const unknown = part.filter((u) => !known.has(u));
      const existing = unknown.length > 0 ? await importedAccounts(client, unknown) : [];
      const failed = await importAccounts(client, accountsToImport(inputs.accounts, part));
      done += part.length;
      progress(done, ids.length);
      return { existing: [...existing], failed };
    });
    const existing = parts.flatMap((p) => p.existing).sort();
    if (existing.length > 0) {
      console.error(
        `warning: ${existing.length} of ${ids.length - known.size} accounts existed already and are adopted, not created: ${listSome(existing)}. They may belong to another stack or an earlier import; this stack will never delete them.`,
      );
    }
    return { existing, failed: parts.flatMap((p) => p.failed) };
  }

  /** Imports `ids` (see checkThenImport); on failures, records what did succeed as partial state and names the failed IDs. */
  async function importOrFail(
    id: string,
    inputs: Declared,
    ids: string[],
    kept: Accounts,
    adoptedBefore: readonly string[],
    providerText: unknown,
    known: ReadonlySet<string> = new Set(),
  ): Promise<string[]> {
    const { existing, failed } = await checkThenImport(inputs, ids, known);
    const adopted = [...adoptedBefore, ...existing];
    if (failed.length === 0) return adopted;
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
  async function deleteCreated(
    ids: string[],
    adopted: readonly string[],
    policy: ImportedAccountsInputs["deletionPolicy"],
    what: string,
  ): Promise<void> {
    const keep = new Set(adopted);
    const created = ids.filter((u) => !keep.has(u));
    if (created.length === 0 || !context.mayDelete(`${created.length} ${what}`, { policy, requireDeclared: true })) return;
    await deleteAccounts(context.client(), created);
  }

  return {
    async check(olds, news) {
      context.assertConfigured();
      // A hundred thousand accounts are not read again at every preview.
      const inputs = withoutProvider(news);
      if (unchangedSinceApplied(olds, inputs)) return { inputs, failures: [] };
      return checkWith(ImportedAccountsInputs, news);
    },

    async diff(_id, olds, raw) {
      // Checked inputs: the accounts are one text (an unknown value at preview is a change, as any other text).
      const news = withoutProvider(raw) as ImportedAccountsInputs;
      // Texts are canonical (sorted keys): equal texts are equal accounts; otherwise (an older state's map) compare maps.
      const same =
        olds.accounts === news.accounts || encodeAccounts(accountsOf(olds.accounts)) === encodeAccounts(accountsOf(news.accounts));
      const changes = !same || olds.deletionPolicy !== news.deletionPolicy;
      return { changes, replaces: [], deleteBeforeReplace: false };
    },

    async create(raw) {
      const inputs = declaredOf(ImportedAccountsInputs.parse(withoutProvider(raw)));
      const ids = Object.keys(inputs.accounts).sort();
      const id = `accounts-${createHash("sha256").update(ids.join("\n")).digest("hex").slice(0, 16)}`;
      const adopted = await importOrFail(id, inputs, ids, {}, [], raw.__provider);
      return { id, outs: outputsOf(inputs, adopted) };
    },

    async read(id, outputs) {
      const props = recordedOutputs(outputs, "ImportedAccounts");
      const declared = accountsOf(props.accounts);
      // account_check tells imported or not; profiles are not readable with the account commands, so kept as declared.
      const live = await importedAccounts(context.client(), Object.keys(declared));
      const accounts = Object.fromEntries(Object.entries(declared).filter(([userId]) => live.has(userId)));
      if (Object.keys(accounts).length === 0 && Object.keys(declared).length > 0) return { id: "" };
      const outs = outputsOf(
        { accounts, ...(props.deletionPolicy ? { deletionPolicy: props.deletionPolicy } : {}) },
        props.adoptedAccounts ?? [],
      );
      return {
        id,
        props: outs,
        inputs: { accounts: outs.accounts, ...(props.deletionPolicy ? { deletionPolicy: props.deletionPolicy } : {}) },
      };
    },

    async update(id, olds, news) {
      const inputs = declaredOf(ImportedAccountsInputs.parse(withoutProvider(news)));
      const previous = accountsOf(olds.accounts);
      const added = Object.keys(inputs.accounts)
        .filter((u) => !(u in previous))
        .sort();
      const changed = Object.keys(inputs.accounts).filter(
        (u) => u in previous && canonicalJson(previous[u]) !== canonicalJson(inputs.accounts[u]),
      );
      const removed = Object.keys(previous).filter((u) => !(u in inputs.accounts));
      const touched = new Set([...added, ...changed]);
      const unchanged = Object.fromEntries(Object.entries(inputs.accounts).filter(([u]) => !touched.has(u)));
      // Only the added accounts can newly be adopted: a changed one is in the state already, so it is not checked.
      const adopted = await importOrFail(
        id,
        inputs,
        [...added, ...changed],
        unchanged,
        olds.adoptedAccounts ?? [],
        news.__provider,
        new Set(changed),
      );
      await deleteCreated(removed, olds.adoptedAccounts ?? [], inputs.deletionPolicy, "accounts removed from the program");
      return { outs: outputsOf(inputs, adopted) };
    },

    async delete(_id, props) {
      await deleteCreated(
        Object.keys(accountsOf(props.accounts)),
        props.adoptedAccounts ?? [],
        props.deletionPolicy,
        "accounts of a destroyed ImportedAccounts",
      );
    },
  };
}

import type * as pulumi from "@pulumi/pulumi";
import { ChatClient } from "./api/client";
import { resolveProviderConfig, type ProviderConfig } from "./config";
import { currentStackFilePolicy, mayDelete } from "./resources/deletion";
import { accountsProvider } from "./resources/accounts/provider";
import { batchProvider } from "./resources/batch/provider";
import { c2cHistoryProvider } from "./resources/c2c-history/provider";
import { groupProvider } from "./resources/group/provider";
import { groupHistoryProvider } from "./resources/history/provider";
import { groupHistoryBatchProvider } from "./resources/history-batch/provider";
import { membersProvider } from "./resources/members/provider";
import { topicProvider } from "./resources/topic/provider";
import type { ProviderContext } from "./runtime-context";
import type { ResourceKind } from "./resources/dynamic-resource";

/**
 * The provider process's side of every resource. A resource's `__provider` only requires this module by package
 * name and picks its kind's export (see ./resources/dynamic-resource.ts), so the installed code is what runs, and
 * one configuration, client and set of rate limiters serve every resource in the process.
 */

let configLookup: ((key: string) => string | undefined) | undefined;
/** The stack the resources belong to, when their `__provider` names it (see {@link forStack}). */
let stackName: string | undefined;
/**
 * The stack's settings file's deletion policy, read once per provider process (one CLI command) at its first
 * delete, not again for each of a batch's groups.
 */
let stackFilePolicy: { value: string | undefined } | undefined;
const currentPolicy = () => {
  stackFilePolicy ??= { value: stackName === undefined ? undefined : currentStackFilePolicy(stackName) };
  return stackFilePolicy.value;
};
let cachedConfig: ProviderConfig | undefined;
let sharedClient: ChatClient | undefined;

const context: ProviderContext = {
  config() {
    cachedConfig ??= resolveProviderConfig(configLookup ?? (() => undefined));
    return cachedConfig;
  },
  client() {
    sharedClient ??= new ChatClient({ config: context.config() });
    return sharedClient;
  },
  assertConfigured() {
    if (configLookup) context.config();
  },
  stack() {
    return stackName;
  },
  mayDelete(what, declared = {}) {
    const { deletionPolicy, region, endpoint } = context.config();
    return mayDelete(
      {
        settings: { deletionPolicy, region, endpoint },
        currentPolicy,
        declared: declared.policy,
        requireDeclared: declared.requireDeclared ?? false,
      },
      what,
    );
  },
};

/**
 * Called by the dynamic provider once per resource kind with the whole stack config; secrets arrive
 * as plaintext. The client, and with it the rate limiters, is rebuilt only when the configuration changed.
 */
export async function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  configLookup = (key) => req.config.get(key);
  const previous = cachedConfig;
  cachedConfig = undefined;
  if (previous && JSON.stringify(previous) !== JSON.stringify(context.config())) {
    void sharedClient?.close();
    sharedClient = undefined;
  }
}

/**
 * The providers of resources of `stack`: what a resource's `__provider` loads. Knowing the stack lets a delete read
 * the stack's settings file as it is now, since `pulumi destroy` configures the provider with the settings recorded
 * at the last `pulumi up` (see ./resources/deletion.ts).
 */
export function forStack(stack: string): Record<ResourceKind, pulumi.dynamic.ResourceProvider> {
  stackName = stack;
  return {
    ImportedGroup,
    ImportedGroupMembers,
    ImportedTopic,
    ImportedAccounts,
    ImportedGroupBatch,
    ImportedGroupHistory,
    ImportedC2CHistory,
    ImportedGroupHistoryBatch,
  };
}

/** The ImportedGroup lifecycle, as Pulumi's dynamic provider calls it. */
export const ImportedGroup: pulumi.dynamic.ResourceProvider = { configure, ...groupProvider(context) };
/** The ImportedGroupMembers lifecycle. */
export const ImportedGroupMembers: pulumi.dynamic.ResourceProvider = { configure, ...membersProvider(context) };
/** The ImportedTopic lifecycle. */
export const ImportedTopic: pulumi.dynamic.ResourceProvider = { configure, ...topicProvider(context) };
/** The ImportedAccounts lifecycle. */
export const ImportedAccounts: pulumi.dynamic.ResourceProvider = { configure, ...accountsProvider(context) };
/** The ImportedGroupHistory lifecycle. */
export const ImportedGroupHistory: pulumi.dynamic.ResourceProvider = { configure, ...groupHistoryProvider(context) };
/** The ImportedC2CHistory lifecycle. */
export const ImportedC2CHistory: pulumi.dynamic.ResourceProvider = { configure, ...c2cHistoryProvider(context) };
/** The ImportedGroupHistoryBatch lifecycle. */
export const ImportedGroupHistoryBatch: pulumi.dynamic.ResourceProvider = { configure, ...groupHistoryBatchProvider(context) };
/** The ImportedGroupBatch lifecycle. */
export const ImportedGroupBatch: pulumi.dynamic.ResourceProvider = { configure, ...batchProvider(context) };

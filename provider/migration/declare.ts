import * as pulumi from "@pulumi/pulumi";
import { ImportedAccounts } from "../resources/accounts/resource";
import { ImportedGroup } from "../resources/group/resource";
import { ImportedGroupMembers } from "../resources/members/resource";
import { ImportedTopic } from "../resources/topic/resource";
import type { Manifest } from "./manifest";

/** Options of {@link declareMigration}. */
export interface DeclareOptions {
  /** Protect every resource from deletion (`pulumi destroy` and replacements fail): for a production run. */
  protect?: boolean;
  /** Prefix of every resource name, to hold two migrations in one stack. */
  namePrefix?: string;
}

/** The resources a manifest became, and its IDs as outputs. */
export interface DeclaredMigration {
  accounts: ImportedAccounts | undefined;
  groups: Record<string, ImportedGroup>;
  members: Record<string, ImportedGroupMembers>;
  topics: Record<string, ImportedTopic>;
  /** Group key to GroupId. */
  groupIds: pulumi.Output<Record<string, string>>;
}

/**
 * Declares the resources of a validated manifest in the order Tencent requires: the accounts, then each group
 * (after the accounts), its members (after the group and the accounts) and its topics (after the group).
 */
export function declareMigration(manifest: Manifest, options: DeclareOptions = {}): DeclaredMigration {
  const prefix = options.namePrefix ?? "";
  const opts = (dependsOn: pulumi.Resource[]): pulumi.CustomResourceOptions => ({ dependsOn, ...(options.protect ? { protect: true } : {}) });
  const accountIds = Object.keys(manifest.accounts);
  const accounts = accountIds.length > 0 ? new ImportedAccounts(`${prefix}accounts`, { accounts: manifest.accounts }, opts([])) : undefined;
  const afterAccounts = accounts ? [accounts] : [];

  const groups: Record<string, ImportedGroup> = {};
  const members: Record<string, ImportedGroupMembers> = {};
  const topics: Record<string, ImportedTopic> = {};
  for (const { key, members: memberMap, topics: topicList, ...inputs } of manifest.groups) {
    const group = new ImportedGroup(`${prefix}${key}`, inputs, opts(afterAccounts));
    groups[key] = group;
    if (Object.keys(memberMap).length > 0) {
      members[key] = new ImportedGroupMembers(`${prefix}${key}-members`, { group, members: memberMap }, opts(afterAccounts));
    }
    for (const { key: topicKey, ...topic } of topicList) {
      topics[`${key}/${topicKey}`] = new ImportedTopic(`${prefix}${key}-topic-${topicKey}`, { ...topic, groupId: group.groupId }, opts(afterAccounts));
    }
  }
  const groupIds = pulumi.all(Object.fromEntries(Object.entries(groups).map(([key, group]) => [key, group.groupId])));
  return { accounts, groups, members, topics, groupIds };
}

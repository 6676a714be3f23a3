import * as pulumi from "@pulumi/pulumi";
import { ImportedAccounts } from "../resources/accounts/resource";
import { ImportedGroupBatch, type BatchGroupArgs } from "../resources/batch/resource";
import { MAX_GROUPS_PER_BATCH } from "../resources/batch/schema";
import { ImportedGroup } from "../resources/group/resource";
import { ImportedGroupMembers } from "../resources/members/resource";
import { ImportedTopic } from "../resources/topic/resource";
import type { Manifest, ManifestGroup } from "./manifest";
import type { Conversion } from "./sources/conversion";
import { formatItem } from "./sources/report";

/** Options of {@link declareMigration}. */
export interface DeclareOptions {
  /** Protect every resource from deletion (`pulumi destroy` and replacements fail): for a production run. */
  protect?: boolean;
  /** Prefix of every resource name, to hold two migrations in one stack. */
  namePrefix?: string;
  /**
   * Declare the groups as {@link ImportedGroupBatch} resources of at most this many groups (and about
   * {@link MEMBERS_PER_BATCH} members) each, instead of an ImportedGroup, ImportedGroupMembers and ImportedTopic
   * per group. 0 (the default) keeps one resource per object. Choose one form per stack: switching an applied
   * stack replaces its groups (see the README).
   */
  groupsPerBatch?: number;
}

/**
 * A batch closes at this many members: about 7 MB of text, so one resource's state and messages stay a few MB,
 * while a million members are 5 batches (the engine runs 4 steps per CPU at once by default, and writes its state
 * after each step: few large steps keep both in check, BENCHMARKS.md).
 */
export const MEMBERS_PER_BATCH = 200_000;

/** The resources a manifest became, and its IDs as outputs. */
export interface DeclaredMigration {
  accounts: ImportedAccounts | undefined;
  groups: Record<string, ImportedGroup>;
  members: Record<string, ImportedGroupMembers>;
  topics: Record<string, ImportedTopic>;
  /** The batches, when declared with `groupsPerBatch`. */
  batches: ImportedGroupBatch[];
  /** Group key to GroupId. */
  groupIds: pulumi.Output<Record<string, string>>;
}

/** A manifest group as a batch holds it: topics keyed by their key. */
function batchGroup({ key: _key, members, topics, ...inputs }: ManifestGroup): BatchGroupArgs {
  return {
    ...inputs,
    ...(Object.keys(members).length > 0 ? { members } : {}),
    ...(topics.length > 0 ? { topics: Object.fromEntries(topics.map(({ key, ...topic }) => [key, topic])) } : {}),
  };
}

/** Splits the groups into batches of at most `size` groups and about {@link MEMBERS_PER_BATCH} members. */
function batchesOf(groups: ManifestGroup[], size: number): ManifestGroup[][] {
  const batches: ManifestGroup[][] = [];
  let current: ManifestGroup[] = [];
  let members = 0;
  for (const group of groups) {
    const count = Object.keys(group.members).length;
    if (current.length > 0 && (current.length >= size || members + count > MEMBERS_PER_BATCH)) {
      batches.push(current);
      current = [];
      members = 0;
    }
    current.push(group);
    members += count;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * Declares the resources of a validated manifest in the order Tencent requires: the accounts, then each group
 * (after the accounts), its members (after the group and the accounts) and its topics (after the group). With
 * `groupsPerBatch`, groups with their members and topics are declared in batches instead.
 */
export function declareMigration(manifest: Manifest, options: DeclareOptions = {}): DeclaredMigration {
  const prefix = options.namePrefix ?? "";
  const opts = (dependsOn: pulumi.Resource[]): pulumi.CustomResourceOptions => ({
    dependsOn,
    ...(options.protect ? { protect: true } : {}),
  });
  const accountIds = Object.keys(manifest.accounts);
  const accounts = accountIds.length > 0 ? new ImportedAccounts(`${prefix}accounts`, { accounts: manifest.accounts }, opts([])) : undefined;
  const afterAccounts = accounts ? [accounts] : [];

  const groups: Record<string, ImportedGroup> = {};
  const members: Record<string, ImportedGroupMembers> = {};
  const topics: Record<string, ImportedTopic> = {};
  const batches: ImportedGroupBatch[] = [];
  const size = options.groupsPerBatch ?? 0;
  if (!Number.isInteger(size) || size < 0 || size > MAX_GROUPS_PER_BATCH) {
    throw new RangeError(`groupsPerBatch must be an integer from 0 to ${MAX_GROUPS_PER_BATCH}, got ${size}`);
  }
  if (size > 0) {
    // Declared longest chain first: the engine works on a few steps at once in the order they were declared, and a
    // community's member pages follow a cursor, one call after another (100 members a call), so the batch holding
    // the largest community would otherwise start its long sequence last. Names keep the manifest's order.
    const chain = (groups: ManifestGroup[]) =>
      Math.max(0, ...groups.filter((g) => g.type === "Community").map((g) => Object.keys(g.members).length));
    // Each batch's chain counted once, not in every comparison (a 100,000-member map takes milliseconds to count).
    const split = batchesOf(manifest.groups, size).map((groups, index) => ({ groups, index, chain: chain(groups) }));
    const declaredOrder = [...split].sort((a, b) => b.chain - a.chain || a.index - b.index);
    const byIndex = new Map<number, ImportedGroupBatch>();
    for (const { groups, index } of declaredOrder) {
      const declared = Object.fromEntries(groups.map((group) => [group.key, batchGroup(group)]));
      byIndex.set(index, new ImportedGroupBatch(`${prefix}groups-${index}`, { groups: declared }, opts(afterAccounts)));
    }
    batches.push(...split.map(({ index }) => byIndex.get(index)!));
    const groupIds = pulumi.all(batches.map((b) => b.groupIds)).apply((all) => Object.assign({}, ...all) as Record<string, string>);
    return { accounts, groups, members, topics, batches, groupIds };
  }
  for (const { key, members: memberMap, topics: topicList, ...inputs } of manifest.groups) {
    const group = new ImportedGroup(`${prefix}${key}`, inputs, opts(afterAccounts));
    groups[key] = group;
    if (Object.keys(memberMap).length > 0) {
      members[key] = new ImportedGroupMembers(`${prefix}${key}-members`, { group, members: memberMap }, opts(afterAccounts));
    }
    for (const { key: topicKey, ...topic } of topicList) {
      topics[`${key}/${topicKey}`] = new ImportedTopic(
        `${prefix}${key}-topic-${topicKey}`,
        { ...topic, groupId: group.groupId },
        opts(afterAccounts),
      );
    }
  }
  const groupIds = pulumi.all(Object.fromEntries(Object.entries(groups).map(([key, group]) => [key, group.groupId])));
  return { accounts, groups, members, topics, batches, groupIds };
}

/**
 * Declares what a converter (`convertSlackExport`, `convertTables`, `convertStreamExport`, `convertMattermostExport`) produced: what it
 * adjusted or could not map is logged where `pulumi preview` shows it, and an input with problems stops the
 * program with every problem, by file and line, before anything is declared.
 */
export function declareConversion(label: string, conversion: Conversion, options: DeclareOptions = {}): DeclaredMigration {
  const { manifest, report } = conversion;
  for (const item of [...report.adjusted, ...report.unmapped]) pulumi.log.info(`${label}: ${formatItem(item)}`);
  if (!manifest) {
    const listed = report.problems.map((p) => `  ${formatItem(p)}`);
    const more = report.counts.problems - report.problems.length;
    throw new Error(
      `${label} has ${report.counts.problems} problem(s):\n${listed.join("\n")}${more > 0 ? `\n  ... and ${more} more` : ""}`,
    );
  }
  return declareMigration(manifest, options);
}

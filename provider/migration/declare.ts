import * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";
import { ImportedAccounts } from "../resources/accounts/resource";
import { recordDeclaredGroups } from "../resources/batch/declared-groups";
import { ImportedGroupBatch, type BatchGroupArgs } from "../resources/batch/resource";
import { stableGroupId } from "../resources/stable-id";
import { MAX_GROUPS_PER_BATCH } from "../resources/batch/schema";
import { ImportedC2CHistory } from "../resources/c2c-history/resource";
import type { C2CConversation } from "../resources/c2c-history/schema";
import { ImportedGroup } from "../resources/group/resource";
import { ImportedGroupHistory } from "../resources/history/resource";
import { type BatchConversationArgs, ImportedGroupHistoryBatch } from "../resources/history-batch/resource";
import { ImportedGroupMembers } from "../resources/members/resource";
import { ImportedTopic } from "../resources/topic/resource";
import { CONTENT_HASH_DIGITS, type SplitConversation, splitHistory } from "./history-split";
import type { Manifest, ManifestGroup } from "./manifest";
import type { Conversion } from "./sources/conversion";
import { formatItem } from "./sources/report";
import { listSome } from "../resources/partial";
import { setOwn } from "../own-keys";

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
  /**
   * The message history to import (see ./history.ts), split by {@link splitHistory}: each group's conversation
   * becomes an {@link ImportedGroupHistory} after the group, its members and the accounts (with `groupsPerBatch`,
   * each batch's conversations one {@link ImportedGroupHistoryBatch} after the batch); the 1:1 conversations
   * become {@link ImportedC2CHistory} resources of about {@link C2C_PAIRS_PER_RESOURCE} each, after the accounts.
   */
  history?: { file: string; conversations: Map<string, SplitConversation> };
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
  /** Each group's history, by group key (one resource per group). */
  histories: Record<string, ImportedGroupHistory>;
  /** The groups' history in the batch form: one resource per batch, after it. */
  historyBatches: ImportedGroupHistoryBatch[];
  /** The 1:1 history, in resources of about {@link C2C_PAIRS_PER_RESOURCE} conversations each. */
  c2cHistories: ImportedC2CHistory[];
}

/**
 * 1:1 conversations per {@link ImportedC2CHistory}: resources hold between half of it and all of it on average. A
 * resource's state is about 300 bytes per conversation (the name, hash and count as inputs and again as outputs,
 * and the progress), so a thousand keep what the engine writes at each checkpoint near a third of a MB and the plan
 * a screen per resource; tens of thousands of pairs are a few dozen steps, not tens of thousands (one resource per
 * pair would make the engine's per-resource work, not the 200 calls/s, the bound). The client's limiter paces the
 * calls whatever the split, and a provider process works on at most 64 conversations at once across resources.
 */
export const C2C_PAIRS_PER_RESOURCE = 1000;

/** Bits of a conversation name's hash that pick its resource: the fewest that keep buckets at most {@link C2C_PAIRS_PER_RESOURCE} on average. */
function c2cBucketBits(pairs: number): number {
  let bits = 0;
  while (pairs > C2C_PAIRS_PER_RESOURCE * 2 ** bits) bits += 1;
  return bits;
}

/** The first `bits` bits of the sha256 of a conversation's name, as `0`s and `1`s. */
function c2cBucket(name: string, bits: number): string {
  const digest = createHash("sha256").update(name).digest();
  let bucket = "";
  for (let i = 0; i < bits; i += 1) bucket += (digest[i >> 3]! >> (7 - (i & 7))) & 1 ? "1" : "0";
  return bucket;
}

/**
 * The unread counts a group's members declare, if any: importing history sets every member's to 0, so the history
 * resource sets them again after its import.
 */
function declaredUnreadCounts(group: ManifestGroup): Record<string, number> | undefined {
  const counts: Record<string, number> = {};
  for (const [account, member] of Object.entries(group.members))
    if (member.unreadMsgNum !== undefined) setOwn(counts, account, member.unreadMsgNum);
  return Object.keys(counts).length > 0 ? counts : undefined;
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
  /** A group's history resource, after its group (and members), when the history holds its conversation. */
  const declareHistory = (group: ManifestGroup, groupId: pulumi.Input<string>, after: pulumi.Resource[]) => {
    const conversation = options.history?.conversations.get(group.key);
    if (!options.history || !conversation) return undefined;
    const unreadCounts = declaredUnreadCounts(group);
    return new ImportedGroupHistory(
      `${prefix}${group.key}-history`,
      {
        groupId,
        historyFile: options.history.file,
        conversation: group.key,
        contentHash: conversation.hash,
        messageCount: conversation.messages,
        ...(unreadCounts ? { unreadCounts } : {}),
      },
      opts(after),
    );
  };
  /**
   * The 1:1 conversations, after the accounts (importmsg takes only imported accounts), declared last: each is a
   * long run of calls, and the engine starts steps in the order they were declared. A conversation goes to the
   * resource its name's hash picks ({@link c2cBucket}), so a conversation added later joins a resource without
   * moving any other. When the pairs outgrow the resources, each one splits in two (one more bit): the half whose
   * new bit is 0 keeps the resource (an alias of its old name, state and progress), the other half is a new one
   * that sends its conversations again, which importmsg keeps once.
   */
  const declareC2CHistories = (after: pulumi.Resource[]): ImportedC2CHistory[] => {
    if (!options.history) return [];
    const pairs: [string, C2CConversation][] = [];
    const strangers: string[] = [];
    for (const [name, conversation] of options.history.conversations) {
      if (typeof conversation.conversation === "string") continue;
      if (conversation.conversation.every((person) => Object.hasOwn(manifest.accounts, person)))
        pairs.push([name, { hash: conversation.hash.slice(0, CONTENT_HASH_DIGITS), messages: conversation.messages }]);
      else strangers.push(name);
    }
    // Said where a reviewer reads the plan: nothing of the history file is left behind without a word.
    if (strangers.length > 0)
      pulumi.log.warn(
        `${options.history.file}: ${strangers.length} 1:1 conversation(s) name people who are not among the manifest's accounts and are not imported: ${listSome(strangers, 5)} (tencent-chat-migrate validate --history lists them)`,
      );
    if (pairs.length === 0) return [];
    const bits = c2cBucketBits(pairs.length);
    const buckets = new Map<string, Record<string, C2CConversation>>();
    for (const [name, conversation] of pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const bucket = c2cBucket(name, bits);
      const entry = buckets.get(bucket) ?? {};
      setOwn(entry, name, conversation);
      buckets.set(bucket, entry);
    }
    const nameOf = (bucket: string) => `${prefix}c2c-history${bucket === "" ? "" : `-${bucket}`}`;
    return [...buckets.keys()].sort().map((bucket) => {
      const aliases = bucket.endsWith("0") ? [{ name: nameOf(bucket.slice(0, -1)) }] : [];
      return new ImportedC2CHistory(
        nameOf(bucket),
        { historyFile: options.history!.file, conversations: buckets.get(bucket)! },
        { ...opts(after), ...(aliases.length > 0 ? { aliases } : {}) },
      );
    });
  };
  const accountIds = Object.keys(manifest.accounts);
  const accounts = accountIds.length > 0 ? new ImportedAccounts(`${prefix}accounts`, { accounts: manifest.accounts }, opts([])) : undefined;
  const afterAccounts = accounts ? [accounts] : [];

  const groups: Record<string, ImportedGroup> = {};
  const members: Record<string, ImportedGroupMembers> = {};
  const topics: Record<string, ImportedTopic> = {};
  const batches: ImportedGroupBatch[] = [];
  /** The whole declaration, in either form: the 1:1 history comes last (see declareC2CHistories). */
  const declared = (form: Pick<DeclaredMigration, "groupIds" | "histories" | "historyBatches">): DeclaredMigration => ({
    accounts,
    groups,
    members,
    topics,
    batches,
    ...form,
    c2cHistories: declareC2CHistories(afterAccounts),
  });
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
    // Recorded before any batch is declared: a group that moved to another batch (one removed or added earlier in the
    // manifest shifts the rest) is forgotten by the batch it left, never destroyed (../resources/batch/declared-groups.ts).
    const [project, stack] = [pulumi.getProject(), pulumi.getStack()];
    recordDeclaredGroups(
      stack,
      manifest.groups.map((group) => group.groupId ?? stableGroupId(group.key, group.type === "Community", project, stack)),
    );
    const byIndex = new Map<number, ImportedGroupBatch>();
    for (const { groups, index } of declaredOrder) {
      const declared = Object.fromEntries(groups.map((group) => [group.key, batchGroup(group)]));
      byIndex.set(index, new ImportedGroupBatch(`${prefix}groups-${index}`, { groups: declared }, opts(afterAccounts)));
    }
    batches.push(...split.map(({ index }) => byIndex.get(index)!));
    const groupIds = pulumi.all(batches.map((b) => b.groupIds)).apply((all) => Object.assign({}, ...all) as Record<string, string>);
    // Each batch's conversations as one resource after it: a few steps and well under 200 bytes of state per group.
    const historyBatches: ImportedGroupHistoryBatch[] = [];
    for (const { groups: batchGroups, index } of split) {
      const batch = byIndex.get(index)!;
      const conversations: Record<string, BatchConversationArgs> = {};
      for (const group of batchGroups) {
        const conversation = options.history?.conversations.get(group.key);
        if (!conversation) continue;
        const unreadCounts = declaredUnreadCounts(group);
        setOwn(conversations, group.key, {
          groupId: batch.groupIds.apply((ids) => ids[group.key]!),
          hash: conversation.hash,
          messages: conversation.messages,
          ...(unreadCounts ? { unreadCounts } : {}),
        });
      }
      if (!options.history || Object.keys(conversations).length === 0) continue;
      historyBatches.push(
        new ImportedGroupHistoryBatch(
          `${prefix}groups-${index}-history`,
          { historyFile: options.history.file, conversations },
          opts([...afterAccounts, batch]),
        ),
      );
    }
    return declared({ groupIds, histories: {}, historyBatches });
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
  const histories: Record<string, ImportedGroupHistory> = {};
  for (const group of manifest.groups) {
    const history = declareHistory(group, groups[group.key]!.groupId, [
      ...afterAccounts,
      groups[group.key]!,
      ...(members[group.key] ? [members[group.key]!] : []),
    ]);
    if (history) histories[group.key] = history;
  }
  const groupIds = pulumi.all(Object.fromEntries(Object.entries(groups).map(([key, group]) => [key, group.groupId])));
  return declared({ groupIds, histories, historyBatches: [] });
}

/**
 * The history a conversion wrote, split for {@link declareMigration}'s `history` option (undefined when it wrote
 * none): `declareConversion(label, conversion, { history: await historyToImport(conversion) })`.
 */
export async function historyToImport(conversion: Conversion): Promise<DeclareOptions["history"]> {
  if (!conversion.history || !conversion.manifest) return undefined;
  return { file: conversion.history.path, conversations: await splitHistory(conversion.history.path) };
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

import { COMMUNITY_ID_PREFIX } from "../limits";
import type { Manifest, ManifestGroup } from "./manifest";

/** The shape of a generated migration. */
export interface GenerateOptions {
  groups: number;
  membersPerGroup: number;
  /** Share of groups that are topic-enabled communities (default 0.1). */
  communityShare?: number;
  /** Topics per community (default 5). */
  topicsPerCommunity?: number;
  /** Distinct accounts (default: enough for the largest group plus a margin). */
  accounts?: number;
  /**
   * How many accounts further on each group's members start (default 1): with 100 members a group and a stride of
   * 10, each account is in about 10 groups.
   */
  stride?: number;
  /** Prefix of IDs and keys, so two generated migrations can share an app. */
  prefix?: string;
  /**
   * Adds one more group: a Community of this many people (its owner included), the first accounts, e.g. a
   * workspace's all-hands channel. Needs at least as many accounts.
   */
  bigCommunity?: number;
}

const START = 1_500_000_000; // 2017-07-14, so every time is back-dated

/**
 * A synthetic but valid migration: Public, Private and ChatRoom groups in turn, every tenth (by default) a
 * topic-enabled community, members drawn round-robin from the accounts, one admin per group, join times after
 * the group's creation. Deterministic: the same options give the same manifest.
 */
export function generateManifest(options: GenerateOptions): Manifest {
  const prefix = options.prefix ?? "gen";
  const accountCount = options.accounts ?? Math.max(options.membersPerGroup + 1, Math.ceil(options.membersPerGroup * 1.5));
  const userIds = Array.from({ length: accountCount }, (_, i) => `${prefix}u${i}`);
  const accounts = Object.fromEntries(userIds.map((u, i) => [u, i % 10 === 0 ? { nick: `用户${i}` } : {}]));
  const communityEvery = Math.max(1, Math.round(1 / (options.communityShare ?? 0.1)));
  const types = ["Public", "Private", "ChatRoom"] as const;
  const groups: ManifestGroup[] = [];
  for (let g = 0; g < options.groups; g++) {
    const community = (g + 1) % communityEvery === 0;
    const createTime = START + g * 60;
    const owner = userIds[g % userIds.length]!;
    const members: ManifestGroup["members"] = {};
    for (let m = 1; m <= options.membersPerGroup; m++) {
      const account = userIds[(g * (options.stride ?? 1) + m) % userIds.length]!;
      if (account !== owner) members[account] = { joinTime: createTime + m, ...(m === 1 ? { role: "Admin" as const } : {}) };
    }
    const key = `${prefix}-g${g}`;
    groups.push({
      key,
      type: community ? "Community" : types[g % types.length]!,
      name: `Group ${g} 群组`,
      groupId: community ? `${COMMUNITY_ID_PREFIX}${key}` : key,
      ownerAccount: owner,
      createTime,
      ...(community ? { supportTopic: true } : {}),
      members,
      topics: community
        ? Array.from({ length: options.topicsPerCommunity ?? 5 }, (_, t) => ({
            key: `t${t}`,
            topicName: `Topic ${t} 话题`,
            createTime: createTime + 1 + t,
          }))
        : [],
    });
  }
  if (options.bigCommunity !== undefined) {
    if (options.bigCommunity > accountCount)
      throw new RangeError(`bigCommunity of ${options.bigCommunity} needs as many accounts, got ${accountCount}`);
    const key = `${prefix}-all`;
    const members: ManifestGroup["members"] = {};
    for (let m = 1; m < options.bigCommunity; m++)
      members[userIds[m]!] = { joinTime: START + m, ...(m <= 10 ? { role: "Admin" as const } : {}) };
    groups.push({
      key,
      type: "Community",
      name: "Everyone 全员",
      groupId: `${COMMUNITY_ID_PREFIX}${key}`,
      ownerAccount: userIds[0]!,
      createTime: START,
      maxMemberCount: options.bigCommunity,
      members,
      topics: [],
    });
  }
  return { accounts, groups };
}

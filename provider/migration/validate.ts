import { COMMANDS } from "../api/endpoints";
import { BATCH } from "../api/operations";
import { groupHeadcount, memberLimit } from "../limits";
import { unkeepableKeyIssues } from "../own-keys";
import { issueFailures, type CheckFailure } from "../resources/check";
import { groupCrossFieldRules } from "../resources/group/schema";
import { memberCrossFieldRules } from "../resources/members/schema";
import { topicCountProblem, topicCrossFieldRules, topicGroupProblem } from "../resources/topic/schema";
import { Manifest } from "./manifest";

/** One problem, with the path into the manifest (e.g. `groups[3].members.U02.joinTime`). */
export interface ManifestProblem {
  path: string;
  message: string;
}

/** What a manifest would import and what it costs at the documented rates. */
export interface ManifestEstimate {
  accounts: number;
  groups: number;
  groupsByType: Record<string, number>;
  members: number;
  topics: number;
  /** API calls per command. */
  calls: Partial<Record<keyof typeof COMMANDS, number>>;
  /** The lower bound of the run: the busiest command's calls divided by its rate, in seconds. */
  minimumSeconds: number;
  /** The command that sets that bound. */
  busiestCommand: string;
}

/** The outcome of {@link validateManifest}: every problem at once, and the estimate (of the valid parts). */
export interface ManifestReport {
  problems: ManifestProblem[];
  estimate: ManifestEstimate;
  /** The parsed manifest, when there are no problems. */
  manifest?: Manifest;
}

const pathOf = (segments: readonly PropertyKey[]) =>
  segments.reduce<string>((path, s) => (typeof s === "number" ? `${path}[${s}]` : path ? `${path}.${String(s)}` : String(s)), "");

const prefixed = (prefix: string, failures: CheckFailure[]): ManifestProblem[] =>
  failures.map((f) => ({ path: `${prefix}.${f.property}`, message: f.reason }));

/**
 * Validates a manifest offline: shapes and limits (the resources' schemas), cross-field rules (the resources'
 * own), and rules across the document: unique keys and IDs, owners/members/creators among the accounts, topics only
 * in topic-enabled communities (at most 200), members within the group's limit.
 */
export function validateManifest(input: unknown, options: { memberBatchSize?: number; now?: number } = {}): ManifestReport {
  const problems: ManifestProblem[] = [];
  const parsed = Manifest.safeParse(input);
  const issues = [...(parsed.success ? [] : parsed.error.issues), ...unkeepableKeyIssues(input)];
  for (const { path, reason } of issueFailures(issues, pathOf)) problems.push({ path: path || "(manifest)", message: reason });
  // Cross rules run on the raw document, so they report even when some fields failed their shape.
  const raw = (typeof input === "object" && input !== null ? input : {}) as {
    accounts?: Record<string, unknown>;
    groups?: unknown[];
    userIdMap?: Record<string, unknown>;
  };
  const accounts = new Set(Object.keys(raw.accounts ?? {}));
  // A UserID given to a source ID names an account the manifest imports, or history read through it goes nowhere.
  for (const userId of Object.keys(raw.userIdMap && typeof raw.userIdMap === "object" ? raw.userIdMap : {})) {
    if (!accounts.has(userId)) problems.push({ path: `userIdMap.${userId}`, message: "is not among the manifest's accounts" });
  }
  const groups = (Array.isArray(raw.groups) ? raw.groups : []) as Record<string, unknown>[];
  const keys = new Map<string, number>();
  const groupIds = new Map<string, number>();
  const estimate: ManifestEstimate = {
    accounts: accounts.size,
    groups: groups.length,
    groupsByType: {},
    members: 0,
    topics: 0,
    calls: {},
    minimumSeconds: 0,
    busiestCommand: "",
  };
  const batch = options.memberBatchSize ?? BATCH.memberImport;
  let memberCalls = 0;

  groups.forEach((group, index) => {
    const at = `groups[${index}]`;
    const type = String(group.type);
    estimate.groupsByType[type] = (estimate.groupsByType[type] ?? 0) + 1;
    problems.push(...prefixed(at, groupCrossFieldRules(group, options.now)));
    if (typeof group.key === "string") {
      if (keys.has(group.key)) problems.push({ path: `${at}.key`, message: `duplicates the key of groups[${keys.get(group.key)}]` });
      else keys.set(group.key, index);
    }
    if (typeof group.groupId === "string") {
      if (groupIds.has(group.groupId))
        problems.push({ path: `${at}.groupId`, message: `duplicates the groupId of groups[${groupIds.get(group.groupId)}]` });
      else groupIds.set(group.groupId, index);
    }
    if (typeof group.ownerAccount === "string" && !accounts.has(group.ownerAccount)) {
      problems.push({ path: `${at}.ownerAccount`, message: `${group.ownerAccount} is not among the manifest's accounts` });
    }
    const members = (group.members && typeof group.members === "object" ? group.members : {}) as Record<string, unknown>;
    const memberIds = Object.keys(members);
    estimate.members += memberIds.length;
    memberCalls += Math.ceil(memberIds.length / batch);
    problems.push(...prefixed(at, memberCrossFieldRules({ members, groupCreateTime: group.createTime }, options.now)));
    for (const account of memberIds) {
      if (!accounts.has(account)) problems.push({ path: `${at}.members.${account}`, message: "is not among the manifest's accounts" });
    }
    const limit = memberLimit(type, group.maxMemberCount);
    const headcount = groupHeadcount(members, group.ownerAccount);
    if (headcount > limit)
      problems.push({ path: `${at}.members`, message: `${headcount} members exceed the group's limit of ${limit} (maxMemberCount)` });

    const topics = (Array.isArray(group.topics) ? group.topics : []) as Record<string, unknown>[];
    estimate.topics += topics.length;
    // The group's own facts are known here: a group without supportTopic does not enable topics.
    const topicProblem = topics.length > 0 ? topicGroupProblem(type, group.supportTopic === true) : undefined;
    if (topicProblem) problems.push({ path: `${at}.topics`, message: topicProblem });
    const countProblem = topicCountProblem(topics.length);
    if (countProblem) problems.push({ path: `${at}.topics`, message: countProblem });
    const topicKeys = new Map<string, number>();
    topics.forEach((topic, t) => {
      const topicAt = `${at}.topics[${t}]`;
      problems.push(...prefixed(topicAt, topicCrossFieldRules({ ...topic, groupId: group.groupId }, options.now)));
      if (typeof topic.key === "string") {
        if (topicKeys.has(topic.key))
          problems.push({ path: `${topicAt}.key`, message: `duplicates the key of topics[${topicKeys.get(topic.key)}]` });
        else topicKeys.set(topic.key, t);
      }
      if (typeof topic.fromAccount === "string" && !accounts.has(topic.fromAccount)) {
        problems.push({ path: `${topicAt}.fromAccount`, message: `${topic.fromAccount} is not among the manifest's accounts` });
      }
    });
  });

  estimate.calls = {
    multiaccount_import: Math.ceil(accounts.size / BATCH.accounts),
    import_group: groups.length,
    import_group_member: memberCalls,
    import_topic: estimate.topics,
  };
  for (const [command, calls] of Object.entries(estimate.calls)) {
    const seconds = calls / COMMANDS[command as keyof typeof COMMANDS].perSecond;
    if (seconds > estimate.minimumSeconds) {
      estimate.minimumSeconds = seconds;
      estimate.busiestCommand = command;
    }
  }
  // Keep the document's order of problems stable and free of repeats.
  const unique = [...new Map(problems.map((p) => [`${p.path}\u0000${p.message}`, p])).values()];
  return unique.length === 0 && parsed.success ? { problems: [], estimate, manifest: parsed.data } : { problems: unique, estimate };
}

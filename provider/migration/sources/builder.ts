import { createHash } from "node:crypto";
import {
  COMMUNITY_ID_PREFIX,
  customGroupIdProblem,
  customTopicIdProblem,
  groupHeadcount,
  IMPORTABLE_GROUP_TYPES,
  LIMITS,
  memberLimit,
  truncateUtf8,
} from "../../limits";
import { groupCrossFieldRules } from "../../resources/group/schema";
import { UserId } from "../../user-id";
import { topicCountProblem } from "../../resources/topic/schema";
import type { MemberSpec } from "../../resources/members/schema";
import type { Manifest, ManifestGroup, ManifestTopic } from "../manifest";
import { ManifestKey } from "../manifest";
import { validateManifest } from "../validate";
import type { Conversion } from "./conversion";
import { type Outcome, outcomeSince, ReportCollector, worse } from "./report";

/**
 * Builds a manifest from the records a converter reads, one at a time and in any order, and holds every rule of
 * fitting them into Tencent's limits, the same for every `from-*` command:
 *
 * - texts truncated to their byte limits on whole characters (reported);
 * - user IDs Tencent cannot take (over 32 bytes, not printable ASCII: a UUID, an e-mail with an accent) given a
 *   valid, deterministic, collision-free UserID, used wherever the ID appears and listed in the manifest's
 *   `userIdMap` (reported);
 * - references resolved once every record is in: a membership may come before its user or its group;
 * - join times after the group's creation, groups over their type's member limit, one owner, a creator who is not
 *   a member (imported without an owner, reported);
 * - 1:1 conversations (not groups in Tencent Chat), guests (no guest role; never given a community whose topics
 *   every member reads), and an input with no records at all (refused);
 * - a reconciliation per kind of record: every record read is counted once as mapped, adjusted, not mapped or a
 *   problem.
 *
 * Converters only translate their format's records into these calls.
 */

/** An account as a source describes it. */
export interface AccountDraft {
  nick?: string;
  faceUrl?: string;
}

/** How a source marks an account beyond its profile. */
export interface AccountOptions {
  /** A guest of the source (Mattermost's system_guest, Slack's single- and multi-channel guests, Stream's guest role). */
  guest?: boolean;
}

/** A group as a source describes it (the manifest's group without members and topics), and two source hints. */
export type GroupDraft = Omit<ManifestGroup, "members" | "topics"> & {
  /**
   * Who created the conversation in the source: its owner when a member, else the group is imported without an
   * owner (reported). An explicit `ownerAccount` (a table's owner column) is taken as it is instead.
   */
  creator?: string;
  /** The name is made of the members' names once every record is in (a group DM has no name of its own). */
  nameFromMembers?: boolean;
};

/** A membership as a source describes it; `Owner` makes the member the group's owner. */
export interface MemberDraft {
  role?: "Owner" | "Admin" | "Member";
  joinTime?: number;
  unreadMsgNum?: number;
}

/** A topic as a source describes it. */
export type TopicDraft = ManifestTopic;

/** How a converter's format is treated. */
export interface BuilderOptions {
  /**
   * What a record that cannot be imported as it is becomes: `problem` for the team's own tables (they can fix the
   * row), `unmapped` for another product's export (left out and reported, as nobody edits an export).
   */
  unfit: "problem" | "unmapped";
  /**
   * What a group with more members than its type holds becomes: `community` where the converter chose the type
   * (an export's channel), `problem` where the user did (a table's `type` column).
   */
  oversized: "community" | "problem";
  /** What the input is called in the problem an empty input gets (`export.jsonl`, `the folder tables`). */
  input?: string;
  /** Unix seconds taken as now (tests). */
  now?: number;
}

/** The kinds of record the builder counts in the report's reconciliation. */
export const RECORDS = { users: "users", groups: "groups", memberships: "memberships", topics: "topics" } as const;

interface AccountEntry {
  source: string;
  profile: AccountDraft;
  outcome: Outcome;
}

interface GroupEntry {
  source: string;
  group: GroupDraft;
  /** By the source's user IDs until {@link ManifestBuilder.finish} gives them their UserIDs. */
  members: Record<string, MemberSpec>;
  memberCount: number;
  topics: ManifestTopic[];
  topicKeys: Set<string>;
  outcome: Outcome;
}

/** A member of a conversation known by its members: who, and the membership line that says so if any. */
export interface ConversationMember {
  userId: string;
  source?: string;
  draft?: MemberDraft;
}

interface PendingMember {
  source: string;
  groupKey: string;
  userId: string;
  draft: MemberDraft;
}

interface PendingTopic {
  source: string;
  groupKey: string;
  draft: TopicDraft;
}

// Members without role, join time or unread count share one object: most memberships of a large export are such.
const PLAIN_MEMBER: MemberSpec = Object.freeze({});

const UUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;

/** Why `userId` is not a UserID Tencent takes (and this tool can declare), or undefined. */
export function userIdProblem(userId: string): string | undefined {
  const parsed = UserId.safeParse(userId);
  return parsed.success ? undefined : parsed.error.issues[0]!.message;
}

/**
 * The UserID a source ID that Tencent cannot take is given, the `attempt`-th candidate: a UUID without its dashes
 * (32 hex digits), else the ID's first printable characters, `~` and a hash of the whole ID. Deterministic, so a
 * second conversion of the same export gives the same IDs; at most 32 bytes of printable ASCII.
 */
export function mappedUserId(sourceId: string, attempt = 0): string {
  if (attempt === 0 && UUID.test(sourceId)) return sourceId.replaceAll("-", "");
  const hash = createHash("sha256")
    .update(attempt === 0 ? sourceId : `${sourceId}\u0000${attempt}`)
    .digest("hex")
    .slice(0, 12);
  const prefix = sourceId.replace(/[^\x21-\x7e]+/g, "").slice(0, LIMITS.userId - hash.length - 1);
  return `${prefix || "u"}~${hash}`;
}

/** See the module comment. */
export class ManifestBuilder {
  readonly reporter = new ReportCollector();
  private readonly accounts = new Map<string, AccountEntry>();
  /** Sources of user and group records a converter adjusted itself ({@link ManifestBuilder.adjustedRecord}). */
  private readonly adjustedSources = new Set<string>();
  private readonly guests = new Map<string, string>();
  private readonly groups = new Map<string, GroupEntry>();
  private readonly groupIds = new Map<string, string>();
  private readonly pendingMembers: PendingMember[] = [];
  private readonly pendingTopics: PendingTopic[] = [];
  private readonly now: number;

  constructor(private readonly options: BuilderOptions) {
    this.now = options.now ?? Math.floor(Date.now() / 1000);
  }

  /** Whether the account was taken (so far: records may come in any order). */
  hasAccount(userId: string): boolean {
    return this.accounts.has(userId);
  }

  /** The group declared under `key`, if any (so far). */
  group(key: string): GroupDraft | undefined {
    return this.groups.get(key)?.group;
  }

  private unfit(source: string, reason: string, group?: string): void {
    this.reporter.add(this.options.unfit === "problem" ? "problems" : "unmapped", source, reason, group);
  }

  /** Runs `take` for one record and answers the worst report item it caused: the record's outcome. */
  private counted(take: () => void): Outcome {
    const before = { ...this.reporter.report.counts };
    take();
    return outcomeSince(before, this.reporter.report.counts);
  }

  /** The text cut to `limit` bytes of UTF-8, with an adjustment reported when it had to be cut. */
  fit(source: string, field: string, text: string, limit: number): string {
    const cut = truncateUtf8(text, limit);
    if (cut !== text) this.reporter.adjusted(source, `${field} "${text}" is over ${limit} bytes; truncated to "${cut}"`);
    return cut;
  }

  /**
   * Reports an adjustment a converter makes to the user or group record read at `source` (a deactivated user, an
   * archived channel), outside the builder's own checks: the record then counts as adjusted in the reconciliation,
   * as the report lists it, whether it was taken before or after this call.
   */
  adjustedRecord(source: string, reason: string, group?: string): void {
    this.reporter.adjusted(source, reason, group);
    this.adjustedSources.add(source);
  }

  /** Optional texts of a record: an empty one is left out, a long one fitted to its limit (reported). */
  private fitOptional<K extends string>(source: string, record: Partial<Record<K, string>>, limits: Record<K, number>): void {
    for (const field of Object.keys(limits) as K[]) {
      const text = record[field];
      if (text === undefined || text === "") delete record[field];
      else record[field] = this.fit(source, field, text, limits[field]);
    }
  }

  /**
   * A record of `kind` the converter reads but does not take (a reaction, a 1:1 conversation), with the reason;
   * `group` makes repeats one line of the report.
   */
  skip(kind: string, source: string, reason: string, group?: string): void {
    this.reporter.unmapped(source, reason, group);
    this.reporter.tally(kind, "unmapped");
  }

  /** Takes an account; a second record of the same user ID is a problem. */
  account(source: string, userId: string, draft: AccountDraft, options: AccountOptions = {}): void {
    let entry: AccountEntry | undefined;
    const outcome = this.counted(() => {
      if (userId === "") return this.reporter.problem(source, "the user has no ID");
      if (this.accounts.has(userId))
        return this.reporter.problem(source, `user ${userId} is declared twice (first at ${this.accounts.get(userId)!.source})`);
      const profile: AccountDraft = {};
      if (draft.nick) profile.nick = this.fit(source, "nick", draft.nick, LIMITS.profileValue);
      if (draft.faceUrl) {
        // A cut URL points nowhere: leave it out instead.
        if (Buffer.byteLength(draft.faceUrl) <= LIMITS.profileValue) profile.faceUrl = draft.faceUrl;
        else this.reporter.adjusted(source, `avatar URL is over ${LIMITS.profileValue} bytes; imported without an avatar`);
      }
      entry = { source, profile, outcome: "mapped" };
      this.accounts.set(userId, entry);
      if (options.guest) this.guests.set(userId, source);
    });
    // Decided at the end: the ID it gets, and so its outcome, is known only once every record is in.
    this.reporter.received(RECORDS.users);
    if (entry) entry.outcome = outcome;
    else this.reporter.decided(RECORDS.users, outcome);
  }

  /** Takes a group; its texts are fitted, its key and custom ID checked. */
  addGroup(source: string, draft: GroupDraft): void {
    let entry: GroupEntry | undefined;
    const outcome = this.counted(() => {
      const key = ManifestKey.safeParse(draft.key);
      if (!key.success) return this.reporter.problem(source, `key "${draft.key}" ${key.error.issues[0]!.message}`);
      if (this.groups.has(draft.key)) {
        return this.reporter.problem(source, `group ${draft.key} is declared twice (first at ${this.groups.get(draft.key)!.source})`);
      }
      if (!(IMPORTABLE_GROUP_TYPES as readonly string[]).includes(draft.type)) {
        return this.reporter.problem(source, `type "${draft.type}" is not one of ${IMPORTABLE_GROUP_TYPES.join(", ")}`);
      }
      const group: GroupDraft = {
        ...draft,
        name: draft.nameFromMembers ? "" : this.fit(source, "name", draft.name.trim(), LIMITS.groupName),
      };
      if (!group.name && !draft.nameFromMembers) return this.reporter.problem(source, "the group has no name");
      this.fitOptional<"introduction" | "notification">(source, group, {
        introduction: LIMITS.groupIntroduction,
        notification: LIMITS.groupNotification,
      });
      if (group.faceUrl !== undefined && Buffer.byteLength(group.faceUrl) > LIMITS.faceUrl) {
        this.reporter.adjusted(source, `faceUrl is over ${LIMITS.faceUrl} bytes; imported without a group photo`);
        delete group.faceUrl;
      }
      if (group.groupId !== undefined) {
        const problem = customGroupIdProblem(group.groupId, group.type);
        const taken = this.groupIds.get(group.groupId);
        if (problem || taken) {
          const reason = problem ? `group ID "${group.groupId}" ${problem}` : `group ID "${group.groupId}" is also ${taken}'s`;
          if (this.options.unfit === "problem") return this.reporter.problem(source, reason);
          this.reporter.adjusted(source, `${reason}; imported with an ID derived from its key`);
          delete group.groupId;
        } else {
          this.groupIds.set(group.groupId, draft.key);
        }
      }
      // The rules ImportedGroup checks (creation time, member limit, topics), but for the two fitted here instead.
      const broken = groupCrossFieldRules(group, this.now).find((f) => f.property !== "groupId" && f.property !== "applyJoinOption");
      if (broken) return this.reporter.problem(source, `${broken.property} ${broken.reason}`);
      if (group.type === "Community" && group.applyJoinOption !== undefined) {
        this.reporter.adjusted(source, "a Community has no join option; applyJoinOption left out");
        delete group.applyJoinOption;
      }
      entry = { source, group, members: Object.create(null), memberCount: 0, topics: [], topicKeys: new Set(), outcome: "mapped" };
      this.groups.set(draft.key, entry);
    });
    this.reporter.received(RECORDS.groups);
    if (entry) entry.outcome = outcome;
    else this.reporter.decided(RECORDS.groups, outcome);
  }

  /**
   * A conversation known by its members only (a Slack or Mattermost group DM, a Stream distinct channel): with three
   * or more people a group (Private, named by its members, unless `extra` says otherwise); with one or two a 1:1
   * conversation, which is not a group in Tencent Chat (it is a C2C conversation), counted under `kind` and reported
   * once for all. Answers whether it became a group.
   */
  conversation(
    kind: string,
    source: string,
    key: string,
    members: readonly ConversationMember[],
    extra: Partial<Omit<GroupDraft, "key">> = {},
  ): boolean {
    const people = new Map<string, ConversationMember>();
    for (const member of members) if (!people.has(member.userId) || member.draft) people.set(member.userId, member);
    if (people.size <= 2) {
      this.skip(
        kind,
        source,
        "a 1:1 conversation is a C2C conversation in Tencent Chat, not a group (its messages go to the 1:1 history)",
        "one-to-one",
      );
      return false;
    }
    const named = extra.name !== undefined && extra.name.trim() !== "";
    this.addGroup(source, { type: "Private", ...extra, key, name: named ? extra.name! : "", nameFromMembers: !named });
    if (this.groups.get(key)?.source !== source) return false;
    for (const person of people.values()) this.member(person.source ?? source, key, person.userId, person.draft ?? {});
    return true;
  }

  /** Takes a membership; its group and user may come later in the input. */
  member(source: string, groupKey: string, userId: string, draft: MemberDraft): void {
    const entry = this.groups.get(groupKey);
    this.reporter.received(RECORDS.memberships);
    if (!entry || !this.accounts.has(userId)) {
      this.pendingMembers.push({ source, groupKey, userId, draft });
      return;
    }
    this.reporter.decided(
      RECORDS.memberships,
      this.counted(() => this.takeMember(source, entry, groupKey, userId, draft)),
    );
  }

  private takeMember(source: string, entry: GroupEntry, groupKey: string, userId: string, draft: MemberDraft): void {
    if (userId in entry.members) return this.reporter.problem(source, `user ${userId} is declared twice as a member of ${groupKey}`);
    let role = draft.role;
    if (role === "Owner") {
      const owner = entry.group.ownerAccount;
      // The owner is set on the group (import_group has no join time or role for it).
      if (owner === undefined) entry.group.ownerAccount = userId;
      if (owner === undefined || owner === userId) return;
      if (this.options.unfit === "problem")
        return this.reporter.problem(source, `${groupKey} already has the owner ${owner}; a group has one owner`);
      this.reporter.adjusted(source, `${groupKey} already has the owner ${owner}; ${userId} imported as an Admin`);
      role = "Admin";
    }
    const spec: { role?: "Admin" | "Member"; joinTime?: number; unreadMsgNum?: number } = {};
    if (role === "Admin") spec.role = "Admin";
    if (draft.joinTime !== undefined) {
      const created = entry.group.createTime;
      if (draft.joinTime > this.now) return this.reporter.problem(source, `join time ${draft.joinTime} is in the future (now ${this.now})`);
      if (created !== undefined && draft.joinTime <= created) {
        // Tencent wants a join after the creation; the same second is what most exports write for the creator.
        this.reporter.adjusted(source, `join time ${draft.joinTime} is not after ${groupKey}'s creation ${created}; set to ${created + 1}`);
        spec.joinTime = created + 1;
      } else {
        spec.joinTime = draft.joinTime;
      }
    }
    if (draft.unreadMsgNum !== undefined) spec.unreadMsgNum = draft.unreadMsgNum;
    entry.members[userId] = Object.keys(spec).length === 0 ? PLAIN_MEMBER : spec;
    entry.memberCount += 1;
  }

  /** Takes a topic of a Community; a Community without supportTopic is given it (reported). */
  topic(source: string, groupKey: string, draft: TopicDraft): void {
    const entry = this.groups.get(groupKey);
    this.reporter.received(RECORDS.topics);
    if (!entry || (draft.fromAccount !== undefined && !this.accounts.has(draft.fromAccount))) {
      this.pendingTopics.push({ source, groupKey, draft });
      return;
    }
    this.reporter.decided(
      RECORDS.topics,
      this.counted(() => this.takeTopic(source, entry, groupKey, draft)),
    );
  }

  private takeTopic(source: string, entry: GroupEntry, groupKey: string, draft: TopicDraft): void {
    const group = entry.group;
    if (group.type !== "Community") return this.unfit(source, `${groupKey} is a ${group.type} group; topics need a Community`);
    const key = ManifestKey.safeParse(draft.key);
    if (!key.success) return this.reporter.problem(source, `topic key "${draft.key}" ${key.error.issues[0]!.message}`);
    if (entry.topicKeys.has(draft.key)) return this.reporter.problem(source, `topic ${draft.key} is declared twice in ${groupKey}`);
    if (topicCountProblem(entry.topics.length + 1) !== undefined) {
      return this.unfit(source, `${groupKey} already has the ${LIMITS.topicsPerCommunity} topics a community holds`);
    }
    if (draft.topicId !== undefined && group.groupId !== undefined) {
      const problem = customTopicIdProblem(draft.topicId, group.groupId);
      if (problem) return this.reporter.problem(source, `topic ID "${draft.topicId}" ${problem}`);
    }
    if (draft.createTime !== undefined && draft.createTime > this.now) {
      return this.reporter.problem(source, `createTime ${draft.createTime} is in the future (now ${this.now})`);
    }
    if (group.supportTopic !== true) {
      this.reporter.adjusted(entry.source, `${groupKey} has topics: imported with supportTopic (it cannot be turned on later)`);
      group.supportTopic = true;
    }
    const topic: TopicDraft = { ...draft, topicName: this.fit(source, "topic name", draft.topicName.trim(), LIMITS.topicName) };
    if (!topic.topicName) return this.reporter.problem(source, "the topic has no name");
    this.fitOptional<"introduction" | "notification" | "customString">(source, topic, {
      introduction: LIMITS.groupIntroduction,
      notification: LIMITS.groupNotification,
      customString: LIMITS.topicCustomString,
    });
    entry.topicKeys.add(draft.key);
    entry.topics.push(topic);
  }

  /** Memberships and topics that came before their group or user, now that every record is in. */
  private resolvePending(): void {
    for (const { source, groupKey, userId, draft } of this.pendingMembers) {
      const entry = this.groups.get(groupKey);
      const outcome = this.counted(() => {
        if (!entry) return this.unfit(source, `group ${groupKey} is not declared; membership of ${userId} left out`, "member-no-group");
        if (!this.accounts.has(userId))
          return this.unfit(source, `user ${userId} is not declared; membership of ${groupKey} left out`, "member-no-user");
        this.takeMember(source, entry, groupKey, userId, draft);
      });
      this.reporter.decided(RECORDS.memberships, outcome);
    }
    for (const { source, groupKey, draft } of this.pendingTopics) {
      const entry = this.groups.get(groupKey);
      const outcome = this.counted(() => {
        if (!entry) return this.unfit(source, `group ${groupKey} is not declared; topic ${draft.key} left out`);
        if (draft.fromAccount !== undefined && !this.accounts.has(draft.fromAccount)) {
          return this.unfit(source, `creator ${draft.fromAccount} is not declared; topic ${draft.key} left out`);
        }
        this.takeTopic(source, entry, groupKey, draft);
      });
      this.reporter.decided(RECORDS.topics, outcome);
    }
  }

  /**
   * Gives every user ID Tencent cannot take its UserID ({@link mappedUserId}), never one that another user has;
   * in sorted order, so the result does not depend on the input's order.
   */
  private mapUserIds(): Map<string, string> {
    const mapped = new Map<string, string>();
    const invalid = [...this.accounts.keys()].filter((id) => userIdProblem(id) !== undefined).sort();
    if (invalid.length === 0) return mapped;
    const taken = new Set([...this.accounts.keys()].filter((id) => userIdProblem(id) === undefined));
    for (const id of invalid) {
      let attempt = 0;
      let candidate = mappedUserId(id);
      while (taken.has(candidate)) candidate = mappedUserId(id, ++attempt);
      taken.add(candidate);
      mapped.set(id, candidate);
      const entry = this.accounts.get(id)!;
      this.reporter.adjusted(
        entry.source,
        `user ID "${id}" cannot be a Tencent UserID (${userIdProblem(id)}; Tencent's UserID is 1 to ${LIMITS.userId} bytes of printable ASCII); imported as "${candidate}", everywhere it appears (the manifest's userIdMap lists every such ID)`,
        "user-id-mapped",
      );
      if (entry.outcome === "mapped") entry.outcome = "adjusted";
    }
    return mapped;
  }

  /** A guest never becomes a member of a community with topics: every member of a community reads all its topics. */
  private settleGuests(): void {
    for (const [userId, source] of this.guests) {
      this.adjustedRecord(
        source,
        `${userId} is a guest; Tencent Chat has no guest role: imported as an account that is a member of only the conversations it was in`,
        "guest",
      );
      for (const [key, entry] of this.groups) {
        if (entry.group.type !== "Community" || entry.topics.length === 0 || !(userId in entry.members)) continue;
        delete entry.members[userId];
        entry.memberCount -= 1;
        this.reporter.unmapped(
          source,
          `guest ${userId} is not made a member of community ${key}: every member of a community reads all of its ${entry.topics.length} topics, which a guest could not`,
          "guest-community",
        );
        this.reporter.retally(RECORDS.memberships, "mapped", "unmapped");
      }
    }
  }

  /** Group-wide rules once every record is in: owners, member limits. */
  private settle(entry: GroupEntry): void {
    const { group, members, source } = entry;
    if (group.creator !== undefined && group.ownerAccount === undefined) {
      if (group.creator in members) {
        group.ownerAccount = group.creator;
      } else {
        this.reporter.adjusted(
          source,
          `creator ${group.creator} is not a member of ${group.key}; imported without an owner`,
          "creator-not-member",
        );
      }
    }
    const owner = group.ownerAccount;
    if (owner !== undefined && !this.accounts.has(owner)) {
      if (this.options.unfit === "problem") this.reporter.problem(source, `owner ${owner} is not a declared user`);
      else this.reporter.adjusted(source, `owner ${owner} is not among the users; imported without an owner`);
      delete group.ownerAccount;
    }
    if (group.ownerAccount !== undefined && group.ownerAccount in members) {
      // The owner is a member by ownership; a second declaration as a member would fight over the role.
      delete members[group.ownerAccount];
      entry.memberCount -= 1;
    }
    const headcount = groupHeadcount(members, group.ownerAccount);
    const community = group.type === "Community";
    const limit = memberLimit(group.type, group.maxMemberCount);
    if (headcount <= limit) return;
    if (!community && group.maxMemberCount === undefined && headcount <= LIMITS.maxMemberCount) {
      group.maxMemberCount = headcount;
      this.reporter.adjusted(source, `${headcount} members are over the default ${limit}; maxMemberCount set to ${headcount}`);
      return;
    }
    if (!community && this.options.oversized === "community" && headcount <= LIMITS.communityMaxMemberCount && entry.topics.length === 0) {
      const groupId = `${COMMUNITY_ID_PREFIX}${group.groupId ?? group.key}`;
      this.reporter.adjusted(
        source,
        `${headcount} members exceed the ${LIMITS.maxMemberCount} a ${group.type} group holds; imported as a Community`,
      );
      group.type = "Community";
      delete group.maxMemberCount;
      delete group.applyJoinOption;
      if (customGroupIdProblem(groupId, "Community") === undefined && !this.groupIds.has(groupId)) group.groupId = groupId;
      else delete group.groupId;
      return;
    }
    this.reporter.problem(
      source,
      `${headcount} members exceed the ${limit} ${group.type} group ${group.key} can hold${group.maxMemberCount !== undefined ? " (its maxMemberCount)" : ""}`,
    );
  }

  /** The manifest's group: UserIDs given, a name made of members, the source hints dropped. */
  private manifestGroup(entry: GroupEntry, ids: Map<string, string>): ManifestGroup {
    const { creator: _creator, nameFromMembers, ...group } = entry.group;
    const id = (userId: string) => ids.get(userId) ?? userId;
    const members: Record<string, MemberSpec> = {};
    for (const userId of Object.keys(entry.members)) members[id(userId)] = entry.members[userId]!;
    if (group.ownerAccount !== undefined) group.ownerAccount = id(group.ownerAccount);
    if (nameFromMembers) {
      const people = [...(entry.group.ownerAccount !== undefined ? [entry.group.ownerAccount] : []), ...Object.keys(entry.members)];
      const names = people.map((userId) => this.accounts.get(userId)?.profile.nick || id(userId));
      group.name = truncateUtf8(names.join(", "), LIMITS.groupName).trim() || group.key;
    }
    const topics = entry.topics.map((topic) =>
      topic.fromAccount !== undefined ? { ...topic, fromAccount: id(topic.fromAccount) } : topic,
    );
    return { ...group, members, topics };
  }

  /**
   * The manifest, checked by {@link validateManifest} (so what a converter writes is what `validate` passes), or
   * no manifest when anything is a problem.
   */
  finish(): Conversion {
    this.resolvePending();
    const ids = this.mapUserIds();
    this.settleGuests();
    for (const entry of this.groups.values())
      entry.outcome = worse(
        entry.outcome,
        this.counted(() => this.settle(entry)),
      );
    const outcomeOf = (entry: { source: string; outcome: Outcome }) =>
      this.adjustedSources.has(entry.source) ? worse(entry.outcome, "adjusted") : entry.outcome;
    for (const entry of this.accounts.values()) this.reporter.decided(RECORDS.users, outcomeOf(entry));
    for (const entry of this.groups.values()) this.reporter.decided(RECORDS.groups, outcomeOf(entry));
    if (this.reporter.recordsRead === 0 && !this.reporter.failed) {
      this.reporter.problem(this.options.input ?? "the input", "holds no records: no users, no conversations; is it the right file?");
    }
    // Built without a prototype where keys are user IDs (a source's ID may be "__proto__"); plain objects now, as
    // Pulumi's serialization and every other consumer expects. Own keys stay own keys.
    const accounts: Record<string, AccountDraft> = Object.create(null);
    for (const [userId, entry] of this.accounts) accounts[ids.get(userId) ?? userId] = entry.profile;
    const manifest: Manifest = {
      accounts: Object.setPrototypeOf(accounts, Object.prototype),
      groups: [...this.groups.values()].map((entry) => this.manifestGroup(entry, ids)),
    };
    if (ids.size > 0) manifest.userIdMap = Object.fromEntries([...ids].map(([sourceId, userId]) => [userId, sourceId]));
    const report = this.reporter.report;
    if (this.reporter.failed) return { report };
    const checked = validateManifest(manifest, { now: this.now });
    // A converter's own mistake, never the input's: reported, so that nothing invalid is written.
    for (const problem of checked.problems) this.reporter.problem(`manifest ${problem.path}`, problem.message);
    return checked.manifest ? { manifest, report, estimate: checked.estimate } : { report, estimate: checked.estimate };
  }
}

import {
  customGroupIdProblem,
  customTopicIdProblem,
  IMPORTABLE_GROUP_TYPES,
  LIMITS,
  truncateUtf8,
  COMMUNITY_ID_PREFIX,
} from "../../limits";
import { UserId } from "../../resources/group/schema";
import type { MemberSpec } from "../../resources/members/schema";
import type { Manifest, ManifestGroup, ManifestTopic } from "../manifest";
import { ManifestKey } from "../manifest";
import { validateManifest } from "../validate";
import type { Conversion } from "./conversion";
import { ReportCollector } from "./report";

/**
 * Builds a manifest from the records a converter reads, one at a time, and holds every rule of fitting them into
 * Tencent's limits: texts truncated to their byte limits (reported), IDs checked, references resolved as they
 * arrive (accounts before the groups that name them, groups before their members and topics: the order every
 * supported export writes), join times after the group's creation, groups over their type's member limit, owners.
 * Converters only translate their format's records; every `from-*` command therefore adjusts and reports alike.
 */

/** An account as a source describes it. */
export interface AccountDraft {
  nick?: string;
  faceUrl?: string;
}

/** A group as a source describes it (the manifest's group without members and topics). */
export type GroupDraft = Omit<ManifestGroup, "members" | "topics">;

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
  /** Unix seconds taken as now (tests). */
  now?: number;
}

interface GroupEntry {
  source: string;
  group: GroupDraft;
  members: Record<string, MemberSpec>;
  memberCount: number;
  topics: ManifestTopic[];
  topicKeys: Set<string>;
}

// Members without role, join time or unread count share one object: most memberships of a large export are such.
const PLAIN_MEMBER: MemberSpec = Object.freeze({});

/** See the module comment. */
export class ManifestBuilder {
  readonly reporter = new ReportCollector();
  private readonly accounts: Record<string, { nick?: string; faceUrl?: string }> = Object.create(null);
  private readonly groups = new Map<string, GroupEntry>();
  private readonly groupIds = new Map<string, string>();
  private readonly now: number;

  constructor(private readonly options: BuilderOptions) {
    this.now = options.now ?? Math.floor(Date.now() / 1000);
  }

  /** Whether the account was taken (or already there). */
  hasAccount(userId: string): boolean {
    return userId in this.accounts;
  }

  /** The group declared under `key`, if any. */
  group(key: string): GroupDraft | undefined {
    return this.groups.get(key)?.group;
  }

  private unfit(source: string, reason: string): void {
    this.reporter.add(this.options.unfit === "problem" ? "problems" : "unmapped", source, reason);
  }

  /** The text cut to `limit` bytes of UTF-8, with an adjustment reported when it had to be cut. */
  fit(source: string, field: string, text: string, limit: number): string {
    const cut = truncateUtf8(text, limit);
    if (cut !== text) this.reporter.adjusted(source, `${field} "${text}" is over ${limit} bytes; truncated to "${cut}"`);
    return cut;
  }

  /** Optional texts of a record: an empty one is left out, a long one fitted to its limit (reported). */
  private fitOptional<K extends string>(source: string, record: Partial<Record<K, string>>, limits: Record<K, number>): void {
    for (const field of Object.keys(limits) as K[]) {
      const text = record[field];
      if (text === undefined || text === "") delete record[field];
      else record[field] = this.fit(source, field, text, limits[field]);
    }
  }

  private userIdProblem(userId: string): string | undefined {
    const parsed = UserId.safeParse(userId);
    return parsed.success
      ? undefined
      : `user ID "${userId}" ${parsed.error.issues[0]!.message} (Tencent's UserID: 1 to ${LIMITS.userId} bytes of printable ASCII)`;
  }

  /** Takes an account; a second record of the same UserID is a problem. */
  account(source: string, userId: string, draft: AccountDraft): void {
    const problem = this.userIdProblem(userId);
    if (problem) return this.unfit(source, problem);
    if (userId in this.accounts) return this.reporter.problem(source, `user ${userId} is declared twice`);
    const profile: AccountDraft = {};
    if (draft.nick) profile.nick = this.fit(source, "nick", draft.nick, LIMITS.profileValue);
    if (draft.faceUrl) {
      // A cut URL points nowhere: leave it out instead.
      if (Buffer.byteLength(draft.faceUrl) <= LIMITS.profileValue) profile.faceUrl = draft.faceUrl;
      else this.reporter.adjusted(source, `avatar URL is over ${LIMITS.profileValue} bytes; imported without an avatar`);
    }
    this.accounts[userId] = profile;
  }

  /** Takes a group; its texts are fitted, its key and custom ID checked. */
  addGroup(source: string, draft: GroupDraft): void {
    const key = ManifestKey.safeParse(draft.key);
    if (!key.success) return this.reporter.problem(source, `key "${draft.key}" ${key.error.issues[0]!.message}`);
    if (this.groups.has(draft.key))
      return this.reporter.problem(source, `group ${draft.key} is declared twice (first at ${this.groups.get(draft.key)!.source})`);
    if (!(IMPORTABLE_GROUP_TYPES as readonly string[]).includes(draft.type)) {
      return this.reporter.problem(source, `type "${draft.type}" is not one of ${IMPORTABLE_GROUP_TYPES.join(", ")}`);
    }
    const group: GroupDraft = { ...draft, name: this.fit(source, "name", draft.name.trim(), LIMITS.groupName) };
    if (!group.name) return this.reporter.problem(source, "the group has no name");
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
    if (group.createTime !== undefined && group.createTime > this.now) {
      return this.reporter.problem(source, `createTime ${group.createTime} is in the future (now ${this.now})`);
    }
    if (group.maxMemberCount !== undefined) {
      const limit = group.type === "Community" ? LIMITS.communityMaxMemberCount : LIMITS.maxMemberCount;
      if (group.maxMemberCount > limit)
        return this.reporter.problem(source, `maxMemberCount ${group.maxMemberCount} is over the ${limit} a ${group.type} group holds`);
    }
    if (group.type === "Community" && group.applyJoinOption !== undefined) {
      this.reporter.adjusted(source, "a Community has no join option; applyJoinOption left out");
      delete group.applyJoinOption;
    }
    if (group.supportTopic && group.type !== "Community")
      return this.reporter.problem(source, "supportTopic is valid only for a Community");
    this.groups.set(draft.key, { source, group, members: Object.create(null), memberCount: 0, topics: [], topicKeys: new Set() });
  }

  /** Takes a membership of a group taken before, of an account taken before. */
  member(source: string, groupKey: string, userId: string, draft: MemberDraft): void {
    const entry = this.groups.get(groupKey);
    if (!entry) return this.unfit(source, `group ${groupKey} is not declared (before this line)`);
    if (!(userId in this.accounts))
      return this.unfit(source, `user ${userId} is not declared (before this line); membership of ${groupKey} left out`);
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

  /** Takes a topic of a Community taken before; a Community without supportTopic is given it (reported). */
  topic(source: string, groupKey: string, draft: TopicDraft): void {
    const entry = this.groups.get(groupKey);
    if (!entry) return this.unfit(source, `group ${groupKey} is not declared (before this line)`);
    const group = entry.group;
    if (group.type !== "Community") return this.unfit(source, `${groupKey} is a ${group.type} group; topics need a Community`);
    const key = ManifestKey.safeParse(draft.key);
    if (!key.success) return this.reporter.problem(source, `topic key "${draft.key}" ${key.error.issues[0]!.message}`);
    if (entry.topicKeys.has(draft.key)) return this.reporter.problem(source, `topic ${draft.key} is declared twice in ${groupKey}`);
    if (entry.topics.length >= LIMITS.topicsPerCommunity)
      return this.unfit(source, `${groupKey} already has the ${LIMITS.topicsPerCommunity} topics a community holds`);
    if (draft.fromAccount !== undefined && !(draft.fromAccount in this.accounts)) {
      return this.unfit(source, `creator ${draft.fromAccount} is not declared (before this line)`);
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

  /** Group-wide rules once every record is in: owners, member limits. */
  private settle(entry: GroupEntry): void {
    const { group, members, source } = entry;
    const owner = group.ownerAccount;
    if (owner !== undefined && !(owner in this.accounts)) {
      if (this.options.unfit === "problem") this.reporter.problem(source, `owner ${owner} is not a declared user`);
      else this.reporter.adjusted(source, `owner ${owner} is not among the users; imported without an owner`);
      delete group.ownerAccount;
    }
    if (group.ownerAccount !== undefined && group.ownerAccount in members) {
      // The owner is a member by ownership; a second declaration as a member would fight over the role.
      delete members[group.ownerAccount];
      entry.memberCount -= 1;
    }
    const headcount = entry.memberCount + (group.ownerAccount !== undefined ? 1 : 0);
    const community = group.type === "Community";
    const limit = group.maxMemberCount ?? (community ? LIMITS.communityDefaultMemberCount : LIMITS.defaultMemberCount);
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

  /**
   * The manifest, checked by {@link validateManifest} (so what a converter writes is what `validate` passes), or
   * no manifest when anything is a problem.
   */
  finish(): Conversion {
    for (const entry of this.groups.values()) this.settle(entry);
    // The maps were built without a prototype (a UserID may be "__proto__"); given one now, as Pulumi's
    // serialization and every other consumer expects plain objects. Own keys stay own keys.
    const plain = <T extends object>(map: T): T => Object.setPrototypeOf(map, Object.prototype) as T;
    const manifest: Manifest = {
      accounts: plain(this.accounts),
      groups: [...this.groups.values()].map(({ group, members, topics }) => ({ ...group, members: plain(members), topics })),
    };
    const report = this.reporter.report;
    if (this.reporter.failed) return { report };
    const checked = validateManifest(manifest, { now: this.now });
    // A converter's own mistake, never the input's: reported, so that nothing invalid is written.
    for (const problem of checked.problems) this.reporter.problem(`manifest ${problem.path}`, problem.message);
    return checked.manifest ? { manifest, report, estimate: checked.estimate } : { report, estimate: checked.estimate };
  }
}

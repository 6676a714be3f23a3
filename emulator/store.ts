import { z } from "zod";
import { ErrorCode } from "../provider/api/error-codes";
import { ownValue, setOwn } from "../provider/own-keys";
import { EmulatorError } from "./errors";

/** An imported account. */
export const AccountRecord = z.strictObject({
  userId: z.string(),
  /** Tag_Profile_IM_Nick. */
  nick: z.string().optional(),
  /** Tag_Profile_IM_Image. */
  faceUrl: z.string().optional(),
  /** The other profile tags set by portrait_set (gender, custom tags, ...). */
  profile: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type AccountRecord = z.infer<typeof AccountRecord>;

/** A group member. */
export const MemberRecord = z.strictObject({
  account: z.string(),
  role: z.enum(["Owner", "Admin", "Member"]),
  joinTime: z.int(),
  unreadMsgNum: z.int(),
});
export type MemberRecord = z.infer<typeof MemberRecord>;

/** A topic of a topic-enabled community. */
export const TopicRecord = z.strictObject({
  topicId: z.string(),
  topicName: z.string(),
  fromAccount: z.string().optional(),
  customString: z.string().optional(),
  faceUrl: z.string().optional(),
  notification: z.string().optional(),
  introduction: z.string().optional(),
  createTime: z.int(),
});
export type TopicRecord = z.infer<typeof TopicRecord>;

/** A group, with the profile fields get_group_info reports. */
export const GroupRecord = z.strictObject({
  groupId: z.string(),
  type: z.string(),
  name: z.string(),
  introduction: z.string().optional(),
  notification: z.string().optional(),
  faceUrl: z.string().optional(),
  ownerAccount: z.string().optional(),
  createTime: z.int(),
  maxMemberCount: z.int(),
  applyJoinOption: z.string().optional(),
  supportTopic: z.boolean(),
  /** "On" mutes every member but the owner and admins (modify_group_base_info). */
  muteAllMember: z.enum(["On", "Off"]).optional(),
  /** When the group's profile last changed (get_group_info LastInfoTime); its creation until then. */
  lastInfoTime: z.int().optional(),
  /** Messages in the group; unread counts are clamped to it (import_group_member, set_unread_msg_num). */
  messageCount: z.int().optional(),
  appDefinedData: z.record(z.string(), z.string()),
  members: z.record(z.string(), MemberRecord),
  topics: z.record(z.string(), TopicRecord),
});
export type GroupRecord = z.infer<typeof GroupRecord>;

/** Everything the emulator holds; plain JSON so it can be dumped, seeded and saved. */
export const EmulatorState = z.strictObject({
  accounts: z.record(z.string(), AccountRecord).default({}),
  groups: z.record(z.string(), GroupRecord).default({}),
  /** Source of server-assigned IDs; only grows, so IDs are never reused. */
  idCounter: z.int().min(0).default(0),
});
export type EmulatorState = z.infer<typeof EmulatorState>;

/** A fresh, empty state. */
export function emptyState(): EmulatorState {
  return { accounts: {}, groups: {}, idCounter: 0 };
}

const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/**
 * The state of one emulated app, with the ID generation the service uses. Command handlers read and change it
 * through the methods below; `state` stays the plain JSON the admin routes dump, seed and save (and tests arrange),
 * so the methods keep nothing beside it: no index or count that a direct change to `state` could leave stale.
 * Records the methods return are the stored ones: a handler edits their fields in place.
 */
export class EmulatorStore {
  state: EmulatorState;

  constructor(initial?: EmulatorState) {
    this.state = initial ? structuredClone(initial) : emptyState();
  }

  /** The imported account, or undefined when it was never imported or was deleted. */
  account(userId: string): AccountRecord | undefined {
    return ownValue(this.state.accounts, userId);
  }

  /** Whether the account is imported. */
  hasAccount(userId: string): boolean {
    return ownValue(this.state.accounts, userId) !== undefined;
  }

  /** Stores an account under its UserID, replacing the record there. */
  putAccount(account: AccountRecord): void {
    setOwn(this.state.accounts, account.userId, account);
  }

  /**
   * Deletes an account and its memberships, as account_delete does: every group it was a member or admin of
   * loses it; a group it owns keeps its owner entry, which the group's ownerAccount still names. Visits every
   * group: one pass per deleted account.
   */
  deleteAccount(userId: string): void {
    delete this.state.accounts[userId];
    for (const group of this.groups()) {
      if (ownValue(group.members, userId)?.role !== "Owner") delete group.members[userId];
    }
  }

  /** The group, or undefined when it does not exist or was disbanded. */
  group(groupId: string): GroupRecord | undefined {
    return ownValue(this.state.groups, groupId);
  }

  /** Whether a group holds the ID. */
  hasGroup(groupId: string): boolean {
    return ownValue(this.state.groups, groupId) !== undefined;
  }

  /** The group a command names, or 10010 ("the group does not exist or was disbanded"): every group command's first step. */
  requireGroup(groupId: string): GroupRecord {
    const group = ownValue(this.state.groups, groupId);
    if (!group) throw new EmulatorError(ErrorCode.GroupNotFound, `group ${groupId} does not exist or was disbanded`);
    return group;
  }

  /** Stores a group under its ID, replacing the record there. */
  putGroup(group: GroupRecord): void {
    setOwn(this.state.groups, group.groupId, group);
  }

  /** Disbands a group, with its members and topics. */
  deleteGroup(groupId: string): void {
    delete this.state.groups[groupId];
  }

  /** Every group, in insertion order. */
  groups(): IterableIterator<GroupRecord> {
    return Object.values(this.state.groups).values();
  }

  /** The group's member, or undefined when the account is not one. */
  member(group: GroupRecord, account: string): MemberRecord | undefined {
    return ownValue(group.members, account);
  }

  /** Adds (or replaces) a member of a stored group. */
  putMember(group: GroupRecord, member: MemberRecord): void {
    setOwn(group.members, member.account, member);
  }

  /** Removes an account from a group's members; removing a non-member does nothing. */
  deleteMember(group: GroupRecord, account: string): void {
    delete group.members[account];
  }

  /** The community's topic, or undefined when it does not exist or was deleted. */
  topic(group: GroupRecord, topicId: string): TopicRecord | undefined {
    return ownValue(group.topics, topicId);
  }

  /** Adds (or replaces) a topic of a stored community. */
  putTopic(group: GroupRecord, topic: TopicRecord): void {
    setOwn(group.topics, topic.topicId, topic);
  }

  /** Deletes a topic of a community; deleting one that is gone does nothing. */
  deleteTopic(group: GroupRecord, topicId: string): void {
    delete group.topics[topicId];
  }

  /** A new server-assigned group ID: `@TGS#...`, or `@TGS#_@TGS#c...` for a community, as in the docs' samples. */
  newGroupId(community: boolean): string {
    const suffix = this.nextIdSuffix();
    return community ? `@TGS#_@TGS#c${suffix}` : `@TGS#2${suffix}`;
  }

  /** A new server-assigned topic ID inside a community. */
  newTopicId(groupId: string): string {
    return `${groupId}@TOPIC#_@TOPIC#c${this.nextIdSuffix()}`;
  }

  /** Forgets everything. */
  reset(): void {
    this.state = emptyState();
  }

  /** A deep copy of the state. */
  snapshot(): EmulatorState {
    return structuredClone(this.state);
  }

  private nextIdSuffix(): string {
    let n = ++this.state.idCounter * 2654435761; // spread consecutive counters so IDs look like the service's
    let out = "";
    for (let i = 0; i < 8; i++) {
      out += ID_ALPHABET[n % 32];
      n = Math.floor(n / 32);
    }
    return `${out}M62C${ID_ALPHABET[this.state.idCounter % 32]}`;
  }
}

import { z } from "zod";
import { ErrorCode } from "../provider/api/error-codes";
import { COMMUNITY_ID_PREFIX, GROUP_ID_PREFIX, SERVER_TOPIC_ID_MARK } from "../provider/limits";
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
  appDefinedData: z.record(z.string(), z.string()),
  members: z.record(z.string(), MemberRecord),
  topics: z.record(z.string(), TopicRecord),
});
export type GroupRecord = z.infer<typeof GroupRecord>;

/**
 * A message element as stored: the MsgBody item as the import sent it (`{MsgType, MsgContent}`; the request schemas
 * checked its fields), kept as given so a read answers it unchanged.
 */
export const StoredElement = z.looseObject({ MsgType: z.string(), MsgContent: z.record(z.string(), z.unknown()) });
export type StoredElement = z.infer<typeof StoredElement>;

/** One message of a group's history (import_group_msg). */
export const GroupMessageRecord = z.strictObject({
  fromAccount: z.string(),
  /** Assigned by the service: 1 for a group's first message, then one more per message. */
  msgSeq: z.int().min(1),
  /** The import's `Random`, or one the service picked. */
  msgRandom: z.int().min(0),
  /** The import's `SendTime`, Unix seconds. */
  msgTimeStamp: z.int().min(0),
  msgBody: z.array(StoredElement),
});
export type GroupMessageRecord = z.infer<typeof GroupMessageRecord>;

/** One message of a 1:1 conversation (importmsg). */
export const C2CMessageRecord = z.strictObject({
  fromAccount: z.string(),
  toAccount: z.string(),
  /** Chosen by the importer (may repeat), or picked by the service when the import gave none. */
  msgSeq: z.int().min(0),
  msgRandom: z.int().min(0),
  msgTimeStamp: z.int().min(0),
  msgBody: z.array(StoredElement),
  cloudCustomData: z.string().optional(),
});
export type C2CMessageRecord = z.infer<typeof C2CMessageRecord>;

/** The order a 1:1 conversation is kept in: "sorted by timestamp first, then by MsgSeq within one second". */
export function c2cOrder(
  a: Pick<C2CMessageRecord, "msgTimeStamp" | "msgSeq">,
  b: Pick<C2CMessageRecord, "msgTimeStamp" | "msgSeq">,
): number {
  return a.msgTimeStamp - b.msgTimeStamp || a.msgSeq - b.msgSeq;
}

/** A group's messages, by rising MsgSeq (what every read of them relies on). */
const GroupHistory = z
  .array(GroupMessageRecord)
  .refine(
    (messages) => messages.every((message, i) => i === 0 || message.msgSeq > messages[i - 1]!.msgSeq),
    "a group's messages must be stored by rising msgSeq",
  );
/** A 1:1 conversation's messages, in conversation order. */
const C2CHistory = z
  .array(C2CMessageRecord)
  .refine(
    (messages) => messages.every((message, i) => i === 0 || c2cOrder(messages[i - 1]!, message) <= 0),
    "a conversation's messages must be stored by time, then MsgSeq",
  );

/** Everything the emulator holds; plain JSON so it can be dumped, seeded and saved. */
export const EmulatorState = z.strictObject({
  accounts: z.record(z.string(), AccountRecord).default({}),
  groups: z.record(z.string(), GroupRecord).default({}),
  /** Source of server-assigned IDs; only grows, so IDs are never reused. */
  idCounter: z.int().min(0).default(0),
  /** Group ID to the group's messages by rising MsgSeq; present once a message was imported. */
  groupMessages: z.record(z.string(), GroupHistory).optional(),
  /**
   * 1:1 conversations: `c2cMessages[a][b]` with `a <= b` (the two UserIDs in code-unit order; `a === b` for a
   * conversation with oneself), its messages by time, then MsgSeq. Present once a message was imported.
   */
  c2cMessages: z.record(z.string(), z.record(z.string(), C2CHistory)).optional(),
});
export type EmulatorState = z.infer<typeof EmulatorState>;

/** A fresh, empty state. */
export function emptyState(): EmulatorState {
  return { accounts: {}, groups: {}, idCounter: 0 };
}

/** The two UserIDs of a 1:1 conversation in the order its messages are kept under. */
export function conversationKey(one: string, other: string): [string, string] {
  return one <= other ? [one, other] : [other, one];
}

const NO_MESSAGES: readonly never[] = Object.freeze([]);

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

  /** Disbands a group, with its members, topics and messages. */
  deleteGroup(groupId: string): void {
    delete this.state.groups[groupId];
    if (this.state.groupMessages) delete this.state.groupMessages[groupId];
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

  /** A group's messages by rising MsgSeq (the stored list: read it, never change it but through the methods here). */
  groupMessages(group: GroupRecord): readonly GroupMessageRecord[] {
    return (this.state.groupMessages && ownValue(this.state.groupMessages, group.groupId)) ?? NO_MESSAGES;
  }

  /** The group's newest message, or undefined before the first. */
  newestGroupMessage(group: GroupRecord): GroupMessageRecord | undefined {
    return this.groupMessages(group).at(-1);
  }

  /** Appends a message to a group's history; its MsgSeq must be above the newest's. */
  appendGroupMessage(group: GroupRecord, message: GroupMessageRecord): void {
    this.state.groupMessages ??= {};
    let messages = ownValue(this.state.groupMessages, group.groupId);
    if (!messages) {
      messages = [];
      setOwn(this.state.groupMessages, group.groupId, messages);
    }
    const newest = messages.at(-1);
    if (newest && message.msgSeq <= newest.msgSeq) throw new Error(`MsgSeq ${message.msgSeq} is not above ${newest.msgSeq}`);
    messages.push(message);
  }

  /** A 1:1 conversation's messages by time, then MsgSeq; the two UserIDs in either order. */
  conversation(one: string, other: string): readonly C2CMessageRecord[] {
    const [a, b] = conversationKey(one, other);
    const byPeer = this.state.c2cMessages && ownValue(this.state.c2cMessages, a);
    return (byPeer && ownValue(byPeer, b)) ?? NO_MESSAGES;
  }

  /**
   * Puts a message into its 1:1 conversation at position `index` of {@link conversation}'s list, which must keep
   * the conversation's order (the caller found the place; appending is the common case).
   */
  insertC2CMessage(message: C2CMessageRecord, index: number): void {
    const [a, b] = conversationKey(message.fromAccount, message.toAccount);
    this.state.c2cMessages ??= {};
    let byPeer = ownValue(this.state.c2cMessages, a);
    if (!byPeer) {
      byPeer = {};
      setOwn(this.state.c2cMessages, a, byPeer);
    }
    let messages = ownValue(byPeer, b);
    if (!messages) {
      messages = [];
      setOwn(byPeer, b, messages);
    }
    const before = messages[index - 1];
    const after = messages[index];
    if (index < 0 || index > messages.length || (before && c2cOrder(before, message) > 0) || (after && c2cOrder(message, after) > 0)) {
      throw new Error(`position ${index} breaks the conversation's order`);
    }
    if (index === messages.length) messages.push(message);
    else messages.splice(index, 0, message);
  }

  /** A new server-assigned group ID: `@TGS#...`, or `@TGS#_@TGS#c...` for a community, as in the docs' samples. */
  newGroupId(community: boolean): string {
    const suffix = this.nextIdSuffix();
    return community ? `${COMMUNITY_ID_PREFIX}${GROUP_ID_PREFIX}c${suffix}` : `${GROUP_ID_PREFIX}2${suffix}`;
  }

  /** A new server-assigned topic ID inside a community. */
  newTopicId(groupId: string): string {
    return `${groupId}${SERVER_TOPIC_ID_MARK}c${this.nextIdSuffix()}`;
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

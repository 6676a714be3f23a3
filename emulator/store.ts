/** An imported account. */
export interface AccountRecord {
  userId: string;
  nick?: string;
  faceUrl?: string;
}

/** A group member. */
export interface MemberRecord {
  account: string;
  role: "Owner" | "Admin" | "Member";
  joinTime: number;
  unreadMsgNum: number;
}

/** A topic of a topic-enabled community. */
export interface TopicRecord {
  topicId: string;
  topicName: string;
  fromAccount?: string;
  customString?: string;
  faceUrl?: string;
  notification?: string;
  introduction?: string;
  createTime: number;
}

/** A group, with the profile fields get_group_info reports. */
export interface GroupRecord {
  groupId: string;
  type: string;
  name: string;
  introduction?: string;
  notification?: string;
  faceUrl?: string;
  ownerAccount?: string;
  createTime: number;
  maxMemberCount: number;
  applyJoinOption?: string;
  supportTopic: boolean;
  /** Messages in the group; unread counts are clamped to it (import_group_member, set_unread_msg_num). */
  messageCount?: number;
  appDefinedData: Record<string, string>;
  members: Record<string, MemberRecord>;
  topics: Record<string, TopicRecord>;
}

/** Everything the emulator holds; plain JSON so it can be dumped, seeded and saved. */
export interface EmulatorState {
  accounts: Record<string, AccountRecord>;
  groups: Record<string, GroupRecord>;
  /** Source of server-assigned IDs; only grows, so IDs are never reused. */
  idCounter: number;
}

/** A fresh, empty state. */
export function emptyState(): EmulatorState {
  return { accounts: {}, groups: {}, idCounter: 0 };
}

const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** The state of one emulated app, with the ID generation the service uses. */
export class EmulatorStore {
  state: EmulatorState;

  constructor(initial?: EmulatorState) {
    this.state = initial ? structuredClone(initial) : emptyState();
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
    return out + "M62C" + ID_ALPHABET[this.state.idCounter % 32];
  }
}

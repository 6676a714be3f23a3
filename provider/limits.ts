/**
 * The documented limits of Tencent Cloud Chat, in one table shared by the provider's `check`, the client's request
 * schemas and the emulator, so that preview, client and "server" can never disagree.
 *
 * Sources: import_group (https://trtc.io/document/34967), import_group_member (https://trtc.io/document/34969),
 * import_topic (https://trtc.io/document/53448), the Group System page (https://trtc.io/document/33529) and the Use
 * Limits page (https://trtc.io/document/34381).
 */
export const LIMITS = {
  /** Group name, bytes of UTF-8 (import_group: "maximum length is 30 bytes"). */
  groupName: 30,
  /** Group introduction, bytes (import_group). */
  groupIntroduction: 240,
  /** Group notice, bytes (import_group). */
  groupNotification: 300,
  /** Profile photo URL, bytes (import_group, import_topic). */
  faceUrl: 100,
  /** Custom group ID, bytes of printable ASCII (Group System page: "at most 48 bytes"). */
  customGroupId: 48,
  /** Whole topic ID, bytes (Group System page). */
  topicId: 96,
  /** Topic name, bytes (import_topic). */
  topicName: 30,
  /** Topic custom string, bytes (import_topic). */
  topicCustomString: 3000,
  /** UserID, bytes (account_import; Use Limits page). */
  userId: 32,
  /** Account nickname / face URL value, bytes (profile values over 500 B fail with 40601). */
  profileValue: 500,
  /** MaxMemberCount for non-community groups (import_group: "6,000 at the maximum"). */
  maxMemberCount: 6000,
  /** MaxMemberCount for communities (import_group: "a community group supports up to 100,000"). */
  communityMaxMemberCount: 100_000,
  /** MaxMemberCount the service gives a group imported without one (get_group_info of such a group). */
  defaultMemberCount: 2000,
  /** MaxMemberCount the service gives a community imported without one. */
  communityDefaultMemberCount: 100_000,
  /** Group custom fields per group (Use Limits page). */
  appDefinedDataKeys: 10,
  /** Group custom field key, bytes of [A-Za-z0-9_] (Use Limits page). */
  appDefinedDataKey: 16,
  /** Group custom field value, bytes (Use Limits page). */
  appDefinedDataValue: 512,
  /** Topics per community (Use Limits page). */
  topicsPerCommunity: 200,
} as const;

/** The largest MaxMemberCount a group of `groupType` may have (import_group: 6,000; 100,000 for a community). */
export function largestMemberLimit(groupType: unknown): number {
  return groupType === "Community" ? LIMITS.communityMaxMemberCount : LIMITS.maxMemberCount;
}

/** The most members a group holds: its MaxMemberCount, or the one the service gives its type when imported without one. */
export function memberLimit(groupType: unknown, maxMemberCount?: unknown): number {
  if (typeof maxMemberCount === "number") return maxMemberCount;
  return groupType === "Community" ? LIMITS.communityDefaultMemberCount : LIMITS.defaultMemberCount;
}

/** How many people a group holds: its members, and its owner when not among them (import_group makes the owner one). */
export function groupHeadcount(members: Record<string, unknown>, ownerAccount: unknown): number {
  const owner = typeof ownerAccount === "string" && !Object.hasOwn(members, ownerAccount) ? 1 : 0;
  return Object.keys(members).length + owner;
}

/** Length of a string in UTF-8 bytes, the unit every Tencent text limit is given in (a CJK character is 3). */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/**
 * The byte offset (in UTF-8) of the first lone surrogate of a string, or undefined when the string is well formed.
 * JavaScript strings can hold such half characters (from "\\ud800" in JSON, or a bad slice); UTF-8 cannot.
 */
export function loneSurrogateByteOffset(text: string): number | undefined {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return bytes;
      bytes += 4;
      i++;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) return bytes;
    else bytes += unit < 0x80 ? 1 : unit < 0x800 ? 2 : 3;
  }
  return undefined;
}

/**
 * The offset of the first byte that does not start a valid UTF-8 sequence (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF, no truncated sequence), or undefined when all of `bytes` is valid UTF-8.
 */
export function invalidUtf8Offset(bytes: Uint8Array): number | undefined {
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const trailing = lead >= 0xc2 && lead <= 0xdf ? 1 : lead >= 0xe0 && lead <= 0xef ? 2 : lead >= 0xf0 && lead <= 0xf4 ? 3 : 0;
    if (trailing === 0) return i;
    let codePoint = lead & (0x3f >> trailing);
    for (let k = 1; k <= trailing; k++) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return i;
      codePoint = (codePoint << 6) | (next & 0x3f);
    }
    const smallest = [0, 0x80, 0x800, 0x10000][trailing]!;
    if (codePoint < smallest || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return i;
    i += trailing + 1;
  }
  return undefined;
}

/** True when every character is printable ASCII (0x20-0x7e), the rule for custom group and topic IDs. */
export function isPrintableAscii(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text);
}

/** Group types that the import APIs accept; AVChatRoom is refused with 10007. */
export const IMPORTABLE_GROUP_TYPES = ["Private", "Public", "ChatRoom", "Community"] as const;
/** How a group handles join requests (import_group `ApplyJoinOption`). */
export const APPLY_JOIN_OPTIONS = ["FreeAccess", "NeedPermission", "DisableApply"] as const;

/** Prefix of every server-assigned group ID. */
export const GROUP_ID_PREFIX = "@TGS#";
/** Prefix every community group ID carries, custom or assigned. */
export const COMMUNITY_ID_PREFIX = "@TGS#_";
/** Separator between a community ID and the topic part of a topic ID. */
export const TOPIC_ID_SEPARATOR = "@TOPIC#_";
/** What follows the community's ID in a server-assigned topic ID (`@TGS#_...@TOPIC#_@TOPIC#...`); custom IDs may not hold it. */
export const SERVER_TOPIC_ID_MARK = `${TOPIC_ID_SEPARATOR}@TOPIC#`;

/**
 * Checks a custom GroupId against the Group System rules and returns the problem, or undefined when it is valid.
 * Shared by the provider's `check` and the emulator's `import_group`.
 */
export function customGroupIdProblem(groupId: string, groupType: string | undefined): string | undefined {
  const bytes = utf8Bytes(groupId);
  if (bytes === 0) return "must not be empty";
  if (!isPrintableAscii(groupId)) return "must be printable ASCII (0x20-0x7e)";
  if (bytes > LIMITS.customGroupId) return `must be at most ${LIMITS.customGroupId} bytes (got ${bytes})`;
  if (groupType === "Community") {
    if (!groupId.startsWith(COMMUNITY_ID_PREFIX)) return `must start with "${COMMUNITY_ID_PREFIX}" for a Community`;
  } else if (groupId.startsWith(GROUP_ID_PREFIX)) {
    return `must not start with "${GROUP_ID_PREFIX}" (reserved for server-assigned IDs; only a Community uses "${COMMUNITY_ID_PREFIX}")`;
  }
  return undefined;
}

/** Checks a text value against a byte limit and returns the problem, or undefined. */
export function byteLimitProblem(text: string, limit: number): string | undefined {
  // Validity first: Node would encode a lone surrogate as U+FFFD (3 bytes) and the count would be of other text.
  const invalidAt = loneSurrogateByteOffset(text);
  if (invalidAt !== undefined) return `must be valid UTF-8 text: a lone surrogate at byte ${invalidAt} cannot be encoded`;
  const bytes = utf8Bytes(text);
  return bytes > limit ? `must be at most ${limit} bytes of UTF-8 (got ${bytes}; a CJK character takes 3 bytes)` : undefined;
}

/**
 * Checks a custom TopicId: `GroupId + "@TOPIC#_" + part`, the part printable ASCII without "@TGS#_" or
 * "@TOPIC#_@TOPIC#", the whole at most 96 bytes (Group System page). Returns the problem, or undefined.
 */
export function customTopicIdProblem(topicId: string, groupId: string): string | undefined {
  const prefix = `${groupId}${TOPIC_ID_SEPARATOR}`;
  if (!topicId.startsWith(prefix)) return `must start with the community's ID followed by "${TOPIC_ID_SEPARATOR}" ("${prefix}")`;
  const part = topicId.slice(prefix.length);
  if (part.length === 0) return `needs a part after "${TOPIC_ID_SEPARATOR}"`;
  if (!isPrintableAscii(part)) return "must be printable ASCII (0x20-0x7e)";
  // The server-assigned mark spans the separator, so look at separator + part.
  if (part.includes(COMMUNITY_ID_PREFIX) || `${TOPIC_ID_SEPARATOR}${part}`.includes(SERVER_TOPIC_ID_MARK)) {
    return `must not contain "${COMMUNITY_ID_PREFIX}" or "${SERVER_TOPIC_ID_MARK}" after the prefix (reserved for server-assigned IDs)`;
  }
  const bytes = utf8Bytes(topicId);
  if (bytes > LIMITS.topicId) return `must be at most ${LIMITS.topicId} bytes in all (got ${bytes})`;
  return undefined;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * The longest prefix of `text` that fits in `limit` bytes of UTF-8 and ends on a grapheme cluster boundary: what a
 * person sees as one character (a family emoji joined by zero-width joiners, a flag's two regional indicators, a
 * letter with its combining accents) is kept whole or left out whole, never cut into a dangling half.
 */
export function truncateUtf8(text: string, limit: number): string {
  if (utf8Bytes(text) <= limit) return text;
  let end = 0;
  let bytes = 0;
  for (const { segment, index } of graphemes.segment(text)) {
    const size = utf8Bytes(segment);
    if (bytes + size > limit) break;
    bytes += size;
    end = index + segment.length;
  }
  return text.slice(0, end);
}

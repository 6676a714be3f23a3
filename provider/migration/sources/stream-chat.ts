import type { IMPORTABLE_GROUP_TYPES } from "../../limits";
import { type ConversationMember, type GroupDraft, ManifestBuilder, type MemberDraft, RECORDS } from "./builder";
import type { Conversion } from "./conversion";
import { RecordFields } from "./fields";
import { hasFields, keyFrom, membersKey, readExport, textOf, type ExportLine } from "./jsonl-export";
import type { ProgressListener } from "./read";

/**
 * Converts Stream Chat's import file (JSON Lines, one `{"type": ..., "data": {...}}` item per line, as
 * getstream.io/chat/docs/node/import documents it; the older `"item"` envelope is read too): users to accounts,
 * channels to groups, members with their channel role and `created_at` as join time. Messages, reactions, devices
 * and bans are counted and reported as not migrated. Items refer to items before them (users, channels, members:
 * Stream's documented order).
 */

type GroupType = (typeof IMPORTABLE_GROUP_TYPES)[number];

/**
 * Stream's built-in channel types and the Tencent group type each becomes. messaging, team and commerce channels
 * are conversations among invited members: Private (Work) groups. livestream and gaming channels are open to
 * anyone: Tencent's live-stream group (AVChatRoom) cannot be imported, so they become ChatRoom (Meeting) groups,
 * which anyone may join. Any other (custom) type becomes Private, reported; `typeMap` overrides any of these.
 */
export const STREAM_CHANNEL_TYPES: Record<string, GroupType> = {
  messaging: "Private",
  team: "Private",
  commerce: "Private",
  livestream: "ChatRoom",
  gaming: "ChatRoom",
};

const NOT_MIGRATED: Record<string, string> = {
  message: "message history is not imported by this tool",
  reaction: "reactions belong to messages, which are not imported",
  device: "push devices are registered by the apps on Tencent's SDK, not imported",
  future_channel_ban: "bans have no import API in Tencent Chat",
};

/** Options of {@link convertStreamExport}. */
export interface StreamConversionOptions {
  /** Channel type to Tencent group type, over {@link STREAM_CHANNEL_TYPES}. */
  typeMap?: Record<string, GroupType>;
  onProgress?: ProgressListener;
  now?: number;
}

/** What a distinct channel (known by its members, not an id) is made of once every line is read. */
interface DistinctChannel {
  source?: string;
  draft?: Omit<GroupDraft, "name">;
  memberIds: string[];
  lines: { source: string; userId: string; member: MemberDraft }[];
}

/** Converts the Stream Chat import file at `path`; see the module comment. */
export async function convertStreamExport(path: string, options: StreamConversionOptions = {}): Promise<Conversion> {
  const builder = new ManifestBuilder({
    unfit: "unmapped",
    oversized: "community",
    input: path,
    ...(options.now !== undefined ? { now: options.now } : {}),
  });
  const types = { ...STREAM_CHANNEL_TYPES, ...options.typeMap };
  const customTypesReported = new Set<string>();
  const rolesReported = new Set<string>();
  const distinct = new Map<string, DistinctChannel>();
  let teamsReported = false;

  /** A time field of the line, read (and reported when broken) as every converter reads one. */
  const time = (line: ExportLine, field: string): number | undefined =>
    new RecordFields(line.source, line.payload, (source, reason) => builder.reporter.problem(source, reason)).time(field);
  const memberIds = (line: ExportLine, field: string): string[] | undefined => {
    const ids = line.payload[field];
    return Array.isArray(ids) && ids.every((id) => typeof id === "string") && ids.length > 0 ? (ids as string[]) : undefined;
  };
  /** The group key of a channel, by its id or, for a distinct channel, its member list. */
  const channelKey = (line: ExportLine, typeField: string, idField: string, membersField: string) => {
    const type = textOf(line.payload, typeField);
    const id = textOf(line.payload, idField);
    const members = memberIds(line, membersField);
    if (!type || (!id && !members) || (id && members)) {
      builder.reporter.problem(line.source, `${line.type} needs ${typeField} and exactly one of ${idField} and ${membersField}`);
      return undefined;
    }
    return id ? { key: keyFrom(type, id) } : { key: keyFrom(type, membersKey("distinct", members!)), members: members! };
  };
  const distinctChannel = (key: string): DistinctChannel => {
    const known = distinct.get(key);
    if (known) return known;
    const channel: DistinctChannel = { memberIds: [], lines: [] };
    distinct.set(key, channel);
    return channel;
  };

  await readExport(
    path,
    {
      envelope: (line) => {
        const payload = line.data ?? line.item;
        if (typeof line.type !== "string") return { problem: 'has no "type"' };
        if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return { problem: `has no "data" object` };
        // The JSON schema of Stream's protocol calls a member "channel_member"; its documents say "member".
        return { type: line.type === "channel_member" ? "member" : line.type, payload: payload as Record<string, unknown> };
      },
      notMigrated: NOT_MIGRATED,
      handlers: {
        user: (line) => {
          if (!hasFields(builder, line, "id")) return;
          const id = textOf(line.payload, "id")!;
          const nick = textOf(line.payload, "name");
          const faceUrl = textOf(line.payload, "image");
          const role = textOf(line.payload, "role");
          builder.account(line.source, id, { ...(nick ? { nick } : {}), ...(faceUrl ? { faceUrl } : {}) }, { guest: role === "guest" });
          if (textOf(line.payload, "deleted_at") || textOf(line.payload, "deactivated_at")) {
            builder.reporter.adjusted(
              line.source,
              `${id} is deactivated or deleted in Stream; imported so that memberships keep their people`,
              "deactivated",
            );
          }
          if (role && role !== "user" && role !== "guest") {
            builder.reporter.unmapped(
              line.source,
              `app role "${role}": Tencent's app administrators are set in its console`,
              `role-${role}`,
            );
          }
          if (!teamsReported && Array.isArray(line.payload.teams) && line.payload.teams.length > 0) {
            teamsReported = true;
            builder.reporter.unmapped(
              line.source,
              "teams (multi-tenancy): Tencent Chat has one tenant per app; users and channels of every team are imported into this one",
            );
          }
        },
        channel: (line) => {
          if (!hasFields(builder, line, "type", "created_by")) return;
          const channel = channelKey(line, "type", "id", "member_ids");
          if (!channel) return;
          const streamType = textOf(line.payload, "type")!;
          const id = textOf(line.payload, "id");
          let type = types[streamType];
          if (!type) {
            type = "Private";
            if (!customTypesReported.has(streamType)) {
              customTypesReported.add(streamType);
              builder.reporter.adjusted(
                line.source,
                `channel type "${streamType}" is not one of Stream's built-in types; its channels are imported as Private groups (choose with --type-map ${streamType}=<type>)`,
              );
            }
          }
          const draft: Omit<GroupDraft, "name"> = { key: channel.key, type, creator: textOf(line.payload, "created_by")! };
          if (id) draft.groupId = id;
          const faceUrl = textOf(line.payload, "image");
          if (faceUrl) draft.faceUrl = faceUrl;
          const createTime = time(line, "created_at");
          if (createTime !== undefined) draft.createTime = createTime;
          if (type === "ChatRoom" || type === "Public") draft.applyJoinOption = "FreeAccess";
          if (line.payload.frozen === true || line.payload.disabled === true) {
            builder.reporter.adjusted(
              line.source,
              "frozen or disabled in Stream; Tencent has no such state at import: imported as an active group",
              "frozen",
            );
          }
          const name = textOf(line.payload, "name");
          if (channel.members) {
            // Its members decide whether it is a group at all: settled once every line is read.
            const held = distinctChannel(channel.key);
            if (held.source)
              return builder.reporter.problem(line.source, `channel ${channel.key} is declared twice (first at ${held.source})`);
            Object.assign(held, { source: line.source, draft: name ? { ...draft, name } : draft, memberIds: channel.members });
            return;
          }
          builder.addGroup(line.source, { ...draft, name: name ?? id! });
        },
        member: (line) => {
          if (!hasFields(builder, line, "user_id")) return;
          const channel = channelKey(line, "channel_type", "channel_id", "channel_member_ids");
          if (!channel) return;
          const userId = textOf(line.payload, "user_id")!;
          if (
            line.payload.invited === true &&
            !textOf(line.payload, "invite_accepted_at") &&
            !textOf(line.payload, "invited_accepted_at")
          ) {
            return builder.skip(RECORDS.memberships, line.source, `an invitation that was not accepted is not a membership`, "invited");
          }
          const channelRole = textOf(line.payload, "channel_role") ?? "channel_member";
          const moderator = channelRole === "channel_moderator" || line.payload.is_moderator === true;
          if (!["channel_member", "channel_moderator", "owner"].includes(channelRole) && !rolesReported.has(channelRole)) {
            rolesReported.add(channelRole);
            builder.reporter.adjusted(
              line.source,
              `channel role "${channelRole}" has no Tencent counterpart; its members are imported as Members`,
            );
          }
          const joinTime = time(line, "created_at");
          const member: MemberDraft = {
            role: channelRole === "owner" ? "Owner" : moderator ? "Admin" : "Member",
            ...(joinTime !== undefined ? { joinTime } : {}),
          };
          if (channel.members) distinctChannel(channel.key).lines.push({ source: line.source, userId, member });
          else builder.member(line.source, channel.key, userId, member);
        },
      },
    },
    builder,
    options.onProgress,
  );
  for (const [key, channel] of distinct) settleDistinct(builder, key, channel);
  return builder.finish();
}

/**
 * A distinct channel's members are its `member_ids` and its member lines together: with three or more people it is
 * a group named by them; with one or two a 1:1 conversation (the builder's one rule for every source). A person in
 * only one of the two lists is a member, reported.
 */
function settleDistinct(builder: ManifestBuilder, key: string, channel: DistinctChannel): void {
  if (!channel.source || !channel.draft) {
    for (const line of channel.lines) builder.member(line.source, key, line.userId, line.member);
    return;
  }
  const listed = new Set(channel.memberIds);
  const lined = new Set(channel.lines.map((line) => line.userId));
  const members: ConversationMember[] = channel.lines.map((line) => ({ userId: line.userId, source: line.source, draft: line.member }));
  for (const userId of channel.memberIds) if (!lined.has(userId)) members.push({ userId });
  if (!builder.conversation(RECORDS.groups, channel.source, key, members, channel.draft)) {
    for (const line of channel.lines) builder.skip(RECORDS.memberships, line.source, "a member of a 1:1 conversation", "one-to-one-member");
    return;
  }
  for (const userId of channel.memberIds) {
    if (!lined.has(userId)) {
      builder.reporter.adjusted(
        channel.source,
        `${userId} is in member_ids of ${key} without a member line: imported as a member`,
        "member-ids-only",
      );
    }
  }
  for (const line of channel.lines) {
    if (!listed.has(line.userId)) {
      builder.reporter.adjusted(
        line.source,
        `${line.userId} has a member line but is not in member_ids of ${key}: imported as a member`,
        "member-line-only",
      );
    }
  }
}

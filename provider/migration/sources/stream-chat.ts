import { once } from "node:events";
import { createWriteStream, mkdtempSync, rmSync, type WriteStream } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { IMPORTABLE_GROUP_TYPES } from "../../limits";
import { HISTORY_LIMITS, HistoryElement, toMsgElement } from "../history";
import { type ConversationMember, type GroupDraft, ManifestBuilder, type MemberDraft, RECORDS } from "./builder";
import type { Conversion } from "./conversion";
import { RecordFields } from "./fields";
import { finishConversionWithHistory, HistorySink, MESSAGES, type SourceMessage } from "./history-sink";
import { hasFields, keyFrom, membersKey, readExport, textOf, type ExportLine } from "./jsonl-export";
import { type ProgressListener, readJsonLines } from "./read";

/**
 * Converts Stream Chat's import file (JSON Lines, one `{"type": ..., "data": {...}}` item per line, as
 * getstream.io/chat/docs/node/import documents it; the older `"item"` envelope is read too): users to accounts,
 * channels to groups, members with their channel role and `created_at` as join time, messages to the history file
 * (their handler below says field by field how). Reactions, devices and bans are counted and reported as not
 * migrated. Stream documents an order (users, channels, members, messages), but lines are taken in any order:
 * references are settled once every line is read.
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
  reaction: "reactions have no counterpart in Tencent's history import; the messages are imported without them",
  device: "push devices are registered by the apps on Tencent's SDK, not imported",
  future_channel_ban: "bans have no import API in Tencent Chat",
};

/** Message types that are not a person's message to import, and why each is left out. */
const SKIPPED_MESSAGE_TYPES: Record<string, string> = {
  deleted: "a deleted message (type deleted, or deleted_at): Stream no longer shows it; left out",
  system: "a system message (an event Stream wrote into the channel, not a person's message): left out",
  error: "an error message (a failed command, shown only to its sender): left out",
  ephemeral: "an ephemeral message (a command's preview shown only to its sender, never sent): left out",
};

/** What one attachment of a message becomes: a file element, a link for the text, or why it is left out. */
type AttachmentOutcome = { file: HistoryElement } | { link: string } | { unusable: string };

/** Whether `url` is an http(s) URL a client can fetch. */
function isHttpUrl(url: string): boolean {
  return /^https?:\/\//i.test(url) && URL.canParse(url);
}

/** A file's name from its URL: the path's last segment, decoded (`.../Q3%20plan.pdf?x=1` -> `Q3 plan.pdf`), else the host. */
function fileNameFromUrl(url: string): string {
  const { pathname, hostname } = new URL(url);
  const segment = pathname.split("/").filter(Boolean).pop() ?? "";
  let name = segment;
  try {
    name = decodeURIComponent(segment);
  } catch {
    // A malformed escape: the segment as written.
  }
  return name.trim() || hostname;
}

/**
 * One of Stream's attachments. An uploaded image, file, video or audio is a file element: its URL is `asset_url`,
 * else the legacy `url`, else `image_url` (a video's poster when it has either), else `thumb_url`; its name the
 * `title`, else `fallback` (the SDK's file name of an image), else the URL's last segment; with `file_size` and
 * `mime_type`. A link preview (`og_scrape_url`, a `title_link` without an asset, a giphy) is the link itself: the
 * card is Stream's rendering of a link in the text.
 */
function attachmentOf(value: unknown): AttachmentOutcome {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { unusable: "an attachment that is not an object" };
  const attachment = value as Record<string, unknown>;
  const type = textOf(attachment, "type") ?? "custom";
  const preview =
    textOf(attachment, "og_scrape_url") ??
    (type === "giphy" || !textOf(attachment, "asset_url") ? textOf(attachment, "title_link") : undefined) ??
    (type === "giphy" ? (textOf(attachment, "thumb_url") ?? textOf(attachment, "image_url")) : undefined);
  if (preview !== undefined || type === "giphy") {
    return preview !== undefined && isHttpUrl(preview) ? { link: preview } : { unusable: `a ${type} link preview without an http(s) link` };
  }
  const url =
    textOf(attachment, "asset_url") ?? textOf(attachment, "url") ?? textOf(attachment, "image_url") ?? textOf(attachment, "thumb_url");
  if (url === undefined) return { unusable: `a ${type} attachment without a URL (asset_url, image_url, thumb_url)` };
  if (!isHttpUrl(url)) return { unusable: `a ${type} attachment whose URL "${url}" is not an http(s) URL` };
  const sizeField = attachment.file_size;
  const size = typeof sizeField === "string" && /^\d+$/.test(sizeField) ? Number(sizeField) : sizeField;
  const mimeType = textOf(attachment, "mime_type");
  const file = HistoryElement.safeParse({
    type: "file",
    url,
    name: textOf(attachment, "title")?.trim() || textOf(attachment, "fallback")?.trim() || fileNameFromUrl(url),
    ...(typeof size === "number" && Number.isSafeInteger(size) && size >= 0 ? { size } : {}),
    ...(mimeType ? { mimeType } : {}),
  });
  return file.success
    ? { file: file.data }
    : { unusable: `a ${type} attachment that is not a file Tencent takes (${file.error.issues[0]!.message})` };
}

/** A message's author: `user` (an ID, or a user object with its `id`), else `user_id`. */
function authorOf(payload: Record<string, unknown>): string | undefined {
  const user = payload.user;
  if (typeof user === "string" && user !== "") return user;
  if (typeof user === "object" && user !== null && !Array.isArray(user)) {
    const id = textOf(user as Record<string, unknown>, "id");
    if (id) return id;
  }
  return textOf(payload, "user_id");
}

/**
 * Messages of distinct channels, held in a temporary file until every line is read: only then do the channel's
 * member lines say whether it is a group or a 1:1 conversation. A million direct messages are not held in memory.
 */
class HeldMessages {
  private spill?: { folder: string; out: WriteStream };

  async hold(source: string, message: SourceMessage): Promise<void> {
    if (!this.spill) {
      const folder = mkdtempSync(join(tmpdir(), "tencent-chat-stream-"));
      this.spill = { folder, out: createWriteStream(join(folder, "held.jsonl")) };
    }
    if (!this.spill.out.write(`${JSON.stringify({ source, message })}\n`)) await once(this.spill.out, "drain");
  }

  /** The messages held, in the order they were read. */
  async *release(): AsyncGenerator<{ source: string; message: SourceMessage }> {
    if (!this.spill) return;
    this.spill.out.end();
    await once(this.spill.out, "finish");
    for await (const record of readJsonLines(join(this.spill.folder, "held.jsonl"))) {
      if ("problem" in record) throw new Error(`the held messages' temporary file is broken at line ${record.line}: ${record.problem}`);
      yield record.value as { source: string; message: SourceMessage };
    }
  }

  dispose(): void {
    if (!this.spill) return;
    this.spill.out.destroy();
    rmSync(this.spill.folder, { recursive: true, force: true });
  }
}

/** Options of {@link convertStreamExport}. */
export interface StreamConversionOptions {
  /** Channel type to Tencent group type, over {@link STREAM_CHANNEL_TYPES}. */
  typeMap?: Record<string, GroupType>;
  onProgress?: ProgressListener;
  now?: number;
  /** Where to write the message history (JSON Lines); none when absent. */
  historyPath?: string;
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
  using history = new HistorySink(builder);
  const held = new HeldMessages();
  const now = options.now ?? Math.floor(Date.now() / 1000);
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

  try {
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
              builder.adjustedRecord(
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
              builder.adjustedRecord(
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
          message: async (line) => {
            const payload = line.payload;
            const skip = (reason: string, group: string) => history.skip(line.source, reason, group);
            const type = textOf(payload, "type") ?? "regular";
            if (type === "deleted" || textOf(payload, "deleted_at")) return skip(SKIPPED_MESSAGE_TYPES.deleted!, "message-deleted");
            if (Object.hasOwn(SKIPPED_MESSAGE_TYPES, type)) return skip(SKIPPED_MESSAGE_TYPES[type]!, `message-${type}`);
            if (type !== "regular" && type !== "reply") {
              return skip(
                `message type "${type}" is not one of Stream's (regular, reply, deleted, system): left out`,
                `message-type-${type}`,
              );
            }
            const problems = builder.reporter.report.counts.problems;
            hasFields(builder, line, "id");
            const from = authorOf(payload);
            if (from === undefined) builder.reporter.problem(line.source, "message.user is required (the author's user ID)");
            const channel = channelKey(line, "channel_type", "channel_id", "channel_member_ids");
            const created = time(line, "created_at");
            // Newer Stream data says when the text itself was last edited; updated_at moves with any change (a pin, too).
            const updated = time(line, "message_text_updated_at") ?? time(line, "updated_at");
            if (builder.reporter.report.counts.problems > problems || !channel) return builder.reporter.tally(MESSAGES, "problems");
            const id = textOf(payload, "id")!;
            if (created === undefined) return skip("a message without created_at: its time is not known; left out", "message-no-time");
            if (created > now) return skip(`created_at is in the future (now ${now}): left out`, "message-future");
            if (Array.isArray(payload.restricted_visibility) && payload.restricted_visibility.length > 0) {
              return skip(
                "visible only to some members in Stream (restricted_visibility); imported, every member would read it: left out",
                "message-restricted",
              );
            }
            if (Buffer.byteLength(id) > HISTORY_LIMITS.sourceId) {
              return skip(`a message id over ${HISTORY_LIMITS.sourceId} bytes: left out`, "message-id-too-long");
            }
            const files: HistoryElement[] = [];
            const links: string[] = [];
            let changed = false;
            for (const attachment of Array.isArray(payload.attachments) ? payload.attachments : []) {
              const outcome = attachmentOf(attachment);
              if ("file" in outcome) files.push(outcome.file);
              else if ("link" in outcome) links.push(outcome.link);
              else {
                builder.reporter.unmapped(line.source, `${outcome.unusable}: left out of the message`, "attachment-unusable");
                changed = true;
              }
            }
            let text = typeof payload.text === "string" && payload.text.trim() !== "" ? payload.text : undefined;
            if (links.length > 0) {
              builder.reporter.adjusted(
                line.source,
                "a link preview (og_scrape_url, title_link, giphy) is imported as its link in the text: Tencent's messages have no link cards",
                "link-preview",
              );
              changed = true;
              const missing = [...new Set(links)].filter((link) => !text?.includes(link));
              if (missing.length > 0) text = [...(text !== undefined ? [text] : []), ...missing].join("\n");
            }
            const body: HistoryElement[] = [...(text !== undefined ? [{ type: "text" as const, text }] : []), ...files];
            if (body.length === 0)
              return skip("a message with no text and no attachment with a URL: nothing to import; left out", "message-empty");
            const bytes = Buffer.byteLength(JSON.stringify(body.map(toMsgElement)));
            if (bytes > HISTORY_LIMITS.bodyBytes) {
              return skip(
                `a message of ${bytes} bytes as Tencent counts its body; Tencent takes at most ${HISTORY_LIMITS.bodyBytes} (80002): left out`,
                "message-too-large",
              );
            }
            const message: SourceMessage = {
              conversation: { group: channel.key },
              id,
              from: from!,
              time: created,
              body,
              ...(changed ? { adjusted: true } : {}),
            };
            const parent = textOf(payload, "parent_id");
            const quoted = textOf(payload, "quoted_message_id");
            // A thread reply names its thread's parent; a quote (an inline reply) names the message it quotes.
            const replyTo = parent ?? quoted;
            if (replyTo !== undefined && replyTo !== id) message.replyTo = replyTo;
            if (parent !== undefined && quoted !== undefined && quoted !== parent) {
              builder.reporter.unmapped(
                line.source,
                "a thread reply that quotes another message: imported as a reply to its thread's parent; the quote is left out",
                "message-quote-in-thread",
              );
            }
            if (updated !== undefined && updated > created) message.edited = updated;
            if (textOf(payload, "pinned_at"))
              builder.reporter.unmapped(line.source, "pinned messages: Tencent Chat has no pins to import", "pins");
            if (channel.members) await held.hold(line.source, message);
            else await history.add(line.source, message);
          },
        },
      },
      builder,
      options.onProgress,
    );
    // A distinct channel's messages go to its group, or to its two people when it is a 1:1 conversation.
    const pairs = new Map<string, [string, string]>();
    for (const [key, channel] of distinct) {
      const pair = settleDistinct(builder, key, channel);
      if (pair) pairs.set(key, pair);
    }
    for await (const { source, message } of held.release()) {
      const pair = "group" in message.conversation ? pairs.get(message.conversation.group) : undefined;
      if (!pair) await history.add(source, message);
      else if (!pair.includes(message.from)) {
        history.skip(
          source,
          `a message from ${message.from}, who is not one of the 1:1 conversation's two people (${pair.join(", ")}): left out`,
          "message-pair-outsider",
        );
      } else await history.add(source, { ...message, conversation: { pair } });
    }
  } finally {
    held.dispose();
  }
  // Awaited here: `using` removes the spill folder when this function returns, which must be after the finish.
  return await finishConversionWithHistory(builder, history, options.historyPath);
}

/**
 * A distinct channel's members are its `member_ids` and its member lines together: with three or more people it is
 * a group named by them; with one or two a 1:1 conversation (the builder's one rule for every source). A person in
 * only one of the two lists is a member, reported. Answers the two people of a 1:1 conversation (one person twice
 * for a conversation with oneself), whose messages are theirs: none for a group.
 */
function settleDistinct(builder: ManifestBuilder, key: string, channel: DistinctChannel): [string, string] | undefined {
  if (!channel.source || !channel.draft) {
    for (const line of channel.lines) builder.member(line.source, key, line.userId, line.member);
    return undefined;
  }
  const listed = new Set(channel.memberIds);
  const lined = new Set(channel.lines.map((line) => line.userId));
  const members: ConversationMember[] = channel.lines.map((line) => ({ userId: line.userId, source: line.source, draft: line.member }));
  for (const userId of channel.memberIds) if (!lined.has(userId)) members.push({ userId });
  if (!builder.conversation(RECORDS.groups, channel.source, key, members, channel.draft)) {
    for (const line of channel.lines) builder.skip(RECORDS.memberships, line.source, "a member of a 1:1 conversation", "one-to-one-member");
    // Not a group: a 1:1 conversation (one person: a conversation with oneself), or a group that was refused.
    const people = [...new Set(members.map((member) => member.userId))];
    return people.length === 1 ? [people[0]!, people[0]!] : people.length === 2 ? [people[0]!, people[1]!] : undefined;
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
  return undefined;
}

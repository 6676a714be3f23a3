import { COMMUNITY_ID_PREFIX } from "../../limits";
import { ManifestBuilder, type GroupDraft } from "./builder";
import type { Conversion } from "./conversion";
import type { HistoryElement } from "../history";
import { type ExportLine, hasFields, keyFrom, membersKey, readExport, textOf } from "./jsonl-export";
import { finishConversionWithHistory, HistorySink, MESSAGES, type SourceMessage } from "./history-sink";
import type { ProgressListener } from "./read";

/**
 * Converts a Mattermost bulk export (`mmctl export create`; JSON Lines of `{"type": T, T: {...}}` after a
 * `{"type": "version", "version": 1}` line, as docs.mattermost.com "Bulk loading data format" documents it):
 *
 * - a team becomes a Community (`@TGS#_<team>`) whose members are the team's members (team admins are Admins):
 *   Tencent's Community is its space that holds many conversations;
 * - a channel becomes a group of its members, `O` (open) as Public with free joining, `P` (private) as Private;
 *   with `channelsAsTopics`, open channels become topics of their team's Community instead (every team member
 *   can read an open channel; a topic has no member list of its own), private ones stay groups;
 * - a group message (`direct_channel` of 3 to 8 people) becomes a Private group; a 1:1 one is a C2C conversation
 *   in Tencent Chat and is reported;
 * - channel admins are Admins. The export has no join times: members join at import time (reported);
 * - posts and direct posts, with their replies, become the message history (see {@link HistorySink}): the bulk
 *   format has no post IDs, so a post is known by its conversation, `create_at` and user (`<create_at>-<user>`,
 *   `-2`, `-3`, ... for a second post of the same key, in file order); a reply answers its post; a channel's posts
 *   go to its group, a direct post of two people to their 1:1 conversation, of three or more to their group. The
 *   messages of a channel taken as a topic, system messages (`system_*`) and posts without text are left out,
 *   attachments (files inside the export, not URLs) are left out of their messages, reactions, pins and flags are
 *   counted; each reported.
 *
 * Users come after teams and channels in the export and carry their memberships, so one pass takes everything.
 */

const NOT_MIGRATED: Record<string, string> = {
  emoji: "custom emoji are not part of Tencent Chat's data",
  scheme: "permission schemes have no import API in Tencent Chat",
  role: "permission roles have no import API in Tencent Chat",
  bot: "bots are accounts of Mattermost's integrations; create them again on Tencent's side",
};

/** Why what a post carries besides its message is not imported. */
const NOT_IMPORTED = {
  "reaction(s)": "Tencent's message import takes no reactions",
  "pin(s)": "Tencent Chat has no pins to import",
  "flag(s)": "flags are each person's saved messages; Tencent's message import takes none",
};

/** A post's props.attachments' plain-text fallbacks: what a bot's post without a message says. */
function fallbackText(props: unknown): string {
  const attachments = (props as { attachments?: unknown } | null | undefined)?.attachments;
  if (!Array.isArray(attachments)) return "";
  return attachments
    .map((attachment) => (attachment as { fallback?: unknown } | null)?.fallback)
    .filter((fallback): fallback is string => typeof fallback === "string" && fallback.trim() !== "")
    .join("\n");
}

/** What every post and reply has. */
interface MessageFields {
  user: string;
  message: string;
  /** Unix milliseconds. */
  createAt: number;
}

/** A post's replies (the export writes `null` for none). */
const replies = (payload: Record<string, unknown>): unknown[] => (Array.isArray(payload.replies) ? payload.replies : []);

/** Options of {@link convertMattermostExport}. */
export interface MattermostConversionOptions {
  /** Open channels become topics of their team's Community instead of groups. */
  channelsAsTopics?: boolean;
  onProgress?: ProgressListener;
  now?: number;
  /** Where to write the message history (JSON Lines); none when absent. */
  historyPath?: string;
}

const teamKey = (team: string) => keyFrom("team", team);
const channelKey = (team: string, channel: string) => keyFrom(team, channel);
/** Whether a Mattermost roles string (`"team_admin team_user"`) holds `role`. */
const isAdmin = (roles: unknown, role: string) => typeof roles === "string" && roles.split(/\s+/).includes(role);

/** Converts the Mattermost bulk export at `path`; see the module comment. */
export async function convertMattermostExport(path: string, options: MattermostConversionOptions = {}): Promise<Conversion> {
  const builder = new ManifestBuilder({
    unfit: "unmapped",
    input: path,
    oversized: "community",
    ...(options.now !== undefined ? { now: options.now } : {}),
  });
  /** Open channels taken as topics: `team/channel`. */
  const topicChannels = new Set<string>();
  let version: number | undefined;
  let joinTimesReported = false;
  let imagesReported = false;
  using history = new HistorySink(builder);

  /** Message IDs given so far, per conversation (its index in `conversations`): `<create_at>-<user>[-n]`. */
  const conversations = new Map<string, number>();
  const messageIds = new Set<string>();
  /** Reactions, pins and flags: not messages, counted and reported once each. */
  const uncounted = {
    "reaction(s)": { count: 0, messages: 0, first: "" },
    "pin(s)": { count: 0, messages: 0, first: "" },
    "flag(s)": { count: 0, messages: 0, first: "" },
  };

  /** A post's ID: `<create_at>-<user>`, and `-2`, `-3`, ... for the next posts of the same key in its conversation. */
  const messageId = (conversation: SourceMessage["conversation"], createAt: number, user: string): string => {
    const name = "group" in conversation ? conversation.group : `${[...conversation.pair].sort().join("|")}|`;
    let index = conversations.get(name);
    if (index === undefined) {
      index = conversations.size;
      conversations.set(name, index);
    }
    const base = `${createAt}-${user}`;
    let id = base;
    for (let n = 2; messageIds.has(`${index}\u0000${id}`); n += 1) id = `${base}-${n}`;
    messageIds.add(`${index}\u0000${id}`);
    return id;
  };

  /** The fields every post and reply needs: `user`, `message` (text, may be empty), `create_at` (milliseconds). */
  const messageFields = (payload: Record<string, unknown>, what: string): { fields?: MessageFields; problems: string[] } => {
    const problems: string[] = [];
    const user = textOf(payload, "user");
    if (user === undefined) problems.push(`${what}.user is required`);
    if (typeof payload.message !== "string") problems.push(`${what}.message is required (text)`);
    const createAt = payload.create_at;
    if (typeof createAt !== "number" || !Number.isInteger(createAt) || createAt <= 0) {
      problems.push(`${what}.create_at must be Unix milliseconds (found ${JSON.stringify(createAt) ?? "nothing"})`);
    }
    if (problems.length > 0) return { problems };
    return { fields: { user: user!, message: payload.message as string, createAt: createAt as number }, problems };
  };

  /**
   * A post line's fields, with `required` ones of its own and `problem` (a broken member list); undefined when any
   * is missing, each a problem, and the post and its replies counted as problems.
   */
  const postFields = (line: ExportLine, required: string[], problem?: string): MessageFields | undefined => {
    const { fields, problems } = messageFields(line.payload, line.type);
    problems.unshift(
      ...required.filter((field) => textOf(line.payload, field) === undefined).map((field) => `${line.type}.${field} is required`),
    );
    if (problem) problems.unshift(problem);
    if (problems.length === 0) return fields;
    for (const text of problems) builder.reporter.problem(line.source, text);
    builder.reporter.tally(MESSAGES, "problems", 1 + replies(line.payload).length);
    return undefined;
  };

  /** One post or reply into the history; answers its ID, or undefined when it is left out. */
  const takeMessage = async (
    source: string,
    payload: Record<string, unknown>,
    fields: MessageFields,
    conversation: SourceMessage["conversation"],
    pair: readonly string[] | undefined,
    replyTo?: string,
  ): Promise<string | undefined> => {
    const reactions = Array.isArray(payload.reactions) ? payload.reactions.length : 0;
    const flags = Array.isArray(payload.flagged_by) ? payload.flagged_by.length : 0;
    for (const [what, count] of [
      ["reaction(s)", reactions],
      ["pin(s)", payload.is_pinned === true ? 1 : 0],
      ["flag(s)", flags],
    ] as const) {
      if (count === 0) continue;
      const tally = uncounted[what];
      tally.count += count;
      tally.messages += 1;
      tally.first ||= source;
    }
    const type = textOf(payload, "type");
    if (type?.startsWith("system_")) {
      history.skip(source, `a system message (${type}), not one a person wrote: left out`, `system:${type}`);
      return undefined;
    }
    if (pair && !pair.includes(fields.user)) {
      history.skip(source, `a message from ${fields.user}, who is not one of the conversation's two people: left out`, "dm-outsider");
      return undefined;
    }
    const attachments = Array.isArray(payload.attachments) ? (payload.attachments as unknown[]) : [];
    const body: HistoryElement[] = [];
    const text = fields.message !== "" ? fields.message : fallbackText(payload.props);
    if (text !== "") body.push({ type: "text", text });
    if (body.length === 0) {
      const why =
        attachments.length > 0
          ? `a message with no text, only ${attachments.length} attachment(s) (files inside the export, not URLs): left out`
          : "a message with no text: left out";
      history.skip(source, why, attachments.length > 0 ? "attachments-only" : "empty");
      return undefined;
    }
    attachments.forEach((attachment, i) => {
      const path = (attachment as { path?: unknown } | null)?.path;
      builder.reporter.unmapped(
        typeof path === "string" ? `${source} data/${path}` : `${source} attachments[${i}]`,
        "an attachment is a file inside the export (data/<path>), not a URL a file element can link: the message is imported without it",
        "post-attachment",
      );
    });
    const id = messageId(conversation, fields.createAt, fields.user);
    const message: SourceMessage = { conversation, id, from: fields.user, time: Math.floor(fields.createAt / 1000), body };
    if (replyTo !== undefined) message.replyTo = replyTo;
    if (attachments.length > 0) message.adjusted = true;
    const editAt = payload.edit_at;
    if (typeof editAt === "number" && Number.isInteger(editAt) && editAt > 0) message.edited = Math.floor(editAt / 1000);
    await history.add(source, message);
    return id;
  };

  /** A post line (`post` or `direct_post`) and its replies, which name it as their parent. */
  const takePost = async (
    line: ExportLine,
    fields: MessageFields,
    conversation: SourceMessage["conversation"],
    pair?: readonly string[],
  ): Promise<void> => {
    const parent = await takeMessage(line.source, line.payload, fields, conversation, pair);
    // A parent left out (a system message) keeps its ID in its replies: they still answer it.
    const parentId = parent ?? `${fields.createAt}-${fields.user}`;
    const list = replies(line.payload);
    for (let i = 0; i < list.length; i += 1) {
      const source = `${line.source} replies[${i}]`;
      const reply = list[i];
      const payload = typeof reply === "object" && reply !== null && !Array.isArray(reply) ? (reply as Record<string, unknown>) : undefined;
      const checked = payload ? messageFields(payload, "reply") : { problems: ["a reply is not an object"] };
      if (!payload || !checked.fields) {
        for (const text of checked.problems) builder.reporter.problem(source, text);
        builder.reporter.tally(MESSAGES, "problems");
        continue;
      }
      await takeMessage(source, payload, checked.fields, conversation, pair, parentId);
    }
  };

  const noteJoinTimes = (source: string) => {
    if (joinTimesReported) return;
    joinTimesReported = true;
    builder.reporter.adjusted(source, "Mattermost exports carry no join times: members join at import time");
  };

  await readExport(
    path,
    {
      envelope: (line) => {
        const type = line.type;
        if (typeof type !== "string") return { problem: 'has no "type"' };
        if (type === "version") return { type, payload: line };
        if (version === undefined) return { problem: `the export must start with {"type":"version","version":1}; found ${type} first` };
        const payload = line[type];
        if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return { problem: `has no "${type}" object` };
        return { type, payload: payload as Record<string, unknown> };
      },
      notMigrated: NOT_MIGRATED,
      handlers: {
        version: (line) => {
          if (version !== undefined) return builder.reporter.problem(line.source, "a second version line");
          version = typeof line.payload.version === "number" ? line.payload.version : NaN;
          if (version !== 1)
            builder.reporter.problem(line.source, `version ${String(line.payload.version)} is not the bulk format's version 1`);
        },
        team: (line) => {
          if (!hasFields(builder, line, "name")) return;
          const team = textOf(line.payload, "name")!;
          const draft: GroupDraft = {
            key: teamKey(team),
            type: "Community",
            name: textOf(line.payload, "display_name") ?? team,
            groupId: `${COMMUNITY_ID_PREFIX}${team}`,
          };
          const description = textOf(line.payload, "description");
          if (description) draft.introduction = description;
          if (options.channelsAsTopics) draft.supportTopic = true;
          builder.addGroup(line.source, draft);
        },
        channel: (line) => {
          if (!hasFields(builder, line, "team", "name", "type")) return;
          const team = textOf(line.payload, "team")!;
          const name = textOf(line.payload, "name")!;
          const type = textOf(line.payload, "type");
          if (type !== "O" && type !== "P")
            return builder.reporter.problem(line.source, `channel.type "${type}" is not O (open) or P (private)`);
          const displayName = textOf(line.payload, "display_name") ?? name;
          if (textOf(line.payload, "deleted_at") || (typeof line.payload.deleted_at === "number" && line.payload.deleted_at > 0)) {
            builder.adjustedRecord(line.source, "archived in Mattermost; Tencent has no archived state, imported as an active group");
          }
          if (options.channelsAsTopics && type === "O") {
            const community = builder.group(teamKey(team));
            if (!community) return builder.reporter.unmapped(line.source, `team ${team} is not declared (before this line)`);
            topicChannels.add(`${team}/${name}`);
            const topic = { key: keyFrom(name), topicName: displayName };
            const purpose = textOf(line.payload, "purpose");
            const header = textOf(line.payload, "header");
            builder.topic(line.source, teamKey(team), {
              ...topic,
              ...(purpose ? { introduction: purpose } : {}),
              ...(header ? { notification: header } : {}),
            });
            return;
          }
          const key = channelKey(team, name);
          const draft: GroupDraft = { key, type: type === "O" ? "Public" : "Private", name: displayName, groupId: key };
          if (type === "O") draft.applyJoinOption = "FreeAccess";
          const purpose = textOf(line.payload, "purpose");
          if (purpose) draft.introduction = purpose;
          const header = textOf(line.payload, "header");
          if (header) draft.notification = header;
          builder.addGroup(line.source, draft);
        },
        user: (line) => {
          if (!hasFields(builder, line, "username")) return;
          const username = textOf(line.payload, "username")!;
          const fullName = [textOf(line.payload, "first_name"), textOf(line.payload, "last_name")].filter(Boolean).join(" ");
          const nick = textOf(line.payload, "nickname") ?? (fullName || undefined);
          // A guest's roles are "system_guest"; its teams and channels say team_guest and channel_guest.
          builder.account(line.source, username, nick ? { nick } : {}, { guest: isAdmin(line.payload.roles, "system_guest") });
          if (!builder.hasAccount(username)) return;
          if (typeof line.payload.delete_at === "number" && line.payload.delete_at > 0) {
            builder.reporter.adjusted(
              line.source,
              `${username} is deactivated in Mattermost; imported so that memberships keep their people`,
            );
          }
          if (!imagesReported && textOf(line.payload, "profile_image")) {
            imagesReported = true;
            builder.reporter.unmapped(
              line.source,
              "profile_image is a file inside the export, not a URL: upload the pictures and set faceUrl (not done by this tool)",
            );
          }
          const teams = Array.isArray(line.payload.teams) ? (line.payload.teams as Record<string, unknown>[]) : [];
          for (const team of teams) {
            const teamName = textOf(team, "name");
            if (!teamName) {
              builder.reporter.problem(line.source, `${username}: a team membership without a name`);
              continue;
            }
            noteJoinTimes(line.source);
            builder.member(line.source, teamKey(teamName), username, { role: isAdmin(team.roles, "team_admin") ? "Admin" : "Member" });
            const channels = Array.isArray(team.channels) ? (team.channels as Record<string, unknown>[]) : [];
            for (const channel of channels) {
              const channelName = textOf(channel, "name");
              if (!channelName) {
                builder.reporter.problem(line.source, `${username}: a channel membership in ${teamName} without a name`);
                continue;
              }
              // An open channel taken as a topic is read by every member of its community.
              if (topicChannels.has(`${teamName}/${channelName}`)) continue;
              builder.member(line.source, channelKey(teamName, channelName), username, {
                role: isAdmin(channel.roles, "channel_admin") ? "Admin" : "Member",
              });
            }
          }
        },
        direct_channel: (line) => {
          const members = Array.isArray(line.payload.members)
            ? (line.payload.members as unknown[])
            : Array.isArray(line.payload.participants)
              ? (line.payload.participants as Record<string, unknown>[]).map((p) => p?.username)
              : [];
          if (members.length < 2 || members.some((m) => typeof m !== "string")) {
            return builder.reporter.problem(line.source, "direct_channel.members must list 2 to 8 usernames");
          }
          const people = [...new Set(members as string[])];
          const header = textOf(line.payload, "header");
          noteJoinTimes(line.source);
          builder.conversation(
            "direct channels",
            line.source,
            membersKey("gm", people),
            people.map((userId) => ({ userId })),
            header ? { notification: header } : {},
          );
        },
        post: async (line) => {
          const fields = postFields(line, ["team", "channel"]);
          if (!fields) return;
          const team = textOf(line.payload, "team")!;
          const channel = textOf(line.payload, "channel")!;
          if (topicChannels.has(`${team}/${channel}`)) {
            for (const source of [line.source, ...replies(line.payload).map((_, i) => `${line.source} replies[${i}]`)]) {
              history.skip(
                source,
                "a message of an open channel imported as a topic (--channels-as-topics): Tencent documents no import of a topic's messages; left out",
                "topic-messages",
              );
            }
            return;
          }
          await takePost(line, fields, { group: channelKey(team, channel) });
        },
        direct_post: async (line) => {
          const members = line.payload.channel_members;
          const valid =
            Array.isArray(members) && members.length >= 2 && members.length <= 8 && members.every((m) => typeof m === "string" && m !== "");
          const fields = postFields(line, [], valid ? undefined : "direct_post.channel_members must list 2 to 8 usernames");
          if (!fields) return;
          const people = [...new Set(members as string[])].sort();
          if (people.length > 2) return takePost(line, fields, { group: membersKey("gm", people) });
          const pair: [string, string] = [people[0]!, people[1] ?? people[0]!];
          await takePost(line, fields, { pair }, pair);
        },
      },
    },
    builder,
    options.onProgress,
  );
  if (version === undefined) builder.reporter.problem(path, 'is empty: a bulk export starts with {"type":"version","version":1}');
  for (const [what, tally] of Object.entries(uncounted)) {
    if (tally.count === 0) continue;
    builder.reporter.unmapped(
      tally.first,
      `${tally.count} ${what} on ${tally.messages} message(s): ${NOT_IMPORTED[what as keyof typeof NOT_IMPORTED]}`,
    );
  }
  // Awaited here: `using` removes the spill folder when this function returns, which must be after the finish.
  return await finishConversionWithHistory(builder, history, options.historyPath);
}

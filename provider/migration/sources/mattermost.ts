import { COMMUNITY_ID_PREFIX } from "../../limits";
import { ManifestBuilder, type GroupDraft } from "./builder";
import type { Conversion } from "./conversion";
import { hasFields, keyFrom, membersKey, readExport, textOf } from "./jsonl-export";
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
 * - channel admins are Admins. The export has no join times: members join at import time (reported).
 *
 * Users come after teams and channels in the export and carry their memberships, so one pass takes everything.
 */

const NOT_MIGRATED: Record<string, string> = {
  post: "message history is not imported by this tool",
  direct_post: "message history is not imported by this tool",
  emoji: "custom emoji are not part of Tencent Chat's data",
  scheme: "permission schemes have no import API in Tencent Chat",
  role: "permission roles have no import API in Tencent Chat",
  bot: "bots are accounts of Mattermost's integrations; create them again on Tencent's side",
};

/** Options of {@link convertMattermostExport}. */
export interface MattermostConversionOptions {
  /** Open channels become topics of their team's Community instead of groups. */
  channelsAsTopics?: boolean;
  onProgress?: ProgressListener;
  now?: number;
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
            builder.reporter.adjusted(line.source, "archived in Mattermost; Tencent has no archived state, imported as an active group");
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
      },
    },
    builder,
    options.onProgress,
  );
  if (version === undefined) builder.reporter.problem(path, 'is empty: a bulk export starts with {"type":"version","version":1}');
  return builder.finish();
}

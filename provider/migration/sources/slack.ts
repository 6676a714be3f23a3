import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { ManifestBuilder, type GroupDraft } from "./builder";
import type { Conversion } from "./conversion";

/**
 * Converts a Slack workspace export into a migration manifest. Slack's export format: users.json, channels.json
 * (public channels), groups.json (private channels), mpims.json (multi-party DMs), dms.json (1:1 DMs), and one
 * folder of daily message files per conversation. This module only translates Slack's records; fitting them into
 * Tencent's limits (byte limits, IDs, owners, groups too large for their type) is the {@link ManifestBuilder}'s,
 * as for every `from-*` command. Whatever does not map is reported with the reason, never dropped silently.
 */

const SlackUser = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  deleted: z.boolean().optional(),
  is_bot: z.boolean().optional(),
  real_name: z.string().optional(),
  profile: z
    .looseObject({
      display_name: z.string().optional(),
      real_name: z.string().optional(),
      image_192: z.string().optional(),
      image_72: z.string().optional(),
    })
    .optional(),
});
const TextWithMeta = z.looseObject({ value: z.string() });
const SlackConversation = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  created: z.number(),
  creator: z.string().optional(),
  is_archived: z.boolean().optional(),
  members: z.array(z.string()).default([]),
  topic: TextWithMeta.optional(),
  purpose: TextWithMeta.optional(),
  pins: z.array(z.unknown()).optional(),
  previous_names: z.array(z.string()).optional(),
});
type SlackConversation = z.infer<typeof SlackConversation>;

function readList<T extends z.ZodType>(folder: string, file: string, schema: T): z.output<T>[] {
  const path = join(folder, file);
  if (!existsSync(path)) return [];
  const parsed = z.array(schema).safeParse(JSON.parse(readFileSync(path, "utf8")));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file} is not a Slack export list: ${issue.path.join(".")}: ${issue.message}`);
  }
  return parsed.data;
}

/** Options of {@link convertSlackExport}. */
export interface SlackConversionOptions {
  /** Unix seconds taken as now (tests). */
  now?: number;
}

/**
 * Converts the export in `folder`: users to accounts (display name, else real name, else user name, as the nick;
 * the 192 px image as the avatar), public channels to `Public` groups anyone may join, private channels and
 * multi-party DMs to `Private` groups (a multi-party DM named by its members), the purpose to the introduction, the
 * topic to the notice, the creator to the owner when a member. The manifest is absent when the export has problems.
 */
export function convertSlackExport(folder: string, options: SlackConversionOptions = {}): Conversion {
  const builder = new ManifestBuilder({
    unfit: "unmapped",
    oversized: "community",
    ...(options.now !== undefined ? { now: options.now } : {}),
  });
  const report = builder.reporter;
  const names = new Map<string, string>();
  readList(folder, "users.json", SlackUser).forEach((user, i) => {
    const source = `users.json[${i}] ${user.id}`;
    const nick = user.profile?.display_name || user.profile?.real_name || user.real_name || user.name || "";
    const faceUrl = user.profile?.image_192 || user.profile?.image_72;
    builder.account(source, user.id, { nick, ...(faceUrl ? { faceUrl } : {}) });
    if (!builder.hasAccount(user.id)) return;
    if (user.deleted) report.adjusted(source, "deactivated in Slack; imported so that memberships and history keep their people");
    names.set(user.id, user.name ?? user.id);
  });

  let joinTimeNoted = false;
  const convert = (file: string, list: SlackConversation[], type: "Public" | "Private", multiParty: boolean) => {
    list.forEach((channel, i) => {
      const source = `${file}[${i}] ${channel.id}`;
      const known = channel.members.filter((m) => builder.hasAccount(m));
      const name = multiParty ? known.map((m) => names.get(m) ?? m).join(", ") : (channel.name ?? channel.id);
      const draft: GroupDraft = { key: channel.id, type, groupId: channel.id, name, createTime: channel.created };
      if (channel.purpose?.value) draft.introduction = channel.purpose.value;
      if (channel.topic?.value) draft.notification = channel.topic.value;
      if (type === "Public") draft.applyJoinOption = "FreeAccess";
      builder.addGroup(source, draft);
      if (!builder.group(channel.id)) return;
      const owner = channel.creator !== undefined && known.includes(channel.creator) ? channel.creator : undefined;
      if (!owner) report.adjusted(source, `creator ${channel.creator ?? "(none)"} is not a member; imported without an owner`);
      for (const member of channel.members) {
        if (builder.hasAccount(member)) builder.member(`${source}.members`, channel.id, member, member === owner ? { role: "Owner" } : {});
        else report.unmapped(`${source}.members`, `${member} is not in users.json; membership left out`);
      }
      if (channel.is_archived) report.adjusted(source, "archived in Slack; Tencent has no archived state, imported as an active group");
      if (channel.pins?.length) report.unmapped(`${source}.pins`, "pinned messages: messages are not imported by this tool");
      if (channel.previous_names?.length) report.unmapped(`${source}.previous_names`, "Tencent keeps no name history");
      if (!joinTimeNoted && known.length > 0) {
        joinTimeNoted = true;
        report.adjusted("*.members", "Slack exports carry no join times: members join at import time");
      }
    });
  };
  convert("channels.json", readList(folder, "channels.json", SlackConversation), "Public", false);
  convert("groups.json", readList(folder, "groups.json", SlackConversation), "Private", false);
  convert("mpims.json", readList(folder, "mpims.json", SlackConversation), "Private", true);
  readList(folder, "dms.json", z.looseObject({ id: z.string() })).forEach((dm, i) => {
    report.unmapped(`dms.json[${i}] ${dm.id}`, "a 1:1 conversation is not a group in Tencent Chat (it is a C2C conversation)");
  });
  report.unmapped(
    "<conversation>/<date>.json",
    "message history is not imported by this tool (Tencent's import_group_msg is out of its scope)",
  );
  return builder.finish();
}

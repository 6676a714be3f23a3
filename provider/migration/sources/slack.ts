import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { COMMUNITY_ID_PREFIX, LIMITS, truncateUtf8, utf8Bytes } from "../../limits";
import type { Manifest, ManifestGroup } from "../manifest";
import type { ReportItem } from "./report";

/**
 * Converts a Slack workspace export into a migration manifest. Slack's export format: users.json, channels.json
 * (public channels), groups.json (private channels), mpims.json (multi-party DMs), dms.json (1:1 DMs), and one
 * folder of daily message files per conversation. Whatever does not map is reported with the reason, never
 * dropped silently.
 */

const SlackUser = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  deleted: z.boolean().optional(),
  is_bot: z.boolean().optional(),
  real_name: z.string().optional(),
  profile: z.looseObject({
    display_name: z.string().optional(),
    real_name: z.string().optional(),
    image_192: z.string().optional(),
    image_72: z.string().optional(),
  }).optional(),
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

/** One thing that was changed to fit, or left out, with where it came from and why. */
export type SlackReportItem = ReportItem;

/** What the conversion adjusted to fit Tencent's limits, and what it could not map. */
export interface SlackConversionReport {
  adjusted: SlackReportItem[];
  unmapped: SlackReportItem[];
}

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

/** Converts the export in `folder`; see the module comment for the mapping. */
export function convertSlackExport(folder: string): { manifest: Manifest; report: SlackConversionReport } {
  const report: SlackConversionReport = { adjusted: [], unmapped: [] };
  const users = readList(folder, "users.json", SlackUser);
  const accounts: Manifest["accounts"] = {};
  const names = new Map<string, string>();
  users.forEach((user, i) => {
    const source = `users.json[${i}] ${user.id}`;
    if (utf8Bytes(user.id) > LIMITS.userId) {
      report.unmapped.push({ source, reason: `user ID is over ${LIMITS.userId} bytes, which Tencent does not accept` });
      return;
    }
    const nick = user.profile?.display_name || user.profile?.real_name || user.real_name || user.name || "";
    const face = user.profile?.image_192 || user.profile?.image_72;
    const profile: { nick?: string; faceUrl?: string } = {};
    if (nick) profile.nick = truncateUtf8(nick, LIMITS.profileValue);
    if (face) {
      if (utf8Bytes(face) <= LIMITS.profileValue) profile.faceUrl = face;
      else report.adjusted.push({ source, reason: `avatar URL is over ${LIMITS.profileValue} bytes; imported without an avatar` });
    }
    if (user.deleted) report.adjusted.push({ source, reason: "deactivated in Slack; imported so that memberships and history keep their people" });
    accounts[user.id] = profile;
    names.set(user.id, user.name ?? user.id);
  });

  const groups: ManifestGroup[] = [];
  let joinTimeNoted = false;
  const convert = (file: string, list: SlackConversation[], type: "Public" | "Private", multiParty: boolean) => {
    list.forEach((channel, i) => {
      const source = `${file}[${i}] ${channel.id}`;
      const known = channel.members.filter((m) => m in accounts);
      for (const missing of channel.members.filter((m) => !(m in accounts))) {
        report.unmapped.push({ source: `${source}.members`, reason: `${missing} is not in users.json; membership left out` });
      }
      const rawName = multiParty ? known.map((m) => names.get(m) ?? m).join(", ") : (channel.name ?? channel.id);
      const name = truncateUtf8(rawName, LIMITS.groupName);
      if (name !== rawName) report.adjusted.push({ source, reason: `name "${rawName}" is over ${LIMITS.groupName} bytes; truncated to "${name}"` });
      let groupType: ManifestGroup["type"] = type;
      let groupId = channel.id;
      if (known.length > LIMITS.maxMemberCount) {
        groupType = "Community";
        groupId = `${COMMUNITY_ID_PREFIX}${channel.id}`;
        report.adjusted.push({ source, reason: `${known.length} members exceed the ${LIMITS.maxMemberCount} a ${type} group holds; imported as a Community ${groupId}` });
      }
      const owner = channel.creator && known.includes(channel.creator) ? channel.creator : undefined;
      if (!owner) report.adjusted.push({ source, reason: `creator ${channel.creator ?? "(none)"} is not a member; imported without an owner` });
      const group: ManifestGroup = { key: channel.id, type: groupType, groupId, name, createTime: channel.created, members: {}, topics: [] };
      if (owner) group.ownerAccount = owner;
      const purpose = channel.purpose?.value ?? "";
      if (purpose) {
        group.introduction = truncateUtf8(purpose, LIMITS.groupIntroduction);
        if (group.introduction !== purpose) report.adjusted.push({ source: `${source}.purpose`, reason: `over ${LIMITS.groupIntroduction} bytes; truncated` });
      }
      const topic = channel.topic?.value ?? "";
      if (topic) {
        group.notification = truncateUtf8(topic, LIMITS.groupNotification);
        if (group.notification !== topic) report.adjusted.push({ source: `${source}.topic`, reason: `over ${LIMITS.groupNotification} bytes; truncated` });
      }
      if (type === "Public" && groupType === "Public") group.applyJoinOption = "FreeAccess";
      if (known.length > LIMITS.defaultMemberCount && groupType !== "Community") group.maxMemberCount = known.length;
      for (const member of known) if (member !== owner) group.members[member] = {};
      if (channel.is_archived) report.adjusted.push({ source, reason: "archived in Slack; Tencent has no archived state, imported as an active group" });
      if (channel.pins?.length) report.unmapped.push({ source: `${source}.pins`, reason: "pinned messages: messages are not imported by this tool" });
      if (channel.previous_names?.length) report.unmapped.push({ source: `${source}.previous_names`, reason: "Tencent keeps no name history" });
      if (!joinTimeNoted && known.length > 0) {
        joinTimeNoted = true;
        report.adjusted.push({ source: "*.members", reason: "Slack exports carry no join times: members join at import time" });
      }
      groups.push(group);
    });
  };
  convert("channels.json", readList(folder, "channels.json", SlackConversation), "Public", false);
  convert("groups.json", readList(folder, "groups.json", SlackConversation), "Private", false);
  convert("mpims.json", readList(folder, "mpims.json", SlackConversation), "Private", true);
  readList(folder, "dms.json", z.looseObject({ id: z.string() })).forEach((dm, i) => {
    report.unmapped.push({ source: `dms.json[${i}] ${dm.id}`, reason: "a 1:1 conversation is not a group in Tencent Chat (it is a C2C conversation)" });
  });
  report.unmapped.push({ source: "<conversation>/<date>.json", reason: "message history is not imported by this tool (Tencent's import_group_msg is out of its scope)" });
  return { manifest: { accounts, groups }, report };
}

import { z } from "zod";
import { type GroupDraft, ManifestBuilder, RECORDS } from "./builder";
import type { Conversion } from "./conversion";
import { type ExportFiles, openExportFiles } from "./export-files";

/**
 * Converts a Slack workspace export into a migration manifest. Slack's export format: users.json, channels.json
 * (public channels), groups.json (private channels), mpims.json (multi-party DMs), dms.json (1:1 DMs), and one
 * folder of daily message files per conversation; the export's `.zip` or its unpacked folder. Read as Slack writes
 * it and as other tools do (slackdump writes `"members": null` and sometimes a `null` list; exports of 2016 write
 * `"created": "1433558319"` as text). This module only translates Slack's records; fitting them into Tencent's
 * limits (byte limits, IDs, owners, 1:1 conversations, guests, groups too large for their type) is the
 * {@link ManifestBuilder}'s, as for every `from-*` command. Whatever does not map is reported with the reason.
 */

/** A Unix time in seconds as Slack and other tools write it: a number, or its digits as text. */
const SlackTime = z.union([
  z.number().int().nonnegative(),
  z
    .string()
    .regex(/^\d+(\.\d+)?$/, "must be Unix seconds")
    .transform((text) => Math.floor(Number(text))),
]);

/** A list that tools write as `null` or leave out when empty. */
const IdList = z
  .array(z.string())
  .nullish()
  .transform((list) => list ?? []);

const SlackUser = z.looseObject({
  id: z.string().min(1),
  name: z.string().nullish(),
  deleted: z.boolean().nullish(),
  is_bot: z.boolean().nullish(),
  /** Slack's multi-channel guest. */
  is_restricted: z.boolean().nullish(),
  /** Slack's single-channel guest. */
  is_ultra_restricted: z.boolean().nullish(),
  real_name: z.string().nullish(),
  profile: z
    .looseObject({
      display_name: z.string().nullish(),
      real_name: z.string().nullish(),
      image_192: z.string().nullish(),
      image_72: z.string().nullish(),
    })
    .nullish(),
});
type SlackUser = z.infer<typeof SlackUser>;

const TextWithMeta = z.looseObject({ value: z.string().nullish() });
const SlackConversation = z.looseObject({
  id: z.string().min(1),
  name: z.string().nullish(),
  created: SlackTime.nullish(),
  creator: z.string().nullish(),
  is_archived: z.boolean().nullish(),
  members: IdList,
  topic: TextWithMeta.nullish(),
  purpose: TextWithMeta.nullish(),
  pins: z.array(z.unknown()).nullish(),
  previous_names: z.array(z.string()).nullish(),
});

/** Options of {@link convertSlackExport}. */
export interface SlackConversionOptions {
  /** Unix seconds taken as now (tests). */
  now?: number;
}

/** The export's files that hold lists of records, and what each record becomes. */
const LISTS = {
  users: ["users.json", "org_users.json"],
  channels: ["channels.json"],
  groups: ["groups.json"],
  mpims: ["mpims.json"],
  dms: ["dms.json"],
} as const;

/**
 * Reads one list file: each record parsed on its own, so every broken record is reported (with its index and what
 * is wrong) and the others are taken. A file that is not a list at all is one problem. Absent: an empty list.
 */
async function readList<T extends z.ZodType>(
  files: ExportFiles,
  names: readonly string[],
  schema: T,
  builder: ManifestBuilder,
  kind: string,
): Promise<{ file: string; records: { index: number; value: z.output<T> }[] }> {
  const file = names.find((name) => files.has(name));
  if (!file) return { file: names[0]!, records: [] };
  let list: unknown;
  try {
    list = await files.readJson(file);
  } catch (error) {
    const message = (error as Error).message;
    builder.reporter.problem(file, message.startsWith(`${file}: `) ? message.slice(file.length + 2) : message);
    return { file, records: [] };
  }
  // slackdump has written a whole list as `null` when a workspace had none.
  if (list === null) return { file, records: [] };
  if (!Array.isArray(list)) {
    builder.reporter.problem(file, `is not a list of Slack records (found ${typeof list})`);
    return { file, records: [] };
  }
  const records: { index: number; value: z.output<T> }[] = [];
  list.forEach((item, index) => {
    const parsed = schema.safeParse(item);
    if (parsed.success) {
      records.push({ index, value: parsed.data });
      return;
    }
    const id = typeof (item as { id?: unknown })?.id === "string" ? ` ${(item as { id: string }).id}` : "";
    const issues = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(record)"}: ${issue.message}`).join("; ");
    builder.reporter.problem(`${file}[${index}]${id}`, issues);
    builder.reporter.tally(kind, "problems");
  });
  return { file, records };
}

const nickOf = (user: SlackUser) => user.profile?.display_name || user.profile?.real_name || user.real_name || user.name || "";

/**
 * Converts the export at `path` (the unpacked folder or the `.zip`): users to accounts (display name, else real
 * name, else user name, as the nick; the 192 px image as the avatar), public channels to `Public` groups anyone may
 * join, private channels to `Private` groups, multi-party DMs to `Private` groups named by their members, the
 * purpose to the introduction, the topic to the notice, the creator to the owner when a member. 1:1 DMs are
 * counted and reported. The manifest is absent when the export has problems.
 */
export async function convertSlackExport(path: string, options: SlackConversionOptions = {}): Promise<Conversion> {
  const builder = new ManifestBuilder({
    unfit: "unmapped",
    oversized: "community",
    input: path,
    ...(options.now !== undefined ? { now: options.now } : {}),
  });
  const report = builder.reporter;
  const files = await openExportFiles(path);
  if (files.rootNote) report.adjusted(files.label, files.rootNote);

  const users = await readList(files, LISTS.users, SlackUser, builder, RECORDS.users);
  for (const { index, value: user } of users.records) {
    const source = `${users.file}[${index}] ${user.id}`;
    const faceUrl = user.profile?.image_192 || user.profile?.image_72;
    builder.account(
      source,
      user.id,
      { nick: nickOf(user), ...(faceUrl ? { faceUrl } : {}) },
      { guest: Boolean(user.is_restricted || user.is_ultra_restricted) },
    );
    if (user.deleted) {
      report.adjusted(source, "deactivated in Slack; imported so that memberships and history keep their people", "deactivated");
    }
  }

  let joinTimeNoted = false;
  const convert = async (names: readonly string[], type: "Public" | "Private" | "group DM") => {
    const list = await readList(files, names, SlackConversation, builder, RECORDS.groups);
    for (const { index, value: channel } of list.records) {
      const source = `${list.file}[${index}] ${channel.id}`;
      const extra: Partial<GroupDraft> = {};
      if (channel.created != null) extra.createTime = channel.created;
      if (channel.purpose?.value) extra.introduction = channel.purpose.value;
      if (channel.topic?.value) extra.notification = channel.topic.value;
      if (channel.creator) extra.creator = channel.creator;
      if (type === "group DM") {
        builder.conversation(
          "group DMs",
          source,
          channel.id,
          channel.members.map((userId) => ({ userId, source: `${source}.members` })),
          { ...extra, groupId: channel.id },
        );
      } else {
        const draft: GroupDraft = { ...extra, key: channel.id, type, groupId: channel.id, name: channel.name || channel.id };
        if (type === "Public") draft.applyJoinOption = "FreeAccess";
        builder.addGroup(source, draft);
        if (!builder.group(channel.id)) continue;
        for (const member of channel.members) builder.member(`${source}.members`, channel.id, member, {});
      }
      if (channel.is_archived) {
        report.adjusted(source, "archived in Slack; Tencent has no archived state, imported as an active group", "archived");
      }
      if (channel.pins?.length) report.unmapped(`${source}.pins`, "pinned messages: Tencent Chat has no pins to import", "pins");
      if (channel.previous_names?.length) report.unmapped(`${source}.previous_names`, "Tencent keeps no name history", "previous-names");
      if (!joinTimeNoted && channel.members.length > 0) {
        joinTimeNoted = true;
        report.adjusted("*.members", "Slack exports carry no join times: members join at import time");
      }
    }
  };
  await convert(LISTS.channels, "Public");
  await convert(LISTS.groups, "Private");
  await convert(LISTS.mpims, "group DM");
  const dms = await readList(files, LISTS.dms, SlackConversation, builder, "1:1 DMs");
  for (const { index, value: dm } of dms.records) {
    builder.conversation(
      "1:1 DMs",
      `${dms.file}[${index}] ${dm.id}`,
      dm.id,
      dm.members.map((userId) => ({ userId })),
    );
  }
  report.unmapped("<conversation>/<date>.json", "message history is not imported by this tool yet");
  return builder.finish();
}

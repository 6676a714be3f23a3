import { z } from "zod";
import { type GroupDraft, ManifestBuilder, RECORDS } from "./builder";
import type { Conversion } from "./conversion";
import { type ExportFiles, openExportFiles } from "./export-files";
import type { HistoryElement } from "../history";
import { finishConversionWithHistory, HistorySink, MESSAGES, type SourceMessage } from "./history-sink";

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
  /** Where to write the message history (JSON Lines); none when absent. */
  historyPath?: string;
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
 * counted and reported (they are C2C conversations, not groups). Every conversation's day files become the message
 * history, written to `historyPath` (see `convertHistory`). The manifest is absent when the export has problems.
 */
export async function convertSlackExport(path: string, options: SlackConversionOptions = {}): Promise<Conversion> {
  const builder = new ManifestBuilder({
    unfit: "unmapped",
    oversized: "community",
    input: path,
    ...(options.now !== undefined ? { now: options.now } : {}),
  });
  const report = builder.reporter;
  using history = new HistorySink(builder);
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
      builder.adjustedRecord(source, "deactivated in Slack; imported so that memberships and history keep their people", "deactivated");
    }
  }

  /** Conversations by the folder of their day files: a channel's (or multi-party DM's) name, a DM's ID. */
  const folders = new Map<string, FolderTarget>();
  const nameFolder = (channel: { id: string; name?: string | null }, target: FolderTarget) => {
    if (channel.name && !folders.has(channel.name)) folders.set(channel.name, target);
    // Some tools name a conversation's folder by its ID.
    if (!folders.has(channel.id)) folders.set(channel.id, target);
  };
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
        const isGroup = builder.conversation(
          "group DMs",
          source,
          channel.id,
          channel.members.map((userId) => ({ userId, source: `${source}.members` })),
          { ...extra, groupId: channel.id },
        );
        nameFolder(channel, knownBy(channel.id, channel.members, isGroup));
      } else {
        const draft: GroupDraft = { ...extra, key: channel.id, type, groupId: channel.id, name: channel.name || channel.id };
        if (type === "Public") draft.applyJoinOption = "FreeAccess";
        builder.addGroup(source, draft);
        nameFolder(channel, { conversation: { group: channel.id } });
        if (!builder.group(channel.id)) continue;
        for (const member of channel.members) builder.member(`${source}.members`, channel.id, member, {});
      }
      if (channel.is_archived) {
        builder.adjustedRecord(source, "archived in Slack; Tencent has no archived state, imported as an active group", "archived");
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
    const isGroup = builder.conversation(
      "1:1 DMs",
      `${dms.file}[${index}] ${dm.id}`,
      dm.id,
      dm.members.map((userId) => ({ userId })),
    );
    // A DM's folder is named by its ID (it has no name).
    folders.set(dm.id, knownBy(dm.id, dm.members, isGroup));
  }
  await convertHistory(files, builder, history, folders, botAccounts(users.records.map((record) => record.value)));
  // Awaited here: `using` removes the spill folder when this function returns, which must be after the finish.
  return await finishConversionWithHistory(builder, history, options.historyPath);
}

/** Where a conversation's messages go: its group, or the two people of a 1:1 conversation; or why they cannot. */
type FolderTarget = { conversation: SourceMessage["conversation"]; pair?: readonly string[] } | { reason: string };

/**
 * The target of a conversation known by its members (a DM, a multi-party DM): its group when the builder made one
 * (three or more people), else the pair of its one or two people (a self-DM names one person twice).
 */
function knownBy(id: string, members: readonly string[], isGroup: boolean): FolderTarget {
  if (isGroup) return { conversation: { group: id } };
  const people = [...new Set(members)];
  if (people.length === 0) return { reason: `conversation ${id} lists no members, so its messages have no 1:1 conversation to go to` };
  const pair: [string, string] = [people[0]!, people[1] ?? people[0]!];
  return { conversation: { pair }, pair };
}

/** Bots' accounts by the `bot_id` their messages carry: a user whose ID is the bot's, or whose profile names it. */
function botAccounts(users: readonly SlackUser[]): Map<string, string> {
  const accounts = new Map<string, string>();
  for (const user of users) {
    accounts.set(user.id, user.id);
    const botId = (user.profile as { bot_id?: unknown } | null | undefined)?.bot_id;
    if (typeof botId === "string" && botId !== "" && !accounts.has(botId)) accounts.set(botId, user.id);
  }
  return accounts;
}

/** A day file: `<conversation folder>/<YYYY-MM-DD>.json`. */
const DAY_FILE = /^([^/]+)\/(\d{4}-\d{2}-\d{2})\.json$/;

/** A Slack `ts` ("1456826460.000003"): the message's ID in its channel; its whole seconds are its time. */
const SlackTs = z.string().regex(/^\d+(\.\d+)?$/, "must be Slack's seconds.micros text");
const secondsOf = (ts: string) => Number(ts.split(".")[0]);

const SlackMessage = z.looseObject({
  type: z.string().nullish(),
  subtype: z.string().nullish(),
  ts: SlackTs,
  user: z.string().nullish(),
  bot_id: z.string().nullish(),
  username: z.string().nullish(),
  text: z.string().nullish(),
  thread_ts: z.string().nullish(),
  edited: z.looseObject({ ts: z.union([SlackTs, z.number().nonnegative()]).nullish() }).nullish(),
  files: z.array(z.unknown()).nullish(),
  file: z.unknown().nullish(),
  attachments: z.array(z.unknown()).nullish(),
  reactions: z.array(z.unknown()).nullish(),
  pinned_to: z.array(z.unknown()).nullish(),
  comment: z.looseObject({ user: z.string().nullish() }).nullish(),
});
type SlackMessage = z.infer<typeof SlackMessage>;

/** Subtypes that are messages people wrote (or bots posted); every other subtype is an event of the channel. */
const MESSAGE_SUBTYPES = new Set([
  "me_message",
  "thread_broadcast",
  "reply_broadcast",
  "bot_message",
  "file_share",
  "file_mention",
  "file_comment",
]);

/** Why a subtype that is not a message is left out. */
const DELETED_SUBTYPES: Record<string, string> = {
  tombstone: "a deleted message (its thread's placeholder, tombstone): left out",
  message_deleted: "a message deletion event (message_deleted): left out",
};

/** A Slack file as a history element, or why it cannot be one (a stub without a link, a file inside the export). */
function fileElement(file: unknown): { element: HistoryElement } | { why: string; group: string } {
  if (typeof file !== "object" || file === null || Array.isArray(file))
    return { why: "is not a Slack file record", group: "slack-file-broken" };
  const f = file as Record<string, unknown>;
  const text = (field: string) => (typeof f[field] === "string" && f[field] !== "" ? (f[field] as string) : undefined);
  const mode = text("mode");
  if (mode === "tombstone")
    return { why: "a deleted file (mode tombstone): no link to import, left out of its message", group: "slack-file-tombstone" };
  if (mode === "hidden_by_limit") {
    return {
      why: "a file hidden by the Slack plan's history limit (mode hidden_by_limit): no link to import, left out of its message",
      group: "slack-file-hidden",
    };
  }
  const url = text("url_private") ?? text("permalink");
  if (!url) {
    const access = text("file_access");
    return { why: `a file without a link${access ? ` (file_access ${access})` : ""}: left out of its message`, group: "slack-file-no-url" };
  }
  if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) {
    return {
      why: `a file kept inside the export (${url}), not at a URL a file element can link: left out of its message`,
      group: "slack-file-local",
    };
  }
  const name = text("name") ?? text("title") ?? text("id") ?? (new URL(url).pathname.split("/").pop() || "file");
  const element: HistoryElement = { type: "file", url, name };
  if (typeof f.size === "number" && Number.isInteger(f.size) && f.size >= 0) element.size = f.size;
  const mimeType = text("mimetype");
  if (mimeType) element.mimeType = mimeType;
  return { element };
}

/** A message's text: its own, else its attachments' plain-text fallbacks (what a bot's message says without them). */
function textOf(message: SlackMessage): string {
  if (message.text) return message.text;
  const fallbacks = (message.attachments ?? []).flatMap((attachment) => {
    const fallback = (attachment as { fallback?: unknown } | null)?.fallback;
    return typeof fallback === "string" && fallback.trim() !== "" ? [fallback] : [];
  });
  return fallbacks.join("\n");
}

/**
 * Reads every conversation's day files, in date order and each file's messages in order, into the history: a
 * message's ID is its `ts` (unique in its channel), its time the whole seconds of it, its sender its `user` (or the
 * account of the bot that posted it), its body its text as Slack writes it (markup and all) and its files as links;
 * a thread reply names its parent's `ts`. Channel events, deleted messages and messages without a sender or body
 * are left out, each reported; reactions and pins are counted once.
 */
async function convertHistory(
  files: ExportFiles,
  builder: ManifestBuilder,
  history: HistorySink,
  folders: Map<string, FolderTarget>,
  bots: Map<string, string>,
): Promise<void> {
  const report = builder.reporter;
  const dayFiles = new Map<string, string[]>();
  for (const name of files.names()) {
    const match = DAY_FILE.exec(name);
    if (!match) continue;
    const list = dayFiles.get(match[1]!);
    if (list) list.push(name);
    else dayFiles.set(match[1]!, [name]);
  }
  const reactions = { count: 0, messages: 0, first: "" };
  const pins = { count: 0, first: "" };
  for (const [folder, names] of dayFiles) {
    const target = folders.get(folder);
    if (!target) {
      report.unmapped(
        `${folder}/`,
        `${names.length} day file(s) of a conversation that is not in channels.json, groups.json, mpims.json or dms.json: its messages are left out`,
      );
      continue;
    }
    if ("reason" in target) {
      report.unmapped(`${folder}/`, `${names.length} day file(s): ${target.reason}; left out`);
      continue;
    }
    const seen = new Set<string>();
    for (const name of names.sort()) {
      let list: unknown;
      try {
        list = await files.readJson(name);
      } catch (error) {
        const message = (error as Error).message;
        report.problem(name, message.startsWith(`${name}: `) ? message.slice(name.length + 2) : message);
        continue;
      }
      if (list === null) continue;
      if (!Array.isArray(list)) {
        report.problem(name, `is not a list of Slack messages (found ${typeof list})`);
        continue;
      }
      for (let index = 0; index < list.length; index += 1) {
        const source = `${name}[${index}]`;
        const parsed = SlackMessage.safeParse(list[index]);
        if (!parsed.success) {
          const issues = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(message)"}: ${issue.message}`).join("; ");
          report.problem(source, issues);
          report.tally(MESSAGES, "problems");
          continue;
        }
        const message = parsed.data;
        const reactionCount = (message.reactions ?? []).reduce<number>((sum, reaction) => {
          const r = reaction as { count?: unknown; users?: unknown } | null;
          return sum + (typeof r?.count === "number" ? r.count : Array.isArray(r?.users) ? r.users.length : 1);
        }, 0);
        if (reactionCount > 0) {
          reactions.count += reactionCount;
          reactions.messages += 1;
          reactions.first ||= source;
        }
        if (message.pinned_to?.length) {
          pins.count += 1;
          pins.first ||= source;
        }
        await takeMessage(source, message, target, seen);
      }
    }
  }
  if (reactions.count > 0) {
    report.unmapped(
      reactions.first,
      `${reactions.count} reaction(s) on ${reactions.messages} message(s): Tencent's message import takes no reactions`,
    );
  }
  if (pins.count > 0) report.unmapped(pins.first, `${pins.count} pinned message(s): Tencent Chat has no pins to import`);

  async function takeMessage(
    source: string,
    message: SlackMessage,
    target: Exclude<FolderTarget, { reason: string }>,
    seen: Set<string>,
  ): Promise<void> {
    const subtype = message.subtype ?? undefined;
    if (message.type != null && message.type !== "message") {
      return history.skip(source, `a record of type ${message.type}, not a message: left out`, `slack-type:${message.type}`);
    }
    if (subtype !== undefined && !MESSAGE_SUBTYPES.has(subtype)) {
      const why = DELETED_SUBTYPES[subtype] ?? `a ${subtype} event of the conversation, not a message: left out`;
      return history.skip(source, why, `slack-subtype:${subtype}`);
    }
    if (seen.has(message.ts))
      return history.skip(source, `ts ${message.ts} is a second message with the same ts in its conversation: left out`, "slack-ts-twice");
    seen.add(message.ts);
    const from = senderOf(message);
    if (from === undefined) {
      if (message.bot_id) {
        return history.skip(
          source,
          "a message of a bot that is not in users.json (no account to send it from): left out",
          "slack-bot-unknown",
        );
      }
      return history.skip(source, "a message without a sender (no user, bot_id or file owner): left out", "slack-no-sender");
    }
    if (target.pair && !target.pair.includes(from)) {
      return history.skip(source, `a message from ${from}, who is not one of the DM's two people: left out`, "slack-dm-outsider");
    }
    const body: HistoryElement[] = [];
    const text = textOf(message);
    if (text !== "") body.push({ type: "text", text });
    const attached = [...(message.files ?? []), ...(subtype === "file_share" && message.file != null ? [message.file] : [])];
    let filesLeftOut = false;
    attached.forEach((file, i) => {
      const taken = fileElement(file);
      if ("element" in taken) body.push(taken.element);
      else {
        report.unmapped(`${source}.files[${i}]`, taken.why, taken.group);
        filesLeftOut = true;
      }
    });
    if (body.length === 0) return history.skip(source, "a message with no text and no file to link: left out", "slack-empty");
    const out: SourceMessage = { conversation: target.conversation, id: message.ts, from, time: secondsOf(message.ts), body };
    if (filesLeftOut) out.adjusted = true;
    if (message.thread_ts && message.thread_ts !== message.ts) out.replyTo = message.thread_ts;
    const edited = message.edited?.ts;
    if (edited != null) out.edited = typeof edited === "number" ? Math.floor(edited) : secondsOf(edited);
    await history.add(source, out);
  }

  /** Who sent it: `user`; else the account of the bot (`bot_id`), a `<@U…|name>` username, a comment's or file's author. */
  function senderOf(message: SlackMessage): string | undefined {
    if (message.user) return message.user;
    if (message.bot_id) return bots.get(message.bot_id);
    const mention = /^<@([A-Z0-9]+)(\|[^>]*)?>$/.exec(message.username ?? "");
    if (mention) return mention[1];
    if (message.comment?.user) return message.comment.user;
    const owner = (message.file as { user?: unknown } | null | undefined)?.user;
    return typeof owner === "string" && owner !== "" ? owner : undefined;
  }
}

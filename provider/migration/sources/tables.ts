import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { APPLY_JOIN_OPTIONS, type IMPORTABLE_GROUP_TYPES } from "../../limits";
import { HISTORY_LIMITS, type HistoryElement, toMsgElement } from "../history";
import { type GroupDraft, ManifestBuilder, RECORDS } from "./builder";
import { finishConversionWithHistory, HistorySink, MESSAGES, type SourceMessage } from "./history-sink";
import { requireFolder } from "./paths";
import { RecordFields } from "./fields";
import { readTable, type ProgressListener } from "./read";
import type { Conversion } from "./conversion";

/**
 * Converts plain tables, the format any team can write from its own database: `users`, `groups`, `members`,
 * `topics` and `messages` (the history file), each as `.csv` (with a header row) or `.jsonl` (one object per line,
 * the same names), read in that order and streamed. The columns are documented in the README ("Plain tables");
 * {@link TABLE_COLUMNS} is their one list. Rows are the team's own data, so a row that does not fit is a problem to
 * fix, not something left out.
 */

/** The columns each table reads. `data.<Key>` columns of `groups` are group custom fields. */
export const TABLE_COLUMNS = {
  users: ["user_id", "nick", "face_url"],
  groups: [
    "key",
    "type",
    "name",
    "group_id",
    "owner",
    "introduction",
    "notification",
    "face_url",
    "max_member_count",
    "apply_join_option",
    "create_time",
    "support_topic",
  ],
  members: ["group_key", "user_id", "role", "join_time", "unread"],
  topics: [
    "group_key",
    "topic_key",
    "name",
    "topic_id",
    "creator",
    "introduction",
    "notification",
    "face_url",
    "custom_string",
    "create_time",
  ],
  messages: [
    "group_key",
    "user_id_a",
    "user_id_b",
    "message_id",
    "from",
    "time",
    "text",
    "file_url",
    "file_name",
    "file_size",
    "custom_data",
    "reply_to",
    "edited",
  ],
} as const;

type Table = keyof typeof TABLE_COLUMNS;

const GROUP_TYPE_NAMES: Record<string, (typeof IMPORTABLE_GROUP_TYPES)[number]> = {
  private: "Private",
  work: "Private",
  public: "Public",
  chatroom: "ChatRoom",
  meeting: "ChatRoom",
  community: "Community",
};
const JOIN_OPTIONS = Object.fromEntries(APPLY_JOIN_OPTIONS.map((o) => [o.toLowerCase(), o])) as Record<
  string,
  (typeof APPLY_JOIN_OPTIONS)[number]
>;
const ROLES = { owner: "Owner", admin: "Admin", member: "Member" } as const;

/** What each table's rows are counted as in the report's reconciliation. */
const TABLE_RECORDS: Record<Table, string> = {
  users: RECORDS.users,
  groups: RECORDS.groups,
  members: RECORDS.memberships,
  topics: RECORDS.topics,
  messages: MESSAGES,
};

/** The one file of `table` in `folder`, `.csv` or `.jsonl` (`.ndjson`); a table given twice is ambiguous. */
function tableFile(folder: string, table: Table, builder: ManifestBuilder): string | undefined {
  const found = ["csv", "jsonl", "ndjson"].map((ext) => join(folder, `${table}.${ext}`)).filter((path) => existsSync(path));
  if (found.length > 1) builder.reporter.problem(found.join(", "), `${table} is given ${found.length} times; keep one file`);
  return found[0];
}

/** Reads one table's rows, reporting columns it does not use once, and hands each readable row to `take`. */
async function eachRow(
  path: string,
  table: Table,
  builder: ManifestBuilder,
  onProgress: ProgressListener | undefined,
  take: (row: RecordFields) => void | Promise<void>,
): Promise<void> {
  const file = path.slice(path.lastIndexOf("/") + 1);
  const known = new Set<string>(TABLE_COLUMNS[table]);
  const unknownReported = new Set<string>();
  for await (const record of readTable(path, onProgress)) {
    const source = `${file}:${record.line}`;
    if ("problem" in record) {
      builder.reporter.problem(source, record.problem);
      builder.reporter.tally(TABLE_RECORDS[table], "problems");
      continue;
    }
    // Column names are matched without case; a custom field keeps its key's case (Tencent's keys are case-sensitive).
    const values: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(record.value)) {
      const lower = name.toLowerCase();
      values[known.has(lower) ? lower : lower.startsWith("data.") ? `data.${name.slice(5)}` : name] = value;
    }
    for (const column of Object.keys(values)) {
      if (known.has(column) || (table === "groups" && column.startsWith("data.")) || unknownReported.has(column)) continue;
      unknownReported.add(column);
      builder.reporter.unmapped(
        `${file}:${record.line}`,
        `column "${column}" is not one this table reads (${TABLE_COLUMNS[table].join(", ")}); ignored`,
      );
    }
    const row = new RecordFields(source, values, (s, reason) => builder.reporter.problem(s, reason));
    await take(row);
    // A broken row is never handed to the builder: counted here, so that every row is accounted for.
    if (row.broken) builder.reporter.tally(TABLE_RECORDS[table], "problems");
  }
}

function groupDraft(row: RecordFields): GroupDraft | undefined {
  const key = row.required("key");
  const type = row.choice("type", GROUP_TYPE_NAMES);
  if (type === undefined && !row.broken) row.required("type");
  const name = row.required("name");
  const draft: Partial<GroupDraft> = { key: key!, type: type!, name: name! };
  const optional: Partial<GroupDraft> = {
    groupId: row.text("group_id")?.trim(),
    ownerAccount: row.text("owner")?.trim(),
    introduction: row.text("introduction"),
    notification: row.text("notification"),
    faceUrl: row.text("face_url")?.trim(),
    maxMemberCount: row.integer("max_member_count", 1),
    applyJoinOption: row.choice("apply_join_option", JOIN_OPTIONS),
    createTime: row.time("create_time"),
    supportTopic: row.boolean("support_topic"),
  };
  for (const [field, value] of Object.entries(optional)) if (value !== undefined) (draft as Record<string, unknown>)[field] = value;
  const data = row.prefixed("data.");
  if (Object.keys(data).length > 0) draft.appDefinedData = data;
  return row.broken ? undefined : (draft as GroupDraft);
}

/**
 * Reads the `messages` table into the history sink. Every reference is checked as the row is read (the table is
 * read last: its users and groups are known), and a row that does not fit is a problem: a conversation that is
 * neither a declared group nor two declared users, a sender who is not a user (nor one of the two people), a time
 * not after the group's creation or in the future, an edit before the message, a body Tencent does not take, a
 * `message_id` given twice in a conversation or a `reply_to` that names no message of it.
 */
async function readMessages(
  path: string,
  builder: ManifestBuilder,
  history: HistorySink,
  now: number,
  onProgress: ProgressListener | undefined,
): Promise<void> {
  // The IDs seen per conversation, as 96-bit hashes (a million messages: tens of MB, not the IDs' text), and the
  // replies whose parent is checked once the whole table is read (a reply may come before its parent).
  const seen = new Set<string>();
  const replies: { source: string; parent: string; replyTo: string; conversation: string }[] = [];
  const identity = (conversation: string, id: string) =>
    createHash("sha256").update(`${conversation}\u0000${id}`).digest("base64").slice(0, 16);
  await eachRow(path, "messages", builder, onProgress, async (row) => {
    let refused = false;
    const refuse = (reason: string) => {
      refused = true;
      builder.reporter.problem(row.source, reason);
    };
    const id = row.required("message_id");
    const from = row.required("from");
    if (row.text("time") === undefined) row.required("time");
    const time = row.time("time");
    const edited = row.time("edited");
    const groupKey = row.text("group_key")?.trim();
    const userA = row.text("user_id_a")?.trim();
    const userB = row.text("user_id_b")?.trim();
    const text = row.text("text");
    const fileUrl = row.text("file_url")?.trim();
    const fileName = row.text("file_name")?.trim();
    const fileSize = row.integer("file_size");
    const customData = row.text("custom_data");
    const replyTo = row.text("reply_to")?.trim();
    if (row.broken) return;

    let conversation: SourceMessage["conversation"] | undefined;
    if (groupKey !== undefined && (userA !== undefined || userB !== undefined)) {
      refuse("give group_key (a group's message) or user_id_a and user_id_b (a 1:1 message), not both");
    } else if (groupKey !== undefined) {
      const group = builder.group(groupKey);
      if (!group) refuse(`group_key: group ${groupKey} is not declared in the groups table`);
      else {
        conversation = { group: groupKey };
        if (group.createTime !== undefined && time! <= group.createTime)
          refuse(`time ${time} is not after ${groupKey}'s creation ${group.createTime}`);
      }
    } else if (userA !== undefined && userB !== undefined) {
      for (const person of new Set([userA, userB])) {
        if (!builder.hasAccount(person)) refuse(`user ${person} is not declared in the users table`);
      }
      if (from !== userA && from !== userB) refuse(`from ${from} is not one of the conversation's two people (${userA}, ${userB})`);
      conversation = { pair: [userA, userB] };
    } else if (userA !== undefined || userB !== undefined) {
      refuse(
        `${userA === undefined ? "user_id_a" : "user_id_b"}: is required with ${userA === undefined ? "user_id_b" : "user_id_a"} (the two people of a 1:1 conversation)`,
      );
    } else {
      refuse("a message needs group_key (a group's message) or user_id_a and user_id_b (a 1:1 message)");
    }
    if (!builder.hasAccount(from!) && from !== userA && from !== userB) refuse(`from: user ${from} is not declared in the users table`);
    if (time! > now) refuse(`time ${time} is in the future (now ${now})`);
    if (edited !== undefined && edited < time!) refuse(`edited ${edited} is before the message's time ${time}`);
    if (Buffer.byteLength(id!) > HISTORY_LIMITS.sourceId) refuse(`message_id is over ${HISTORY_LIMITS.sourceId} bytes`);
    if (replyTo === id) refuse(`reply_to: a message cannot reply to itself`);

    const body: HistoryElement[] = [];
    if (text !== undefined) body.push({ type: "text", text });
    if (fileUrl !== undefined) {
      if (!/^https?:\/\//i.test(fileUrl) || !URL.canParse(fileUrl)) refuse(`file_url: "${fileUrl}" is not an http(s) URL`);
      if (fileName === undefined) refuse("file_name: is required with file_url (the name the file is shown with)");
      else body.push({ type: "file", url: fileUrl, name: fileName, ...(fileSize !== undefined ? { size: fileSize } : {}) });
    } else if (fileName !== undefined || fileSize !== undefined) {
      refuse("file_name and file_size describe file_url, which is empty");
    }
    if (customData !== undefined) body.push({ type: "custom", data: customData });
    if (text === undefined && fileUrl === undefined && customData === undefined) refuse("a message needs text, file_url or custom_data");
    const bytes = Buffer.byteLength(JSON.stringify(body.map(toMsgElement)));
    if (bytes > HISTORY_LIMITS.bodyBytes) {
      refuse(`the message is ${bytes} bytes as Tencent counts its body; Tencent takes at most ${HISTORY_LIMITS.bodyBytes} (80002)`);
    }
    if (conversation) {
      // Also for a refused row: its ID is taken, and a reply to it is not a second problem.
      const name = "group" in conversation ? `group ${conversation.group}` : `1:1 ${[...conversation.pair].sort().join("|")}`;
      const key = identity(name, id!);
      if (seen.has(key)) refuse(`message_id ${id} is given twice in ${name}`);
      seen.add(key);
      if (replyTo !== undefined) replies.push({ source: row.source, parent: identity(name, replyTo), replyTo, conversation: name });
    }
    // Refused by the checks above (not by a column): counted here, as eachRow counts a broken row.
    if (refused || !conversation) return builder.reporter.tally(MESSAGES, "problems");
    const message: SourceMessage = { conversation, id: id!, from: from!, time: time!, body };
    if (replyTo !== undefined) message.replyTo = replyTo;
    if (edited !== undefined && edited > time!) message.edited = edited;
    await history.add(row.source, message);
  });
  for (const reply of replies) {
    if (!seen.has(reply.parent)) {
      builder.reporter.problem(reply.source, `reply_to: ${reply.replyTo} is not a message_id of ${reply.conversation}`);
    }
  }
}

/** Converts the tables in `folder`; see the module comment. */
export async function convertTables(
  folder: string,
  options: { onProgress?: ProgressListener; now?: number; historyPath?: string } = {},
): Promise<Conversion> {
  const builder = new ManifestBuilder({
    unfit: "problem",
    oversized: "problem",
    input: folder,
    ...(options.now !== undefined ? { now: options.now } : {}),
  });
  requireFolder(folder, "folder of the tables");
  using history = new HistorySink(builder);
  const users = tableFile(folder, "users", builder);
  if (!users) builder.reporter.problem(folder, "has no users.csv or users.jsonl (every owner, member and topic creator must be a user)");
  else {
    await eachRow(users, "users", builder, options.onProgress, (row) => {
      const userId = row.required("user_id");
      const nick = row.text("nick");
      const faceUrl = row.text("face_url")?.trim();
      if (!row.broken) builder.account(row.source, userId!, { ...(nick ? { nick } : {}), ...(faceUrl ? { faceUrl } : {}) });
    });
  }
  const groups = tableFile(folder, "groups", builder);
  if (groups) {
    await eachRow(groups, "groups", builder, options.onProgress, (row) => {
      const draft = groupDraft(row);
      if (draft) builder.addGroup(row.source, draft);
    });
  }
  const members = tableFile(folder, "members", builder);
  if (members) {
    await eachRow(members, "members", builder, options.onProgress, (row) => {
      const groupKey = row.required("group_key");
      const userId = row.required("user_id");
      const role = row.choice("role", ROLES);
      const joinTime = row.time("join_time");
      const unreadMsgNum = row.integer("unread");
      if (row.broken) return;
      builder.member(row.source, groupKey!, userId!, {
        ...(role ? { role } : {}),
        ...(joinTime !== undefined ? { joinTime } : {}),
        ...(unreadMsgNum !== undefined ? { unreadMsgNum } : {}),
      });
    });
  }
  const topics = tableFile(folder, "topics", builder);
  if (topics) {
    await eachRow(topics, "topics", builder, options.onProgress, (row) => {
      const groupKey = row.required("group_key");
      const key = row.required("topic_key");
      const topicName = row.required("name");
      const optional = {
        topicId: row.text("topic_id")?.trim(),
        fromAccount: row.text("creator")?.trim(),
        introduction: row.text("introduction"),
        notification: row.text("notification"),
        faceUrl: row.text("face_url")?.trim(),
        customString: row.text("custom_string"),
        createTime: row.time("create_time"),
      };
      if (row.broken) return;
      builder.topic(row.source, groupKey!, {
        key: key!,
        topicName: topicName!,
        ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
      });
    });
  }
  const messages = tableFile(folder, "messages", builder);
  if (messages) await readMessages(messages, builder, history, options.now ?? Math.floor(Date.now() / 1000), options.onProgress);
  // Awaited here: `using` removes the spill folder when this function returns, which must be after the finish.
  return await finishConversionWithHistory(builder, history, options.historyPath);
}

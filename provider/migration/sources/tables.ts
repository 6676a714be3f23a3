import { existsSync } from "node:fs";
import { join } from "node:path";
import { APPLY_JOIN_OPTIONS, type IMPORTABLE_GROUP_TYPES } from "../../limits";
import { type GroupDraft, ManifestBuilder, RECORDS } from "./builder";
import { requireFolder } from "./paths";
import { RecordFields } from "./fields";
import { readTable, type ProgressListener } from "./read";
import type { Conversion } from "./conversion";

/**
 * Converts plain tables, the format any team can write from its own database: `users`, `groups`, `members` and
 * `topics`, each as `.csv` (with a header row) or `.jsonl` (one object per line, the same names), read in that
 * order and streamed. The columns are documented in the README ("Plain tables"); {@link TABLE_COLUMNS} is their
 * one list. Rows are the team's own data, so a row that does not fit is a problem to fix, not something left out.
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
  take: (row: RecordFields) => void,
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
    take(row);
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

/** Converts the tables in `folder`; see the module comment. */
export async function convertTables(folder: string, options: { onProgress?: ProgressListener; now?: number } = {}): Promise<Conversion> {
  const builder = new ManifestBuilder({
    unfit: "problem",
    oversized: "problem",
    input: folder,
    ...(options.now !== undefined ? { now: options.now } : {}),
  });
  requireFolder(folder, "folder of the tables");
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
  return builder.finish();
}

import { ChatConfigError } from "../../api/errors";
import { canonicalJson } from "../diff";
import { byCodeUnit, entryLines, headerLine, readToken, writeToken } from "../line-text";
import { setOwn } from "../../own-keys";
import type { BatchGroup } from "./schema";

/** The kind named in a batch text's header line. */
const KIND = "ImportedGroupBatch";

/** The groups of a batch: key to group, each with its members (UserID to member string) and topics. */
export type BatchGroups = Record<string, BatchGroup>;

/** A problem of a batch text: the property it concerns and why. */
export interface BatchTextProblem {
  property: string;
  reason: string;
}

/**
 * A batch's groups as one text (../line-text.ts): after the header, for each group in key order a line of its
 * fields (`{...}`), a line per member in UserID order (the UserID and the member string) and a line per topic in
 * key order (`#<key> {...}`). Every line starts with its group's key, so a line diff shows which group an added
 * member joins; nothing else is repeated per member, so the text is about 10 bytes per member more than the
 * members' own text.
 *
 * ```
 * @ImportedGroupBatch v1
 * team {"groupId":"team-1a2b3c4d","name":"Team","type":"Public"}
 * team bob Admin joined:1600000060
 * team carol
 * guild #news {"topicId":"@TGS#_guild@TOPIC#_news","topicName":"News"}
 * ```
 */
export function encodeBatch(groups: BatchGroups): string {
  const lines = [headerLine(KIND)];
  for (const key of Object.keys(groups).sort(byCodeUnit)) {
    const { members, topics, ...fields } = groups[key]!;
    const k = writeToken(key);
    lines.push(`${k} ${canonicalJson(fields)}`);
    for (const account of Object.keys(members ?? {}).sort(byCodeUnit)) {
      const member = members![account]!;
      lines.push(`${k} ${writeToken(account)}${member === "" ? "" : ` ${member}`}`);
    }
    for (const topicKey of Object.keys(topics ?? {}).sort(byCodeUnit))
      lines.push(`${k} #${writeToken(topicKey)} ${canonicalJson(topics![topicKey])}`);
  }
  return lines.join("\n");
}

const LINE_FORMS = "`<key> {...}` (a group), `<key> <UserID> [member]` or `<key> #<topic key> {...}`";

/** The map of `key` in `table`, made (as an own property) when missing. */
function ownEntry<T>(table: Record<string, Record<string, T>>, key: string): Record<string, T> {
  if (!Object.hasOwn(table, key)) setOwn(table, key, {});
  return table[key]!;
}

/** Reads a JSON object, or says why not. */
function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The groups of a batch text, unchecked (the schema checks each group as for the map form), or every problem of
 * lines that do not read, each naming the line.
 */
export function parseBatch(text: string): { groups: Record<string, Record<string, unknown>> } | { problems: BatchTextProblem[] } {
  const read = entryLines(text, KIND);
  if ("problem" in read) return { problems: [{ property: "groups", reason: read.problem }] };
  const groups: Record<string, Record<string, unknown>> = {};
  const members: Record<string, Record<string, string>> = {};
  const topics: Record<string, Record<string, unknown>> = {};
  const problems: BatchTextProblem[] = [];
  const problem = (number: number, reason: string, property = "groups") => problems.push({ property, reason: `line ${number}: ${reason}` });
  for (const { number, text: line } of read.lines) {
    const head = readToken(line);
    if ("problem" in head) {
      problem(number, head.problem);
      continue;
    }
    const key = head.token;
    const rest = head.rest;
    if (rest.startsWith("{")) {
      const fields = jsonObject(rest);
      if (!fields) problem(number, `the fields of group ${key} are not a JSON object: ${rest}`);
      else if (Object.hasOwn(groups, key)) problem(number, `group ${key} is declared twice`);
      else setOwn(groups, key, fields);
    } else if (rest.startsWith("#")) {
      const topic = readToken(rest.slice(1));
      const topicKey = "token" in topic ? topic.token : "";
      const fields = "token" in topic ? jsonObject(topic.rest) : undefined;
      if (!fields) problem(number, `the fields of topic ${topicKey} of group ${key} are not a JSON object: ${rest}`);
      else if (Object.hasOwn(ownEntry(topics, key), topicKey)) problem(number, `topic ${topicKey} of group ${key} is declared twice`);
      else setOwn(topics[key]!, topicKey, fields);
    } else if (rest !== "") {
      const account = readToken(rest);
      if ("problem" in account) problem(number, account.problem);
      else if (Object.hasOwn(ownEntry(members, key), account.token))
        problem(number, `member ${account.token} of group ${key} is declared twice`);
      else setOwn(members[key]!, account.token, account.rest);
    } else {
      problem(number, `is not ${LINE_FORMS}: ${line}`);
    }
  }
  for (const key of new Set([...Object.keys(members), ...Object.keys(topics)])) {
    if (!Object.hasOwn(groups, key))
      problems.push({ property: `groups.${key}`, reason: `members or topics of group ${key}, which has no \`${key} {...}\` line` });
  }
  if (problems.length > 0) return { problems };
  for (const [key, group] of Object.entries(groups)) {
    if (Object.hasOwn(members, key)) group.members = members[key]!;
    if (Object.hasOwn(topics, key)) group.topics = topics[key]!;
  }
  return { groups };
}

/**
 * The groups of a batch text, or the map an older state holds (read too, so such a stack updates without a change
 * at Tencent). Check has refused texts that do not read.
 */
export function readBatch(value: string | BatchGroups | undefined): BatchGroups {
  if (value === undefined) return {};
  if (typeof value !== "string") return value;
  const parsed = parseBatch(value);
  if ("problems" in parsed) throw new ChatConfigError("import_group", parsed.problems.map((p) => `${p.property}: ${p.reason}`).join("; "));
  return parsed.groups as BatchGroups;
}

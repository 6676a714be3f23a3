import { ChatStateError } from "../../api/errors";
import { canonicalJson } from "../diff";
import { byCodeUnit, headerLine, readToken, versionedEntryLines, writeToken } from "../line-text";
import { ownValue, setOwn } from "../../own-keys";
import type { BatchGroup } from "./schema";

/** The kind named in a batch text's header line. */
const KIND = "ImportedGroupBatch";

/**
 * The formats a batch text has had: 1 wrote a group's (and a topic's) fields as one JSON object on one line, which
 * `pulumi preview --diff` cuts at 150 bytes; 2 writes a line per field. Stored states hold either, so both are read.
 */
const VERSIONS = [1, 2] as const;
/** A version of the batch text. */
export type BatchTextVersion = (typeof VERSIONS)[number];
/** The version {@link encodeBatch} writes unless told otherwise. */
const CURRENT: BatchTextVersion = 2;

/** The groups of a batch: key to group, each with its members (UserID to member string) and topics. */
export type BatchGroups = Record<string, BatchGroup>;

/** A problem of a batch text: the property it concerns and why. */
export interface BatchTextProblem {
  property: string;
  reason: string;
}

/** A field name, and a key within a field that is a map (`appDefinedData`), as a field line writes them bare. */
const NAME = /^[A-Za-z0-9_]+$/;

/** A plain object whose entries are written as a line each: at least one defined value, every key a {@link NAME}. */
function isSplit(value: unknown): value is Record<string, unknown> {
  if (!value || typeof value !== "object" || Array.isArray(value)) return false;
  const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined);
  return keys.length > 0 && keys.every((k) => NAME.test(k));
}

/**
 * The field lines of a group or topic, each led by `lead` (`team` or `guild #news`): `<lead> .<field> <JSON value>`,
 * a map field a line per key (`<lead> .appDefinedData.<key> <JSON value>`), in code-unit order. Undefined when a
 * name cannot be written so (check refuses such a field anyway) or there is no field: the caller writes the
 * fields as one JSON object instead, so the text keeps what it was given.
 */
function fieldLines(lead: string, fields: Record<string, unknown>): string[] | undefined {
  const lines: string[] = [];
  for (const name of Object.keys(fields).sort(byCodeUnit)) {
    const value = fields[name];
    if (value === undefined) continue;
    if (!NAME.test(name)) return undefined;
    if (!isSplit(value)) lines.push(`${lead} .${name} ${canonicalJson(value)}`);
    else
      for (const key of Object.keys(value).sort(byCodeUnit))
        if (value[key] !== undefined) lines.push(`${lead} .${name}.${key} ${canonicalJson(value[key])}`);
  }
  return lines.length > 0 ? lines : undefined;
}

/** A UserID as a member line writes it: quoted also when it starts with `.`, which marks a field line in version 2. */
const writeAccount = (account: string, version: BatchTextVersion) =>
  version >= 2 && account.startsWith(".") ? JSON.stringify(account) : writeToken(account);

/**
 * A batch's groups as one text (../line-text.ts): after the header, for each group in key order a line per field,
 * a line per member in UserID order (the UserID and the member string) and, per topic in key order, a line per
 * field. Every line starts with its group's key, a topic's also with `#<topic key>`, and a field's with
 * `.<name>`, so that `pulumi preview --diff`, which shows a multi-line text as a line diff and cuts each line at
 * 150 bytes, shows which group, topic and field changed and the start of its old and new value, whatever the
 * field; a member line names the group an added member joins. The key is repeated per field and member, nothing
 * else, so the text is about 10 bytes per member more than the members' own text.
 *
 * ```
 * @ImportedGroupBatch v2
 * guild .groupId "@TGS#_guild-1603a134"
 * guild .name "Guild"
 * guild .supportTopic true
 * guild .type "Community"
 * guild #news .topicId "@TGS#_guild-1603a134@TOPIC#_news-5e1b2c3d"
 * guild #news .topicName "News"
 * team .groupId "team-1a2b3c4d"
 * team .introduction "Where the team meets"
 * team .name "Team"
 * team .type "Public"
 * team bob Admin joined:1600000060
 * team carol
 * ```
 *
 * Version 1 (a group's or topic's fields as one JSON object, `team {"groupId":...}`) is written when asked: a
 * refresh of a state recorded in it keeps it, so the refresh shows drift only.
 */
export function encodeBatch(groups: BatchGroups, version: BatchTextVersion = CURRENT): string {
  const lines = [headerLine(KIND, version)];
  const fieldsOf = (lead: string, fields: Record<string, unknown>) => {
    const each = version >= 2 ? fieldLines(lead, fields) : undefined;
    if (each) lines.push(...each);
    else lines.push(`${lead} ${canonicalJson(fields)}`);
  };
  for (const key of Object.keys(groups).sort(byCodeUnit)) {
    const { members, topics, ...fields } = groups[key]!;
    const k = writeToken(key);
    fieldsOf(k, fields);
    for (const account of Object.keys(members ?? {}).sort(byCodeUnit)) {
      const member = members![account]!;
      lines.push(`${k} ${writeAccount(account, version)}${member === "" ? "" : ` ${member}`}`);
    }
    for (const topicKey of Object.keys(topics ?? {}).sort(byCodeUnit))
      fieldsOf(`${k} #${writeToken(topicKey)}`, topics![topicKey] as Record<string, unknown>);
  }
  return lines.join("\n");
}

/** Whether `value` is a batch text of `version`. */
function isTextOf(value: unknown, version: BatchTextVersion): value is string {
  const header = headerLine(KIND, version);
  return typeof value === "string" && (value === header || value.startsWith(`${header}\n`));
}

/** The version of a batch text, or the current one for anything else (an older state's map is written anew). */
export function batchTextVersion(value: unknown): BatchTextVersion {
  return isTextOf(value, 1) ? 1 : CURRENT;
}

/**
 * The groups as the current version's text: a text in that version as it is (texts are canonical: equal groups,
 * equal texts), an older one or a state's map read and written again. Two batches hold the same groups exactly
 * when these are equal, whatever format each was recorded in.
 */
export function currentBatchText(value: string | BatchGroups): string {
  return isTextOf(value, CURRENT) ? value : encodeBatch(readBatch(value));
}

const LINE_FORMS =
  "`<key> .<field> <JSON value>` (a group's field), `<key> <UserID> [member]`, `<key> #<topic key> .<field> <JSON value>` (a topic's field), `<key> {...}` or `<key> #<topic key> {...}`";

/** The map of `key` in `table`, made (as an own property) when missing. */
function ownEntry<T>(table: Record<string, Record<string, T>>, key: string): Record<string, T> {
  if (!Object.hasOwn(table, key)) setOwn(table, key, {});
  return table[key]!;
}

/** Reads a JSON value, or undefined when it is not one. */
function jsonValue(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

/** Reads a JSON object, or undefined when it is not one. */
function jsonObject(text: string): Record<string, unknown> | undefined {
  const read = jsonValue(text);
  const value = read?.value;
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * Fields of the groups (or topics) of a text as its lines give them: each declared whole by a `{...}` line or
 * field by field, never both and no field twice.
 */
class FieldTable {
  readonly fields: Record<string, Record<string, unknown>> = {};
  /** Owners declared by a `{...}` line. */
  private readonly whole = new Set<string>();
  /** Map fields made from `.<field>.<key>` lines (as opposed to a `.<field> {...}` line). */
  private readonly split = new WeakSet<object>();

  /** Records the `{...}` line of `owner`; a problem when it has fields already. */
  setWhole(owner: string, fields: Record<string, unknown>): string | undefined {
    if (Object.hasOwn(this.fields, owner)) return "is declared twice";
    setOwn(this.fields, owner, fields);
    this.whole.add(owner);
    return undefined;
  }

  /** Records one field line of `owner` (path: the field, and a key within it); a problem when already given. */
  setField(owner: string, path: string[], value: unknown): string | undefined {
    if (this.whole.has(owner)) return "is declared twice";
    const fields = ownEntry(this.fields, owner);
    const [name, key] = path as [string, string | undefined];
    const twice = `has field ${path.join(".")} twice`;
    if (key === undefined) {
      if (Object.hasOwn(fields, name)) return twice;
      setOwn(fields, name, value);
      return undefined;
    }
    const map = ownValue(fields, name);
    if (map !== undefined && !(typeof map === "object" && map !== null && this.split.has(map))) return twice;
    if (map === undefined) {
      const made: Record<string, unknown> = {};
      this.split.add(made);
      setOwn(fields, name, made);
    }
    const entries = fields[name] as Record<string, unknown>;
    if (Object.hasOwn(entries, key)) return twice;
    setOwn(entries, key, value);
    return undefined;
  }
}

/** Splits `.<path> <JSON value>` into the path and the value, or says why it does not read. */
function fieldLine(rest: string): { path: string[]; value: unknown } | { problem: string } {
  const space = rest.indexOf(" ");
  const path = (space < 0 ? rest.slice(1) : rest.slice(1, space)).split(".");
  if (path.length > 2 || !path.every((part) => NAME.test(part))) return { problem: `.${path.join(".")} is not a field name` };
  const read = space < 0 ? undefined : jsonValue(rest.slice(space + 1));
  if (!read) return { problem: `the value of field ${path.join(".")} is not JSON: ${rest}` };
  return { path, value: read.value };
}

/**
 * The groups of a batch text of either version, unchecked (the schema checks each group as for the map form), or
 * every problem of lines that do not read, each naming the line.
 */
export function parseBatch(text: string): { groups: Record<string, Record<string, unknown>> } | { problems: BatchTextProblem[] } {
  const read = versionedEntryLines(text, KIND, VERSIONS);
  if ("problem" in read) return { problems: [{ property: "groups", reason: read.problem }] };
  const groups = new FieldTable();
  const members: Record<string, Record<string, string>> = {};
  /** Topic fields by group key, then topic key. */
  const topics: Record<string, FieldTable> = {};
  const problems: BatchTextProblem[] = [];
  const problem = (number: number, reason: string) => problems.push({ property: "groups", reason: `line ${number}: ${reason}` });
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
      const taken = fields && groups.setWhole(key, fields);
      if (!fields) problem(number, `the fields of group ${key} are not a JSON object: ${rest}`);
      else if (taken) problem(number, `group ${key} ${taken}`);
    } else if (rest.startsWith(".") && read.version >= 2) {
      const field = fieldLine(rest);
      const taken = "path" in field ? groups.setField(key, field.path, field.value) : undefined;
      if ("problem" in field) problem(number, `group ${key}: ${field.problem}`);
      else if (taken) problem(number, `group ${key} ${taken}`);
    } else if (rest.startsWith("#")) {
      const topic = readToken(rest.slice(1));
      const topicKey = "token" in topic ? topic.token : "";
      const table = () => {
        if (!Object.hasOwn(topics, key)) setOwn(topics, key, new FieldTable());
        return topics[key]!;
      };
      const topicRest = "token" in topic ? topic.rest : "";
      const what = `topic ${topicKey} of group ${key}`;
      if (topicRest.startsWith(".")) {
        const field = fieldLine(topicRest);
        const taken = "path" in field ? table().setField(topicKey, field.path, field.value) : undefined;
        if ("problem" in field) problem(number, `${what}: ${field.problem}`);
        else if (taken) problem(number, `${what} ${taken}`);
      } else {
        const fields = "token" in topic ? jsonObject(topicRest) : undefined;
        const taken = fields && table().setWhole(topicKey, fields);
        if (!fields) problem(number, `the fields of ${what} are not a JSON object: ${rest}`);
        else if (taken) problem(number, `${what} ${taken}`);
      }
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
  const all = groups.fields;
  for (const key of new Set([...Object.keys(members), ...Object.keys(topics)])) {
    if (!Object.hasOwn(all, key))
      problems.push({
        property: `groups.${key}`,
        reason: `members or topics of group ${key}, which has no ${read.version === 1 ? `\`${key} {...}\` line` : `field line (\`${key} .<field> <JSON value>\`)`}`,
      });
  }
  if (problems.length > 0) return { problems };
  for (const [key, group] of Object.entries(all)) {
    if (Object.hasOwn(members, key)) group.members = members[key]!;
    if (Object.hasOwn(topics, key)) group.topics = topics[key]!.fields;
  }
  return { groups: all };
}

/**
 * The groups of a batch text (either version), or the map an older state holds (read too, so such a stack updates
 * without a change at Tencent). Check has refused texts that do not read.
 */
export function readBatch(value: string | BatchGroups | undefined): BatchGroups {
  if (value === undefined) return {};
  if (typeof value !== "string") return value;
  const parsed = parseBatch(value);
  if ("problems" in parsed)
    throw new ChatStateError(parsed.problems.map((p) => `${p.property}: ${p.reason}`).join("; "), { command: "import_group" });
  return parsed.groups as BatchGroups;
}

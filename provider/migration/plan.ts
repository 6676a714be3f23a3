import { z } from "zod";
import { type Accounts, readAccounts } from "../resources/accounts/accounts-text";
import { type BatchGroups, readBatch } from "../resources/batch/batch-text";
import { decodeMember } from "../resources/batch/compact-member";
import { isKnown } from "../resources/check";
import { type DeletionPolicy, deletionSettings, stackDeletionPolicy } from "../resources/deletion";
import type { ResourceKind } from "../resources/dynamic-resource";
import { GROUP_KEYS, groupChange } from "../resources/group/sync";
import { decodeConversations } from "../resources/history-batch/text";
import type { MemberSpec } from "../resources/members/schema";
import { TOPIC_KEYS, topicChange } from "../resources/topic/sync";
import type { ImportedGroupInputs } from "../resources/group/schema";
import type { ImportedTopicInputs } from "../resources/topic/schema";

/*
 * `tencent-chat-migrate plan`: what a `pulumi preview --json` of a migration would do, counted per kind of object
 * (accounts, groups, members, topics, messages) instead of per Pulumi resource. A batch resource holds hundreds of
 * groups as one text, so Pulumi's own plan says "1 to update" where a reviewer needs "1 group deleted with its 40
 * members". The summary model is pure data (JSON-serialisable); writePlanMarkdown renders it for a pull request
 * comment.
 */

/** A resource's state in a preview step: Pulumi's apitype.ResourceV3, the parts plan reads. */
export const PreviewResourceState = z.object({
  urn: z.string(),
  type: z.string(),
  id: z.string().optional(),
  inputs: z.record(z.string(), z.unknown()).optional(),
  outputs: z.record(z.string(), z.unknown()).optional(),
  retainOnDelete: z.boolean().optional(),
});
export type PreviewResourceState = z.infer<typeof PreviewResourceState>;

/**
 * One step of `pulumi preview --json` (Pulumi's display.PreviewStep): `same`, `create`, `update`, `delete`,
 * `replace` (with its `create-replacement` and `delete-replaced`), `read`, ... `oldState` is the recorded state
 * (inputs and outputs), `newState` the program's new inputs. `diffReasons`, `replaceReasons` and `detailedDiff` are
 * what the provider answered; a dynamic provider leaves them empty, so plan compares the states itself.
 */
export const PreviewStep = z.object({
  op: z.string(),
  urn: z.string(),
  oldState: PreviewResourceState.optional(),
  newState: PreviewResourceState.optional(),
  diffReasons: z.array(z.string()).nullish(),
  replaceReasons: z.array(z.string()).nullish(),
});
export type PreviewStep = z.infer<typeof PreviewStep>;

/**
 * The document `pulumi preview --json` writes (Pulumi's display.PreviewDigest, pkg/display/json.go): the stack's
 * config (secrets shown as `[secret]`), every step (unchanged resources as `same`), the diagnostics (a failed
 * program's error among them) and the count per operation.
 */
export const PreviewDigest = z.object({
  config: z.record(z.string(), z.string()).optional(),
  steps: z.array(PreviewStep).nullish(),
  diagnostics: z.array(z.object({ urn: z.string().optional(), message: z.string().optional(), severity: z.string().optional() })).nullish(),
  changeSummary: z.record(z.string(), z.number()).nullish(),
});
export type PreviewDigest = z.infer<typeof PreviewDigest>;

/** The kinds of object a summary counts. */
export const PLAN_KINDS = ["accounts", "groups", "members", "topics", "groupMessages", "c2cMessages"] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];

/** What happens to an object: `forgotten` is a removal that leaves the object in place at Tencent (retain). */
export const PLAN_ACTIONS = ["created", "updated", "replaced", "forgotten", "deleted"] as const;
export type PlanAction = (typeof PLAN_ACTIONS)[number];

/** The counts of one kind, and for updates how often each field changes. */
export type KindTotals = Record<PlanAction, number> & { fields: Record<string, number> };

/** What Tencent loses with each kind of object when it is destroyed: a reviewer approves this, not a resource name. */
export const CONSEQUENCES: Record<"deleted" | "replaced" | "forgotten", Record<PlanKind, string>> = {
  deleted: {
    accounts: "deleted: the UserID cannot be imported again for 3 months",
    groups: "destroyed with its members and message history",
    members: "removed from the group",
    topics: "destroyed with its message history",
    groupMessages: "destroyed with their group",
    c2cMessages: "deleted",
  },
  replaced: {
    accounts: "deleted and imported again",
    groups: "the group is destroyed with its members and message history, then imported again",
    members: "removed from the group and imported again (a join time cannot be modified)",
    topics: "the topic is destroyed with its message history, then imported again",
    groupMessages: "imported again",
    c2cMessages: "imported again",
  },
  forgotten: {
    accounts: "left in place at Tencent; this stack no longer manages it",
    groups: "left in place at Tencent with its members and messages; this stack no longer manages it",
    members: "left in the group at Tencent; this stack no longer manages the membership",
    topics: "left in place at Tencent; this stack no longer manages it",
    groupMessages: "stay at Tencent (imported messages are never deleted one by one)",
    c2cMessages: "stay at Tencent (imported messages are never deleted one by one)",
  },
};

/** One object deleted, replaced or forgotten: each is listed, never only counted. */
export interface PlanRemoval {
  action: "deleted" | "replaced" | "forgotten";
  kind: PlanKind;
  /** The object's name: a group's or topic's key, a UserID, a conversation. */
  name: string;
  /** Its ID at Tencent where it has one (GroupId, TopicId). */
  id?: string | undefined;
  /** The group it belongs to (members, topics, messages), as `key (GroupId)`. */
  group?: string | undefined;
  /** The Pulumi resource that holds it. */
  resource: string;
  /** Why it is replaced (`createTime 1600000000 => 1599996400`), or why it is only forgotten. */
  reason?: string | undefined;
  /** What goes with it: a group's members, topics and messages; a conversation's messages. */
  contents?: { members: number; topics: number; messages: number } | undefined;
}

/** The changes of one group, members, topics and messages included. */
export interface PlanGroup {
  key: string;
  groupId: string;
  resource: string;
  /** Objects and fields that change: a field, a member, a topic, a message each count one. */
  changes: number;
  /** `created`, `deleted`, `replaced` or `forgotten` when the group itself goes or comes. */
  action?: PlanAction | undefined;
  /** Changed fields with their old and new values, shortened. */
  fields: string[];
  membersAdded: number;
  membersRemoved: number;
  membersChanged: number;
  /** A few of the members concerned, for the reader (`+dan`, `-ben`, `cho role Admin => Member`). */
  memberSamples: string[];
  topics: string[];
  messages: number;
}

/** What a preview would do, per kind of object. */
export interface PlanSummary {
  stack?: string | undefined;
  project?: string | undefined;
  /** The stack's deletion policy as the provider reads it (config `tencent-chat:deletionPolicy`, else by target). */
  deletionPolicy: DeletionPolicy;
  totals: Record<PlanKind, KindTotals>;
  /** Every deletion, replacement and forgotten object, in the order the steps came. */
  removals: PlanRemoval[];
  /** Groups with changes, most changes first. */
  groups: PlanGroup[];
  /** Pulumi's count per operation (`update: 1, same: 4`). */
  resourceChanges: Record<string, number>;
  /** What a preview cannot know yet (values computed at apply), said rather than counted as nothing. */
  notes: string[];
  /** Errors of a preview that failed: then there is no plan to approve. */
  errors: string[];
}

/** The exit status of `plan`: 0 nothing deleted or replaced, 3 something would be (a second approval). */
export const PLAN_EXIT = { ok: 0, approval: 3, badInput: 2 } as const;

/** How many objects the preview would delete or replace (forgotten ones stay at Tencent). */
export function destructiveCount(summary: PlanSummary): number {
  return PLAN_KINDS.reduce((sum, kind) => sum + summary.totals[kind].deleted + summary.totals[kind].replaced, 0);
}

/** The exit status for a summary (see {@link PLAN_EXIT}). */
export function planExitCode(summary: PlanSummary): number {
  if (summary.errors.length > 0) return PLAN_EXIT.badInput;
  return destructiveCount(summary) > 0 ? PLAN_EXIT.approval : PLAN_EXIT.ok;
}

/** Reads `pulumi preview --json` output, or throws saying why it is not one. */
export function parsePreview(text: string): PreviewDigest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`not the JSON of \`pulumi preview --json\`: ${(error as Error).message}`);
  }
  const parsed = PreviewDigest.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`not the JSON of \`pulumi preview --json\`: ${issue.path.join(".") || "document"}: ${issue.message}`);
  }
  return parsed.data;
}

/** The type token of each kind (ChatDynamicResource registers `pulumi-nodejs:dynamic/tencent-chat:<kind>`). */
const TYPE_PREFIX = "pulumi-nodejs:dynamic/tencent-chat:";
const KINDS: Record<ResourceKind, true> = {
  ImportedAccounts: true,
  ImportedGroup: true,
  ImportedGroupMembers: true,
  ImportedTopic: true,
  ImportedGroupBatch: true,
  ImportedGroupHistory: true,
  ImportedGroupHistoryBatch: true,
  ImportedC2CHistory: true,
};

function kindOf(type: string): ResourceKind | undefined {
  const kind = type.startsWith(TYPE_PREFIX) ? type.slice(TYPE_PREFIX.length) : "";
  return Object.hasOwn(KINDS, kind) ? (kind as ResourceKind) : undefined;
}

/** A resource's name: the last part of its URN. */
const nameOf = (urn: string) => urn.slice(urn.lastIndexOf("::") + 2);

/** A value for a reader: JSON, cut to `limit` characters. */
export function shortValue(value: unknown, limit = 40): string {
  if (value === undefined) return "unset";
  const text = JSON.stringify(value);
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

const SAMPLES_PER_GROUP = 5;

/** Who may delete: the stack's policy, a resource's recorded `retainOnDelete`, and for accounts their own declaration. */
interface Policy {
  stack: DeletionPolicy;
  /** Why the stack's policy keeps (for the reader), when it does. */
  stackReason: string;
}

type Step = PreviewStep & { kind: ResourceKind; name: string };

/** Inputs and outputs of a step's states, without undefined checks at every use. */
const inputsOf = (state: PreviewResourceState | undefined) => state?.inputs ?? {};
const outputsOf = (state: PreviewResourceState | undefined) => state?.outputs ?? {};

/** A group's own fields in a batch: without its members, topics and the allowReplace declaration. */
function groupFields(group: Record<string, unknown>): Record<string, unknown> {
  const { members: _m, topics: _t, allowReplace: _a, ...fields } = group;
  return fields;
}

/** A topic's own fields in a batch, with its group's ID as ImportedTopic holds it. */
function topicFields(topic: Record<string, unknown>, groupId: string): Record<string, unknown> {
  const { allowReplace: _a, ...fields } = topic;
  return { ...fields, groupId };
}

/**
 * Whether two decoded values are equal as canonicalJson (../resources/diff.ts) compares them, without its sorting:
 * a batch's unchanged groups (hundreds of members each) are compared in linear time.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((v, i) => sameJson(v, (b as unknown[])[i]));
  const [x, y] = [a as Record<string, unknown>, b as Record<string, unknown>];
  const keys = Object.keys(x).filter((k) => x[k] !== undefined);
  if (keys.length !== Object.keys(y).filter((k) => y[k] !== undefined).length) return false;
  return keys.every((k) => Object.hasOwn(y, k) && sameJson(x[k], y[k]));
}

/** The fields among `keys` (or every key of either side) whose values differ. */
function changedFields(before: Record<string, unknown>, after: Record<string, unknown>, keys?: readonly string[]): string[] {
  const all = keys ?? [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => k !== "__provider");
  return all.filter((key) => !sameJson(before[key], after[key]));
}

/** Builds a {@link PlanSummary}, one step at a time. */
class PlanBuilder {
  readonly totals = Object.fromEntries(
    PLAN_KINDS.map((kind) => [kind, { created: 0, updated: 0, replaced: 0, forgotten: 0, deleted: 0, fields: {} }]),
  ) as Record<PlanKind, KindTotals>;
  readonly removals: PlanRemoval[] = [];
  readonly notes: string[] = [];
  private readonly groups = new Map<string, PlanGroup>();
  /** Group messages Tencent holds per GroupId, as the recorded history resources say. */
  readonly storedMessages = new Map<string, number>();
  /** GroupIds destroyed (deleted or replaced): their messages go with them. */
  readonly destroyed = new Map<string, PlanRemoval>();
  /** GroupIds a resource creates, with that resource: one destroyed by another resource has moved, not stayed. */
  readonly created = new Map<string, string>();
  /** History resources' conversations removed: forgotten, unless their group is destroyed. */
  readonly historyRemoved: { groupId: string; messages: number; removal: PlanRemoval }[] = [];

  constructor(readonly policy: Policy) {}

  count(kind: PlanKind, action: PlanAction, n = 1): void {
    this.totals[kind][action] += n;
  }

  field(kind: PlanKind, field: string): void {
    const fields = this.totals[kind].fields;
    fields[field] = (fields[field] ?? 0) + 1;
  }

  /** The entry of a group, by GroupId (or its key while the ID is not known: a group created in the same run). */
  group(key: string, groupId: unknown, resource: string): PlanGroup {
    const id = typeof groupId === "string" && isKnown(groupId) ? groupId : `key:${key}`;
    let entry = this.groups.get(id);
    if (!entry) {
      entry = {
        key,
        groupId: typeof groupId === "string" && isKnown(groupId) ? groupId : "(known after apply)",
        resource,
        changes: 0,
        fields: [],
        membersAdded: 0,
        membersRemoved: 0,
        membersChanged: 0,
        memberSamples: [],
        topics: [],
        messages: 0,
      };
      this.groups.set(id, entry);
    }
    return entry;
  }

  /** Lists a removal and counts it (`n` objects: the messages of a conversation). */
  remove(removal: PlanRemoval, n = 1): PlanRemoval {
    this.removals.push(removal);
    this.count(removal.kind, removal.action, n);
    return removal;
  }

  /**
   * Whether a removal deletes (else forgets), and why it only forgets. `retainOnDelete` is the resource's, for the
   * removal of the whole resource (the engine then never asks the provider); an object removed by an update is
   * deleted by the provider when the stack's policy allows (../resources/deletion.ts).
   */
  removalOf(retainOnDelete: boolean | undefined): { action: "deleted" | "forgotten"; reason?: string } {
    if (this.policy.stack === "retain") return { action: "forgotten", reason: this.policy.stackReason };
    if (retainOnDelete === true) return { action: "forgotten", reason: "the resource is recorded with retainOnDelete" };
    return { action: "deleted" };
  }

  sample(entry: PlanGroup, text: string): void {
    if (entry.memberSamples.length < SAMPLES_PER_GROUP) entry.memberSamples.push(text);
  }

  summaryGroups(): PlanGroup[] {
    return [...this.groups.values()]
      .filter((g) => g.changes > 0 || g.action !== undefined)
      .sort((a, b) => b.changes - a.changes || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
}

/** A group label as removals show it. */
const groupLabel = (key: string, groupId: string) => (key === groupId ? key : `${key} (${groupId})`);

/** Members as objects: a batch's one-string members are decoded (a text check refused would not have reached here). */
type MemberMap = Record<string, MemberSpec | string>;
const memberSpec = (member: MemberSpec | string): MemberSpec => {
  if (typeof member !== "string") return member;
  const decoded = decodeMember(member);
  return "member" in decoded ? decoded.member : {};
};

/**
 * Members from `before` to `after`, as the members step does it (../resources/members/sync.ts syncMembers): added,
 * removed (never the owner), a new join time is a removal and an import again, role and unread counts modified.
 */
function diffMembers(
  b: PlanBuilder,
  entry: PlanGroup,
  before: MemberMap,
  after: MemberMap,
  owner: unknown,
  retainOnDelete: boolean | undefined,
  resource: string,
): void {
  const label = groupLabel(entry.key, entry.groupId);
  for (const account of Object.keys(after)) {
    if (!Object.hasOwn(before, account)) {
      b.count("members", "created");
      entry.membersAdded += 1;
      entry.changes += 1;
      b.sample(entry, `+${account}`);
      continue;
    }
    const [was, now] = [before[account]!, after[account]!];
    if (was === now || sameJson(was, now)) continue;
    const [old, next] = [memberSpec(was), memberSpec(now)];
    if (old.joinTime !== next.joinTime && next.joinTime !== undefined) {
      b.remove({
        action: "replaced",
        kind: "members",
        name: account,
        group: label,
        resource,
        reason: `joinTime ${shortValue(old.joinTime)} => ${shortValue(next.joinTime)}`,
      });
      entry.membersChanged += 1;
      entry.changes += 1;
      continue;
    }
    const fields: string[] = [];
    if ((old.role ?? "Member") !== (next.role ?? "Member")) fields.push(`role ${old.role ?? "Member"} => ${next.role ?? "Member"}`);
    if (next.unreadMsgNum !== undefined && old.unreadMsgNum !== next.unreadMsgNum)
      fields.push(`unread ${shortValue(old.unreadMsgNum)} => ${next.unreadMsgNum}`);
    if (fields.length === 0) continue;
    b.count("members", "updated");
    for (const field of fields) b.field("members", field.startsWith("role") ? "role" : "unreadMsgNum");
    entry.membersChanged += 1;
    entry.changes += 1;
    b.sample(entry, `${account} ${fields.join(", ")}`);
  }
  for (const account of Object.keys(before)) {
    if (Object.hasOwn(after, account) || account === owner) continue;
    const { action, reason } = b.removalOf(retainOnDelete);
    b.remove({ action, kind: "members", name: account, group: label, resource, reason });
    entry.membersRemoved += 1;
    entry.changes += 1;
    b.sample(entry, `-${account}`);
  }
}

/** Every object of a group that goes: the group, and with it its members and topics (counted, listed as contents). */
function removeBatchGroup(
  b: PlanBuilder,
  key: string,
  group: Record<string, unknown>,
  resource: string,
  retainOnDelete: boolean | undefined,
): void {
  const groupId = String(group.groupId);
  const members = Object.keys((group.members as Record<string, unknown> | undefined) ?? {}).length;
  const topics = Object.keys((group.topics as Record<string, unknown> | undefined) ?? {}).length;
  const { action, reason } = b.removalOf(retainOnDelete);
  const removal = b.remove({
    action,
    kind: "groups",
    name: key,
    id: groupId,
    resource,
    reason,
    contents: { members, topics, messages: 0 },
  });
  b.count("members", action, members);
  b.count("topics", action, topics);
  if (action === "deleted") b.destroyed.set(groupId, removal);
  const entry = b.group(key, groupId, resource);
  entry.action = action;
  entry.changes += 1 + members + topics;
}

/** A group that comes: the group, its members and topics. */
function createBatchGroup(b: PlanBuilder, key: string, group: Record<string, unknown>, resource: string): void {
  const members = Object.keys((group.members as Record<string, unknown> | undefined) ?? {});
  const topics = Object.keys((group.topics as Record<string, unknown> | undefined) ?? {});
  b.count("groups", "created");
  b.count("members", "created", members.length);
  b.count("topics", "created", topics.length);
  b.created.set(String(group.groupId), resource);
  const entry = b.group(key, group.groupId, resource);
  entry.action = "created";
  entry.changes += 1 + members.length + topics.length;
  entry.membersAdded += members.length;
  for (const account of members.slice(0, SAMPLES_PER_GROUP)) b.sample(entry, `+${account}`);
  entry.topics.push(...topics.map((t) => `+${t}`));
}

/** One group of a batch from `previous` to `next`, as the batch provider's updateGroup does it. */
function updateBatchGroup(
  b: PlanBuilder,
  key: string,
  previous: Record<string, unknown>,
  next: Record<string, unknown>,
  resource: string,
  retainOnDelete: boolean | undefined,
): void {
  const before = groupFields(previous);
  const after = groupFields(next);
  const groupId = String(next.groupId);
  const entry = b.group(key, groupId, resource);
  const replaces = groupChange(before as Partial<ImportedGroupInputs>, after as ImportedGroupInputs).replaces ?? [];
  if (replaces.length > 0) {
    const members = Object.keys((next.members as Record<string, unknown> | undefined) ?? {}).length;
    const topics = Object.keys((next.topics as Record<string, unknown> | undefined) ?? {}).length;
    const reason = replaces.map((f) => `${f} ${shortValue(before[f])} => ${shortValue(after[f])}`).join(", ");
    const removal = b.remove({
      action: "replaced",
      kind: "groups",
      name: key,
      id: groupId,
      resource,
      reason: b.policy.stack === "retain" ? `${reason}; ${RETAINED_REPLACEMENT}` : reason,
      contents: { members, topics, messages: 0 },
    });
    b.count("members", "replaced", members);
    b.count("topics", "replaced", topics);
    b.destroyed.set(String(previous.groupId), removal);
    entry.action = "replaced";
    entry.changes += 1 + members + topics;
    entry.fields.push(...replaces.map((f) => `${f} ${shortValue(before[f])} => ${shortValue(after[f])}`));
    return;
  }
  const fields = changedFields(before, after, GROUP_KEYS);
  if (fields.length > 0) {
    b.count("groups", "updated");
    for (const field of fields) b.field("groups", field);
    entry.fields.push(...fields.map((f) => `${f} ${shortValue(before[f])} => ${shortValue(after[f])}`));
    entry.changes += fields.length;
  }
  diffMembers(
    b,
    entry,
    (previous.members as MemberMap | undefined) ?? {},
    (next.members as MemberMap | undefined) ?? {},
    next.ownerAccount ?? previous.ownerAccount,
    retainOnDelete,
    resource,
  );
  const topicsBefore = (previous.topics as Record<string, Record<string, unknown>> | undefined) ?? {};
  const topicsAfter = (next.topics as Record<string, Record<string, unknown>> | undefined) ?? {};
  for (const [topicKey, topic] of Object.entries(topicsAfter)) {
    const old = Object.hasOwn(topicsBefore, topicKey) ? topicsBefore[topicKey] : undefined;
    if (!old) {
      b.count("topics", "created");
      entry.topics.push(`+${topicKey}`);
      entry.changes += 1;
      continue;
    }
    if (sameJson(old, topic)) continue;
    const [was, now] = [topicFields(old, groupId), topicFields(topic, groupId)];
    const topicReplaces = topicChange(was as Partial<ImportedTopicInputs>, now as ImportedTopicInputs).replaces ?? [];
    if (topicReplaces.length > 0) {
      const reason = topicReplaces.map((f) => `${f} ${shortValue(was[f])} => ${shortValue(now[f])}`).join(", ");
      b.remove({
        action: "replaced",
        kind: "topics",
        name: topicKey,
        id: String(topic.topicId),
        group: groupLabel(key, groupId),
        resource,
        reason,
      });
      entry.topics.push(`${topicKey} replaced`);
      entry.changes += 1;
      continue;
    }
    const changed = changedFields(was, now, TOPIC_KEYS);
    if (changed.length === 0) continue;
    b.count("topics", "updated");
    for (const field of changed) b.field("topics", field);
    entry.topics.push(`${topicKey}: ${changed.map((f) => `${f} ${shortValue(was[f])} => ${shortValue(now[f])}`).join(", ")}`);
    entry.changes += changed.length;
  }
  for (const [topicKey, old] of Object.entries(topicsBefore)) {
    if (Object.hasOwn(topicsAfter, topicKey)) continue;
    const { action, reason } = b.removalOf(retainOnDelete);
    b.remove({ action, kind: "topics", name: topicKey, id: String(old.topicId), group: groupLabel(key, groupId), resource, reason });
    entry.topics.push(`-${topicKey}`);
    entry.changes += 1;
  }
}

/** What a replacement under retain means: the old object stays, and the import again meets it under the same ID. */
const RETAINED_REPLACEMENT =
  "tencent-chat:deletionPolicy is retain, so the old group is not destroyed and importing the new one under the same GroupId meets it";

/** A batch text (or an older state's map), or undefined when the preview does not know it yet. */
function batchOf(value: unknown): BatchGroups | undefined {
  if (value === undefined) return {};
  if (!isKnown(value) || (typeof value !== "string" && (typeof value !== "object" || value === null))) return undefined;
  return readBatch(value as string | BatchGroups);
}

function accountsOf(value: unknown): Accounts | undefined {
  if (value === undefined) return {};
  if (!isKnown(value) || (typeof value !== "string" && (typeof value !== "object" || value === null))) return undefined;
  return readAccounts(value as string | Accounts);
}

/** The recorded side of a step: what the provider compares with (its outputs: what is in place), else its inputs. */
function recorded(state: PreviewResourceState | undefined, property: string): unknown {
  const outputs = outputsOf(state);
  return Object.hasOwn(outputs, property) ? outputs[property] : inputsOf(state)[property];
}

function batchStep(b: PlanBuilder, step: Step): void {
  const retain = step.op === "delete" ? step.oldState?.retainOnDelete : undefined;
  const before = step.op === "create" ? {} : batchOf(recorded(step.oldState, "groups"));
  const after = step.op === "delete" ? {} : batchOf(inputsOf(step.newState).groups);
  if (!before || !after) {
    b.notes.push(`${step.name}: its groups are not known until \`pulumi up\` runs, so they are not counted`);
    return;
  }
  for (const [key, group] of Object.entries(after)) {
    const previous = Object.hasOwn(before, key) ? before[key] : undefined;
    if (!previous) createBatchGroup(b, key, group as Record<string, unknown>, step.name);
    else if (!sameJson(previous, group))
      updateBatchGroup(b, key, previous as Record<string, unknown>, group as Record<string, unknown>, step.name, retain);
  }
  for (const [key, group] of Object.entries(before))
    if (!Object.hasOwn(after, key)) removeBatchGroup(b, key, group as Record<string, unknown>, step.name, retain);
}

function accountsStep(b: PlanBuilder, step: Step): void {
  const before = step.op === "create" ? {} : accountsOf(recorded(step.oldState, "accounts"));
  const after = step.op === "delete" ? {} : accountsOf(inputsOf(step.newState).accounts);
  if (!before || !after) {
    b.notes.push(`${step.name}: its accounts are not known until \`pulumi up\` runs, so they are not counted`);
    return;
  }
  // ImportedAccounts deletes only accounts it created, only when it declares deletionPolicy "delete" and the stack allows.
  const declared = step.op === "delete" ? outputsOf(step.oldState).deletionPolicy : inputsOf(step.newState).deletionPolicy;
  const adopted = new Set((outputsOf(step.oldState).adoptedAccounts as string[] | undefined) ?? []);
  for (const [userId, profile] of Object.entries(after)) {
    if (!Object.hasOwn(before, userId)) b.count("accounts", "created");
    else {
      const fields = changedFields(before[userId] as Record<string, unknown>, profile as Record<string, unknown>);
      if (fields.length === 0) continue;
      b.count("accounts", "updated");
      for (const field of fields) b.field("accounts", field);
    }
  }
  const removal =
    b.policy.stack === "retain" || declared === "delete"
      ? b.removalOf(step.op === "delete" ? step.oldState?.retainOnDelete : undefined)
      : { action: "forgotten" as const, reason: 'ImportedAccounts does not declare deletionPolicy: "delete"' };
  for (const userId of Object.keys(before)) {
    if (Object.hasOwn(after, userId)) continue;
    const kept = removal.action === "deleted" && adopted.has(userId);
    b.remove({
      action: kept ? "forgotten" : removal.action,
      kind: "accounts",
      name: userId,
      resource: step.name,
      reason: kept ? "the account existed before this stack imported it" : removal.reason,
    });
  }
}

function groupStep(b: PlanBuilder, step: Step): void {
  const before = inputsOf(step.oldState);
  const after = inputsOf(step.newState);
  const groupId = outputsOf(step.oldState).groupId ?? after.groupId ?? before.groupId;
  const entry = b.group(step.name, groupId, step.name);
  if (step.op === "create") {
    b.count("groups", "created");
    if (typeof groupId === "string" && isKnown(groupId)) b.created.set(groupId, step.name);
    entry.action = "created";
    entry.changes += 1;
  } else if (step.op === "update") {
    const fields = changedFields(before, after, GROUP_KEYS);
    if (fields.length === 0) return;
    b.count("groups", "updated");
    for (const field of fields) b.field("groups", field);
    entry.fields.push(...fields.map((f) => `${f} ${shortValue(before[f])} => ${shortValue(after[f])}`));
    entry.changes += fields.length;
  } else if (step.op === "replace") {
    const reasons = step.replaceReasons?.length ? step.replaceReasons : changedFields(before, after, GROUP_KEYS);
    const reason = reasons.map((f) => `${f} ${shortValue(before[f])} => ${shortValue(after[f])}`).join(", ");
    const retained = step.oldState?.retainOnDelete === true || b.policy.stack === "retain";
    const removal = b.remove({
      action: "replaced",
      kind: "groups",
      name: step.name,
      id: String(groupId),
      resource: step.name,
      reason: retained ? `${reason}; ${RETAINED_REPLACEMENT}` : reason,
    });
    if (!retained) b.destroyed.set(String(groupId), removal);
    entry.action = "replaced";
    entry.changes += 1;
  } else if (step.op === "delete") {
    const { action, reason } = b.removalOf(step.oldState?.retainOnDelete);
    const removal = b.remove({ action, kind: "groups", name: step.name, id: String(groupId), resource: step.name, reason });
    if (action === "deleted") b.destroyed.set(String(groupId), removal);
    entry.action = action;
    entry.changes += 1;
  }
}

function membersStep(b: PlanBuilder, step: Step): void {
  const before = (step.op === "create" ? {} : (recorded(step.oldState, "members") ?? {})) as MemberMap;
  const after = (step.op === "delete" ? {} : (inputsOf(step.newState).members ?? {})) as MemberMap;
  if (!isKnown(before) || !isKnown(after) || typeof after !== "object") {
    b.notes.push(`${step.name}: its members are not known until \`pulumi up\` runs, so they are not counted`);
    return;
  }
  const inputs = step.op === "delete" ? inputsOf(step.oldState) : inputsOf(step.newState);
  // declareMigration names a group's resources after its key: `<key>`, `<key>-members`, `<key>-topic-<topic>`.
  const entry = b.group(step.name.replace(/-members$/, ""), inputs.groupId, step.name);
  if (step.op === "replace") {
    // Pulumi replaces a member list with its group (a dependent of a group replaced delete-first) or for its own
    // properties: every member is removed and imported again.
    const reasons = step.replaceReasons ?? [];
    const reason = reasons.length > 0 ? reasons.join(", ") : "replaced with the group it belongs to";
    for (const account of Object.keys(after)) {
      b.remove({
        action: "replaced",
        kind: "members",
        name: account,
        group: groupLabel(entry.key, entry.groupId),
        resource: step.name,
        reason,
      });
      b.sample(entry, `${account} replaced`);
    }
    entry.membersChanged += Object.keys(after).length;
    entry.changes += Object.keys(after).length;
    return;
  }
  const retain = step.op === "delete" ? step.oldState?.retainOnDelete : undefined;
  diffMembers(b, entry, before, after, inputs.groupOwner, retain, step.name);
}

function topicStep(b: PlanBuilder, step: Step): void {
  const before = inputsOf(step.oldState);
  const after = inputsOf(step.newState);
  const inputs = step.op === "delete" ? before : after;
  const topicId = outputsOf(step.oldState).topicId ?? inputs.topicId;
  const entry = b.group(step.name.replace(/-topic-.*$/, ""), inputs.groupId, step.name);
  const id = typeof topicId === "string" && isKnown(topicId) ? topicId : undefined;
  if (step.op === "create") {
    b.count("topics", "created");
    entry.topics.push(`+${step.name}`);
    entry.changes += 1;
  } else if (step.op === "update") {
    const fields = changedFields(before, after, TOPIC_KEYS);
    if (fields.length === 0) return;
    b.count("topics", "updated");
    for (const field of fields) b.field("topics", field);
    entry.topics.push(`${step.name}: ${fields.map((f) => `${f} ${shortValue(before[f])} => ${shortValue(after[f])}`).join(", ")}`);
    entry.changes += fields.length;
  } else if (step.op === "replace") {
    const reasons = step.replaceReasons?.length ? step.replaceReasons : changedFields(before, after, TOPIC_KEYS);
    b.remove({
      action: "replaced",
      kind: "topics",
      name: step.name,
      id,
      resource: step.name,
      reason: reasons.map((f) => `${f} ${shortValue(before[f])} => ${shortValue(after[f])}`).join(", "),
    });
    entry.topics.push(`${step.name} replaced`);
    entry.changes += 1;
  } else if (step.op === "delete") {
    const { action, reason } = b.removalOf(step.oldState?.retainOnDelete);
    b.remove({ action, kind: "topics", name: step.name, id, resource: step.name, reason });
    entry.topics.push(`-${step.name}`);
    entry.changes += 1;
  }
}

/** A count from a state, 0 when absent or not yet known. */
const countOf = (value: unknown) => (typeof value === "number" ? value : 0);

function groupHistoryStep(b: PlanBuilder, step: Step): void {
  const old = inputsOf(step.oldState);
  const stored = countOf(outputsOf(step.oldState).imported);
  if (step.oldState && typeof old.groupId === "string") b.storedMessages.set(old.groupId, stored);
  if (step.op === "same") return;
  const next = inputsOf(step.newState);
  if (step.op === "delete") {
    const removal: PlanRemoval = {
      action: "forgotten",
      kind: "groupMessages",
      name: String(old.conversation ?? step.name),
      group: String(old.groupId),
      resource: step.name,
      reason: "the history resource is removed",
      contents: { members: 0, topics: 0, messages: stored },
    };
    b.historyRemoved.push({ groupId: String(old.groupId), messages: stored, removal });
    return;
  }
  const toImport = countOf(next.messageCount) - (step.op === "update" ? stored : 0);
  if (toImport <= 0) return;
  b.count("groupMessages", "created", toImport);
  const entry = b.group(String(next.conversation ?? step.name), next.groupId, step.name);
  entry.messages += toImport;
  entry.changes += toImport;
}

/** A history batch's conversations with what Tencent already holds of each (a whole one unless pending says less). */
function conversationsOf(state: PreviewResourceState | undefined, property: "inputs" | "outputs") {
  const text = (property === "outputs" ? recorded(state, "conversations") : inputsOf(state).conversations) as unknown;
  if (text === undefined) return {};
  if (typeof text !== "string" || !isKnown(text)) return undefined;
  const decoded = decodeConversations(text);
  if ("problem" in decoded) throw new Error(`${state?.urn ?? "a history batch"}: ${decoded.problem}`);
  return decoded.conversations;
}

function historyBatchStep(b: PlanBuilder, step: Step): void {
  const before = step.op === "create" ? {} : conversationsOf(step.oldState, "outputs");
  const pending = (outputsOf(step.oldState).pending ?? {}) as Record<string, { imported?: number }>;
  const storedOf = (key: string) =>
    before && Object.hasOwn(before, key) ? (Object.hasOwn(pending, key) ? countOf(pending[key]!.imported) : before[key]!.messages) : 0;
  if (before) for (const [key, c] of Object.entries(before)) b.storedMessages.set(c.groupId, storedOf(key));
  if (step.op === "same") return;
  const after = step.op === "delete" ? {} : conversationsOf(step.newState, "inputs");
  if (!before || !after) {
    b.notes.push(`${step.name}: its conversations are not known until \`pulumi up\` runs, so they are not counted`);
    return;
  }
  for (const [key, conversation] of Object.entries(after)) {
    const toImport = conversation.messages - storedOf(key);
    if (toImport <= 0) continue;
    b.count("groupMessages", "created", toImport);
    const entry = b.group(key, conversation.groupId, step.name);
    entry.messages += toImport;
    entry.changes += toImport;
  }
  for (const [key, conversation] of Object.entries(before)) {
    if (Object.hasOwn(after, key)) continue;
    const removal: PlanRemoval = {
      action: "forgotten",
      kind: "groupMessages",
      name: key,
      group: groupLabel(key, conversation.groupId),
      resource: step.name,
      reason: "the group's history is no longer declared",
      contents: { members: 0, topics: 0, messages: storedOf(key) },
    };
    b.historyRemoved.push({ groupId: conversation.groupId, messages: storedOf(key), removal });
  }
}

function c2cStep(b: PlanBuilder, step: Step): void {
  if (step.op === "same") return;
  const before = (step.op === "create" ? {} : (inputsOf(step.oldState).conversations ?? {})) as Record<string, { messages?: number }>;
  const after = (step.op === "delete" ? {} : (inputsOf(step.newState).conversations ?? {})) as Record<string, { messages?: number }>;
  if (!isKnown(before) || !isKnown(after)) {
    b.notes.push(`${step.name}: its conversations are not known until \`pulumi up\` runs, so they are not counted`);
    return;
  }
  const imported = (step.op === "create" ? {} : (outputsOf(step.oldState).imported ?? {})) as Record<string, number>;
  const done = (name: string) => (Object.hasOwn(imported, name) ? countOf(imported[name]) : 0);
  for (const [name, conversation] of Object.entries(after)) {
    const toImport = countOf(conversation.messages) - done(name);
    if (toImport > 0) b.count("c2cMessages", "created", toImport);
  }
  for (const name of Object.keys(before)) {
    if (Object.hasOwn(after, name) || done(name) === 0) continue;
    const removal: PlanRemoval = {
      action: "forgotten",
      kind: "c2cMessages",
      name,
      resource: step.name,
      reason: "the conversation is no longer declared",
      contents: { members: 0, topics: 0, messages: done(name) },
    };
    b.remove(removal, done(name));
  }
}

const STEP_HANDLERS: Record<ResourceKind, (b: PlanBuilder, step: Step) => void> = {
  ImportedAccounts: accountsStep,
  ImportedGroup: groupStep,
  ImportedGroupMembers: membersStep,
  ImportedTopic: topicStep,
  ImportedGroupBatch: batchStep,
  ImportedGroupHistory: groupHistoryStep,
  ImportedGroupHistoryBatch: historyBatchStep,
  ImportedC2CHistory: c2cStep,
};

/** Steps that change something; the others (`same`) are read only for the messages Tencent holds. */
const CHANGING_OPS = new Set(["create", "update", "delete", "replace"]);
/** Kinds whose unchanged steps still matter: the messages a destroyed group takes with it. */
const HISTORY_KINDS = new Set<ResourceKind>(["ImportedGroupHistory", "ImportedGroupHistoryBatch"]);

/** Options of {@link summarizePreview}. */
export interface SummarizeOptions {
  /** The environment the provider runs with (`TENCENT_CHAT_DELETION_POLICY` etc. back the stack's config). */
  env?: NodeJS.ProcessEnv;
}

/**
 * What a preview would do, per kind of object: each batch's text is decoded once (old and new), unchanged
 * resources are skipped (only history resources are read, for the messages a destroyed group takes with it).
 */
export function summarizePreview(digest: PreviewDigest, options: SummarizeOptions = {}): PlanSummary {
  const config = digest.config ?? {};
  const settings = deletionSettings((key) => config[key], options.env ?? {});
  const stack = stackDeletionPolicy(settings);
  const b = new PlanBuilder({
    stack,
    stackReason:
      settings.deletionPolicy === "retain"
        ? "tencent-chat:deletionPolicy is retain"
        : "a production app keeps data unless tencent-chat:deletionPolicy is delete",
  });
  const steps = digest.steps ?? [];
  const urn = steps[0]?.urn.match(/^urn:pulumi:([^:]+)::([^:]+)::/);
  for (const raw of steps) {
    const state = raw.newState ?? raw.oldState;
    const kind = state ? kindOf(state.type) : undefined;
    if (!kind) continue;
    if (!CHANGING_OPS.has(raw.op) && !(raw.op === "same" && HISTORY_KINDS.has(kind))) {
      if (raw.op !== "same" && raw.op !== "create-replacement" && raw.op !== "delete-replaced")
        b.notes.push(`${nameOf(raw.urn)}: \`${raw.op}\` is not counted`);
      continue;
    }
    STEP_HANDLERS[kind](b, { ...raw, kind, name: nameOf(raw.urn) });
  }
  // A destroyed group's messages go with it; a history resource removed with a group still in place only forgets.
  for (const [groupId, removal] of b.destroyed) {
    const into = b.created.get(groupId);
    // Removing a group from the middle of the manifest shifts the batches after it: the same GroupId leaves one
    // batch and joins another, two updates that run side by side. That is a destruction, whatever their order.
    if (into !== undefined && into !== removal.resource)
      b.notes.push(
        `group ${removal.name} (${groupId}) moves from ${removal.resource} to ${into}: ${removal.resource} destroys it (with its members and message history) while ${into} imports it, so it is not kept`,
      );
    const messages = b.storedMessages.get(groupId) ?? 0;
    if (removal.contents) removal.contents.messages = messages;
    else removal.contents = { members: 0, topics: 0, messages };
    b.count("groupMessages", "deleted", messages);
  }
  for (const { groupId, messages, removal } of b.historyRemoved) if (!b.destroyed.has(groupId) && messages > 0) b.remove(removal, messages);
  return {
    stack: urn?.[1],
    project: urn?.[2],
    deletionPolicy: stack,
    totals: b.totals,
    removals: b.removals,
    groups: b.summaryGroups(),
    resourceChanges: digest.changeSummary ?? {},
    notes: b.notes,
    errors: (digest.diagnostics ?? []).filter((d) => d.severity === "error").map((d) => d.message ?? "(no message)"),
  };
}

/**
 * The first line of a summary, naming its stack: a pipeline finds (and updates) its own earlier comment for that
 * stack by it.
 */
export function planMarker(stack: string | undefined): string {
  return `<!-- tencent-chat-migrate plan${stack ? ` stack=${stack.replace(/-->/g, "")}` : ""} -->`;
}

/** GitHub takes comments of at most 65,536 characters; the default leaves room for what a pipeline adds. */
export const DEFAULT_MAX_LENGTH = 60_000;
/** Below this a summary cannot hold its verdict and totals. */
export const MIN_MAX_LENGTH = 2_000;

/** Options of {@link writePlanMarkdown}. */
export interface MarkdownOptions {
  /** The most characters the whole text may have; 0 for no limit. */
  maxLength?: number;
  /** The text `pulumi preview --diff` printed, shown (cut to fit) in a collapsed block after the summary. */
  diff?: string;
}

const KIND_LABELS: Record<PlanKind, string> = {
  accounts: "accounts",
  groups: "groups",
  members: "members",
  topics: "topics",
  groupMessages: "group messages",
  c2cMessages: "1:1 messages",
};
const SINGULAR: Record<PlanKind, string> = {
  accounts: "account",
  groups: "group",
  members: "member",
  topics: "topic",
  groupMessages: "group messages",
  c2cMessages: "1:1 messages",
};

/** Inline code that survives any content; in a table cell its `|` is escaped, as GitHub's tables need. */
function code(text: string, inTable = false): string {
  const ticks = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(ticks + 1);
  const padded = ticks > 0 || text.startsWith(" ") ? ` ${text} ` : text;
  const body = padded.replace(/\n/g, " ");
  return `${fence}${inTable ? body.replace(/\|/g, "\\|") : body}${fence}`;
}

/** Plain text in a table cell or list item: Markdown's characters escaped, one line. */
function plain(text: string): string {
  return text.replace(/[\\`*_[\]<|#]/g, (c) => `\\${c}`).replace(/\n/g, " ");
}

const count = (n: number) => n.toLocaleString("en-US");
const plural = (n: number, one: string, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;

/** A removal as one line: what, where, why, and what goes with it. */
function removalLine(r: PlanRemoval): string {
  const what =
    r.kind === "groupMessages" || r.kind === "c2cMessages"
      ? `${plural(r.contents?.messages ?? 0, "message")} of ${r.kind === "c2cMessages" ? "conversation" : "group"} ${code(r.name)}`
      : `${SINGULAR[r.kind]} ${code(r.name)}`;
  const id = r.id && r.id !== r.name ? ` (${code(r.id)})` : "";
  const where = r.group && r.kind !== "groupMessages" ? ` of group ${code(r.group)}` : r.group ? ` (${code(r.group)})` : "";
  const parts =
    r.kind === "groups" && r.contents
      ? [plural(r.contents.members, "member"), plural(r.contents.topics, "topic"), plural(r.contents.messages, "message")].filter(
          (p) => !p.startsWith("0 "),
        )
      : [];
  const contents = parts.length > 0 ? `, with ${parts.join(", ")}` : "";
  const reason = r.reason ? ` (${plain(r.reason)})` : "";
  return `- **${r.action}** ${what}${id}${where} in ${code(r.resource)}${contents}: ${CONSEQUENCES[r.action][r.kind]}${reason}`;
}

/** What changes in a group, as one table cell. */
function groupCell(g: PlanGroup): string {
  const parts: string[] = [];
  if (g.action) parts.push(`**${g.action}**`);
  parts.push(...g.fields.map(plain));
  const members = [
    g.membersAdded ? `+${plural(g.membersAdded, "member")}` : "",
    g.membersRemoved ? `-${plural(g.membersRemoved, "member")}` : "",
    g.membersChanged ? `${plural(g.membersChanged, "member")} changed` : "",
  ].filter(Boolean);
  const shown = g.memberSamples.length;
  const total = g.membersAdded + g.membersRemoved + g.membersChanged;
  if (members.length > 0)
    parts.push(`${members.join(", ")}${shown > 0 ? ` (${g.memberSamples.map(plain).join(", ")}${total > shown ? ", …" : ""})` : ""}`);
  if (g.topics.length > 0) parts.push(`topics: ${g.topics.map(plain).join(", ")}`);
  if (g.messages) parts.push(`+${plural(g.messages, "message")}`);
  return parts.join("; ");
}

/** A cell of the totals table: the count, and for updates which fields. */
function totalCell(totals: KindTotals, action: PlanAction): string {
  const n = totals[action];
  if (n === 0) return "·";
  if (action !== "updated" || Object.keys(totals.fields).length === 0) return count(n);
  const fields = Object.entries(totals.fields)
    .sort(([, a], [, b]) => b - a)
    .map(([field, k]) => `${plain(field)} ${count(k)}`);
  return `${count(n)} (${fields.join(", ")})`;
}

/** Lines under a length budget: what does not fit becomes "… and N more". */
class Budget {
  readonly lines: string[] = [];
  private length = 0;
  constructor(private readonly max: number) {}

  /** Adds a line that must be there (the verdict and totals are small). */
  push(line: string): void {
    this.lines.push(line);
    this.length += line.length + 1;
  }

  /** Whether `line` fits with `reserve` characters left for what must follow. */
  fits(line: string, reserve: number): boolean {
    return this.max === 0 || this.length + line.length + 1 + reserve <= this.max;
  }

  /** Adds items while they fit, then one line saying how many more there are (kept under 200 characters). */
  list(items: string[], more: (n: number) => string, reserve = 0): void {
    for (let i = 0; i < items.length; i++) {
      if (!this.fits(items[i]!, MORE_LINE + reserve)) {
        this.push(more(items.length - i));
        return;
      }
      this.push(items[i]!);
    }
  }

  /**
   * A section: its heading lines, then its items as {@link list} adds them. Left out when not even the heading and
   * the "more" line fit (the totals above still count what it would list).
   */
  section(heading: string[], items: string[], more: (n: number) => string): void {
    if (items.length === 0 || !this.fits(heading.join("\n"), 2 * MORE_LINE)) return;
    for (const line of heading) this.push(line);
    this.list(items, more, MORE_LINE);
  }
}

/** Room kept for a "… and N more" line, and for the next section's heading. */
const MORE_LINE = 200;

/** Strips the terminal colours a CLI may print. */
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, "g");

/**
 * The summary as Markdown for a pull request comment: the verdict (whether a second approval is needed), totals
 * per kind, every deletion, replacement and forgotten object one per line (never folded away), the groups with the
 * most changes, then the diff in a collapsed block. Lists are cut to fit `maxLength` with "… and N more".
 */
export function writePlanMarkdown(summary: PlanSummary, options: MarkdownOptions = {}): string {
  const max = options.maxLength ?? DEFAULT_MAX_LENGTH;
  const out = new Budget(max);
  const destructive = destructiveCount(summary);
  const where = summary.stack ? ` for stack ${code(summary.stack)}` : "";
  out.push(planMarker(summary.stack));
  out.push(`### Migration plan${where}`);
  out.push("");
  if (summary.errors.length > 0) {
    out.push("**The preview failed: there is no plan to approve.**");
    out.push("");
    out.push("```");
    out.list(
      summary.errors.flatMap((e) => e.replace(ANSI, "").trimEnd().split("\n")),
      (n) => `… and ${count(n)} more lines`,
      10,
    );
    out.push("```");
    return out.lines.join("\n");
  }
  if (destructive > 0) {
    out.push(
      `**This change deletes or replaces ${plural(destructive, "object")} at Tencent: a second approval is required** (\`plan\` exit status 3).`,
    );
  } else out.push("**Nothing is deleted or replaced at Tencent** (`plan` exit status 0).");
  out.push("");
  out.push("| | created | updated | replaced | forgotten (retain) | deleted |");
  out.push("|---|--:|--:|--:|--:|--:|");
  for (const kind of PLAN_KINDS) {
    const totals = summary.totals[kind];
    out.push(`| ${KIND_LABELS[kind]} | ${PLAN_ACTIONS.map((action) => totalCell(totals, action)).join(" | ")} |`);
  }
  out.push("");
  const ops = Object.entries(summary.resourceChanges)
    .filter(([, n]) => n > 0)
    .map(([op, n]) => `${count(n)} ${op}`);
  out.push(
    `Pulumi resources: ${ops.join(", ") || "none"}. Deletion policy: **${summary.deletionPolicy}** (\`tencent-chat:deletionPolicy\`; \`retain\` only forgets what is removed).`,
  );
  for (const note of summary.notes) out.push(`\n> ${plain(note)}`);
  const removed = summary.removals.filter((r) => r.action !== "forgotten");
  const forgotten = summary.removals.filter((r) => r.action === "forgotten");
  out.section(
    ["", `#### Deleted or replaced (${count(removed.length)})`, ""],
    removed.map(removalLine),
    (n) => `- … and ${count(n)} more deleted or replaced (\`tencent-chat-migrate plan --max-length 0\` lists every one)`,
  );
  out.section(
    ["", `#### Forgotten, left in place at Tencent (${count(forgotten.length)})`, ""],
    forgotten.map(removalLine),
    (n) => `- … and ${count(n)} more forgotten`,
  );
  out.section(
    ["", `#### Groups with the most changes (${count(summary.groups.length)})`, "", "| group | changes | what changes |", "|---|--:|---|"],
    summary.groups.map((g) => `| ${code(groupLabel(g.key, g.groupId), true)} | ${count(g.changes)} | ${groupCell(g)} |`),
    (n) => `\n… and ${count(n)} more groups`,
  );
  if (options.diff !== undefined) appendDiff(out, options.diff.replace(ANSI, ""));
  return out.lines.join("\n");
}

/** The diff in a collapsed block, as many lines as fit. */
function appendDiff(out: Budget, diff: string): void {
  const lines = diff.trimEnd().split("\n");
  const fence = "`".repeat(Math.max(3, ...[...diff.matchAll(/`{3,}/g)].map((m) => m[0].length + 1)));
  const head = ["", `<details><summary>pulumi preview --diff (${plural(lines.length, "line")})</summary>`, "", `${fence}diff`];
  const tail = [fence, "", "</details>"];
  const tailLength = tail.join("\n").length + 1;
  if (!out.fits(head.join("\n"), tailLength + MORE_LINE)) {
    const note = "\n_The diff does not fit in this comment: see the job's log._";
    if (out.fits(note, 0)) out.push(note);
    return;
  }
  for (const line of head) out.push(line);
  out.list(lines, (n) => `… and ${count(n)} more lines (the whole diff is in the job's log)`, tailLength);
  for (const line of tail) out.push(line);
}

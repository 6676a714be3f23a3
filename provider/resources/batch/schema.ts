import { z } from "zod";
import { ownValue, setOwn, UNKEEPABLE_KEY, UNKEEPABLE_KEY_PROBLEM } from "../../own-keys";
import { isKnown, type CheckFailure } from "../check";
import { changedKeys } from "../diff";
import { GROUP_REPLACE_ON_CHANGE, groupCrossFieldRules, ImportedGroupInputs } from "../group/schema";
import { UserId } from "../../user-id";
import { memberCrossFieldRules, type MemberSpec } from "../members/schema";
import { decodeMember } from "./compact-member";
import { ImportedTopicInputs, TOPIC_REPLACE_ON_CHANGE, topicCountProblem, topicCrossFieldRules, topicGroupProblem } from "../topic/schema";

/** The description of `allowReplace` on a group or a topic of a batch. */
function ALLOW_REPLACE_TEXT(what: string): string {
  return `Accept that a change of a property Tencent cannot modify destroys this ${what} (with its message history) and imports it again. Without it such a change fails at preview, since the batch itself is only updated and the plan would show no replacement.`;
}

/** A key of a group or topic within a batch: the name its derived ID is made from. */
export const BatchKey = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,64}$/, "must be 1 to 64 of A-Z a-z 0-9 _ . -")
  .refine((key) => key !== UNKEEPABLE_KEY, UNKEEPABLE_KEY_PROBLEM);

/** Groups one {@link ImportedGroupBatch} holds at most: keeps one resource's state and messages small. */
export const MAX_GROUPS_PER_BATCH = 2000;

/** A topic in a batch: ImportedTopic's inputs without `groupId` (the enclosing group's); the ID is always set. */
export const BatchTopic = ImportedTopicInputs.omit({ groupId: true, groupType: true, groupSupportTopic: true }).extend({
  topicId: z.string().min(1).describe("The topic's ID: the declared one, or derived from the topic's key."),
  allowReplace: z.boolean().optional().describe(ALLOW_REPLACE_TEXT("topic")),
});
export type BatchTopic = z.infer<typeof BatchTopic>;

/** A member of a batch group as one string: "", "Admin", "joined:1600000060", "Admin joined:1600000060 unread:3". */
export const BatchMember = z
  .string()
  .superRefine((text, ctx) => {
    const decoded = decodeMember(text);
    if ("problem" in decoded) ctx.addIssue({ code: "custom", message: decoded.problem });
  })
  .describe(
    'Role, join time and unread count as one string: "" (a member), "Admin", "joined:<unix seconds>", "unread:<count>", space-separated.',
  );

/** A group in a batch: ImportedGroup's inputs, its members and its topics; the ID is always set. */
export const BatchGroup = ImportedGroupInputs.extend({
  groupId: z.string().min(1).describe("The group's ID: the declared one, or derived from the group's key."),
  members: z.record(UserId, BatchMember).optional().describe("UserID to member, as one string (see BatchMember)."),
  topics: z.record(BatchKey, BatchTopic).optional().describe("Topic key to topic; only for a Community with supportTopic."),
  allowReplace: z.boolean().optional().describe(ALLOW_REPLACE_TEXT("group")),
});
export type BatchGroup = z.infer<typeof BatchGroup>;

/**
 * A batch's groups as a program declares them (key to group, with members and topics): the single source of truth
 * for types, `check` and schema.json. The engine holds them as one text (./batch-text.ts); check reads the text back
 * into this shape and applies these rules, so every problem names its group, member or topic as for a map.
 */
export const BatchDeclaration = z.strictObject({
  groups: z
    .record(BatchKey, BatchGroup)
    .refine((groups) => Object.keys(groups).length <= MAX_GROUPS_PER_BATCH, `at most ${MAX_GROUPS_PER_BATCH} groups per batch`)
    .describe("Group key to group, with its members and topics."),
});
/** Validated groups of {@link ImportedGroupBatch}. */
export type BatchDeclaration = z.infer<typeof BatchDeclaration>;

/** Inputs of {@link ImportedGroupBatch} as the engine holds them: the groups as one text of a line per group, member and topic. */
export const ImportedGroupBatchInputs = z.strictObject({
  groups: z
    .string()
    .describe(
      'The groups as one text (see ./batch-text.ts): a line per group, member and topic after the line "@ImportedGroupBatch v2" (v1, one JSON line per group and topic, is read too); the resource writes it from a map of groups.',
    ),
});
/** Inputs of {@link ImportedGroupBatch} as the engine holds them. */
export type ImportedGroupBatchInputs = z.infer<typeof ImportedGroupBatchInputs>;
/** Outputs of {@link ImportedGroupBatch}: the groups as imported, as text (a failed group is absent until a re-run). */
export type ImportedGroupBatchOutputs = {
  /** The groups in place as text; a state written before the text holds the map. */
  groups: string | BatchDeclaration["groups"];
  groupCount: number;
};

/** The properties among `keys` that changed, as the per-object diff compares them; unknown values (preview) are no change yet. */
const changedKnown = (keys: readonly string[], before: Record<string, unknown>, after: Record<string, unknown>) =>
  changedKeys(keys, before, after).filter((key) => isKnown(after[key]));

/**
 * Changes that would destroy and import again a group or a topic inside the batch. The engine sees only an update
 * of the batch, so the plan would not show the destruction: each such change fails at preview, naming the group,
 * the property and the consequence, unless that group or topic declares `allowReplace: true` (which the diff
 * then shows).
 */
export function hiddenReplacements(olds: Record<string, unknown>, news: Record<string, unknown>): CheckFailure[] {
  const before = olds.groups;
  const after = news.groups;
  if (!before || typeof before !== "object" || !after || typeof after !== "object" || !isKnown(after)) return [];
  const failures: CheckFailure[] = [];
  const show = (value: unknown) => (value === undefined ? "unset" : JSON.stringify(value));
  for (const [key, next] of Object.entries(after as Record<string, Record<string, unknown>>)) {
    const previous = ownValue(before as Record<string, Record<string, unknown> | undefined>, key);
    if (!previous || !next || typeof next !== "object" || !isKnown(next)) continue;
    if (next.allowReplace !== true) {
      for (const field of changedKnown(GROUP_REPLACE_ON_CHANGE, previous, next)) {
        failures.push({
          property: `groups.${key}.${field}`,
          reason: `changing ${field} (${show(previous[field])} => ${show(next[field])}) replaces group ${key}: Tencent cannot modify it, so the group would be destroyed with its message history and members, and imported again. Declare allowReplace: true on groups.${key} to accept that`,
        });
      }
    }
    const topicsBefore = (previous.topics ?? {}) as Record<string, Record<string, unknown>>;
    const topicsAfter =
      next.topics && typeof next.topics === "object" && isKnown(next.topics)
        ? (next.topics as Record<string, Record<string, unknown>>)
        : {};
    for (const [topicKey, topic] of Object.entries(topicsAfter)) {
      const old = topicsBefore[topicKey];
      if (!old || !topic || typeof topic !== "object" || topic.allowReplace === true || next.allowReplace === true) continue;
      for (const field of changedKnown(
        TOPIC_REPLACE_ON_CHANGE.filter((f) => f !== "groupId"),
        old,
        topic,
      )) {
        failures.push({
          property: `groups.${key}.topics.${topicKey}.${field}`,
          reason: `changing ${field} (${show(old[field])} => ${show(topic[field])}) replaces topic ${topicKey}: modify_topic cannot change it, so the topic would be destroyed with its message history and imported again. Declare allowReplace: true on groups.${key}.topics.${topicKey} to accept that`,
        });
      }
    }
  }
  return failures;
}

const prefixed = (prefix: string, failures: CheckFailure[]) =>
  failures.map((f) => ({ property: `${prefix}.${f.property}`, reason: f.reason }));

/** Each group's own rules (as ImportedGroup, ImportedGroupMembers and ImportedTopic check them), by path. */
export function batchCrossFieldRules(inputs: Record<string, unknown>, nowSeconds = Math.floor(Date.now() / 1000)): CheckFailure[] {
  const groups = inputs.groups;
  if (!groups || typeof groups !== "object" || !isKnown(groups)) return [];
  const failures: CheckFailure[] = [];
  for (const [key, raw] of Object.entries(groups as Record<string, unknown>)) {
    if (!raw || typeof raw !== "object" || !isKnown(raw)) continue;
    const group = raw as Record<string, unknown>;
    const at = `groups.${key}`;
    failures.push(...prefixed(at, groupCrossFieldRules(group, nowSeconds)));
    if (group.members && typeof group.members === "object" && isKnown(group.members)) {
      // Join-time rules on the members that read well (the schema reports the others).
      const members: Record<string, MemberSpec> = {};
      for (const [account, text] of Object.entries(group.members as Record<string, unknown>)) {
        const decoded = typeof text === "string" ? decodeMember(text) : undefined;
        if (decoded && "member" in decoded) setOwn(members, account, decoded.member);
      }
      failures.push(...prefixed(at, memberCrossFieldRules({ groupCreateTime: group.createTime, members }, nowSeconds)));
    }
    const topics =
      group.topics && typeof group.topics === "object" && isKnown(group.topics)
        ? Object.entries(group.topics as Record<string, unknown>)
        : [];
    const groupProblem = topics.length > 0 ? topicGroupProblem(group.type, group.supportTopic) : undefined;
    if (groupProblem) failures.push({ property: `${at}.topics`, reason: groupProblem });
    const countProblem = topicCountProblem(topics.length);
    if (countProblem) failures.push({ property: `${at}.topics`, reason: countProblem });
    for (const [topicKey, topic] of topics) {
      if (!topic || typeof topic !== "object") continue;
      failures.push(
        ...prefixed(
          `${at}.topics.${topicKey}`,
          topicCrossFieldRules({ ...(topic as Record<string, unknown>), groupId: group.groupId }, nowSeconds),
        ),
      );
    }
  }
  return failures;
}

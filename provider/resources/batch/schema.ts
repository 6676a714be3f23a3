import { z } from "zod";
import { LIMITS } from "../../limits";
import { isKnown, type CheckFailure } from "../check";
import { groupCrossFieldRules, ImportedGroupInputs, UserId } from "../group/schema";
import { memberCrossFieldRules } from "../members/schema";
import { decodeMember } from "./compact-member";
import { ImportedTopicInputs, topicCrossFieldRules } from "../topic/schema";

/** A key of a group or topic within a batch: the name its derived ID is made from. */
export const BatchKey = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, "must be 1 to 64 of A-Z a-z 0-9 _ . -");

/** Groups one {@link ImportedGroupBatch} holds at most: keeps one resource's state and messages small. */
export const MAX_GROUPS_PER_BATCH = 1000;

/** A topic in a batch: ImportedTopic's inputs without `groupId` (the enclosing group's); the ID is always set. */
export const BatchTopic = ImportedTopicInputs.omit({ groupId: true }).extend({
  topicId: z.string().min(1).describe("The topic's ID: the declared one, or derived from the topic's key."),
});
export type BatchTopic = z.infer<typeof BatchTopic>;

/** A member of a batch group as one string: "", "Admin", "joined:1600000060", "Admin joined:1600000060 unread:3". */
export const BatchMember = z
  .string()
  .superRefine((text, ctx) => {
    const decoded = decodeMember(text);
    if ("problem" in decoded) ctx.addIssue({ code: "custom", message: decoded.problem });
  })
  .describe('Role, join time and unread count as one string: "" (a member), "Admin", "joined:<unix seconds>", "unread:<count>", space-separated.');

/** A group in a batch: ImportedGroup's inputs, its members and its topics; the ID is always set. */
export const BatchGroup = ImportedGroupInputs.extend({
  groupId: z.string().min(1).describe("The group's ID: the declared one, or derived from the group's key."),
  members: z.record(UserId, BatchMember).optional().describe("UserID to member, as one string (see BatchMember)."),
  topics: z.record(BatchKey, BatchTopic).optional().describe("Topic key to topic; only for a Community with supportTopic."),
});
export type BatchGroup = z.infer<typeof BatchGroup>;

/** Inputs of {@link ImportedGroupBatch}: the single source of truth for types, `check` and schema.json. */
export const ImportedGroupBatchInputs = z.strictObject({
  groups: z
    .record(BatchKey, BatchGroup)
    .refine((groups) => Object.keys(groups).length <= MAX_GROUPS_PER_BATCH, `at most ${MAX_GROUPS_PER_BATCH} groups per batch`)
    .describe("Group key to group, with its members and topics."),
});
/** Validated inputs of {@link ImportedGroupBatch}. */
export type ImportedGroupBatchInputs = z.infer<typeof ImportedGroupBatchInputs>;
/** Outputs of {@link ImportedGroupBatch}: the groups as imported (a failed group is absent until a re-run). */
export type ImportedGroupBatchOutputs = ImportedGroupBatchInputs & { groupCount: number };

const prefixed = (prefix: string, failures: CheckFailure[]) => failures.map((f) => ({ property: `${prefix}.${f.property}`, reason: f.reason }));

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
      const members = Object.fromEntries(Object.entries(group.members as Record<string, unknown>).flatMap(([account, text]) => {
        const decoded = typeof text === "string" ? decodeMember(text) : undefined;
        return decoded && "member" in decoded ? [[account, decoded.member]] : [];
      }));
      failures.push(...prefixed(at, memberCrossFieldRules({ groupCreateTime: group.createTime, members }, nowSeconds)));
    }
    const topics = group.topics && typeof group.topics === "object" && isKnown(group.topics) ? Object.entries(group.topics as Record<string, unknown>) : [];
    if (topics.length > 0 && isKnown(group.type) && isKnown(group.supportTopic) && !(group.type === "Community" && group.supportTopic === true)) {
      failures.push({ property: `${at}.topics`, reason: "topics need a Community with supportTopic: true" });
    }
    if (topics.length > LIMITS.topicsPerCommunity) {
      failures.push({ property: `${at}.topics`, reason: `${topics.length} topics exceed the ${LIMITS.topicsPerCommunity} a community holds` });
    }
    for (const [topicKey, topic] of topics) {
      if (!topic || typeof topic !== "object") continue;
      failures.push(...prefixed(`${at}.topics.${topicKey}`, topicCrossFieldRules({ ...(topic as Record<string, unknown>), groupId: group.groupId }, nowSeconds)));
    }
  }
  return failures;
}

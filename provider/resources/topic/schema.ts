import { z } from "zod";
import { customTopicIdProblem, LIMITS } from "../../limits";
import { boundedText, isKnown, type CheckFailure } from "../check";
import { UserId } from "../../user-id";

/** Inputs of {@link ImportedTopic}: the single source of truth for types, `check` and schema.json. */
export const ImportedTopicInputs = z.strictObject({
  groupId: z.string().min(1).describe("The topic-enabled community's ID (usually `community.groupId`)."),
  topicName: boundedText(LIMITS.topicName).pipe(z.string().min(1, "must not be empty")).describe("Topic name, at most 30 bytes of UTF-8."),
  topicId: z
    .string()
    .optional()
    .describe(
      "Custom topic ID: `<groupId>@TOPIC#_<part>`, printable ASCII, at most 96 bytes. Derived from the resource name when omitted.",
    ),
  fromAccount: UserId.optional().describe("The creator's UserID; must be an imported account."),
  customString: boundedText(LIMITS.topicCustomString).optional().describe("Custom string, at most 3000 bytes."),
  faceUrl: boundedText(LIMITS.faceUrl).optional().describe("Profile photo URL, at most 100 bytes."),
  notification: boundedText(LIMITS.groupNotification).optional().describe("Notice, at most 300 bytes."),
  introduction: boundedText(LIMITS.groupIntroduction).optional().describe("Introduction, at most 240 bytes."),
  createTime: z.int().min(0).optional().describe("Creation time in Unix seconds; not in the future."),
  groupType: z
    .string()
    .optional()
    .describe("The group's type; set for you when you pass `group`, so a topic in a group that is not a Community fails at preview."),
  groupSupportTopic: z.boolean().optional().describe("Whether the group has topics enabled; set for you when you pass `group`."),
});
/** Properties modify_topic cannot change: a change replaces the topic. */
export const TOPIC_REPLACE_ON_CHANGE = ["groupId", "topicId", "fromAccount", "createTime"] as const satisfies readonly (keyof z.infer<
  typeof ImportedTopicInputs
>)[];

/** Validated inputs of {@link ImportedTopic}. */
export type ImportedTopicInputs = z.infer<typeof ImportedTopicInputs>;
/** Outputs of {@link ImportedTopic}: the inputs plus the TopicId. */
export type ImportedTopicOutputs = ImportedTopicInputs & { topicId: string };

/**
 * Why a group cannot hold topics (import_topic would answer 11000), or undefined when it can or is not known:
 * topics need a Community imported with supportTopic: true.
 */
export function topicGroupProblem(groupType: unknown, supportTopic: unknown): string | undefined {
  if (groupType === undefined || !isKnown(groupType)) return undefined;
  if (groupType !== "Community") return `topics need a Community with supportTopic: true; this group is a ${String(groupType)} group`;
  if (isKnown(supportTopic) && supportTopic !== true)
    return "topics need a Community with supportTopic: true; this community does not enable topics (supportTopic cannot change later: the community must be replaced)";
  return undefined;
}

/** Why a community cannot hold `count` topics (at most 200, Use Limits page), or undefined when it can. */
export function topicCountProblem(count: number): string | undefined {
  return count > LIMITS.topicsPerCommunity ? `${count} topics exceed the ${LIMITS.topicsPerCommunity} a community holds` : undefined;
}

/** Rules that span fields: the topic ID's prefix is the group ID; no future creation time; the group holds topics. */
export function topicCrossFieldRules(inputs: Record<string, unknown>, nowSeconds = Math.floor(Date.now() / 1000)): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const { groupId, topicId, createTime } = inputs;
  if (typeof groupId === "string" && isKnown(groupId) && typeof topicId === "string" && isKnown(topicId)) {
    const problem = customTopicIdProblem(topicId, groupId);
    if (problem) failures.push({ property: "topicId", reason: problem });
  }
  if (typeof createTime === "number" && createTime > nowSeconds) {
    failures.push({ property: "createTime", reason: `must not be in the future (got ${createTime}, now ${nowSeconds})` });
  }
  const groupProblem = topicGroupProblem(inputs.groupType, inputs.groupSupportTopic);
  if (groupProblem) failures.push({ property: "groupId", reason: groupProblem });
  return failures;
}

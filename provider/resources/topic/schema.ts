import { z } from "zod";
import { customTopicIdProblem, LIMITS } from "../../limits";
import { boundedText, isKnown, type CheckFailure } from "../check";
import { UserId } from "../group/schema";

/** Inputs of {@link ImportedTopic}: the single source of truth for types, `check` and schema.json. */
export const ImportedTopicInputs = z.strictObject({
  groupId: z.string().min(1).describe("The topic-enabled community's ID (usually `community.groupId`)."),
  topicName: boundedText(LIMITS.topicName).pipe(z.string().min(1, "must not be empty")).describe("Topic name, at most 30 bytes of UTF-8."),
  topicId: z
    .string()
    .optional()
    .describe("Custom topic ID: `<groupId>@TOPIC#_<part>`, printable ASCII, at most 96 bytes. Derived from the resource name when omitted."),
  fromAccount: UserId.optional().describe("The creator's UserID; must be an imported account."),
  customString: boundedText(LIMITS.topicCustomString).optional().describe("Custom string, at most 3000 bytes."),
  faceUrl: boundedText(LIMITS.faceUrl).optional().describe("Profile photo URL, at most 100 bytes."),
  notification: boundedText(LIMITS.groupNotification).optional().describe("Notice, at most 300 bytes."),
  introduction: boundedText(LIMITS.groupIntroduction).optional().describe("Introduction, at most 240 bytes."),
  createTime: z.int().min(0).optional().describe("Creation time in Unix seconds; not in the future."),
});
/** Validated inputs of {@link ImportedTopic}. */
export type ImportedTopicInputs = z.infer<typeof ImportedTopicInputs>;
/** Outputs of {@link ImportedTopic}: the inputs plus the TopicId. */
export type ImportedTopicOutputs = ImportedTopicInputs & { topicId: string };

/** Rules that span fields: the topic ID's prefix is the group ID; no future creation time. */
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
  return failures;
}

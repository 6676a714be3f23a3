import { z } from "zod";
import { APPLY_JOIN_OPTIONS, customGroupIdProblem, IMPORTABLE_GROUP_TYPES, largestMemberLimit, LIMITS, utf8Bytes } from "../../limits";
import { UserId } from "../../user-id";
import { boundedText, isKnown, type CheckFailure } from "../check";

/** A group custom field key: at most 16 bytes of [A-Za-z0-9_]. */
const AppDefinedDataKey = z
  .string()
  .regex(/^[A-Za-z0-9_]+$/, "keys must match [A-Za-z0-9_]")
  .refine((key) => utf8Bytes(key) <= LIMITS.appDefinedDataKey, `keys must be at most ${LIMITS.appDefinedDataKey} bytes`);

/** Inputs of {@link ImportedGroup}: the single source of truth for types, `check` and schema.json. */
export const ImportedGroupInputs = z.strictObject({
  type: z
    .enum(IMPORTABLE_GROUP_TYPES, {
      error: (issue) =>
        issue.input === "AVChatRoom"
          ? "AVChatRoom cannot be imported (Tencent answers 10007); create it with create_group instead"
          : `must be one of ${IMPORTABLE_GROUP_TYPES.join(", ")}`,
    })
    .describe("Group type: Private (Work), Public, ChatRoom (Meeting) or Community."),
  name: boundedText(LIMITS.groupName).pipe(z.string().min(1, "must not be empty")).describe("Group name, at most 30 bytes of UTF-8."),
  groupId: z
    .string()
    .optional()
    .describe(
      "Custom group ID: printable ASCII, at most 48 bytes; a Community's starts with @TGS#_, others must not start with @TGS#. When omitted, an ID derived from the project, stack and resource name (stable across re-runs, so a retried create finds its group instead of making a second one).",
    ),
  ownerAccount: UserId.optional().describe("Owner's UserID; must be an imported account. Without it the group has no owner."),
  introduction: boundedText(LIMITS.groupIntroduction).optional().describe("Introduction, at most 240 bytes."),
  notification: boundedText(LIMITS.groupNotification).optional().describe("Notice, at most 300 bytes."),
  faceUrl: boundedText(LIMITS.faceUrl).optional().describe("Profile photo URL, at most 100 bytes."),
  maxMemberCount: z.int().min(1).optional().describe("Member limit: at most 6,000 (100,000 for a Community)."),
  applyJoinOption: z.enum(APPLY_JOIN_OPTIONS).optional().describe("FreeAccess, NeedPermission or DisableApply; not for a Community."),
  createTime: z.int().min(0).optional().describe("Creation time in Unix seconds; not in the future."),
  supportTopic: z.boolean().optional().describe("Enables topics; Community only."),
  appDefinedData: z
    .record(AppDefinedDataKey, boundedText(LIMITS.appDefinedDataValue))
    .refine((data) => Object.keys(data).length <= LIMITS.appDefinedDataKeys, `at most ${LIMITS.appDefinedDataKeys} keys`)
    .optional()
    .describe("Group custom fields (key to value; values may hold binary data); must be enabled in the console."),
});
/** Properties that cannot be changed on an existing group: a change replaces it. */
export const GROUP_REPLACE_ON_CHANGE = ["type", "groupId", "createTime", "supportTopic"] as const satisfies readonly (keyof z.infer<
  typeof ImportedGroupInputs
>)[];

/** Validated inputs of {@link ImportedGroup}. */
export type ImportedGroupInputs = z.infer<typeof ImportedGroupInputs>;

/** Outputs of {@link ImportedGroup}: the inputs plus the GroupId the service answered. */
export type ImportedGroupOutputs = ImportedGroupInputs & { groupId: string };

/** Rules that span fields, reported with the property they are about. */
export function groupCrossFieldRules(inputs: Record<string, unknown>, nowSeconds = Math.floor(Date.now() / 1000)): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const type = inputs.type;
  const typeKnown = isKnown(type) && (IMPORTABLE_GROUP_TYPES as readonly unknown[]).includes(type);
  const community = type === "Community";
  if (typeKnown && typeof inputs.groupId === "string" && isKnown(inputs.groupId)) {
    const problem = customGroupIdProblem(inputs.groupId, type as string);
    if (problem) failures.push({ property: "groupId", reason: problem });
  }
  if (typeKnown && typeof inputs.maxMemberCount === "number") {
    const limit = largestMemberLimit(type);
    if (inputs.maxMemberCount > limit)
      failures.push({ property: "maxMemberCount", reason: `must be at most ${limit} for ${String(type)}` });
  }
  if (typeKnown && community && inputs.applyJoinOption !== undefined) {
    failures.push({ property: "applyJoinOption", reason: "is not supported by Community groups" });
  }
  if (typeKnown && !community && inputs.supportTopic === true) {
    failures.push({ property: "supportTopic", reason: "is valid only for Community groups" });
  }
  if (typeof inputs.createTime === "number" && inputs.createTime > nowSeconds) {
    failures.push({ property: "createTime", reason: `must not be in the future (got ${inputs.createTime}, now ${nowSeconds})` });
  }
  return failures;
}

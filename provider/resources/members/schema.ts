import { z } from "zod";
import { isKnown, type CheckFailure } from "../check";
import { UserId } from "../../user-id";

/** One member: role, join time and unread count as import_group_member takes them. */
export const MemberSpec = z.strictObject({
  role: z.enum(["Admin", "Member"]).optional().describe("Admin or Member (default); the owner is set on the group."),
  joinTime: z.int().min(0).optional().describe("Join time in Unix seconds: after the group's createTime, not in the future."),
  unreadMsgNum: z.int().min(0).optional().describe("Unread count; the service clamps it to the group's message count."),
});
/** One member's declaration. */
export type MemberSpec = z.infer<typeof MemberSpec>;

/** Inputs of {@link ImportedGroupMembers}: a map so that `preview --diff` shows one line per added member. */
export const ImportedGroupMembersInputs = z.strictObject({
  groupId: z.string().min(1).describe("The group's ID (usually `group.groupId`)."),
  groupCreateTime: z
    .int()
    .min(0)
    .optional()
    .describe("The group's createTime, so join times are checked at preview; set for you when you pass `group`."),
  groupOwner: UserId.optional().describe(
    "The group's owner; set for you when you pass `group`. After an owner change the service demotes the previous owner to Member: their declared role is then set again.",
  ),
  members: z.record(UserId, MemberSpec).describe("UserID to member; each must be an imported account."),
});
/** Validated inputs of {@link ImportedGroupMembers}. */
export type ImportedGroupMembersInputs = z.infer<typeof ImportedGroupMembersInputs>;

/** Outputs of {@link ImportedGroupMembers}: the declared members plus what import_group_member answered. */
export type ImportedGroupMembersOutputs = ImportedGroupMembersInputs & {
  memberCount: number;
  /** Members the last import added (Result 1) and found already there (Result 2). */
  importResults: { added: number; alreadyMembers: number };
};

/** Join times must fall after the group's creation time and not in the future (import_group_member). */
export function memberCrossFieldRules(inputs: Record<string, unknown>, nowSeconds = Math.floor(Date.now() / 1000)): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const members = inputs.members;
  if (!members || typeof members !== "object" || !isKnown(members)) return failures;
  const createTime = typeof inputs.groupCreateTime === "number" ? inputs.groupCreateTime : undefined;
  for (const [account, spec] of Object.entries(members as Record<string, unknown>)) {
    const joinTime = spec && typeof spec === "object" ? (spec as Record<string, unknown>).joinTime : undefined;
    if (typeof joinTime !== "number") continue;
    const property = `members.${account}.joinTime`;
    if (joinTime > nowSeconds) failures.push({ property, reason: `must not be in the future (got ${joinTime}, now ${nowSeconds})` });
    else if (createTime !== undefined && joinTime <= createTime) {
      failures.push({ property, reason: `must be after the group's createTime ${createTime} (got ${joinTime})` });
    }
  }
  return failures;
}

import { z } from "zod";
import { AccountProfile } from "../resources/accounts/schema";
import { BatchKey } from "../resources/batch/schema";
import { ImportedGroupInputs } from "../resources/group/schema";
import { UserId } from "../user-id";
import { MemberSpec } from "../resources/members/schema";
import { ImportedTopicInputs } from "../resources/topic/schema";

/** A resource-name key: letters, digits, `-`, `_`, `.`; unique among its siblings. The batch's keys are the same. */
export const ManifestKey = BatchKey;
const Key = ManifestKey;

/** A topic in the manifest: ImportedTopic's inputs without `groupId` (it comes from the enclosing group). */
export const ManifestTopic = ImportedTopicInputs.omit({ groupId: true }).extend({
  key: Key.describe("Stable name of the topic within its group; part of the Pulumi resource name."),
});
export type ManifestTopic = z.infer<typeof ManifestTopic>;

/** A group in the manifest: ImportedGroup's inputs, plus its members and topics. */
export const ManifestGroup = ImportedGroupInputs.extend({
  key: Key.describe("Stable name of the group; the Pulumi resource name. Renaming it replaces the group."),
  members: z.record(UserId, MemberSpec).default({}).describe("UserID to member (role, joinTime, unreadMsgNum)."),
  topics: z.array(ManifestTopic).default([]).describe("Topics; only for a Community with supportTopic."),
});
export type ManifestGroup = z.infer<typeof ManifestGroup>;

/**
 * The migration manifest: one JSON document of everything to import, in the order Tencent requires (accounts,
 * groups, members, topics). Its shapes are the resources' own zod schemas, so the manifest validator and the
 * provider's `check` apply the same rules. `manifest.schema.json` is generated from it for editors.
 */
export const Manifest = z.strictObject({
  $schema: z.string().optional(),
  accounts: z.record(UserId, AccountProfile).default({}).describe("UserID to profile; owners, members and topic creators must be here."),
  groups: z.array(ManifestGroup).default([]),
  userIdMap: z
    .record(UserId, z.string())
    .optional()
    .describe(
      "UserIDs a converter gave to source user IDs Tencent cannot take (over 32 bytes, not printable ASCII), each with the source's ID; history files are read through it.",
    ),
});
export type Manifest = z.infer<typeof Manifest>;

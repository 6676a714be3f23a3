import { ImportTopicRequest, invoke, ModifyTopicRequest, type TopicInfo } from "../../api/commands";
import { isChatApiErrorOf } from "../../api/errors";
import { destroyTopic, getTopic, getTopics } from "../../api/operations";
import type { ProviderContext } from "../../runtime-context";
import { assertAdoptable, pickDefined } from "../adopt";
import { apiFields, type ApiFieldNames } from "../api-fields";
import { canonicalJson, changedKeys, diffByTable } from "../diff";
import { ImportedTopicInputs, TOPIC_REPLACE_ON_CHANGE } from "./schema";

/**
 * The work on one topic, in calls to Tencent: import (adopting the declared topic found under its fixed ID),
 * modify, destroy, read back, and whether a change replaces it. The ImportedTopic provider and the group batch
 * both run these on validated inputs.
 */

/** The topic's own properties; `groupType` and `groupSupportTopic` only serve the check at preview. */
export const TOPIC_KEYS = (Object.keys(ImportedTopicInputs.shape) as (keyof ImportedTopicInputs)[]).filter(
  (key) => key !== "groupType" && key !== "groupSupportTopic",
);

/** Text fields that modify_topic updates, with their API names. */
export const TOPIC_MODIFIABLE = {
  topicName: "TopicName",
  customString: "CustomString",
  faceUrl: "FaceUrl",
  notification: "Notification",
  introduction: "Introduction",
} as const;

/** Topic inputs import_topic takes as they are, with their API names. */
const TOPIC_IMPORT_FIELDS: ApiFieldNames<ImportedTopicInputs> = {
  groupId: "GroupId",
  topicId: "TopicId",
  fromAccount: "From_Account",
  createTime: "CreateTime",
  ...TOPIC_MODIFIABLE,
};

/** The import_topic request for validated inputs. */
export function importTopicRequest(inputs: ImportedTopicInputs): ImportTopicRequest {
  return ImportTopicRequest.parse(apiFields(inputs, TOPIC_IMPORT_FIELDS));
}

/** Declared inputs as the live topic shows them (declared fields take live values; others only when set). */
export function liveTopicInputs(declared: ImportedTopicInputs, live: TopicInfo): ImportedTopicInputs {
  const result: Record<string, unknown> = { groupId: declared.groupId, topicName: live.TopicName ?? declared.topicName };
  if (declared.topicId !== undefined) result.topicId = declared.topicId;
  if (declared.fromAccount !== undefined) result.fromAccount = declared.fromAccount;
  if (declared.createTime !== undefined) result.createTime = live.CreateTime ?? declared.createTime;
  for (const [key, field] of Object.entries(TOPIC_MODIFIABLE)) {
    if (key === "topicName") continue;
    const value = live[field as keyof TopicInfo] as string | undefined;
    if (declared[key as keyof ImportedTopicInputs] !== undefined || value) result[key] = value ?? "";
  }
  return result as ImportedTopicInputs;
}

/** Imports a topic; a fixed ID already in use by the same topic (a create whose answer was lost) is adopted. */
export async function importTopic(context: ProviderContext, inputs: ImportedTopicInputs): Promise<string> {
  try {
    const answer = await invoke(context.client(), "import_topic", importTopicRequest(inputs), { idempotent: inputs.topicId !== undefined });
    return answer.TopicId;
  } catch (error) {
    if (!isChatApiErrorOf(error, "conflict") || inputs.topicId === undefined) throw error;
    const live = await getTopic(context.client(), inputs.groupId, inputs.topicId, context.config().identifier);
    assertAdoptable(
      "import_topic",
      "topic",
      inputs.topicId,
      "topicId",
      live && changedKeys(TOPIC_KEYS, inputs, liveTopicInputs(inputs, live)),
    );
    return inputs.topicId;
  }
}

/** modify_topic with the text fields that changed (none changed: no call). */
export async function modifyTopic(
  context: ProviderContext,
  topicId: string,
  before: Partial<ImportedTopicInputs>,
  after: ImportedTopicInputs,
): Promise<void> {
  const request: Record<string, unknown> = { GroupId: after.groupId, TopicId: topicId };
  for (const [key, field] of Object.entries(TOPIC_MODIFIABLE) as [keyof typeof TOPIC_MODIFIABLE, string][]) {
    if (canonicalJson(before[key]) !== canonicalJson(after[key])) request[field] = after[key] ?? "";
  }
  // Built field by field, so checked against the command's own schema before it is sent.
  if (Object.keys(request).length > 2) await invoke(context.client(), "modify_topic", ModifyTopicRequest.parse(request));
}

/** destroy_topic, when the deletion policy allows it (see ../deletion.ts). */
export async function removeTopic(context: ProviderContext, groupId: string, topicId: string): Promise<void> {
  if (!context.mayDelete(`topic ${topicId} (destroy_topic)`)) return;
  await destroyTopic(context.client(), groupId, topicId);
}

/** A change from `before` to `after`, and whether it replaces the topic (a property modify_topic cannot change). */
export function topicChange(before: Partial<ImportedTopicInputs> & { topicId?: string }, after: ImportedTopicInputs) {
  const declared = { ...after, topicId: after.topicId ?? before.topicId };
  return diffByTable(
    TOPIC_KEYS,
    TOPIC_REPLACE_ON_CHANGE,
    before,
    declared,
    after.topicId !== undefined && after.topicId === before.topicId,
  );
}

/** The recorded topic as it is live (its declared fields), or undefined when it is gone. */
export async function readTopic(
  context: ProviderContext,
  topicId: string,
  recorded: Partial<ImportedTopicInputs> & { groupId: string },
): Promise<ImportedTopicInputs | undefined> {
  return (await readTopics(context, recorded.groupId, new Map([[topicId, recorded]]))).get(topicId);
}

/** Topics of one community read back in one get_topic call: topic ID to its inputs as live; a deleted one is absent. */
export async function readTopics(
  context: ProviderContext,
  groupId: string,
  recorded: ReadonlyMap<string, Partial<ImportedTopicInputs>>,
): Promise<Map<string, ImportedTopicInputs>> {
  const live = await getTopics(context.client(), groupId, [...recorded.keys()], context.config().identifier);
  const found = new Map<string, ImportedTopicInputs>();
  for (const [topicId, inputs] of recorded) {
    const topic = live.get(topicId);
    if (topic) found.set(topicId, liveTopicInputs(ImportedTopicInputs.parse(pickDefined(TOPIC_KEYS, { ...inputs, groupId })), topic));
  }
  return found;
}

import type * as pulumi from "@pulumi/pulumi";
import { invoke, type ImportTopicRequest, type TopicInfo } from "../../api/commands";
import { ChatConflictError } from "../../api/errors";
import { assertAdoptable, pickDefined } from "../adopt";
import { destroyTopic, getTopic } from "../../api/operations";
import type { ProviderContext } from "../../runtime-context";
import { checkWith, withoutProvider } from "../check";
import { canonicalJson, changedKeys, diffByTable } from "../diff";
import { ImportedTopicInputs, TOPIC_REPLACE_ON_CHANGE, topicCrossFieldRules, type ImportedTopicOutputs } from "./schema";

/** The topic's own properties; `groupType` and `groupSupportTopic` only serve the check at preview. */
const KEYS = (Object.keys(ImportedTopicInputs.shape) as (keyof ImportedTopicInputs)[]).filter((key) => key !== "groupType" && key !== "groupSupportTopic");


/** Text fields that modify_topic updates, with their API names. */
const MODIFIABLE = { topicName: "TopicName", customString: "CustomString", faceUrl: "FaceUrl", notification: "Notification", introduction: "Introduction" } as const;

/** The import_topic request for validated inputs. */
export function importTopicRequest(inputs: ImportedTopicInputs): ImportTopicRequest {
  const request: ImportTopicRequest = { GroupId: inputs.groupId, TopicName: inputs.topicName };
  if (inputs.topicId !== undefined) request.TopicId = inputs.topicId;
  if (inputs.fromAccount !== undefined) request.From_Account = inputs.fromAccount;
  if (inputs.customString !== undefined) request.CustomString = inputs.customString;
  if (inputs.faceUrl !== undefined) request.FaceUrl = inputs.faceUrl;
  if (inputs.notification !== undefined) request.Notification = inputs.notification;
  if (inputs.introduction !== undefined) request.Introduction = inputs.introduction;
  if (inputs.createTime !== undefined) request.CreateTime = inputs.createTime;
  return request;
}

/** Declared inputs as the live topic shows them (declared fields take live values; others only when set). */
export function liveTopicInputs(declared: ImportedTopicInputs, live: TopicInfo): ImportedTopicInputs {
  const result: Record<string, unknown> = { groupId: declared.groupId, topicName: live.TopicName ?? declared.topicName };
  if (declared.topicId !== undefined) result.topicId = declared.topicId;
  if (declared.fromAccount !== undefined) result.fromAccount = declared.fromAccount;
  if (declared.createTime !== undefined) result.createTime = live.CreateTime ?? declared.createTime;
  for (const [key, field] of Object.entries(MODIFIABLE)) {
    if (key === "topicName") continue;
    const value = live[field as keyof TopicInfo] as string | undefined;
    if (declared[key as keyof ImportedTopicInputs] !== undefined || value) result[key] = value ?? "";
  }
  return result as ImportedTopicInputs;
}

/** The ImportedTopic lifecycle: import_topic, get_topic, modify_topic, destroy_topic. */
export function topicProvider(context: ProviderContext): Required<Omit<pulumi.dynamic.ResourceProvider, "configure">> {
  const admin = () => context.config().identifier;
  return {
    async check(_olds, news) {
      context.assertConfigured();
      return checkWith(ImportedTopicInputs, news, (raw) => topicCrossFieldRules(raw));
    },

    async diff(_id, olds: ImportedTopicOutputs, news: ImportedTopicInputs) {
      const declared = { ...withoutProvider(news), topicId: news.topicId ?? olds.topicId };
      return diffByTable(KEYS, TOPIC_REPLACE_ON_CHANGE, withoutProvider(olds), declared, news.topicId !== undefined && news.topicId === olds.topicId);
    },

    async create(raw: ImportedTopicInputs) {
      const inputs = ImportedTopicInputs.parse(withoutProvider(raw));
      let topicId: string;
      try {
        const answer = await invoke(context.client(), "import_topic", importTopicRequest(inputs), { idempotent: inputs.topicId !== undefined });
        topicId = answer.TopicId;
      } catch (error) {
        if (!(error instanceof ChatConflictError) || inputs.topicId === undefined) throw error;
        const live = await getTopic(context.client(), inputs.groupId, inputs.topicId, admin());
        assertAdoptable("import_topic", "topic", inputs.topicId, "topicId", live && changedKeys(KEYS, inputs, liveTopicInputs(inputs, live)));
        topicId = inputs.topicId;
      }
      return { id: topicId, outs: { ...inputs, topicId } satisfies ImportedTopicOutputs };
    },

    async read(id, props: ImportedTopicOutputs) {
      const live = await getTopic(context.client(), props.groupId, id, admin());
      if (!live) return { id: "", props: {} };
      const declared = ImportedTopicInputs.parse(pickDefined(KEYS, props));
      // The group facts serve the check only: kept as recorded, so they are never drift.
      const inputs = { ...liveTopicInputs(declared, live), ...pickDefined(["groupType", "groupSupportTopic"], props) };
      return { id, props: { ...inputs, topicId: id }, inputs };
    },

    async update(id, olds: ImportedTopicOutputs, news: ImportedTopicInputs) {
      const inputs = ImportedTopicInputs.parse(withoutProvider(news));
      const request: Record<string, unknown> = { GroupId: inputs.groupId, TopicId: id };
      for (const [key, field] of Object.entries(MODIFIABLE) as [keyof typeof MODIFIABLE, string][]) {
        if (canonicalJson(olds[key]) !== canonicalJson(inputs[key])) request[field] = inputs[key] ?? "";
      }
      if (Object.keys(request).length > 2) await invoke(context.client(), "modify_topic", request as never);
      return { outs: { ...inputs, topicId: id } satisfies ImportedTopicOutputs };
    },

    async delete(id, props: ImportedTopicOutputs) {
      if (!context.mayDelete(`topic ${id} (destroy_topic)`)) return;
      await destroyTopic(context.client(), props.groupId, id);
    },
  };
}

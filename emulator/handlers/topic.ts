import type { z } from "zod";
import type { DestroyTopicRequest, GetTopicRequest, ImportTopicRequest, ModifyTopicRequest } from "../../provider/api/commands";
import { byteLimitProblem, customTopicIdProblem, LIMITS, utf8Bytes } from "../../provider/limits";
import { ErrorCode } from "../../provider/api/error-codes";
import { EmulatorError, invalidParameter } from "../errors";
import type { GroupRecord, TopicRecord } from "../store";
import type { Handler, HandlerContext } from "./context";

const TEXT_LIMITS = {
  TopicName: LIMITS.topicName,
  CustomString: LIMITS.topicCustomString,
  FaceUrl: LIMITS.faceUrl,
  Notification: LIMITS.groupNotification,
  Introduction: LIMITS.groupIntroduction,
} as const;

function checkTexts(body: Partial<Record<keyof typeof TEXT_LIMITS, string>>): void {
  for (const [field, limit] of Object.entries(TEXT_LIMITS)) {
    const value = body[field as keyof typeof TEXT_LIMITS];
    const problem = value === undefined ? undefined : byteLimitProblem(value, limit);
    if (problem) throw invalidParameter(`${field} ${problem}`);
  }
}

/** The community, or 10010; 11000 when it is not a topic-enabled community. */
function topicGroup(ctx: HandlerContext, groupId: string): GroupRecord {
  const group = ctx.store.requireGroup(groupId);
  if (group.type !== "Community" || !group.supportTopic) {
    throw new EmulatorError(ErrorCode.TopicsNotSupported, `group ${groupId} is not a topic-enabled community`);
  }
  return group;
}

/** import_topic: only in topic-enabled communities, at most 200 topics, custom TopicId rules, 10021 when in use. */
export const importTopic: Handler<z.infer<typeof ImportTopicRequest>> = (ctx, body) => {
  const group = topicGroup(ctx, body.GroupId);
  if (utf8Bytes(body.TopicName) === 0) throw invalidParameter("TopicName is required");
  checkTexts(body);
  if (body.From_Account !== undefined && !ctx.store.hasAccount(body.From_Account)) {
    throw new EmulatorError(ErrorCode.AccountNotFound, `From_Account ${body.From_Account} is not an imported account`);
  }
  if (Object.keys(group.topics).length >= LIMITS.topicsPerCommunity) {
    throw new EmulatorError(ErrorCode.TooManyGroupsOrTopics, `a community holds at most ${LIMITS.topicsPerCommunity} topics`);
  }
  let topicId: string;
  if (body.TopicId !== undefined) {
    const problem = customTopicIdProblem(body.TopicId, body.GroupId);
    if (problem) throw invalidParameter(`TopicId ${problem}`);
    if (ctx.store.topic(group, body.TopicId)) throw new EmulatorError(ErrorCode.IdInUse, `topic ID ${body.TopicId} is already in use`);
    topicId = body.TopicId;
  } else {
    topicId = ctx.store.newTopicId(body.GroupId);
  }
  const topic: TopicRecord = { topicId, topicName: body.TopicName, createTime: body.CreateTime ?? ctx.nowSeconds };
  if (body.From_Account !== undefined) topic.fromAccount = body.From_Account;
  if (body.CustomString !== undefined) topic.customString = body.CustomString;
  if (body.FaceUrl !== undefined) topic.faceUrl = body.FaceUrl;
  if (body.Notification !== undefined) topic.notification = body.Notification;
  if (body.Introduction !== undefined) topic.introduction = body.Introduction;
  ctx.store.putTopic(group, topic);
  return { TopicId: topicId };
};

/** get_topic: every topic when TopicIdList is empty; a per-item 110003 for a deleted topic. */
export const getTopic: Handler<z.infer<typeof GetTopicRequest>> = (ctx, body) => {
  // The field table marks From_Account required; loose mode lets it be left out.
  if (ctx.strict && body.From_Account === undefined) throw invalidParameter("From_Account is required");
  const group = topicGroup(ctx, body.GroupId);
  const ids = body.TopicIdList && body.TopicIdList.length > 0 ? body.TopicIdList : Object.keys(group.topics);
  const TopicAndSelfInfo = ids.map((topicId) => {
    const topic = ctx.store.topic(group, topicId);
    if (!topic) return { ErrorCode: ErrorCode.TopicDeleted, ErrorInfo: "topic already deleted", TopicInfo: { TopicId: topicId } };
    return {
      ErrorCode: 0,
      ErrorInfo: "",
      SelfInfo: { ShutUpTime: 0, MsgSeq: 0, MsgFlag: 0 },
      TopicInfo: {
        TopicId: topic.topicId,
        TopicName: topic.topicName,
        GroupID: group.groupId,
        FaceUrl: topic.faceUrl ?? "",
        Notification: topic.notification ?? "",
        Introduction: topic.introduction ?? "",
        CustomString: topic.customString ?? "",
        CreateTime: topic.createTime,
        NextMsgSeq: 1,
        LastMsgTime: 0,
        MuteAllMember: "Off",
      },
    };
  });
  return { TopicAndSelfInfo };
};

/** modify_topic: 10010 when the topic is gone. */
export const modifyTopic: Handler<z.infer<typeof ModifyTopicRequest>> = (ctx, body) => {
  const group = topicGroup(ctx, body.GroupId);
  const topic = ctx.store.topic(group, body.TopicId);
  if (!topic) throw new EmulatorError(ErrorCode.GroupNotFound, `topic ${body.TopicId} was deleted`);
  if (body.TopicName !== undefined && utf8Bytes(body.TopicName) === 0) throw invalidParameter("TopicName must not be empty");
  checkTexts(body);
  if (body.TopicName !== undefined) topic.topicName = body.TopicName;
  if (body.CustomString !== undefined) topic.customString = body.CustomString;
  if (body.FaceUrl !== undefined) topic.faceUrl = body.FaceUrl;
  if (body.Notification !== undefined) topic.notification = body.Notification;
  if (body.Introduction !== undefined) topic.introduction = body.Introduction;
  return {};
};

/** destroy_topic: per-topic results; 110003 for one already deleted. */
export const destroyTopic: Handler<z.infer<typeof DestroyTopicRequest>> = (ctx, body) => {
  const group = topicGroup(ctx, body.GroupId);
  const DestroyResultItem = body.TopicIdList.map((topicId) => {
    if (!ctx.store.topic(group, topicId))
      return { TopicId: topicId, ErrorCode: ErrorCode.TopicDeleted, ErrorInfo: "topic already deleted" };
    ctx.store.deleteTopic(group, topicId);
    return { TopicId: topicId, ErrorCode: 0, ErrorInfo: "" };
  });
  return { DestroyResultItem };
};

import type { z } from "zod";
import type {
  AdminGetRoamMsgRequest,
  GroupMsgGetSimpleRequest,
  ImportGroupMsgRequest,
  ImportMsgRequest,
} from "../../provider/api/commands";
import { MAX_ANSWER_BYTES } from "../../provider/api/endpoints";
import { ErrorCode } from "../../provider/api/error-codes";
import { EmulatorError, invalidParameter } from "../errors";
import { type C2CMessageRecord, c2cOrder, conversationKey, type GroupMessageRecord, type GroupRecord } from "../store";
import type { Handler, HandlerContext } from "./context";
import { clearUnreadCounts } from "./unread";

/**
 * Message history: import_group_msg and group_msg_get_simple (a group's messages, numbered by the service), importmsg
 * and admin_getroammsg (1:1 conversations). Sources, cited per rule below:
 * - import_group_msg: https://trtc.io/document/34968 and https://cloud.tencent.com/document/api/269/1635
 * - importmsg: https://trtc.io/document/35014 and https://cloud.tencent.com/document/api/269/2568
 * - group_msg_get_simple: https://trtc.io/document/34971
 * - admin_getroammsg: https://trtc.io/zh/document/35478 (https://intl.cloud.tencent.com/document/product/1047/35478)
 * - history kept 7, 30 or 90 days by edition: https://trtc.io/document/47998
 */

/** "The message body cannot exceed 8,000 bytes" (80002, cloud.tencent.com/document/api/269/1635). */
export const GROUP_MESSAGE_BYTES = 8000;
/** The figure the older intl page gives for the same Result ("12K bytes", 1047/34968): `--loose`. */
export const GROUP_MESSAGE_BYTES_LOOSE = 12_000;
/** importmsg: "93000: the JSON packet exceeds the maximum size of 12 KB". */
export const C2C_PACKET_BYTES = 12 * 1024;
/** group_msg_get_simple: "at most 20 historical messages are returned per request". */
export const GROUP_HISTORY_PAGE = 20;
/** admin_getroammsg: "the upper size limit (currently 13 KB) of the response", counted over MsgList's items. */
export const ROAM_PAGE_BYTES = 13 * 1024;

/** The size a message body is held to: the UTF-8 bytes of its JSON as sent (keys, quotes and escapes included). */
export function msgBodyBytes(body: unknown): number {
  return Buffer.byteLength(JSON.stringify(body));
}

/** FNV-1a over a text: a 32-bit number the emulator "picks" where the service would, the same on every run. */
function pick32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Whether a message's time is past the history's retention (then it is "expired"). */
function expired(ctx: HandlerContext, msgTimeStamp: number): boolean {
  return ctx.historyRetentionSeconds !== undefined && msgTimeStamp < ctx.nowSeconds - ctx.historyRetentionSeconds;
}

/** The group of a history command, or 10010; "AVChatRoom groups do not support" history (10007). */
function historyGroup(ctx: HandlerContext, groupId: string, topicId: string | undefined): GroupRecord {
  const group = ctx.store.requireGroup(groupId);
  if (group.type === "AVChatRoom")
    throw new EmulatorError(ErrorCode.OperationNotPermitted, "AVChatRoom groups do not store message history");
  // The intl page documents TopicId (a topic of a topic-enabled community); the emulator keeps no topic messages.
  if (topicId !== undefined) throw invalidParameter("TopicId: the emulator does not emulate the messages of topics");
  return group;
}

/**
 * Why one message of an import_group_msg call is not stored, as its Result: 10004 for its send time, 80002 for its
 * size, 80001 for a blocked word (checked in that order), or 0 when it is stored.
 *
 * The send time: "imported in ascending order by timestamp; earlier than the current time, and later than the group
 * creation time and the time of the latest message in the group". `--strict` reads every comparison as written:
 * strictly later than the creation and than the group's newest message (a message in the newest one's second
 * fails), strictly later than every earlier message of the same call, strictly before now. `--loose` takes the
 * equal second in each.
 */
function importResult(ctx: HandlerContext, group: GroupRecord, item: ImportGroupMsgRequest["MsgList"][number], notBefore: number): number {
  const time = item.SendTime;
  const timeOk = ctx.strict
    ? time > group.createTime && time > notBefore && time < ctx.nowSeconds
    : time >= group.createTime && time >= notBefore && time <= ctx.nowSeconds;
  if (!timeOk) return ErrorCode.InvalidParameter;
  if (msgBodyBytes(item.MsgBody) > (ctx.strict ? GROUP_MESSAGE_BYTES : GROUP_MESSAGE_BYTES_LOOSE)) return ErrorCode.MessageTooLong;
  if (ctx.blockedWords?.find(item.MsgBody) !== undefined) return ErrorCode.MessageBlockedWords;
  return 0;
}

/**
 * import_group_msg: at most 7 messages a call (`limits.groupMessageBatch`; more, or none, is 10004 for the call and
 * nothing is stored); every sender an imported account (10019 for the call, nothing stored: the page lists no
 * per-message code for it; a sender need not be a member, history keeps people who left). Each message gets its
 * Result (see {@link importResult}); a stored one the group's next MsgSeq ("each group maintains its MsgSeq, which
 * increases strictly from 1", importmsg page) and its Random, or one the emulator picks. Nothing is de-duplicated: a
 * batch sent again is stored again where the time rule lets it. Storing any message sets every member's unread
 * count to 0. A failed message answers MsgSeq 0.
 */
export const importGroupMsg: Handler<ImportGroupMsgRequest> = (ctx, body) => {
  const group = historyGroup(ctx, body.GroupId, body.TopicId);
  // "RecentContactFlag ... Community groups do not support this field"; the page gives no code: strict refuses it.
  if (body.RecentContactFlag !== undefined && group.type === "Community" && ctx.strict) {
    throw invalidParameter("RecentContactFlag is not supported by community groups");
  }
  if (body.MsgList.length === 0) throw invalidParameter("MsgList must not be empty");
  if (body.MsgList.length > ctx.limits.groupMessageBatch) {
    throw invalidParameter(`MsgList holds at most ${ctx.limits.groupMessageBatch} messages per call: nothing was imported`);
  }
  for (const item of body.MsgList) {
    if (!ctx.store.hasAccount(item.From_Account)) {
      throw new EmulatorError(
        ErrorCode.AccountNotFound,
        `From_Account ${item.From_Account} is not an imported account: nothing was imported`,
      );
    }
  }
  let latestInCall = Number.NEGATIVE_INFINITY;
  let stored = 0;
  const ImportMsgResult = body.MsgList.map((item) => {
    const newest = ctx.store.newestGroupMessage(group);
    const notBefore = Math.max(newest?.msgTimeStamp ?? Number.NEGATIVE_INFINITY, latestInCall);
    latestInCall = Math.max(latestInCall, item.SendTime);
    const Result = importResult(ctx, group, item, notBefore);
    if (Result !== 0) return { MsgSeq: 0, MsgTime: item.SendTime, Result };
    const msgSeq = (newest?.msgSeq ?? 0) + 1;
    const message: GroupMessageRecord = {
      fromAccount: item.From_Account,
      msgSeq,
      msgRandom: item.Random ?? pick32(`${group.groupId}\u0000${msgSeq}`),
      msgTimeStamp: item.SendTime,
      msgBody: item.MsgBody,
    };
    ctx.store.appendGroupMessage(group, message);
    stored += 1;
    return { MsgSeq: msgSeq, MsgTime: item.SendTime, Result: 0 };
  });
  if (stored > 0) clearUnreadCounts(group);
  return { ImportMsgResult };
};

/** A group message as group_msg_get_simple answers it; an expired one is a placeholder with an empty body. */
function groupHistoryItem(ctx: HandlerContext, message: GroupMessageRecord): Record<string, unknown> {
  const gone = expired(ctx, message.msgTimeStamp);
  return {
    From_Account: message.fromAccount,
    IsPlaceMsg: gone ? 1 : 0,
    MsgBody: gone ? [] : message.msgBody,
    MsgRandom: message.msgRandom,
    MsgSeq: message.msgSeq,
    MsgTimeStamp: message.msgTimeStamp,
  };
}

/** How many of a group's messages (by rising MsgSeq) have a MsgSeq of at most `seq`. */
function countUpTo(messages: readonly GroupMessageRecord[], seq: number): number {
  let low = 0;
  let high = messages.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (messages[middle]!.msgSeq <= seq) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * group_msg_get_simple: "returns the ReqMsgNumber messages whose seq is at most ReqMsgSeq" (the newest without
 * one), newest first, at most 20 ("a request returns at most 20"). `IsFinished` is 1 when every requested message
 * came back, 0 when some did not (more than 20 asked, or the answer would pass 1 MB: the oldest are left out), 2 when
 * some did not and every one returned has expired. So it never says whether older messages remain: page on with the
 * smallest MsgSeq minus 1 until MsgSeq 1 came back. A ReqMsgSeq below 1 names no message: `--strict` answers 10004
 * (the page does not say what 0 means; a pager stops at MsgSeq 1), `--loose` an empty list.
 */
export const groupMsgGetSimple: Handler<z.infer<typeof GroupMsgGetSimpleRequest>> = (ctx, body) => {
  const group = historyGroup(ctx, body.GroupId, body.TopicId);
  if (body.ReqMsgNumber < 1) throw invalidParameter("ReqMsgNumber must be at least 1");
  if (body.ReqMsgSeq !== undefined && body.ReqMsgSeq < 1 && ctx.strict) {
    throw invalidParameter("ReqMsgSeq must be at least 1: the oldest message has MsgSeq 1");
  }
  const messages = ctx.store.groupMessages(group);
  const end = body.ReqMsgSeq === undefined ? messages.length : countUpTo(messages, body.ReqMsgSeq);
  const requested = Math.min(body.ReqMsgNumber, end);
  const RspMsgList: Record<string, unknown>[] = [];
  // The envelope and fields around the list, generously: the list itself is measured item by item.
  let bytes = 256 + Buffer.byteLength(group.groupId);
  for (let i = end - 1; i >= end - Math.min(requested, GROUP_HISTORY_PAGE); i -= 1) {
    const item = groupHistoryItem(ctx, messages[i]!);
    const itemBytes = Buffer.byteLength(JSON.stringify(item)) + 1;
    if (RspMsgList.length > 0 && bytes + itemBytes > MAX_ANSWER_BYTES) break;
    bytes += itemBytes;
    RspMsgList.push(item);
  }
  const complete = RspMsgList.length === requested;
  const IsFinished = complete ? 1 : RspMsgList.every((item) => item.IsPlaceMsg === 1) ? 2 : 0;
  return { GroupId: group.groupId, IsFinished, RspMsgList };
};

/** The first index of a conversation whose message is not before `(time, seq)` (or after it, with `after`). */
function c2cIndex(messages: readonly C2CMessageRecord[], time: number, seq: number, after: boolean): number {
  let low = 0;
  let high = messages.length;
  const key = { msgTimeStamp: time, msgSeq: seq };
  while (low < high) {
    const middle = (low + high) >>> 1;
    const order = c2cOrder(messages[middle]!, key);
    if (order < 0 || (after && order === 0)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The messages of a conversation in one second: `[first, end)` indexes. */
function secondOf(messages: readonly C2CMessageRecord[], time: number): [number, number] {
  return [c2cIndex(messages, time, Number.NEGATIVE_INFINITY, false), c2cIndex(messages, time, Number.POSITIVE_INFINITY, false)];
}

/**
 * importmsg: one message of a 1:1 conversation, from and to imported accounts (90008 / 90012), in a JSON request of
 * at most 12 KB (93000). `SyncFromOldSystem` 2 or 5 (the request schema refuses others: 90030). "Messages of one
 * conversation with equal MsgSeq, MsgRandom and MsgTimeStamp are duplicates, whatever their content, also with
 * From_Account and To_Account swapped; a duplicate does not overwrite the first import": the call answers OK and
 * changes nothing. `--loose` takes the older English page's key instead: From_Account, To_Account, MsgRandom and
 * MsgTimeStamp. Without MsgSeq "the backend enters a random number": one that differs per import, so a message sent
 * twice without one is stored twice. The conversation is kept "by timestamp, then MsgSeq within one second"; equal
 * ones keep their import order.
 */
export const importMsg: Handler<ImportMsgRequest> = (ctx, body) => {
  if (!ctx.store.hasAccount(body.From_Account)) {
    throw new EmulatorError(ErrorCode.FromAccountInvalid, `From_Account ${body.From_Account} is not an imported account`);
  }
  if (!ctx.store.hasAccount(body.To_Account)) {
    throw new EmulatorError(ErrorCode.ToAccountNotFound, `To_Account ${body.To_Account} is not an imported account`);
  }
  const packet = Buffer.byteLength(JSON.stringify(body));
  if (packet > C2C_PACKET_BYTES) {
    throw new EmulatorError(ErrorCode.MessagePacketTooLarge, `the JSON request is ${packet} bytes, over ${C2C_PACKET_BYTES} (12 KB)`);
  }
  const messages = ctx.store.conversation(body.From_Account, body.To_Account);
  const time = body.MsgTimeStamp;
  const msgSeq =
    body.MsgSeq ?? pick32(`${conversationKey(body.From_Account, body.To_Account).join("\u0000")}\u0000${time}\u0000${messages.length}`);
  const [first, end] = secondOf(messages, time);
  for (let i = first; i < end; i += 1) {
    const other = messages[i]!;
    const duplicate = ctx.strict
      ? other.msgSeq === msgSeq && other.msgRandom === body.MsgRandom
      : other.fromAccount === body.From_Account && other.toAccount === body.To_Account && other.msgRandom === body.MsgRandom;
    if (duplicate) return {};
  }
  const message: C2CMessageRecord = {
    fromAccount: body.From_Account,
    toAccount: body.To_Account,
    msgSeq,
    msgRandom: body.MsgRandom,
    msgTimeStamp: time,
    msgBody: body.MsgBody,
  };
  if (body.CloudCustomData !== undefined) message.cloudCustomData = body.CloudCustomData;
  ctx.store.insertC2CMessage(message, c2cIndex(messages, time, msgSeq, true));
  return {};
};

/** A 1:1 message's MsgKey, as the page's samples show it: `MsgSeq_MsgRandom_MsgTimeStamp`. */
function msgKey(message: C2CMessageRecord): string {
  return `${message.msgSeq}_${message.msgRandom}_${message.msgTimeStamp}`;
}

/** A 1:1 message as admin_getroammsg answers it. */
function roamItem(message: C2CMessageRecord): Record<string, unknown> {
  const item: Record<string, unknown> = {
    From_Account: message.fromAccount,
    To_Account: message.toAccount,
    MsgSeq: message.msgSeq,
    MsgRandom: message.msgRandom,
    MsgTimeStamp: message.msgTimeStamp,
    MsgFlagBits: 0,
    IsPeerRead: 0,
    MsgKey: msgKey(message),
    MsgBody: message.msgBody,
  };
  if (message.cloudCustomData !== undefined) item.CloudCustomData = message.cloudCustomData;
  return item;
}

/** Where a LastMsgKey's message stands in the conversation; 90010 when it names none. */
function keyIndex(messages: readonly C2CMessageRecord[], key: string): number {
  const parts = /^(\d+)_(\d+)_(\d+)$/.exec(key);
  const [seq, random, time] = parts ? parts.slice(1).map(Number) : [];
  if (seq !== undefined && random !== undefined && time !== undefined) {
    const [first, end] = secondOf(messages, time);
    for (let i = first; i < end; i += 1) {
      if (messages[i]!.msgSeq === seq && messages[i]!.msgRandom === random) return i;
    }
  }
  throw new EmulatorError(ErrorCode.MessageFormatInvalid, `LastMsgKey ${key} names no message of this conversation`);
}

/**
 * admin_getroammsg: the messages between MinTime and MaxTime (both included) of the conversation of
 * Operator_Account and Peer_Account (90008 / 90012 for an account never imported), newest first by pages: a page
 * holds at most MaxCnt messages and about 13 KB (`ROAM_PAGE_BYTES` of MsgList items; one message always comes),
 * listed oldest first as the page's samples are, with LastMsgTime and LastMsgKey naming its oldest. `Complete` 1
 * when no message of the range is left; otherwise ask again with MaxTime = LastMsgTime and LastMsgKey, which
 * continues before that message. Messages with one MsgKey (loose mode's duplicates across directions) are never
 * split over two pages. Expired messages (past `historyRetentionDays`) are left out.
 */
export const adminGetRoamMsg: Handler<z.infer<typeof AdminGetRoamMsgRequest>> = (ctx, body) => {
  if (!ctx.store.hasAccount(body.Operator_Account)) {
    throw new EmulatorError(ErrorCode.FromAccountInvalid, `Operator_Account ${body.Operator_Account} is not an imported account`);
  }
  if (!ctx.store.hasAccount(body.Peer_Account)) {
    throw new EmulatorError(ErrorCode.ToAccountNotFound, `Peer_Account ${body.Peer_Account} is not an imported account`);
  }
  if (body.MaxCnt < 1) throw new EmulatorError(ErrorCode.MessageFormatInvalid, "MaxCnt must be at least 1");
  const messages = ctx.store.conversation(body.Operator_Account, body.Peer_Account);
  const minTime =
    ctx.historyRetentionSeconds === undefined ? body.MinTime : Math.max(body.MinTime, ctx.nowSeconds - ctx.historyRetentionSeconds);
  let end = c2cIndex(messages, body.MaxTime, Number.POSITIVE_INFINITY, true);
  if (body.LastMsgKey !== undefined && body.LastMsgKey !== "") end = Math.min(end, keyIndex(messages, body.LastMsgKey));
  const page: C2CMessageRecord[] = [];
  let bytes = 0;
  let i = end - 1;
  for (; i >= 0 && messages[i]!.msgTimeStamp >= minTime; i -= 1) {
    const message = messages[i]!;
    const itemBytes = Buffer.byteLength(JSON.stringify(roamItem(message)));
    const oldest = page.at(-1);
    const sameKey = oldest !== undefined && msgKey(oldest) === msgKey(message);
    if (oldest !== undefined && !sameKey && (page.length >= body.MaxCnt || bytes + itemBytes > ROAM_PAGE_BYTES)) break;
    bytes += itemBytes;
    page.push(message);
  }
  const complete = i < 0 || messages[i]!.msgTimeStamp < minTime;
  page.reverse();
  const last = page[0];
  return {
    Complete: complete ? 1 : 0,
    MsgCnt: page.length,
    LastMsgTime: last?.msgTimeStamp ?? 0,
    LastMsgKey: last ? msgKey(last) : "",
    MsgList: page.map(roamItem),
  };
};

import type { GroupMessageRecord } from "../../emulator/store";

/** A text message body, as import_group_msg takes it. */
export function text(value: string): [{ MsgType: "TIMTextElem"; MsgContent: { Text: string } }] {
  return [{ MsgType: "TIMTextElem", MsgContent: { Text: value } }];
}

/**
 * A group history to seed a state with: `count` text messages from `from`, MsgSeq 1 up, one a second from `start`
 * (message n says "message n").
 */
export function groupHistory(count: number, { from = "owner", start = 1_600_000_100 } = {}): GroupMessageRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    fromAccount: from,
    msgSeq: i + 1,
    msgRandom: 1000 + i,
    msgTimeStamp: start + i,
    msgBody: text(`message ${i + 1}`),
  }));
}

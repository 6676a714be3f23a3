import type { EmulatorStore, GroupRecord } from "../store";

/**
 * Members' unread counts and the messages they count. "After messages are imported, the unread message count of
 * every member becomes 0" (import_group_msg, https://trtc.io/document/34968), and a count set later is "set to the
 * group's message count when larger" (set_unread_msg_num, https://cloud.tencent.com/document/api/269/1637).
 */

/**
 * Groups whose members' counts are all 0 since an import cleared them: the next import need not visit every member
 * again (a community holds 100,000, and a history import clears the counts at every call). Keyed by the stored
 * record, as the member walks are: a state imported or seeded brings new records, which are visited; handlers that
 * set a count above 0 forget the group.
 */
const allCleared = new WeakSet<GroupRecord>();

/** Sets every member's unread count to 0, as an import of messages does. */
export function clearUnreadCounts(group: GroupRecord): void {
  if (allCleared.has(group)) return;
  for (const account in group.members) {
    const member = group.members[account];
    if (member && member.unreadMsgNum !== 0) member.unreadMsgNum = 0;
  }
  allCleared.add(group);
}

/** Notes that a member of the group may now have an unread count above 0. */
export function unreadCountsChanged(group: GroupRecord): void {
  allCleared.delete(group);
}

/** An unread count as stored: "if it is larger than the group's message count, it is clamped to that count". */
export function clampUnread(store: EmulatorStore, group: GroupRecord, unread: number): number {
  return Math.max(0, Math.min(unread, store.groupMessages(group).length));
}

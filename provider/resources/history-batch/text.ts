import { byCodeUnit, entryLines, headerLine, readToken, writeToken } from "../line-text";
import { CONTENT_HASH_DIGITS } from "../../migration/history-split";
import { setOwn } from "../../own-keys";
import { BatchConversation } from "./schema";

/** The kind named in the text's header line. */
const KIND = "ImportedGroupHistoryBatch";

/**
 * A batch's conversations as one text (../line-text.ts), a line per group in key order: the key, the GroupId, the
 * message count, the content hash's first {@link CONTENT_HASH_DIGITS} hex digits and, when declared, the unread counts
 * as a JSON object. The count comes before the hash so that `pulumi preview --diff` shows how many messages go into
 * which group within the width it prints, and a line diff shows each changed conversation as its own line:
 *
 * ```
 * @ImportedGroupHistoryBatch v1
 * team team-1a2b3c4d 1200 9f86d081884c7d659a2feaa0c55ad015
 * guild @TGS#_guild-77aa01bc 40 3a7bd3e2360a3d29eea436fcfb7e44c7 {"bob":2}
 * ```
 */
export function encodeConversations(conversations: Record<string, BatchConversation>): string {
  const lines = [headerLine(KIND)];
  for (const key of Object.keys(conversations).sort(byCodeUnit)) {
    const { groupId, messages, hash, unreadCounts } = conversations[key]!;
    const unread = unreadCounts && Object.keys(unreadCounts).length > 0 ? ` ${JSON.stringify(sortedCounts(unreadCounts))}` : "";
    lines.push(`${writeToken(key)} ${writeToken(groupId)} ${messages} ${hash.slice(0, CONTENT_HASH_DIGITS)}${unread}`);
  }
  return lines.join("\n");
}

function sortedCounts(counts: Record<string, number>): Record<string, number> {
  const sorted: Record<string, number> = {};
  for (const account of Object.keys(counts).sort(byCodeUnit)) setOwn(sorted, account, counts[account]!);
  return sorted;
}

/** Reads a text written by {@link encodeConversations}, or says which line is wrong and why. */
export function decodeConversations(text: string): { conversations: Record<string, BatchConversation> } | { problem: string } {
  const entries = entryLines(text, KIND);
  if ("problem" in entries) return entries;
  const conversations: Record<string, BatchConversation> = {};
  for (const line of entries.lines) {
    const wrong = (why: string) => ({ problem: `line ${line.number} (${line.text.slice(0, 80)}): ${why}` });
    const key = readToken(line.text);
    if ("problem" in key) return wrong(key.problem);
    const groupId = readToken(key.rest);
    if ("problem" in groupId) return wrong(groupId.problem);
    const [messages, hash, ...rest] = groupId.rest.split(" ");
    let unreadCounts: unknown;
    if (rest.length > 0) {
      try {
        unreadCounts = JSON.parse(rest.join(" "));
      } catch {
        return wrong("the unread counts are not a JSON object");
      }
    }
    const parsed = BatchConversation.safeParse({
      groupId: groupId.token,
      messages: Number(messages),
      hash,
      ...(unreadCounts !== undefined ? { unreadCounts } : {}),
    });
    if (!parsed.success) return wrong(parsed.error.issues.map((i) => `${i.path.join(".") || "line"}: ${i.message}`).join("; "));
    if (Object.hasOwn(conversations, key.token)) return wrong(`group ${key.token} is declared twice`);
    setOwn(conversations, key.token, parsed.data);
  }
  return { conversations };
}

import { listSome } from "../partial";

/** A message Tencent refused, as the many-conversation history resources record it. */
export interface ConversationRefusal {
  conversation: string;
  id: string;
  code: number;
  reason: string;
}

const refusalKey = (entry: ConversationRefusal) => `${entry.conversation}\u0000${entry.id}`;

/**
 * What to say of the refusals among `now` that `before` (the state) did not hold yet, or undefined when there are
 * none: each refusal is said once, as an error, so nobody misses it, and is recorded so it is never sent again.
 */
export function freshRefusals(
  before: readonly ConversationRefusal[],
  now: readonly ConversationRefusal[],
  kind: string,
): string | undefined {
  const known = new Set(before.map(refusalKey));
  const fresh = now.filter((entry) => !known.has(refusalKey(entry)));
  if (fresh.length === 0) return undefined;
  const named = listSome(fresh.map((entry) => `${entry.conversation} ${entry.id} (${entry.code}: ${entry.reason})`));
  return `Tencent refused ${fresh.length} ${kind} message(s): ${named}; they are recorded and the next pulumi up goes on without them`;
}

import { createHash } from "node:crypto";
import { COMMUNITY_ID_PREFIX, LIMITS, TOPIC_ID_SEPARATOR } from "../limits";

/**
 * Deterministic IDs for resources declared without one. A create whose answer was lost can then be repeated
 * safely: the repeat hits the same ID (10021) and adopts the object instead of making a duplicate. The ID is the
 * resource name (reduced to safe characters) and a hash of project, stack and name, so two stacks of one program
 * never collide.
 */
function readablePart(name: string, room: number, scope: string): string {
  const hash = createHash("sha256").update(`${scope}/${name}`).digest("hex").slice(0, 8);
  const safe = name.replace(/[^A-Za-z0-9_.-]+/g, "-").replace(/^-+|-+$/g, "");
  const kept = safe.slice(0, Math.max(0, room - hash.length - 1));
  return kept ? `${kept}-${hash}` : hash;
}

/** A group ID for `name` in `project/stack`: at most 48 bytes; `@TGS#_...` for a Community. */
export function stableGroupId(name: string, community: boolean, project: string, stack: string): string {
  const prefix = community ? COMMUNITY_ID_PREFIX : "";
  return prefix + readablePart(name, LIMITS.customGroupId - prefix.length, `${project}/${stack}`);
}

/** A topic ID for `name` inside `groupId`: `<groupId>@TOPIC#_<part>`, at most 96 bytes. */
export function stableTopicId(groupId: string, name: string, project: string, stack: string): string {
  const prefix = `${groupId}${TOPIC_ID_SEPARATOR}`;
  return prefix + readablePart(name, LIMITS.topicId - Buffer.byteLength(prefix), `${project}/${stack}`);
}

import { ChatStateError } from "../../api/errors";
import { MemberSpec } from "../members/schema";
import { mapOwnValues } from "../../own-keys";

/**
 * A member as an ImportedGroupBatch stores it: one string instead of an object, e.g. `""` (a plain member),
 * `"Admin"`, `"joined:1600000060"`, `"Admin joined:1600000060 unread:3"`. Each member of an object form is a nested
 * value that the Pulumi SDK, the engine (and its automatic log, once per nesting level) and the dynamic-provider
 * process each convert, and the engine's automatic log formats once per nesting level; one string per member
 * carries the same information at a fraction of that cost (BENCHMARKS.md). Still one line per member in
 * `pulumi preview --diff`.
 */
export type CompactMember = string;

/** The kinds of token; a bare token is a role. */
const TOKEN_NAMES = ["role", "joined", "unread"] as const;

/** The canonical string of a member: tokens in a fixed order, so equal members always compare equal. */
export function encodeMember(member: MemberSpec): CompactMember {
  const tokens: string[] = [];
  if (member.role !== undefined) tokens.push(member.role);
  if (member.joinTime !== undefined) tokens.push(`joined:${member.joinTime}`);
  if (member.unreadMsgNum !== undefined) tokens.push(`unread:${member.unreadMsgNum}`);
  return tokens.join(" ");
}

/** What {@link decodeMember} answers: the member, or a problem naming the token. */
type Decoded = { member: MemberSpec } | { problem: string };

/**
 * Decoded short member strings ("", "Admin", "Member unread:3"): a migration without join times has few distinct
 * ones, each held by thousands of members, so a check decodes each once. A string with a join time (17 characters
 * or more) is usually one member's own, so it is decoded each time instead of churning the table. Bounded.
 */
const decodedShort = new Map<CompactMember, Decoded>();
const SHORT_TEXT_LENGTH = 16;
const SHORT_TEXTS_KEPT = 256;

/** Reads a member string; a problem names the token and says what is allowed. */
export function decodeMember(text: CompactMember): Decoded {
  if (text.length > SHORT_TEXT_LENGTH) return decodeUncached(text);
  let decoded = decodedShort.get(text);
  if (!decoded) {
    decoded = decodeUncached(text);
    if (decodedShort.size < SHORT_TEXTS_KEPT) decodedShort.set(text, decoded);
  }
  // A copy: callers own the member they get (the kept one stays as decoded).
  return "member" in decoded ? { member: { ...decoded.member } } : decoded;
}

function decodeUncached(text: CompactMember): Decoded {
  const member: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (const token of text.split(" ").filter((t) => t !== "")) {
    const [name, value] = token.includes(":") ? [token.slice(0, token.indexOf(":")), token.slice(token.indexOf(":") + 1)] : ["role", token];
    const knownRole = value === "Admin" || value === "Member";
    if (!(TOKEN_NAMES as readonly string[]).includes(name) || (name === "role" && (token.includes(":") || !knownRole))) {
      return { problem: `"${token}" is not Admin, Member, joined:<unix seconds> or unread:<count>` };
    }
    if (seen.has(name)) return { problem: `"${token}" repeats ${name}` };
    seen.add(name);
    if (name === "role") member.role = value;
    else if (!/^\d{1,15}$/.test(value)) return { problem: `"${token}" needs a whole number after ${name}:` };
    else member[name === "joined" ? "joinTime" : "unreadMsgNum"] = Number(value);
  }
  const parsed = MemberSpec.safeParse(member);
  if (!parsed.success) return { problem: parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ") };
  return { member: parsed.data };
}

/** The member string of either form a program may declare (object or string), in canonical form when valid. */
export function compactMember(member: MemberSpec | CompactMember): CompactMember {
  if (typeof member !== "string") return encodeMember(member);
  const decoded = decodeMember(member);
  return "member" in decoded ? encodeMember(decoded.member) : member; // invalid: left for check to report
}

/** A map of member strings as objects (valid strings only; check has refused the others). */
export function decodeMembers(members: Record<string, CompactMember>): Record<string, MemberSpec> {
  return mapOwnValues(members, (text, account) => {
    const decoded = decodeMember(text);
    if (!("member" in decoded)) throw new ChatStateError(`member ${account}: ${decoded.problem}`, { command: "import_group_member" });
    return decoded.member;
  });
}

/** A map of member objects as strings. */
export function encodeMembers(members: Record<string, MemberSpec>): Record<string, CompactMember> {
  return mapOwnValues(members, encodeMember);
}

import type { z } from "zod";
import { ChatStateError } from "../../api/errors";
import type { AccountsMap } from "./schema";
import { byCodeUnit, entryLines, headerLine, readToken, writeToken } from "../line-text";
import { setOwn } from "../../own-keys";

/** The kind named in the accounts text's header line. */
const KIND = "ImportedAccounts";

/** UserID to profile. */
export type Accounts = z.infer<typeof AccountsMap>;

/**
 * The accounts as one text (../line-text.ts), a line per account sorted by UserID: the UserID, then its profile as
 * JSON when it has one, e.g. `alice {"nick":"Alice"}` or `bob`.
 */
export function encodeAccounts(accounts: Accounts): string {
  const lines = Object.keys(accounts)
    .sort(byCodeUnit)
    .map((userId) => {
      const { nick, faceUrl } = accounts[userId]!;
      const profile = { ...(nick !== undefined ? { nick } : {}), ...(faceUrl !== undefined ? { faceUrl } : {}) };
      return Object.keys(profile).length > 0 ? `${writeToken(userId)} ${JSON.stringify(profile)}` : writeToken(userId);
    });
  return [headerLine(KIND), ...lines].join("\n");
}

/** The accounts of a text, unchecked (the schema checks each), or the problems of lines that do not read. */
export function parseAccounts(text: string): { accounts: Record<string, unknown> } | { problems: string[] } {
  const read = entryLines(text, KIND);
  if ("problem" in read) return { problems: [read.problem] };
  const accounts: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const { number, text: line } of read.lines) {
    const id = readToken(line);
    if ("problem" in id) {
      problems.push(`line ${number}: ${id.problem}`);
      continue;
    }
    if (Object.hasOwn(accounts, id.token)) problems.push(`line ${number}: account ${id.token} is declared twice`);
    try {
      setOwn(accounts, id.token, id.rest === "" ? {} : (JSON.parse(id.rest) as unknown));
    } catch {
      problems.push(`line ${number}: the profile of ${id.token} is not JSON: ${id.rest}`);
    }
  }
  return problems.length > 0 ? { problems } : { accounts };
}

/**
 * The accounts of a text, or of the map an older state holds (read too, so such a stack updates without a change at
 * Tencent). Check has refused texts that do not read.
 */
export function readAccounts(value: string | Accounts | undefined): Accounts {
  if (value === undefined) return {};
  if (typeof value !== "string") return value;
  const parsed = parseAccounts(value);
  if ("problems" in parsed) throw new ChatStateError(`accounts: ${parsed.problems.join("; ")}`, { command: "multiaccount_import" });
  return parsed.accounts as Accounts;
}

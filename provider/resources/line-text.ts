/**
 * Large declarations (a batch of groups with their members, a migration's accounts) as one text of one line per
 * entry, e.g.
 *
 * ```
 * @ImportedAccounts v1
 * alice {"nick":"Alice"}
 * bob
 * ```
 *
 * Why a text: a map of a hundred thousand entries is that many values that the Pulumi SDK, the engine (its
 * checkpoints and its automatic log) and the provider process each convert on every step; one string carries the
 * same information as one value (BENCHMARKS.md). Why lines: `pulumi preview --diff` shows a multi-line string as a
 * line diff, the changed lines with two lines of context, so adding one member to a group of 20,000 shows one line.
 * A JSON or YAML text would be decoded by the display and printed whole, every unchanged entry included; the header
 * line starts with `@`, which JSON and YAML both refuse, so the display never takes the text for either.
 */

/** The first line of a text of `kind` in format `version`, e.g. `@ImportedAccounts v1`. */
export function headerLine(kind: string, version = 1): string {
  return `@${kind} v${version}`;
}

/**
 * A token as a line holds it: bare when it has no space, quote or backslash and does not start with `{` or `#`
 * (which mark a group's fields and a topic in a batch text); otherwise a JSON string.
 */
export function writeToken(token: string): string {
  return /^[^\s"\\{#][^\s"\\]*$/.test(token) ? token : JSON.stringify(token);
}

/** Reads the token at the start of `rest` (bare or a JSON string); what follows a separating space is `rest`. */
export function readToken(rest: string): { token: string; rest: string } | { problem: string } {
  if (rest.startsWith('"')) {
    // The shortest prefix that is a whole JSON string: scan to the closing quote that is not escaped.
    for (let end = 1; end < rest.length; end++) {
      if (rest[end] === "\\") end++;
      else if (rest[end] === '"') {
        let token: unknown;
        try {
          token = JSON.parse(rest.slice(0, end + 1));
        } catch {
          return { problem: `${rest.slice(0, end + 1)} is not a JSON string` };
        }
        return { token: token as string, rest: rest.slice(end + 1).replace(/^ /, "") };
      }
    }
    return { problem: `${rest} has no closing quote` };
  }
  const space = rest.indexOf(" ");
  return space < 0 ? { token: rest, rest: "" } : { token: rest.slice(0, space), rest: rest.slice(space + 1) };
}

/** A line of a text with its number (the header is line 1). */
export interface NumberedLine {
  number: number;
  text: string;
}

/** The entry lines of a text of `kind`, or why it is not one. Empty lines are allowed and skipped. */
export function entryLines(text: string, kind: string): { lines: NumberedLine[] } | { problem: string } {
  const all = text.split("\n");
  if (all[0] !== headerLine(kind))
    return { problem: `must start with the line "${headerLine(kind)}" (the resource writes this text from its arguments)` };
  return {
    lines: all
      .slice(1)
      .map((line, i) => ({ number: i + 2, text: line }))
      .filter((l) => l.text !== ""),
  };
}

/**
 * The entry lines of a text of `kind` in one of `versions` (the newest last), and which version its header names,
 * or why it is not one: a kind whose format changed still reads the texts its earlier versions wrote, which stored
 * states hold. Empty lines are allowed and skipped.
 */
export function versionedEntryLines(
  text: string,
  kind: string,
  versions: readonly number[],
): { version: number; lines: NumberedLine[] } | { problem: string } {
  const end = text.indexOf("\n");
  const first = end < 0 ? text : text.slice(0, end);
  const version = versions.find((v) => first === headerLine(kind, v));
  if (version === undefined)
    return {
      problem: `must start with the line "${headerLine(kind, versions.at(-1))}" (the resource writes this text from its arguments)`,
    };
  const lines: NumberedLine[] = [];
  const all = text.split("\n");
  for (let i = 1; i < all.length; i++) if (all[i] !== "") lines.push({ number: i + 1, text: all[i]! });
  return { version, lines };
}

/** Code-unit order: the same on every machine and locale, so a text is canonical. */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

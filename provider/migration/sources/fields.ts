/**
 * Reading one field of an export: times, integers, booleans. Each answers the value or a reason that names the
 * accepted forms, so that a converter reports `members.csv:17: join_time: ...` instead of importing a wrong value.
 */

/** A parsed value, or why the text is not one. */
export type FieldResult<T> = { value: T } | { problem: string };

// RFC 3339 / ISO 8601 with a date and, optionally, a time and a zone: what JSON exports write.
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * A point in time as Unix seconds, from Unix seconds or an RFC 3339 / ISO 8601 text. Milliseconds (13 digits) are
 * refused rather than guessed: a wrong guess is a date in 1970 or in the year 50,000.
 */
export function parseUnixTime(text: string): FieldResult<number> {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) {
    if (trimmed.length >= 13) return { problem: `"${trimmed}" looks like milliseconds; give Unix seconds or an ISO 8601 time` };
    return { value: Number(trimmed) };
  }
  if (ISO_TIME.test(trimmed)) {
    // A time without a zone is read as UTC, so the result does not depend on the machine converting it.
    const zoned =
      /T|\s/.test(trimmed) && !/(Z|[+-]\d{2}:?\d{2})$/.test(trimmed) ? `${trimmed.replace(" ", "T")}Z` : trimmed.replace(" ", "T");
    const millis = Date.parse(zoned);
    if (!Number.isNaN(millis)) {
      if (millis < 0) return { problem: `"${trimmed}" is before 1970` };
      return { value: Math.floor(millis / 1000) };
    }
  }
  return { problem: `"${trimmed}" is not a time: give Unix seconds or an ISO 8601 time such as 2024-05-01T12:00:00Z` };
}

/** A whole number from `min` up. */
export function parseInteger(text: string, min = 0): FieldResult<number> {
  const trimmed = text.trim();
  if (!/^-?\d+$/.test(trimmed) || !Number.isSafeInteger(Number(trimmed))) return { problem: `"${trimmed}" is not a whole number` };
  const value = Number(trimmed);
  if (value < min) return { problem: `${value} is below ${min}` };
  return { value };
}

/** A yes/no value: true/false, yes/no, 1/0 (any case). */
export function parseBoolean(text: string): FieldResult<boolean> {
  const lower = text.trim().toLowerCase();
  if (["true", "yes", "1"].includes(lower)) return { value: true };
  if (["false", "no", "0"].includes(lower)) return { value: false };
  return { problem: `"${text.trim()}" is not a yes/no value: give true or false` };
}

/**
 * The fields of one record, read through the parsers above: a field that fails is reported as a problem of
 * `<file>:<line>` naming the column, and marks the record as broken so that it is left out whole.
 */
export class RecordFields {
  /** Whether a field of this record failed. */
  broken = false;

  constructor(
    readonly source: string,
    private readonly record: Record<string, unknown>,
    private readonly problem: (source: string, reason: string) => void,
  ) {}

  private fail(column: string, reason: string): undefined {
    this.broken = true;
    this.problem(this.source, `${column}: ${reason}`);
    return undefined;
  }

  /** The column's text (numbers and booleans of JSON as text), or undefined when absent or empty. */
  text(column: string): string | undefined {
    const value = this.record[column];
    if (value === undefined || value === null || value === "") return undefined;
    if (typeof value === "string") return value;
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    return this.fail(column, `must be text, not ${Array.isArray(value) ? "a list" : "an object"}`);
  }

  /** A column the record cannot do without. */
  required(column: string): string | undefined {
    const text = this.text(column)?.trim();
    return text ? text : this.broken ? undefined : this.fail(column, "is required");
  }

  private parsed<T>(column: string, parse: (text: string) => FieldResult<T>): T | undefined {
    const text = this.text(column);
    if (text === undefined) return undefined;
    const result = parse(text);
    return "value" in result ? result.value : this.fail(column, result.problem);
  }

  time(column: string): number | undefined {
    return this.parsed(column, parseUnixTime);
  }

  integer(column: string, min = 0): number | undefined {
    return this.parsed(column, (text) => parseInteger(text, min));
  }

  boolean(column: string): boolean | undefined {
    return this.parsed(column, parseBoolean);
  }

  /** The non-empty columns named `<prefix><name>`, as name to text (e.g. `data.Level` of a group). */
  prefixed(prefix: string): Record<string, string> {
    const found: Record<string, string> = {};
    for (const column of Object.keys(this.record)) {
      if (!column.startsWith(prefix)) continue;
      const text = this.text(column);
      if (text !== undefined) found[column.slice(prefix.length)] = text;
    }
    return found;
  }

  /** One of `choices` (matched without case), answered as written in `choices`. */
  choice<T extends string>(column: string, choices: Record<string, T>): T | undefined {
    const text = this.text(column)?.trim();
    if (text === undefined || text === "") return undefined;
    const found = choices[text.toLowerCase()];
    return found ?? this.fail(column, `"${text}" is not one of ${[...new Set(Object.values(choices))].join(", ")}`);
  }
}

import { isUtf8 } from "node:buffer";

/**
 * Strict text decoding of export files, and where a JSON text breaks. Every export this package reads is UTF-8 JSON
 * or CSV; Node's own decoding turns every invalid byte into U+FFFD and goes on, so a Latin-1 or Windows-1252 export
 * would be migrated with its accented names silently replaced. Here an invalid byte stops the file with its line and
 * byte offset, and a UTF-16 file (what Excel and PowerShell write as "Unicode") is named as such instead of being
 * reported as one JSON error per line.
 */

/**
 * Why a file's bytes are not UTF-8 text. `line` is the 1-based line of the fault (1 for a UTF-16 file), `offset` the
 * 0-based byte offset in the file (a BOM counted, as `xxd -s` and `dd skip=` count), when there is one byte to blame.
 * The message does not repeat the line: a reader reports it as the record's line.
 */
export class EncodingError extends Error {
  override readonly name = "EncodingError";

  constructor(
    message: string,
    readonly line: number,
    readonly offset: number | undefined,
    /** The valid text before the fault that the failing call had not returned yet (see {@link StrictUtf8Decoder}). */
    readonly before = "",
  ) {
    super(message);
  }
}

/** How many leading bytes are looked at to recognize UTF-16 without a byte order mark. */
const SNIFF_BYTES = 1024;

/** The UTF-8 byte order mark, skipped: Windows tools write it, and it is not part of the first record. */
const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * The encoding `bytes` (the start of a file) are in when that is one this package refuses, judged by a byte order
 * mark, else by NULs: text that is mostly ASCII (JSON punctuation and keys always are) has a NUL in every other byte
 * in UTF-16, never in UTF-8. Undefined when the bytes may be UTF-8.
 */
export function refusedEncoding(bytes: Uint8Array): { name: string; bom: boolean; iconv: string } | undefined {
  const [a, b, c, d] = bytes;
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) return { name: "UTF-32 LE", bom: true, iconv: "UTF-32" };
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return { name: "UTF-32 BE", bom: true, iconv: "UTF-32" };
  if (a === 0xff && b === 0xfe) return { name: "UTF-16 LE", bom: true, iconv: "UTF-16" };
  if (a === 0xfe && b === 0xff) return { name: "UTF-16 BE", bom: true, iconv: "UTF-16" };
  const sample = bytes.subarray(0, SNIFF_BYTES);
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i < sample.length; i++) if (sample[i] === 0) i % 2 === 0 ? evenNuls++ : oddNuls++;
  // Without a BOM, iconv's "UTF-16" means big endian: name the byte order so the hint converts correctly.
  const pairs = Math.floor(sample.length / 2);
  const alternates = (nuls: number, others: number) => nuls >= Math.max(1, pairs * 0.3) && others * 10 <= nuls;
  if (alternates(oddNuls, evenNuls)) return { name: "UTF-16 LE", bom: false, iconv: "UTF-16LE" };
  if (alternates(evenNuls, oddNuls)) return { name: "UTF-16 BE", bom: false, iconv: "UTF-16BE" };
  return undefined;
}

/** The problem said of a file in a refused encoding. */
function refusedMessage(encoding: { name: string; bom: boolean; iconv: string }, name: string): string {
  const how = encoding.bom ? "it starts with a byte order mark" : "every other byte is NUL";
  return (
    `the file is ${encoding.name} (${how}), not UTF-8; convert it ` +
    `(e.g. iconv -f ${encoding.iconv} -t UTF-8 ${name} > ${utf8Name(name)}) and run again`
  );
}

/** `export.jsonl` -> `export.utf8.jsonl`: the converted copy named in hints. */
function utf8Name(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? `${name.slice(0, dot)}.utf8${name.slice(dot)}` : `${name}.utf8`;
}

/**
 * The index in `bytes` of the first byte that does not begin a valid UTF-8 sequence (by the WHATWG rules
 * `TextDecoder` and `Buffer.isUtf8` follow: no overlong forms, no surrogates, nothing above U+10FFFF), or -1. A
 * sequence cut short by the end of `bytes` counts as invalid at its first byte.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    // Length of the sequence and the allowed range of its second byte (the first continuation byte).
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return i;
    if (i + length > n) return i;
    const second = bytes[i + 1]!;
    if (second < low || second > high) return i;
    for (let k = 2; k < length; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    i += length;
  }
  return -1;
}

/**
 * Where the last complete UTF-8 sequence of `bytes` ends: `bytes.length`, or the start of a sequence that the end
 * cuts short (a chunk boundary in a multi-byte character), whose rest is in the next chunk.
 */
function completeUpTo(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let i = n - 1; i >= Math.max(0, n - 3); i--) {
    const byte = bytes[i]!;
    if ((byte & 0xc0) === 0x80) continue;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return i + length > n ? i : n;
  }
  return n;
}

/** How many line feeds `text` holds. */
export function countLineFeeds(text: string, from = 0, to = text.length): number {
  let count = 0;
  for (let i = text.indexOf("\n", from); i !== -1 && i < to; i = text.indexOf("\n", i + 1)) count += 1;
  return count;
}

/**
 * Decodes a file's bytes, given chunk by chunk, as strict UTF-8: a UTF-8 BOM is skipped, a UTF-16 or UTF-32 file
 * is refused, an invalid byte is an {@link EncodingError} naming its line and byte offset. A multi-byte character
 * split between two chunks is held back and decoded whole with the next chunk. Each call returns the text decoded
 * so far (possibly empty: the first {@link SNIFF_BYTES} bytes are held until the encoding is judged); once it has
 * thrown, the decoder is not used again.
 */
export class StrictUtf8Decoder {
  /** Bytes not decoded yet: the undecided start of the file, or an incomplete sequence at a chunk's end. */
  private pending: Buffer = Buffer.alloc(0);
  /** The file offset of `pending[0]`. */
  private offset = 0;
  /** Line feeds in the text returned so far. */
  private lineFeeds = 0;
  private judged = false;

  /** @param name the file's name, used in the conversion hint of a refused encoding. */
  constructor(private readonly name: string) {}

  /** The text of `chunk` (with what earlier chunks left pending). */
  write(chunk: Uint8Array): string {
    this.pending =
      this.pending.length === 0 ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength) : Buffer.concat([this.pending, chunk]);
    if (!this.judged && this.pending.length < SNIFF_BYTES) return "";
    return this.decode(false);
  }

  /** The rest of the text, at the end of the file; a sequence the end cuts short is invalid. */
  end(): string {
    return this.decode(true);
  }

  private decode(last: boolean): string {
    if (!this.judged) this.judge();
    const bytes = this.pending;
    const upTo = last ? bytes.length : completeUpTo(bytes);
    const complete = bytes.subarray(0, upTo);
    if (!isUtf8(complete)) {
      const bad = firstInvalidUtf8(complete);
      const before = complete.toString("utf8", 0, bad);
      const byte = complete[bad]!;
      const at = this.offset + bad;
      throw new EncodingError(
        `invalid UTF-8 at byte ${at} (0x${byte.toString(16).toUpperCase().padStart(2, "0")}): the file is not UTF-8; ` +
          `convert it (e.g. iconv -f latin1 -t utf-8 ${this.name} > ${utf8Name(this.name)}, or -f windows-1252) and run again`,
        this.lineFeeds + countLineFeeds(before) + 1,
        at,
        before,
      );
    }
    const text = complete.toString("utf8");
    this.lineFeeds += countLineFeeds(text);
    // Copied: the rest is at most 3 bytes, and a subarray would keep the whole chunk alive.
    this.pending = Buffer.from(bytes.subarray(upTo));
    this.offset += upTo;
    return text;
  }

  private judge(): void {
    this.judged = true;
    const refused = refusedEncoding(this.pending);
    if (refused) throw new EncodingError(refusedMessage(refused, this.name), 1, undefined);
    if (UTF8_BOM.every((byte, i) => this.pending[i] === byte)) {
      this.pending = this.pending.subarray(UTF8_BOM.length);
      this.offset = UTF8_BOM.length;
    }
  }
}

/**
 * The text of a whole file's bytes, decoded as {@link StrictUtf8Decoder} does.
 * @throws {@link EncodingError}
 */
export function decodeUtf8(bytes: Uint8Array, name: string): string {
  const decoder = new StrictUtf8Decoder(name);
  return decoder.write(bytes) + decoder.end();
}

/**
 * The text of a file read as chunks, decoded as {@link StrictUtf8Decoder} does. On a fault it first yields the valid
 * text before it, then throws the {@link EncodingError}: what came before the fault is read as usual.
 */
export async function* decodeUtf8Chunks(chunks: AsyncIterable<Uint8Array>, name: string): AsyncGenerator<string, void, undefined> {
  const decoder = new StrictUtf8Decoder(name);
  let text: string;
  try {
    for await (const chunk of chunks) {
      text = decoder.write(chunk);
      if (text !== "") yield text;
    }
    text = decoder.end();
  } catch (error) {
    if (error instanceof EncodingError && error.before !== "") yield error.before;
    throw error;
  }
  if (text !== "") yield text;
}

/** Where a JSON text first breaks the grammar: a 0-based character offset and what was wrong there. */
export interface JsonSyntaxError {
  offset: number;
  reason: string;
}

/** A 1-based line and column (in UTF-16 code units, as editors count) of a character offset in `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const line = countLineFeeds(text, 0, offset) + 1;
  const lineStart = offset === 0 ? 0 : text.lastIndexOf("\n", offset - 1) + 1;
  return { line, column: offset - lineStart + 1 };
}

const ARRAY = 1;
const OBJECT = 2;

/** How a character is named in a syntax error. */
function describeAt(text: string, i: number): string {
  const char = text[i]!;
  return char === "\n" ? "a line break" : char === "\r" ? "a carriage return" : `'${char}'`;
}

/**
 * Checks `text` against the JSON grammar (RFC 8259) and returns the first fault, or undefined when it is valid.
 * Written here because `JSON.parse` names the offset of only some errors ("Unexpected token 'x', ... is not valid
 * JSON" and "Unexpected end of JSON input" have none), and a broken export must be reported with a line and column.
 * When the text is an array, `onElement` is called with the offset where each of its elements starts (how a JSON
 * array export gives each record its line).
 */
export function checkJson(text: string, onElement?: (offset: number) => void): JsonSyntaxError | undefined {
  const n = text.length;
  const stack: number[] = [];
  let i = 0;
  const fail = (reason: string): JsonSyntaxError => ({ offset: i, reason });
  const skipSpace = () => {
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    }
  };
  // A string at i (its opening quote), leaving i after its closing quote.
  const string = (): JsonSyntaxError | undefined => {
    for (i += 1; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i += 1;
        return undefined;
      }
      if (c < 0x20) return fail(`${describeAt(text, i)} inside a string (it must be written as an escape such as \\n)`);
      if (c === 0x5c) {
        const escaped = text[i + 1];
        if (escaped === undefined) break;
        if (escaped === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return fail("\\u is not followed by 4 hex digits");
          i += 5;
        } else if ('"\\/bfnrt'.includes(escaped)) i += 1;
        else return fail(`'\\${escaped}' is not a JSON escape`);
      }
    }
    i = n;
    return fail("the text ends inside a string");
  };
  // A key and its colon, at i (after `{` or `,` and white space).
  const key = (): JsonSyntaxError | undefined => {
    if (i >= n) return fail("the text ends inside an object");
    if (text[i] !== '"') return fail(`expected a member name in double quotes, found ${describeAt(text, i)}`);
    const broken = string();
    if (broken) return broken;
    skipSpace();
    if (i >= n) return fail("the text ends inside an object");
    if (text[i] !== ":") return fail(`expected ':' after a member name, found ${describeAt(text, i)}`);
    i += 1;
    return undefined;
  };
  for (;;) {
    // A value.
    skipSpace();
    if (i >= n) return fail(stack.length === 0 ? "the text is empty" : "the text ends where a value was expected");
    if (onElement && stack.length === 1 && stack[0] === ARRAY) onElement(i);
    const c = text[i]!;
    let opened = false;
    if (c === "{" || c === "[") {
      i += 1;
      skipSpace();
      if (text[i] === (c === "{" ? "}" : "]")) i += 1;
      else {
        stack.push(c === "{" ? OBJECT : ARRAY);
        opened = true;
        if (c === "{") {
          const broken = key();
          if (broken) return broken;
        }
      }
    } else if (c === '"') {
      const broken = string();
      if (broken) return broken;
    } else if (c === "-" || (c >= "0" && c <= "9")) {
      const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
      number.lastIndex = i;
      const match = number.exec(text);
      if (!match || match[0] === "-") return fail("a number is malformed");
      i += match[0].length;
      if (/[0-9.eE+-]/.test(text[i] ?? "")) return fail("a number is malformed");
    } else if (text.startsWith("true", i)) i += 4;
    else if (text.startsWith("false", i)) i += 5;
    else if (text.startsWith("null", i)) i += 4;
    else return fail(`unexpected ${describeAt(text, i)} where a value was expected`);
    if (opened) continue;
    // After a value: close containers, or find the next value.
    for (;;) {
      skipSpace();
      const top = stack[stack.length - 1];
      if (top === undefined) return i < n ? fail(`unexpected ${describeAt(text, i)} after the end of the JSON value`) : undefined;
      if (i >= n) return fail(top === ARRAY ? "the text ends inside an array" : "the text ends inside an object");
      const next = text[i]!;
      if (next === ",") {
        i += 1;
        if (top === OBJECT) {
          skipSpace();
          const broken = key();
          if (broken) return broken;
        }
        break;
      }
      if (next === (top === ARRAY ? "]" : "}")) {
        i += 1;
        stack.pop();
        continue;
      }
      return fail(
        top === ARRAY
          ? `expected ',' or ']' after an array element, found ${describeAt(text, i)}`
          : `expected ',' or '}' after an object member, found ${describeAt(text, i)}`,
      );
    }
  }
}

/**
 * What is wrong with a JSON text that `JSON.parse` refused, as `not valid JSON at line L column C: reason`, with a
 * hint when the fault is at the end (a truncated file: an interrupted download or copy).
 */
export function describeJsonError(text: string, parseError: unknown): { line: number; column: number; message: string } {
  const fault = checkJson(text);
  if (!fault) return { line: 1, column: 1, message: `not valid JSON: ${(parseError as Error).message}` };
  const { line, column } = lineAndColumn(text, fault.offset);
  const truncated = text.slice(fault.offset).trim() === "" && fault.offset > 0 ? "; the file may be truncated" : "";
  return { line, column, message: `not valid JSON at line ${line} column ${column}: ${fault.reason}${truncated}` };
}

import { parse as parseCsv } from "csv-parse";
import { createReadStream, statSync } from "node:fs";
import { basename } from "node:path";
import { finished } from "node:stream/promises";
import { requireFile } from "./paths";
import { EncodingError, checkJson, countLineFeeds, decodeUtf8Chunks, describeJsonError } from "./text";
import { isZip, openZip, type ZipArchive } from "./zip";

/**
 * Streaming readers of export files: JSON Lines and CSV, one record at a time with its line number, so a converter
 * holds what it builds, never the input's text. A broken line is yielded as a problem and reading goes on, so every
 * problem of a file is reported at once. What ends a file early, as one problem: bytes that are not UTF-8 (the
 * records before them are read; nothing after them can be trusted to be what the file meant), a UTF-16 file, and an
 * unclosed CSV quote. A path that is missing or a folder is not a problem of the file but a mistake in the command:
 * it throws (see {@link requireFile}).
 *
 * Lines are split at LF, a CR before it dropped (CRLF files read as LF files); a lone CR is not a line break.
 */

/** How far a converter has read: what the CLI's progress lines show. */
export interface ReadProgress {
  /** The file's name, or `export.zip:import.jsonl` for an entry of a zip. */
  file: string;
  records: number;
  /** Bytes read so far (of the uncompressed entry, for a zip). */
  bytes: number;
  totalBytes: number;
}

/** Called every {@link PROGRESS_EVERY} records and once at the end of each file. */
export type ProgressListener = (progress: ReadProgress) => void;

/** Records between two progress calls. */
export const PROGRESS_EVERY = 100_000;

/**
 * One record of a file, or why it could not be read. `line` is the 1-based line the record starts on; 0 when a
 * problem is about the input as a whole rather than a line (a zip holding no `.jsonl` entry, or not readable as a
 * zip), which a converter may report under the source's label alone.
 */
export type LineRecord<T> = { line: number; value: T } | { line: number; problem: string };

/** An input read record by record, and what to call it where a problem is reported. */
export interface LineSource<T> {
  /**
   * The input's name for problem sources (`label:line`): the file's name (`export.jsonl`), or the archive's and the
   * entry's for a zip (`export.zip:import.jsonl`, so a problem reads `export.zip:import.jsonl:17`).
   */
  label: string;
  /** The records; iterated once. The file (or zip entry) is read only as records are asked for. */
  records: AsyncGenerator<LineRecord<T>>;
}

/** Bytes per read of a file: the size of the chunks the strict decoder sees. */
const CHUNK_BYTES = 64 * 1024;

/** How many of an archive's entries a problem names. */
const ENTRIES_NAMED = 8;

function progressTracker(file: string, totalBytes: number, bytesRead: () => number, onProgress: ProgressListener | undefined) {
  let records = 0;
  return {
    record(): void {
      records += 1;
      // Bytes read run ahead of the records by a chunk: the end is only ever said by done().
      if (onProgress && records % PROGRESS_EVERY === 0)
        onProgress({ file, records, bytes: Math.min(bytesRead(), totalBytes - 1), totalBytes });
    },
    done(): void {
      onProgress?.({ file, records, bytes: totalBytes, totalBytes });
    },
  };
}

type Progress = ReturnType<typeof progressTracker>;

/** A file's or a zip entry's decoded text, chunk by chunk, and how far it has been read. */
interface TextInput {
  texts: AsyncGenerator<string, void, undefined>;
  progress: Progress;
}

/** Counts the bytes of `chunks` as they are taken. */
async function* counted(chunks: AsyncIterable<Buffer>, counter: { bytes: number }): AsyncGenerator<Buffer, void, undefined> {
  for await (const chunk of chunks) {
    counter.bytes += chunk.length;
    yield chunk;
  }
}

/** The strict UTF-8 text of the file at `path` (already checked to be a file). */
function fileInput(path: string, label: string, onProgress: ProgressListener | undefined): TextInput {
  const counter = { bytes: 0 };
  const chunks = (async function* () {
    // Opened on the first read: a source that is never read holds no descriptor.
    yield* createReadStream(path, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>;
  })();
  return {
    texts: decodeUtf8Chunks(counted(chunks, counter), basename(path)),
    progress: progressTracker(label, statSync(path).size, () => counter.bytes, onProgress),
  };
}

/** The strict UTF-8 text of a zip entry. */
function entryInput(archive: ZipArchive, entry: string, label: string, onProgress: ProgressListener | undefined): TextInput {
  const counter = { bytes: 0 };
  const chunks = (async function* () {
    yield* (await archive.stream(entry)) as AsyncIterable<Buffer>;
  })();
  return {
    texts: decodeUtf8Chunks(counted(chunks, counter), basename(entry)),
    progress: progressTracker(label, archive.size(entry), () => counter.bytes, onProgress),
  };
}

/** One JSON Lines line as a record; undefined for a blank line. */
function jsonLine(text: string, line: number): LineRecord<Record<string, unknown>> | undefined {
  if (text.trim() === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { line, problem: `not valid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { line, problem: "is not a JSON object" };
  return { line, value: value as Record<string, unknown> };
}

/**
 * The elements of a JSON array file, each with the line it starts on. `text` is the whole file (its leading blank
 * lines included, so that offsets are the file's). A broken array is one problem at the line and column of the fault:
 * nothing in it can be told apart from the fault's consequences.
 */
function* jsonArray(text: string, progress: Progress): Generator<LineRecord<Record<string, unknown>>> {
  let values: unknown[];
  try {
    values = JSON.parse(text) as unknown[];
  } catch (error) {
    const fault = describeJsonError(text, error);
    yield { line: fault.line, problem: `${fault.message} (the file starts with '[', so it is read as one JSON array)` };
    return;
  }
  const starts: number[] = [];
  checkJson(text, (offset) => starts.push(offset));
  let line = 1;
  let counted = 0;
  for (const [index, value] of values.entries()) {
    const start = starts[index]!;
    line += countLineFeeds(text, counted, start);
    counted = start;
    progress.record();
    if (typeof value !== "object" || value === null || Array.isArray(value))
      yield { line, problem: `is not a JSON object (element ${index + 1} of the array)` };
    else yield { line, value: value as Record<string, unknown> };
  }
}

/** How many times `char` is in `text`. */
function countOf(text: string, char: string): number {
  let count = 0;
  for (let i = text.indexOf(char); i !== -1; i = text.indexOf(char, i + 1)) count += 1;
  return count;
}

/** JSON Line whitespace: what may come before the first value. */
const FIRST_VALUE = /[^ \t\r\n]/;

/**
 * The records of a JSON text: JSON Lines, or one JSON array when the first character that is not white space is `[`
 * (what some tools write instead of JSON Lines). An encoding fault ends the text with one problem.
 */
async function* jsonRecords({ texts, progress }: TextInput): AsyncGenerator<LineRecord<Record<string, unknown>>> {
  let line = 0;
  let pieces: string[] = [];
  let mode: "undecided" | "lines" | "array" = "undecided";
  try {
    for await (const text of texts) {
      if (mode === "undecided") {
        const first = text.search(FIRST_VALUE);
        if (first !== -1) mode = text[first] === "[" ? "array" : "lines";
      }
      if (mode === "array") {
        // Kept whole: an array is parsed at once (the lines before it were blank and already counted).
        pieces.push(text);
        continue;
      }
      let start = 0;
      for (let end = text.indexOf("\n"); end !== -1; end = text.indexOf("\n", start)) {
        pieces.push(text.slice(start, end));
        start = end + 1;
        line += 1;
        const joined = pieces.length === 1 ? pieces[0]! : pieces.join("");
        pieces = [];
        const record = jsonLine(joined.endsWith("\r") ? joined.slice(0, -1) : joined, line);
        if (record) {
          progress.record();
          yield record;
        }
      }
      if (start < text.length) pieces.push(text.slice(start));
    }
    if (mode === "array") yield* jsonArray("\n".repeat(line) + pieces.join(""), progress);
    else if (pieces.length > 0) {
      const record = jsonLine(pieces.join(""), line + 1);
      if (record) {
        progress.record();
        yield record;
      }
    }
  } catch (error) {
    if (!(error instanceof EncodingError)) throw error;
    // The line the fault is on is not read: its text is cut at the fault.
    yield { line: error.line, problem: error.message };
  }
  progress.done();
}

/** A source of one record. */
async function* only(record: LineRecord<Record<string, unknown>>): AsyncGenerator<LineRecord<Record<string, unknown>>> {
  yield record;
}

/** Whether a zip entry is one of macOS's AppleDouble companions (`__MACOSX/`, `._name`), never the export's. */
const isAppleDouble = (name: string) => name.startsWith("__MACOSX/") || basename(name).startsWith("._");

/**
 * The JSON Lines entry of a zip: the first entry ending in `.jsonl`, as the Mattermost server takes from an
 * `mmctl export create` zip (which holds `import.jsonl` and the attachments under `data/`).
 */
async function zipJsonLines(path: string, onProgress: ProgressListener | undefined): Promise<LineSource<Record<string, unknown>>> {
  const file = basename(path);
  let archive: ZipArchive;
  try {
    archive = await openZip(path);
  } catch (error) {
    return { label: file, records: only({ line: 0, problem: (error as Error).message }) };
  }
  const entry = archive.names.find((name) => /\.jsonl$/i.test(name) && !isAppleDouble(name));
  if (entry === undefined) {
    const names = archive.names;
    const found =
      names.length === 0
        ? "it holds no files"
        : `it holds ${names.slice(0, ENTRIES_NAMED).join(", ")}${names.length > ENTRIES_NAMED ? ` and ${names.length - ENTRIES_NAMED} more` : ""}`;
    return {
      label: file,
      records: only({ line: 0, problem: `the zip has no .jsonl file to read (a Mattermost bulk export zip holds import.jsonl); ${found}` }),
    };
  }
  const label = `${file}:${entry}`;
  return { label, records: jsonRecords(entryInput(archive, entry, label, onProgress)) };
}

/** {@link openLineSource} for JSON: JSON Lines, a JSON array, or a zip's JSON Lines entry. */
async function openJson(path: string, onProgress: ProgressListener | undefined): Promise<LineSource<Record<string, unknown>>> {
  requireFile(path);
  if (/\.zip$/i.test(path) || isZip(path)) return zipJsonLines(path, onProgress);
  const label = basename(path);
  return { label, records: jsonRecords(fileInput(path, label, onProgress)) };
}

/**
 * Opens an export file to read record by record, and says what to call it in problems.
 * - `.csv`: CSV rows by the header row, as {@link readCsv}.
 * - a zip (by its `.zip` name or its first bytes): its first `.jsonl` entry, read as below, labelled
 *   `export.zip:import.jsonl`; a zip with none is one problem at line 0 naming the first entries it holds.
 * - anything else: JSON Lines, or a JSON array when the file's first character that is not white space is `[`; each
 *   element is a record whose `line` is the line the element starts on, and a malformed array is one problem at the
 *   line of the fault, its message naming the line and column.
 *
 * Every text is decoded as strict UTF-8: a UTF-8 BOM is skipped; a UTF-16 (or UTF-32) file is one problem at line 1
 * naming the encoding and the `iconv` command that converts it; an invalid byte ends the file with one problem at its
 * line, naming the byte offset and value (`invalid UTF-8 at byte 117 (0xE9): the file is not UTF-8; convert it ...`),
 * after the records before it.
 * @throws `<path> does not exist`, `<path> is a folder; give the export file inside it`.
 */
export async function openLineSource(path: string, onProgress?: ProgressListener): Promise<LineSource<Record<string, unknown>>> {
  if (!/\.csv$/i.test(path)) return openJson(path, onProgress);
  requireFile(path);
  const label = basename(path);
  return { label, records: csvRecords(fileInput(path, label, onProgress)) };
}

/**
 * The objects of a JSON Lines file (blank lines skipped, a line that is not a JSON object a problem), of a JSON
 * array file, or of the first `.jsonl` entry of a zip: {@link openLineSource} without the CSV case, for a caller that
 * needs no label (a zip's entry name is only in {@link LineSource.label}). A missing path or a folder throws at the
 * first record.
 */
export async function* readJsonLines(path: string, onProgress?: ProgressListener): AsyncGenerator<LineRecord<Record<string, unknown>>> {
  yield* (await openJson(path, onProgress)).records;
}

/**
 * The rows of CSV text as column name to text, by its header row (names trimmed). A row with more or fewer fields
 * than the header is a problem, reported with its line; a CSV syntax error (an unclosed quote) ends the text.
 */
async function* csvRecords({ texts, progress }: TextInput): AsyncGenerator<LineRecord<Record<string, string>>> {
  // Rows are taken as csv-parse finds them (on_record, called inside each write) rather than read from its stream,
  // so that each write's rows are all in hand when it returns, and a text cut at an encoding fault is never ended:
  // the row cut in two is never parsed.
  const rows: { record: string[]; lines: number }[] = [];
  const parser = parseCsv({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    on_record: (record: string[], context) => {
      rows.push({ record, lines: context.lines });
      return null;
    },
  });
  let failure: unknown;
  parser.on("error", (error) => {
    failure ??= error;
  });
  parser.resume();
  let header: string[] | undefined;
  // csv-parse counts every CR and LF inside a quoted field as a line (a quoted CRLF as two), and the record's line
  // is its count less the CRs it read so far: lines are counted by LF, as editors and the encoding check count them.
  let carriageReturns = 0;
  function* take(): Generator<LineRecord<Record<string, string>>> {
    for (const { record, lines } of rows.splice(0)) {
      carriageReturns += record.reduce((n, field) => n + countOf(field, "\r"), 0);
      // lines is the line the record ends on; a quoted field's line breaks move its start back.
      const line = lines - carriageReturns - record.reduce((n, field) => n + countLineFeeds(field), 0);
      if (!header) {
        header = record.map((name) => name.trim());
        continue;
      }
      progress.record();
      if (record.length !== header.length) {
        yield { line, problem: `has ${record.length} fields where the header has ${header.length} (${header.join(",")})` };
        continue;
      }
      yield { line, value: Object.fromEntries(header.map((name, i) => [name, record[i]!])) };
    }
  }
  try {
    for await (const text of texts) {
      await new Promise<void>((resolve) => parser.write(text, () => resolve()));
      yield* take();
      if (failure) break;
    }
    if (!failure) {
      parser.end();
      await finished(parser, { readable: false }).catch((error: unknown) => {
        failure ??= error;
      });
      yield* take();
    }
  } catch (error) {
    if (!(error instanceof EncodingError)) throw error;
    yield* take();
    yield { line: error.line, problem: error.message };
    parser.destroy();
    progress.done();
    return;
  }
  if (failure) {
    parser.destroy();
    const { lines, message } = failure as { lines?: number; message: string };
    yield {
      line: lines === undefined ? 0 : lines - carriageReturns,
      problem: `cannot be read as CSV: ${message}; the rest of the file is not read`,
    };
  }
  progress.done();
}

/**
 * The rows of a CSV file (RFC 4180: quoted fields may hold commas, quotes and line breaks) as column name to text,
 * by its header row (names trimmed). A row with more or fewer fields than the header is a problem, reported with
 * its line. Decoded as strict UTF-8 as {@link openLineSource} says. A missing path or a folder throws at the first
 * record.
 */
export async function* readCsv(path: string, onProgress?: ProgressListener): AsyncGenerator<LineRecord<Record<string, string>>> {
  requireFile(path);
  yield* csvRecords(fileInput(path, basename(path), onProgress));
}

/** The rows of a table file, CSV or JSON by its extension (`.csv`; else as {@link readJsonLines}). */
export function readTable(path: string, onProgress?: ProgressListener): AsyncGenerator<LineRecord<Record<string, unknown>>> {
  return /\.csv$/i.test(path) ? readCsv(path, onProgress) : readJsonLines(path, onProgress);
}

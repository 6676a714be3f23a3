import { parse as parseCsv } from "csv-parse";
import { createReadStream, statSync } from "node:fs";
import { basename } from "node:path";
import { createInterface } from "node:readline";

/**
 * Streaming readers of export files: JSON Lines and CSV, one record at a time with its line number, so a converter
 * holds what it builds, never the input's text. A broken line is yielded as a problem and reading goes on, so every
 * problem of a file is reported at once; only an unclosed CSV quote ends a file early (nothing after it can be
 * read as intended).
 */

/** How far a converter has read: what the CLI's progress lines show. */
export interface ReadProgress {
  file: string;
  records: number;
  bytes: number;
  totalBytes: number;
}

/** Called every {@link PROGRESS_EVERY} records and once at the end of each file. */
export type ProgressListener = (progress: ReadProgress) => void;

/** Records between two progress calls. */
export const PROGRESS_EVERY = 100_000;

/** One record of a file, or why its line could not be read. */
export type LineRecord<T> = { line: number; value: T } | { line: number; problem: string };

function progressTracker(path: string, stream: { bytesRead: number }, onProgress: ProgressListener | undefined) {
  const file = basename(path);
  const totalBytes = statSync(path).size;
  let records = 0;
  return {
    record(): void {
      records += 1;
      // bytesRead runs ahead of the records by the stream's buffer: the end is only ever said by done().
      if (onProgress && records % PROGRESS_EVERY === 0)
        onProgress({ file, records, bytes: Math.min(stream.bytesRead, totalBytes - 1), totalBytes });
    },
    done(): void {
      onProgress?.({ file, records, bytes: totalBytes, totalBytes });
    },
  };
}

/** The objects of a JSON Lines file; blank lines are skipped, a line that is not a JSON object is a problem. */
export async function* readJsonLines(path: string, onProgress?: ProgressListener): AsyncGenerator<LineRecord<Record<string, unknown>>> {
  const stream = createReadStream(path, { encoding: "utf8" });
  const progress = progressTracker(path, stream, onProgress);
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  for await (const raw of lines) {
    line += 1;
    const text = line === 1 ? raw.replace(/^\uFEFF/, "") : raw;
    if (text.trim() === "") continue;
    progress.record();
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      const hint = line === 1 && text.trimStart().startsWith("[") ? " (a JSON array: write one object per line, e.g. jq -c '.[]')" : "";
      yield { line, problem: `not valid JSON: ${(error as Error).message}${hint}` };
      continue;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) yield { line, problem: "is not a JSON object" };
    else yield { line, value: value as Record<string, unknown> };
  }
  progress.done();
}

/**
 * The rows of a CSV file (RFC 4180: quoted fields may hold commas, quotes and line breaks; a UTF-8 BOM is skipped)
 * as column name to text, by its header row (names trimmed). A row
 * with more or fewer fields than the header is a problem, reported with its line.
 */
export async function* readCsv(path: string, onProgress?: ProgressListener): AsyncGenerator<LineRecord<Record<string, string>>> {
  const stream = createReadStream(path);
  const progress = progressTracker(path, stream, onProgress);
  const parser = stream.pipe(parseCsv({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true }));
  let header: string[] | undefined;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      // info.lines is the line the record ends on; a quoted field's line breaks move its start back.
      const line = info.lines - record.reduce((n, field) => n + (field.match(/\n/g)?.length ?? 0), 0);
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
  } catch (error) {
    const { lines, message } = error as { lines?: number; message: string };
    yield { line: lines ?? 0, problem: `cannot be read as CSV: ${message}; the rest of the file is not read` };
  }
  progress.done();
}

/** The rows of a table file, CSV or JSON Lines by its extension (`.csv`, `.jsonl`, `.ndjson`). */
export function readTable(path: string, onProgress?: ProgressListener): AsyncGenerator<LineRecord<Record<string, unknown>>> {
  return /\.csv$/i.test(path) ? readCsv(path, onProgress) : readJsonLines(path, onProgress);
}

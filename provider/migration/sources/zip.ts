import { close, closeSync, createReadStream, open, openSync, read, readSync, statSync } from "node:fs";
import { basename } from "node:path";
import type { Readable } from "node:stream";
import { promisify } from "node:util";
import yauzl from "yauzl";
import { requireFile } from "./paths";

/**
 * Reading zip archives as exports (Slack's export `.zip`, Mattermost's `mmctl export create` zip) without unpacking
 * them: entries are listed from the central directory and read into memory or streamed, never written to disk, so an
 * entry named `../x` or `/etc/x` cannot reach outside the archive. Such entries are left out of every listing and
 * cannot be read (a real export has none; an archive with them is not one to trust).
 */

/** The local file header signature (`PK\x03\x04`) that starts a zip holding entries. */
const LOCAL_HEADER = [0x50, 0x4b, 0x03, 0x04];
/** The end of central directory signature (`PK\x05\x06`) that starts a zip holding nothing. */
const EMPTY_ARCHIVE = [0x50, 0x4b, 0x05, 0x06];

/**
 * Whether the file at `path` is a zip archive, by its first bytes (`PK\x03\x04`, or `PK\x05\x06` for an empty
 * archive), whatever its name: a download renamed `export.json` is still found to be a zip. False when the path is
 * missing, a folder or unreadable: check those first with `requireFile` where they are errors.
 */
export function isZip(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const head = Buffer.alloc(4);
    const read = readSync(fd, head, 0, 4, 0);
    return read === 4 && [LOCAL_HEADER, EMPTY_ARCHIVE].some((magic) => magic.every((byte, i) => head[i] === byte));
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const openFile = promisify(open);
const closeFile = promisify(close);

/**
 * yauzl's access to the archive by path rather than by a held descriptor: each entry's stream opens the file for
 * its own range and closes it at its end, so an open archive holds no descriptor between reads and needs no close.
 * While the central directory is listed (two small reads per entry) one descriptor is held, set in `fd`.
 */
class PathReader extends yauzl.RandomAccessReader {
  fd: number | undefined;

  constructor(private readonly path: string) {
    super();
  }

  override _readStreamForRange(start: number, end: number): Readable {
    // yauzl's end is exclusive, createReadStream's inclusive; an empty range never gets here.
    return createReadStream(this.path, { start, end: end - 1 });
  }

  override read(
    buffer: Buffer,
    offset: number,
    length: number,
    position: number,
    callback: (err: Error | null, bytesRead?: number) => void,
  ): void {
    if (this.fd === undefined) return super.read(buffer, offset, length, position, callback);
    read(this.fd, buffer, offset, length, position, (error, bytesRead) => callback(error, bytesRead));
  }

  override close(callback: (err: Error | null) => void): void {
    setImmediate(() => callback(null));
  }
}

/** A zip archive's file entries, by name, readable one at a time. */
export interface ZipArchive {
  /** The archive's path, as given. */
  readonly path: string;
  /**
   * The file entries' names in archive order (folders, which end in `/`, left out), with `/` between folders even
   * when the archive was written with `\` (.NET's old zip writer). A name that appears twice is listed once.
   */
  readonly names: readonly string[];
  /** Entries left out because their names are absolute or climb out with `..` (never read). */
  readonly unsafeNames: readonly string[];
  /** Whether the archive has a file entry of this name. */
  has(name: string): boolean;
  /** The uncompressed size of an entry, as its header declares (yauzl checks it as the entry is read). */
  size(name: string): number;
  /** The whole content of an entry. */
  read(name: string): Promise<Buffer>;
  /** The content of an entry as a stream of bytes (uncompressed; yauzl checks its size against the header as it is read). */
  stream(name: string): Promise<Readable>;
}

/**
 * Opens the zip at `path` and lists its entries. Throws `<path> does not exist`, `<path> is a folder; ...`, or
 * `<path> is not a readable zip archive (...)`.
 */
export async function openZip(path: string): Promise<ZipArchive> {
  requireFile(path, "zip file");
  const reader = new PathReader(path);
  const entries = new Map<string, yauzl.Entry>();
  const unsafeNames: string[] = [];
  let zip: yauzl.ZipFile;
  try {
    reader.fd = await openFile(path, "r");
    // decodeStrings off: with it, yauzl fails the whole archive at the first unsafe name; here such an entry is
    // left out and the rest read. autoClose off: entries are read after the listing, each opening the file anew.
    zip = await yauzl.fromRandomAccessReaderPromise(reader, statSync(path).size, {
      decodeStrings: false,
      autoClose: false,
      lazyEntries: true,
    });
    for await (const entry of zip.eachEntry()) {
      const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
      if (name.endsWith("/")) continue;
      if (yauzl.validateFileName(name) !== null) unsafeNames.push(name);
      else if (!entries.has(name)) entries.set(name, entry);
    }
  } catch (error) {
    throw new Error(`${path} is not a readable zip archive (${(error as Error).message})`);
  } finally {
    const fd = reader.fd;
    reader.fd = undefined;
    if (fd !== undefined) await closeFile(fd);
  }
  const label = basename(path);
  const entryOf = (name: string): yauzl.Entry => {
    const entry = entries.get(name);
    if (!entry) throw new Error(`${label} has no entry ${name}`);
    return entry;
  };
  const stream = async (name: string): Promise<Readable> => {
    const entry = entryOf(name);
    try {
      return await zip.openReadStreamPromise(entry);
    } catch (error) {
      // An encrypted entry, or one compressed with other than deflate.
      throw new Error(`${label}: ${name} cannot be read (${(error as Error).message})`);
    }
  };
  return {
    path,
    names: [...entries.keys()],
    unsafeNames,
    has: (name) => entries.has(name),
    size: (name) => entryOf(name).uncompressedSize,
    stream,
    async read(name) {
      const content = await stream(name);
      const chunks: Buffer[] = [];
      try {
        for await (const chunk of content) chunks.push(chunk as Buffer);
      } catch (error) {
        // A corrupt entry: bad deflate data, or a size that does not match its header.
        throw new Error(`${label}: ${name} cannot be read (${(error as Error).message})`);
      }
      return Buffer.concat(chunks);
    },
  };
}

/** The names of the file entries of the zip at `path` (see {@link ZipArchive.names}). */
export async function listZip(path: string): Promise<string[]> {
  return [...(await openZip(path)).names];
}

/** The whole content of the entry `name` of the zip at `path`; throws when there is no such entry. */
export async function readZipEntry(path: string, name: string): Promise<Buffer> {
  return (await openZip(path)).read(name);
}

/** The content of the entry `name` of the zip at `path` as a stream; throws when there is no such entry. */
export async function zipEntryStream(path: string, name: string): Promise<Readable> {
  return (await openZip(path)).stream(name);
}

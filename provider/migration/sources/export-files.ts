import { readdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { isFolder } from "./paths";
import { EncodingError, decodeUtf8, describeJsonError } from "./text";
import { isZip, openZip } from "./zip";

/**
 * An export that is a folder of JSON files, given as the folder or as the `.zip` of it (Slack's workspace export
 * downloads as a zip; users unpack it, or not, or re-zip the unpacked folder one level up). Converters read its files
 * by relative name the same way either way, and every file is decoded as strict UTF-8 and parsed with the file's
 * name and the line and column of a fault in the error.
 */

/** The files whose presence marks an export's root folder. */
const ROOT_MARKERS = ["users.json", "channels.json"];

/** How many names an error lists of what it found. */
const NAMES_LISTED = 8;

/** The files of a folder-or-zip export, by their names relative to the export's root. */
export interface ExportFiles {
  /** What to call the export in messages: the folder's or the zip's name as given (`slack-export`, `export.zip`). */
  readonly label: string;
  /**
   * Set when the export's root is not the given folder or zip's top but the one folder in it that holds
   * `users.json`/`channels.json` (a re-zipped, or zipped one level up, export): says which folder was read, for the
   * converter to show the user.
   */
  readonly rootNote?: string;
  /** The files under the root, as relative paths with `/` (`users.json`, `general/2024-01-31.json`), sorted. */
  names(): string[];
  /** Whether the export has the file `name` (relative to the root, with `/`). */
  has(name: string): boolean;
  /**
   * The parsed JSON of the file `name`. Throws an Error naming the file when it is missing (`<label> has no
   * <name>`), not UTF-8 (`<name>: line 3: invalid UTF-8 at byte 117 (0xE9): ...`; a UTF-16 file is named as such),
   * or not valid JSON (`channels.json: not valid JSON at line 12 column 5: ...; the file may be truncated`). A
   * UTF-8 BOM is skipped.
   */
  readJson(name: string): Promise<unknown>;
}

/** A listing's first few names, for an error saying what was found instead. */
function someOf(names: string[]): string {
  if (names.length === 0) return "it is empty";
  const more = names.length > NAMES_LISTED ? ` and ${names.length - NAMES_LISTED} more` : "";
  return `it holds ${names.slice(0, NAMES_LISTED).join(", ")}${more}`;
}

/** macOS's AppleDouble companions in a zip or a copied folder (`__MACOSX/`, `._name`): never an export's files. */
const isAppleDouble = (name: string) => name.split("/").some((part) => part === "__MACOSX" || part.startsWith("._"));

/**
 * The export's root, given the top-level names (`name` for a file, `name/` for a folder) and whether a top-level
 * folder holds a file: `""` when the top holds a root marker, else `folder/` when exactly one folder does. Throws,
 * naming the path, when none does or several do.
 */
function findRoot(path: string, top: string[], holds: (folder: string, marker: string) => boolean): string {
  if (ROOT_MARKERS.some((marker) => top.includes(marker))) return "";
  const folders = top.filter((name) => name.endsWith("/") && !isAppleDouble(name));
  const roots = folders.filter((folder) => ROOT_MARKERS.some((marker) => holds(folder, marker)));
  if (roots.length === 1) return roots[0]!;
  if (roots.length > 1)
    throw new Error(`${path} holds more than one Slack export (in ${roots.join(", ")}); give one of them (its folder or a zip of it)`);
  throw new Error(
    `${path} does not look like a Slack export: it has no ${ROOT_MARKERS.join(" or ")}, at its top or in a folder at its top; ${someOf(top)}`,
  );
}

/** Files below `dir`, as paths relative to it with `/`; symbolic links are not followed (they may lead outside). */
async function walk(dir: string, prefix = ""): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) found.push(...(await walk(join(dir, entry.name), `${prefix}${entry.name}/`)));
    else if (entry.isFile()) found.push(`${prefix}${entry.name}`);
  }
  return found;
}

/** A folder's entries, `name/` for a folder; links, sockets and the like left out. */
async function topOf(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.flatMap((entry) => (entry.isDirectory() ? [`${entry.name}/`] : entry.isFile() ? [entry.name] : [])).sort();
}

/** Parses a file's bytes as strict UTF-8 JSON; errors name the file. */
function parseFile(name: string, bytes: Buffer): unknown {
  let text: string;
  try {
    text = decodeUtf8(bytes, basename(name));
  } catch (error) {
    if (!(error instanceof EncodingError)) throw error;
    throw new Error(`${name}: ${error.offset === undefined ? "" : `line ${error.line}: `}${error.message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${name}: ${describeJsonError(text, error).message}`);
  }
}

/** Files of an export read from `names` (relative to the root) with `read`. */
function exportFiles(label: string, root: string, names: string[], read: (name: string) => Promise<Buffer>): ExportFiles {
  const listed = names.filter((name) => !isAppleDouble(name)).sort();
  const known = new Set(listed);
  return {
    label,
    ...(root === ""
      ? {}
      : { rootNote: `${label} holds the export in its folder ${root} (re-zipped, or packed one level up); read from there` }),
    names: () => [...listed],
    has: (name) => known.has(name),
    async readJson(name) {
      // Only listed names are read: a name with `..` or an absolute one is not listed, so reads stay in the export.
      if (!known.has(name)) throw new Error(`${label} has no ${name}`);
      return parseFile(name, await read(name));
    },
  };
}

/**
 * Opens a Slack export given as its folder or its `.zip` (recognized by its first bytes). The root is the folder or
 * zip's top when that holds `users.json` or `channels.json`, else the one top-level folder that does (then
 * {@link ExportFiles.rootNote} says so). Nothing outside the given folder is listed or read.
 * @throws `<path> does not exist`; `<path> is a file but not a zip archive; ...`; `<path> does not look like a Slack
 * export: ...; it holds a/, b.txt, ...` (what was found, first few); `<path> is not a readable zip archive (...)`.
 */
export async function openExportFiles(path: string): Promise<ExportFiles> {
  const label = basename(path);
  if (isFolder(path)) {
    const top = await topOf(path);
    // One level down only: a folder given by mistake (a home folder) is never walked whole.
    const below = new Set<string>();
    for (const folder of top.filter((name) => name.endsWith("/")))
      for (const name of await topOf(join(path, folder))) below.add(`${folder}${name}`);
    const root = findRoot(path, top, (folder, marker) => below.has(`${folder}${marker}`));
    const rootDir = join(path, root);
    return exportFiles(label, root, await walk(rootDir), (name) => readFile(join(rootDir, name)));
  }
  if (!isZip(path)) throw new Error(`${path} is a file but not a zip archive; give the Slack export's folder or its .zip`);
  const archive = await openZip(path);
  const top = [...new Set(archive.names.map((name) => (name.includes("/") ? `${name.slice(0, name.indexOf("/") + 1)}` : name)))].sort();
  const root = findRoot(path, top, (folder, marker) => archive.has(`${folder}${marker}`));
  const names = archive.names.filter((name) => name.startsWith(root)).map((name) => name.slice(root.length));
  return exportFiles(label, root, names, (name) => archive.read(`${root}${name}`));
}

import { statSync, type Stats } from "node:fs";

/**
 * Checks of the paths a user gives a converter, so that a mistake is told in the user's terms (the path, and what
 * was expected there) before any reading starts, instead of Node's `ENOENT`/`EISDIR` from deep inside a reader.
 */

/** The kind of what is at `path`, or undefined when nothing is; any other failure (permissions) names the path. */
function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw new Error(`${path} cannot be read (${code ?? (error as Error).message})`);
  }
}

/**
 * Throws unless `path` is a file: `<path> does not exist`, or `<path> is a folder; give the <what> inside it` (a user
 * who gives the unpacked export's folder where its file is expected).
 * @param what what the file is, in the message: `export file` by default.
 */
export function requireFile(path: string, what = "export file"): void {
  const stats = statOf(path);
  if (!stats) throw new Error(`${path} does not exist`);
  if (stats.isDirectory()) throw new Error(`${path} is a folder; give the ${what} inside it`);
}

/**
 * Throws unless `path` is a folder: `<path> does not exist`, or `<path> is a file, not a folder; give the <what>`.
 * @param what what the folder is, in the message: `folder that holds the export` by default.
 */
export function requireFolder(path: string, what = "folder that holds the export"): void {
  const stats = statOf(path);
  if (!stats) throw new Error(`${path} does not exist`);
  if (!stats.isDirectory()) throw new Error(`${path} is a file, not a folder; give the ${what}`);
}

/** Whether `path` is a folder (false when it is a file); throws `<path> does not exist` when it is neither. */
export function isFolder(path: string): boolean {
  const stats = statOf(path);
  if (!stats) throw new Error(`${path} does not exist`);
  return stats.isDirectory();
}

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import yazl from "yazl";

/** What a test archive or tree holds: name (with `/`) to content; a name ending in `/` is an empty folder. */
export type Entries = Record<string, string | Buffer>;

/** The bytes of a zip holding `entries` in their order (compressed, as real exports are). */
export async function zipBytes(entries: Entries): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, content] of Object.entries(entries)) {
    if (name.endsWith("/")) zip.addEmptyDirectory(name);
    else zip.addBuffer(Buffer.isBuffer(content) ? content : Buffer.from(content), name);
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** A fresh folder holding `entries`, subfolders made as needed. */
export function treeWith(entries: Entries): string {
  const dir = mkdtempSync(join(tmpdir(), "tencent-chat-tree-"));
  for (const [name, content] of Object.entries(entries)) {
    const path = join(dir, name);
    if (name.endsWith("/")) mkdirSync(path, { recursive: true });
    else {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, content);
    }
  }
  return dir;
}

/**
 * A zip file holding `entries`, named `name` in a fresh folder. `rename` replaces entry names after the archive is
 * written (same length), to make names yazl refuses to write, such as `../x`.
 */
export async function zipWith(entries: Entries, name = "export.zip", rename: Record<string, string> = {}): Promise<string> {
  let bytes = await zipBytes(entries);
  for (const [from, to] of Object.entries(rename)) {
    if (from.length !== to.length) throw new Error("a renamed entry keeps its length");
    bytes = Buffer.from(bytes.toString("latin1").replaceAll(from, to), "latin1");
  }
  const path = join(mkdtempSync(join(tmpdir(), "tencent-chat-zip-")), name);
  writeFileSync(path, bytes);
  return path;
}

/** Every file of a fixture folder by its path inside it: what the tool's zip would hold. */
export function filesOf(folder: string): Record<string, Buffer> {
  const files: Record<string, Buffer> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(folder, path)] = readFileSync(path);
    }
  };
  walk(folder);
  return files;
}

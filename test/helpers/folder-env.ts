import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Registers hooks so that each case runs with the environment variable `name` naming a new empty folder of its own
 * (`TMPDIR`, `TENCENT_CHAT_HISTORY_CACHE`): what the code under test leaves there is the case's to see. After each
 * case the folder is removed and the variable is as it was. `folder()` is the current case's folder.
 */
export function useFolderEnv(name: string, prefix: string): { folder(): string } {
  let folder: string | undefined;
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env[name];
    // Made before the variable changes: a TMPDIR case's own folder is not inside itself.
    folder = mkdtempSync(join(tmpdir(), prefix));
    process.env[name] = folder;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env[name];
    else process.env[name] = saved;
    if (folder) rmSync(folder, { recursive: true, force: true });
  });
  return {
    folder() {
      if (!folder) throw new Error(`no folder: ${name} is set only while a case runs`);
      return folder;
    },
  };
}

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * The group IDs one program run declares in batches, per stack, written by declareMigration before it declares any
 * resource and read by the batch provider before it destroys a group that left its batch. Batches are filled in
 * manifest order, so removing or adding a group early in a manifest moves later groups into a neighbouring batch:
 * one batch's update then imports (adopts) the group while the other's would destroy it, in an order no one
 * chooses. A group still declared in this run is never destroyed by the batch it left, only forgotten there (it
 * stays where the other batch adopts it). The record can only turn a destroy into a forget: a stale or foreign
 * record leaves a group in place (which `verify` reports as extra), never deletes one.
 */

/** The folder of the records: `TENCENT_CHAT_STATE_CACHE`, else one in the system's temporary folder. */
function recordsFolder(): string {
  return process.env.TENCENT_CHAT_STATE_CACHE ?? join(tmpdir(), "tencent-chat-declared-groups");
}

function recordFile(stack: string): string {
  return join(recordsFolder(), `${encodeURIComponent(stack)}.json`);
}

/** Records the group IDs this program run declares in batches for `stack` (atomically: a reader sees one run's record). */
export function recordDeclaredGroups(stack: string, groupIds: readonly string[]): void {
  mkdirSync(recordsFolder(), { recursive: true });
  const path = recordFile(stack);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify({ at: Date.now(), groupIds: [...groupIds].sort() }));
  renameSync(temporary, path);
}

/** Whether the latest run of `stack`'s program declares `groupId` in some batch (false without a record). */
export function isDeclaredInThisRun(stack: string | undefined, groupId: string): boolean {
  if (stack === undefined) return false;
  const path = recordFile(stack);
  if (!existsSync(path)) return false;
  try {
    const { groupIds } = JSON.parse(readFileSync(path, "utf8")) as { groupIds: string[] };
    return groupIds.includes(groupId);
  } catch {
    return false;
  }
}

import { generateManifest } from "../../provider/migration/generate";
import type { HistoryMessage } from "../../provider/migration/history";
import { validateManifest } from "../../provider/migration/validate";
import { seededMoments, type KillMoment } from "../../tools/kill-recovery";

/**
 * The manifest test/tools/kill-recovery.spec.ts migrates and kills: 24 groups of 12 members (a tenth communities with
 * 5 topics), every phase of a migration in about 70 calls.
 */
export const KILL_MANIFEST = validateManifest(generateManifest({ groups: 24, membersPerGroup: 12, prefix: "kill" })).manifest!;

/** The API calls {@link KILL_MANIFEST}'s migration makes, by the manifest's estimate. */
export const KILL_CALLS = Object.values(validateManifest(KILL_MANIFEST).estimate.calls).reduce((a, b) => a + b, 0);

/** The seeded kill moments: per backend and form, after this many API calls. */
export const KILL_MOMENTS: KillMoment[] = [
  ...seededMoments(101, 4, KILL_CALLS).map((killAfterCalls) => ({ form: "per-object" as const, backend: "file" as const, killAfterCalls })),
  ...seededMoments(102, 3, KILL_CALLS).map((killAfterCalls) => ({ form: "batch" as const, backend: "file" as const, killAfterCalls })),
  ...seededMoments(103, 2, KILL_CALLS).map((killAfterCalls) => ({
    form: "per-object" as const,
    backend: "postgres" as const,
    killAfterCalls,
  })),
  ...seededMoments(104, 2, KILL_CALLS).map((killAfterCalls) => ({ form: "batch" as const, backend: "postgres" as const, killAfterCalls })),
];

/**
 * A history for {@link KILL_MANIFEST}: 40 messages in each of 6 groups, from their members, two to a second, so a
 * run spends most of its calls importing messages (7 a call).
 */
export const KILL_HISTORY: HistoryMessage[] = KILL_MANIFEST.groups.slice(0, 6).flatMap((group) => {
  const people = [group.ownerAccount!, ...Object.keys(group.members)];
  return Array.from({ length: 40 }, (_, i) => ({
    conversation: group.key,
    id: `${group.key}-m${i}`,
    from: people[i % people.length]!,
    time: group.createTime! + 1000 + Math.floor(i / 2),
    body: [{ type: "text" as const, text: `${group.key} message ${i}` }],
  }));
});

/** The calls of {@link KILL_MANIFEST}'s migration with {@link KILL_HISTORY}: the history adds 6 groups' import calls. */
export const KILL_HISTORY_CALLS = KILL_CALLS + 6 * Math.ceil(40 / 7);

/**
 * Kills during a migration with history: 6 on the file backend, 4 on PostgreSQL (per-object form), 2 in the batch
 * form, in the part of the run where messages are imported (the histories start as their groups' members are in).
 */
const historyWindow = (seed: number, count: number) =>
  seededMoments(seed, count, KILL_HISTORY_CALLS - KILL_CALLS + 20).map((n) => KILL_CALLS - 20 + n);
export const KILL_HISTORY_MOMENTS: KillMoment[] = [
  ...historyWindow(201, 6).map((killAfterCalls) => ({ form: "per-object" as const, backend: "file" as const, killAfterCalls })),
  ...historyWindow(202, 4).map((killAfterCalls) => ({ form: "per-object" as const, backend: "postgres" as const, killAfterCalls })),
  // The batch form: each batch's conversations in one ImportedGroupHistoryBatch, groups side by side.
  ...historyWindow(203, 2).map((killAfterCalls) => ({ form: "batch" as const, backend: "file" as const, killAfterCalls })),
];

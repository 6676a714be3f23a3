import { generateManifest } from "../../provider/migration/generate";
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

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { pulumiRunner } from "../provider/migration/pulumi-cli";
import { recoverStack, repairLocalCheckpoint } from "../provider/migration/recover";
import { startEmulator, type RunningEmulator } from "../emulator/server";
import type { FaultConfig } from "../emulator/faults";
import type { Manifest } from "../provider/migration/manifest";
import { createLocalStack, emulatorClient, emulatorStackConfig, repoProgram, type LocalStack } from "./lib/local-stack";
import { killProcessesIn } from "./lib/processes";
import { verifyMigration } from "../provider/migration/verify";
import { differencesFromManifest } from "./verify";

/** The fault mix of the reliability runs: per call, with a fixed seed. */
export function faultMix(seed: number): FaultConfig {
  return {
    seed,
    rules: [
      { command: "*", probability: 0.01, action: { type: "drop-after-apply" } },
      { command: "*", probability: 0.02, action: { type: "reset" } },
      { command: "*", probability: 0.05, action: { type: "error", code: 60007 } },
      { command: "*", probability: 0.1, action: { type: "error", code: 10002 } },
    ],
  };
}

/** Figures of one reliability run. */
export interface ReliabilityFigures {
  seed: number;
  /** Faults injected, by command and kind. */
  faults: Record<string, number>;
  faultTotal: number;
  /** `pulumi up` runs until the state matched (1 = no extra run). */
  runs: number;
  /** Objects compared field by field: accounts, groups, memberships, topics. */
  objectsVerified: number;
  /**
   * Differences left after the last run (empty when converged): the emulator's state compared directly, then the
   * go-live audit (`verify`) reading everything back over the API, with IDs derived from the project and stack.
   */
  differences: string[];
}

/** The go-live audit of `manifest` against the emulator, over HTTP, as `tencent-chat-migrate verify` runs it. */
async function audit(emulator: RunningEmulator, manifest: Manifest, project: string, stack: string): Promise<string[]> {
  const client = emulatorClient({ url: emulator.url, ...emulator.app });
  try {
    const report = await verifyMigration(manifest, { client, admin: "administrator", scope: { project, stack } });
    return report.differences.map((d) => `verify: ${d.kind} ${d.path}: ${d.detail}`);
  } finally {
    await client.close();
  }
}

function countObjects(manifest: Manifest): number {
  const memberships = manifest.groups.reduce(
    (n, g) => n + Object.keys(g.members).length + (g.ownerAccount && !(g.ownerAccount in g.members) ? 1 : 0),
    0,
  );
  return (
    Object.keys(manifest.accounts).length + manifest.groups.length + memberships + manifest.groups.reduce((n, g) => n + g.topics.length, 0)
  );
}

async function stackFor(
  emulator: RunningEmulator,
  manifestPath: string,
  name: string,
  env: Record<string, string> = {},
): Promise<LocalStack> {
  return createLocalStack({
    env,
    projectName: name,
    // The root program's declaration, run by the language host from a project folder of its own.
    program: { programModule: repoProgram("program/program.js", "migrationProgram", () => [manifestPath]) },
    config: emulatorStackConfig({ url: emulator.url, ...emulator.app }),
  });
}

function writeManifest(manifest: Manifest): string {
  const path = join(mkdtempSync(join(tmpdir(), "manifest-")), "manifest.json");
  writeFileSync(path, JSON.stringify(manifest));
  return path;
}

/**
 * Applies a manifest with `pulumi up` while the emulator injects the fault mix, re-running until the state matches
 * (at most `maxRuns`), then compares the emulator with the manifest field by field.
 */
export async function faultRun(manifest: Manifest, seed: number, maxRuns = 3): Promise<ReliabilityFigures> {
  const emulator = await startEmulator();
  const local = await stackFor(emulator, writeManifest(manifest), "reliability-faults");
  try {
    emulator.faults.configure(faultMix(seed));
    let runs = 0;
    let groupIds: Record<string, string> = {};
    while (runs < maxRuns) {
      runs++;
      try {
        const up = await local.stack.up();
        groupIds = up.outputs.groupIds?.value as Record<string, string>;
        break;
      } catch {
        // A run can fail when a call exhausts its retries; the next run must converge.
      }
    }
    const faults = Object.fromEntries(emulator.faults.injected);
    emulator.faults.configure({ rules: [] });
    return {
      seed,
      faults,
      faultTotal: Object.values(faults).reduce((a, b) => a + b, 0),
      runs,
      objectsVerified: countObjects(manifest),
      differences: [
        ...differencesFromManifest(emulator.store.state, manifest, groupIds),
        ...(await audit(emulator, manifest, "reliability-faults", local.stack.name)),
      ],
    };
  } finally {
    await local.dispose();
    await emulator.close();
  }
}

/** Figures of an interruption run. */
export interface InterruptionFigures {
  /** import_group calls the emulator had answered when the run was killed. */
  killedAfterGroups: number;
  processesKilled: number;
  /** Pending operations the state held after the kill. */
  pendingOperations: number;
  recoveryCommands: string[];
  differences: string[];
}

/**
 * Kills `pulumi up` (CLI and provider process) once the emulator has imported `killAfterGroups` groups, then
 * recovers with the runbook's steps (`pulumi cancel` removes the dead run's lock, `refresh --clear-pending-creates`
 * reads everything back and drops creates that never finished, `up` completes the rest) and compares.
 */
export async function interruptionRun(
  manifest: Manifest,
  killAfterGroups: number,
  env: Record<string, string> = {},
): Promise<InterruptionFigures> {
  const emulator = await startEmulator({ latencyMs: 20 });
  const local = await stackFor(emulator, writeManifest(manifest), "reliability-interrupt", env);
  try {
    let processesKilled = 0;
    const watcher = setInterval(() => {
      if ((emulator.counters.get("import_group")?.calls ?? 0) >= killAfterGroups && processesKilled === 0) {
        processesKilled = killProcessesIn(local.workDir);
      }
    }, 20);
    await local.stack.up().catch(() => undefined);
    clearInterval(watcher);
    const killedAfterGroups = emulator.counters.get("import_group")?.calls ?? 0;
    // The kill can leave the local backend unreadable (an empty .attrs beside the checkpoint): the recovery's
    // repair comes first, so that the pending operations can be counted.
    const { repaired } = repairLocalCheckpoint(
      join(local.stateDir, ".pulumi", "stacks", "reliability-interrupt", `${local.stack.name}.json`),
    );
    const exported = JSON.parse(await local.cli(["stack", "export"])) as { deployment: { pending_operations?: unknown[] } };
    const pendingOperations = exported.deployment.pending_operations?.length ?? 0;
    const report = await recoverStack({
      cwd: local.workDir,
      stack: local.stack.name,
      run: pulumiRunner(local.workDir, { ...process.env, ...local.env }),
    });
    const recoveryCommands = [
      ...repaired.map((r) => `moved aside ${basename(r.path)}`),
      ...report.commands.map((c) => c.command.replace(/ --stack \S+/, "").replace(" --skip-preview", "")),
    ];
    const outputs = await local.stack.outputs();
    return {
      killedAfterGroups,
      processesKilled,
      pendingOperations,
      recoveryCommands,
      differences: [
        ...differencesFromManifest(emulator.store.state, manifest, outputs.groupIds?.value as Record<string, string>),
        ...(await audit(emulator, manifest, "reliability-interrupt", local.stack.name)),
      ],
    };
  } finally {
    await local.dispose();
    await emulator.close();
  }
}

/** Reads a manifest file. */
export function readManifest(path: string): Manifest {
  return JSON.parse(readFileSync(path, "utf8")) as Manifest;
}

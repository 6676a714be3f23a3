import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startEmulator } from "../emulator/server";
import type { EmulatorState } from "../emulator/store";
import { historyDifferences } from "../provider/migration/audit";
import { type HistoryMessage, messageRandom, sendTimes } from "../provider/migration/history";
import type { Manifest } from "../provider/migration/manifest";
import { repoProgram } from "./lib/local-stack";
import { runMigrateCli, type VerifyFigures, verifyWithCli } from "./lib/migrate-cli";
import { killProcessTree } from "./lib/processes";
import { changeCounts, GeneratedProject } from "./lib/pulumi-project";
import { differencesFromManifest } from "./verify";

/** Where and how a `pulumi up` is stopped: the form of the program, the state backend, and after how many API calls. */
export interface KillMoment {
  form: "per-object" | "batch";
  backend: "file" | "postgres";
  /** The run is killed once the emulator has answered this many calls (of any command). */
  killAfterCalls: number;
}

/** What happened at one kill moment and after the recovery. */
export interface KillOutcome extends KillMoment {
  /** Calls the emulator had answered when the processes were gone. */
  callsAtKill: number;
  processesKilled: number;
  /** What `tencent-chat-migrate recover` moved aside, and the commands it ran. */
  recoveryLines: string[];
  /** Differences between the emulator and the manifest after the recovery (none when converged). */
  differences: string[];
  /** Changes a `pulumi preview` showed after the recovery (none when settled). */
  previewChanges: Record<string, number>;
  /** Wall time of the recovery command (repair, cancel, refresh, up). */
  recoverySeconds: number;
  /** With a history: what `tencent-chat-migrate verify --history` reported after the recovery. */
  verify?: VerifyFigures;
}

/** A small PRNG (mulberry32), so the kill moments of a seed are the same on every run. */
export function seededMoments(seed: number, count: number, maxCalls: number): number[] {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: count }, () => 1 + Math.floor(next() * (maxCalls - 1)));
}

/**
 * Applies `manifest` with the root program's declaration through plain `pulumi up` in a project folder, kills the
 * whole run (CLI, language host, program, provider: SIGKILL) at `moment`, recovers with `tencent-chat-migrate
 * recover` exactly as a user would, and compares everything the emulator holds with the manifest (with a history,
 * also every group conversation, and `tencent-chat-migrate verify --history` as the README runs it).
 */
export async function killAndRecover(
  manifest: Manifest,
  moment: KillMoment,
  postgresUrl?: string,
  history?: readonly HistoryMessage[],
): Promise<KillOutcome> {
  // Checked before the emulator starts: a throw after it would leave its server open.
  if (moment.backend === "postgres" && !postgresUrl)
    throw new Error("the postgres backend needs TENCENT_CHAT_TEST_POSTGRES_URL (tools/postgres.sh sets it)");
  const emulator = await startEmulator({ latencyMs: 5 });
  // A table of its own per run keeps runs apart in one database.
  const backend: Record<string, string> =
    moment.backend === "postgres" ? { PULUMI_BACKEND_URL: `${postgresUrl}&table=kill_${randomUUID().replace(/-/g, "").slice(0, 12)}` } : {};
  const cli = new GeneratedProject("kill-recovery", repoProgram("program/program.js", "migrationProgram"), "dev", backend);
  const dir = cli.dir;
  const manifestPath = join(dir, "manifest.json");
  writeFileSync(manifestPath, JSON.stringify(manifest));
  const historyPath = join(dir, "history.jsonl");
  if (history) writeFileSync(historyPath, history.map((m) => `${JSON.stringify(m)}\n`).join(""));
  cli.declare(manifestPath, { groupsPerBatch: moment.form === "batch" ? 10 : 0, ...(history ? { historyPath } : {}) });
  const totalCalls = () => [...emulator.counters.values()].reduce((n, c) => n + c.calls, 0);
  try {
    await cli.initAgainst({ url: emulator.url, ...emulator.app });
    const up = spawn("pulumi", ["up", "--yes", "--skip-preview", "--stack", "dev", "--non-interactive"], {
      cwd: dir,
      env: { ...process.env, ...cli.env },
      stdio: "ignore",
    });
    let processesKilled = 0;
    await new Promise<void>((resolve) => {
      const watcher = setInterval(() => {
        if (processesKilled === 0 && totalCalls() >= moment.killAfterCalls) processesKilled = killProcessTree(up.pid!);
      }, 5);
      up.on("exit", () => {
        clearInterval(watcher);
        resolve();
      });
    });
    const callsAtKill = totalCalls();
    const recoveryStarted = performance.now();
    const recovery = await runMigrateCli(dir, ["recover", "--stack", "dev"], cli.env);
    const recoverySeconds = +((performance.now() - recoveryStarted) / 1000).toFixed(1);
    const recoveryLines = `${recovery.stdout}${recovery.stderr}`
      .split("\n")
      .filter((line) => /^(moved aside|left alone|\$ pulumi|recovered:|the local backend|tencent-chat-migrate:)/.test(line));
    if (recovery.status !== 0) throw new Error(`recover failed (exit ${recovery.status}):\n${recovery.stdout}\n${recovery.stderr}`);
    const groupIds = (await cli.outputs()).groupIds as Record<string, string>;
    const preview = await cli.run(["preview"]);
    // With history, the README's last step too: the go-live audit reads every message back over the API.
    const verify = history
      ? await verifyWithCli(dir, { url: emulator.url, ...emulator.app }, { manifest: manifestPath, history: historyPath }, "dev")
      : undefined;
    return {
      ...moment,
      callsAtKill,
      processesKilled,
      recoveryLines,
      differences: [
        ...differencesFromManifest(emulator.store.state, manifest, groupIds),
        ...(history ? historyDifferencesIn(emulator.store.state, history, groupIds) : []),
        ...(verify?.differences.map((d) => `verify: ${d}`) ?? []),
      ],
      previewChanges: changeCounts(preview.stdout),
      recoverySeconds,
      ...(verify ? { verify } : {}),
    };
  } finally {
    await cli.dispose();
    await emulator.close();
  }
}

/**
 * What the emulator's groups hold against a history, per group conversation (missing, duplicated, out of order,
 * extra), as `verify --history` compares them: the messages in import order, with the send times the importer uses.
 */
export function historyDifferencesIn(state: EmulatorState, history: readonly HistoryMessage[], groupIds: Record<string, string>): string[] {
  const byConversation = new Map<string, { message: HistoryMessage; line: number }[]>();
  history.forEach((message, line) => {
    if (typeof message.conversation !== "string") return;
    const list = byConversation.get(message.conversation) ?? [];
    list.push({ message, line });
    byConversation.set(message.conversation, list);
  });
  const found: string[] = [];
  for (const [conversation, entries] of byConversation) {
    const ordered = entries.sort((a, b) => a.message.time - b.message.time || a.line - b.line).map((e) => e.message);
    const times = sendTimes(ordered);
    const live = (state.groupMessages?.[groupIds[conversation] ?? ""] ?? []).map((m) => ({
      msgSeq: m.msgSeq,
      msgRandom: m.msgRandom,
      fromAccount: m.fromAccount,
      msgTimeStamp: m.msgTimeStamp,
    }));
    const expected = ordered.map((m, i) => ({ id: m.id, random: messageRandom(conversation, m.id), from: m.from, time: times[i]! }));
    for (const d of historyDifferences(conversation, expected, live)) found.push(`${d.kind} ${d.path}: ${d.detail}`);
  }
  return found;
}

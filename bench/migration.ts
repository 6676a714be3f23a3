import { mkdirSync, writeFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { COMMANDS } from "../provider/api/endpoints";
import { invoke } from "../provider/api/commands";
import { generateManifest } from "../provider/migration/generate";
import type { Manifest } from "../provider/migration/manifest";
import { migrationProgram } from "../migration/program";
import { createLocalStack, emulatorClient, emulatorStackConfig, pulumiCli, repoProgram, REPO_ROOT } from "../tools/local-stack";
import { listProcesses } from "../tools/processes";
import { startEmulatorProcess, type EmulatorProcess } from "./emulator-process";

/** Sizes: groups, members per group; a tenth of the groups are topic-enabled communities with 5 topics. */
const SIZES = { S: { groups: 50, members: 100 }, M: { groups: 500, members: 100 }, L: { groups: 2000, members: 100 } } as const;
type Size = keyof typeof SIZES;
const LATENCY_MS = 30;

type Stats = Awaited<ReturnType<EmulatorProcess["stats"]>>;

/**
 * CPU seconds of one phase, per process: the engine (`pulumi`), the dynamic provider, and the program (this process
 * for an inline program; with `--cli`, the language host and the node process it starts).
 */
type CpuSeconds = { engine: number; provider: number; program: number };

/**
 * Samples the processes of the stack's folder: the peak RSS of the dynamic-provider process, and the CPU time of
 * the engine and the provider (last value seen per process; sampled every 100 ms, so a process's last tenth of a
 * second may be missed). The program runs in this process (Automation API inline program).
 */
function processSampler(workDir: string): { stop(): { peakRssBytes: number; cpu: CpuSeconds } } {
  let peak = 0;
  const cpuByPid = new Map<string, { kind: keyof CpuSeconds; seconds: number }>();
  const programBefore = process.cpuUsage();
  const timer = setInterval(() => {
    for (const { pid, cmdline, cpuSeconds, rssBytes } of listProcesses({ cwd: workDir })) {
      const kind = cmdline.includes("dynamic-provider") ? "provider" : /(^|\/)pulumi\0/.test(cmdline) ? "engine" : /pulumi-language-nodejs|cmd\/run/.test(cmdline) ? "program" : undefined;
      if (!kind) continue;
      cpuByPid.set(String(pid), { kind, seconds: cpuSeconds });
      if (kind === "provider") peak = Math.max(peak, rssBytes);
    }
  }, 100);
  return {
    stop: () => {
      clearInterval(timer);
      const used = process.cpuUsage(programBefore);
      const cpu: CpuSeconds = { engine: 0, provider: 0, program: THROUGH_CLI ? 0 : +((used.user + used.system) / 1e6).toFixed(2) };
      for (const { kind, seconds } of cpuByPid.values()) cpu[kind] = +(cpu[kind] + seconds).toFixed(2);
      return { peakRssBytes: peak, cpu };
    },
  };
}

const delta = (after: Stats, before: Stats) =>
  Object.fromEntries(Object.entries(after.commands).map(([c, v]) => {
    const b = before.commands[c] ?? { calls: 0, rejected: 0, rateLimited: 0 };
    return [c, { calls: v.calls - b.calls, rateLimited: v.rateLimited - b.rateLimited }];
  }).filter(([, v]) => (v as { calls: number }).calls > 0)) as Record<string, { calls: number; rateLimited: number }>;

/** The floor of a phase: its busiest command's calls divided by that command's documented rate. */
function floorSeconds(calls: Record<string, { calls: number }>): { seconds: number; command: string } {
  let best = { seconds: 0, command: "" };
  for (const [command, { calls: n }] of Object.entries(calls)) {
    const rate = COMMANDS[command as keyof typeof COMMANDS]?.perSecond ?? 200;
    if (n / rate > best.seconds) best = { seconds: n / rate, command };
  }
  return best;
}

/** What a user would write instead: one request at a time, members in batches of 300. */
async function baseline(manifest: Manifest): Promise<number> {
  const emulator = await startEmulatorProcess(["--latency-ms", String(LATENCY_MS)]);
  const client = emulatorClient(emulator);
  const started = performance.now();
  try {
    const ids = Object.keys(manifest.accounts);
    for (let i = 0; i < ids.length; i += 100) await invoke(client, "multiaccount_import", { AccountList: ids.slice(i, i + 100).map((UserID) => ({ UserID, ...(manifest.accounts[UserID]?.nick ? { Nick: manifest.accounts[UserID]!.nick } : {}) })) });
    for (const g of manifest.groups) {
      const { GroupId } = await invoke(client, "import_group", { Type: g.type, Name: g.name, ...(g.groupId ? { GroupId: g.groupId } : {}), ...(g.ownerAccount ? { Owner_Account: g.ownerAccount } : {}), ...(g.createTime ? { CreateTime: g.createTime } : {}), ...(g.supportTopic ? { SupportTopic: 1 as const } : {}) });
      const members = Object.entries(g.members);
      for (let i = 0; i < members.length; i += 300) {
        await invoke(client, "import_group_member", { GroupId, MemberList: members.slice(i, i + 300).map(([a, m]) => ({ Member_Account: a, ...(m.role === "Admin" ? { Role: "Admin" as const } : {}), ...(m.joinTime ? { JoinTime: m.joinTime } : {}) })) });
      }
      for (const t of g.topics) await invoke(client, "import_topic", { GroupId, TopicName: t.topicName, ...(t.createTime ? { CreateTime: t.createTime } : {}) });
    }
    return (performance.now() - started) / 1000;
  } finally {
    await client.close();
    await emulator.stop();
  }
}

/** `--skip-checkpoints`: the engine writes state once at the end instead of after every step. */
const SKIP_CHECKPOINTS = process.argv.includes("--skip-checkpoints");
/** `--no-auto-logs`: the CLI's automatic debug log turned off (see `createLocalStack`). */
const AUTO_LOGS = !process.argv.includes("--no-auto-logs");
/** `--batch N`: groups declared as ImportedGroupBatch resources of N groups; 0 = one resource per object. */
const GROUPS_PER_BATCH = process.argv.includes("--batch") ? Number(process.argv[process.argv.indexOf("--batch") + 1]) : 0;
/**
 * `--cli`: the program runs as in a user's `pulumi up`: the CLI starts the Node language host in a project folder,
 * which runs the root program's declaration; otherwise it runs in this process (the Automation API's inline program).
 */
const THROUGH_CLI = process.argv.includes("--cli");
/** The name of this run's settings, also its results file's suffix. */
const VARIANT = [...(THROUGH_CLI ? ["cli"] : []), GROUPS_PER_BATCH > 0 ? `batch-${GROUPS_PER_BATCH}` : "per-resource", ...(SKIP_CHECKPOINTS ? ["skip-checkpoints"] : []), ...(AUTO_LOGS ? [] : ["no-auto-logs"])].join("-");

async function runSize(size: Size) {
  const { groups, members } = SIZES[size];
  const manifest = generateManifest({ groups, membersPerGroup: members, prefix: `b${size}` });
  const manifestPath = join(mkdtempSync(join(tmpdir(), "bench-")), "manifest.json");
  writeFileSync(manifestPath, JSON.stringify(manifest));
  const emulator = await startEmulatorProcess(["--latency-ms", String(LATENCY_MS)]);
  const local = await createLocalStack({
    projectName: `bench-${size.toLowerCase()}`,
    program: THROUGH_CLI
      ? { programModule: repoProgram("migration/program.js", "migrationProgram", () => [manifestPath, { groupsPerBatch: GROUPS_PER_BATCH }]) }
      : { inline: async () => migrationProgram(manifestPath, { groupsPerBatch: GROUPS_PER_BATCH }) },
    config: emulatorStackConfig(emulator),
    ...(SKIP_CHECKPOINTS ? { env: { PULUMI_SKIP_CHECKPOINTS: "true" } } : {}),
    automaticLogs: AUTO_LOGS,
  });
  const timed = async <T>(fn: () => Promise<T>) => {
    const sampler = processSampler(local.workDir);
    const started = performance.now();
    const value = await fn();
    const seconds = +((performance.now() - started) / 1000).toFixed(2);
    return { value, seconds, ...sampler.stop() };
  };
  try {
    const before = await emulator.stats();
    const up = await timed(() => local.stack.up());
    const afterUp = await emulator.stats();
    const upCalls = delta(afterUp, before);
    const floor = floorSeconds(upCalls);
    const preview = await timed(() => local.stack.preview());
    const exported = JSON.parse(await local.cli(["stack", "export"])) as { deployment: { resources: { type: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }[] } };
    const ours = exported.deployment.resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/tencent-chat:"));
    const stateBytes = ours.reduce((n, r) => n + Buffer.byteLength(JSON.stringify(r)), 0);
    const providerBytes = Buffer.byteLength(String(ours[0]?.outputs?.__provider ?? ""));
    const propertyBytes = (props: Record<string, unknown> | undefined) => {
      const { __provider: _p, ...rest } = props ?? {};
      return Buffer.byteLength(JSON.stringify(rest));
    };
    // Beyond the declared data: state minus the inputs as declared (once).
    const declaredBytes = ours.reduce((n, r) => n + propertyBytes(r.inputs), 0);
    // The engine's own record of a resource: everything but the properties (URN, type, parent, dependencies,
    // property dependencies, provider reference, timestamps, source position and stack trace) plus __provider.
    const outputBytes = ours.reduce((n, r) => n + propertyBytes(r.outputs), 0);
    const refreshBefore = await emulator.stats();
    const refresh = await timed(() => local.stack.refresh());
    const refreshCalls = delta(await emulator.stats(), refreshBefore);
    const destroy = await timed(() => local.stack.destroy());
    const rateLimited = Object.values(delta(await emulator.stats(), before)).reduce((n, v) => n + v.rateLimited, 0);
    return {
      size, groups, membersPerGroup: members, resources: ours.length,
      upSeconds: up.seconds, upResult: up.value.summary.result,
      floorSeconds: +floor.seconds.toFixed(2), floorCommand: floor.command, upOverFloor: +(up.seconds / floor.seconds).toFixed(2),
      noopPreviewSeconds: preview.seconds, noopPreviewChanges: Object.entries(preview.value.changeSummary).filter(([op]) => op !== "same").length,
      refreshSeconds: refresh.seconds, destroySeconds: destroy.seconds,
      upCalls, refreshCalls, rateLimitedAnswers: rateLimited,
      stateBytesPerResource: Math.round(stateBytes / ours.length),
      overheadBytesPerResource: Math.round((stateBytes - declaredBytes) / ours.length),
      recordBytesPerResource: Math.round((stateBytes - declaredBytes - outputBytes) / ours.length),
      stateBytesPerGroup: Math.round(stateBytes / groups),
      declaredBytesPerGroup: Math.round(declaredBytes / groups),
      providerBytes, providerPeakRssMiB: +(up.peakRssBytes / 1048576).toFixed(1),
      cpuSeconds: { up: up.cpu, noopPreview: preview.cpu, refresh: refresh.cpu, destroy: destroy.cpu },
      baselineSeconds: +(await baseline(manifest)).toFixed(2),
    };
  } finally {
    await local.dispose();
    await emulator.stop();
  }
}

async function main(): Promise<void> {
  const sizeArg = process.argv.indexOf("--sizes");
  const sizes = (sizeArg > 0 ? process.argv[sizeArg + 1]!.split(",") : ["S"]) as Size[];
  const { version } = await pulumiCli();
  const results = [];
  for (const size of sizes) {
    const result = await runSize(size);
    console.error(JSON.stringify(result));
    results.push({ ...result, ourTimeOverBaseline: +(result.upSeconds / result.baselineSeconds).toFixed(2) });
  }
  // Cost per group from the smallest to the largest size: linear growth shows as similar slopes between sizes.
  const [first, last] = [results[0], results.at(-1)];
  const slopeMsPerGroup = first && last && last.groups > first.groups ? +(((last.upSeconds - first.upSeconds) * 1000) / (last.groups - first.groups)).toFixed(2) : undefined;
  const report = { date: new Date().toISOString(), variant: VARIANT, throughCli: THROUGH_CLI, groupsPerBatch: GROUPS_PER_BATCH, skipCheckpoints: SKIP_CHECKPOINTS, automaticLogs: AUTO_LOGS, slopeMsPerGroup, pulumi: version, node: process.version, cores: (await import("node:os")).cpus().length, latencyMs: LATENCY_MS, results };
  mkdirSync(join(REPO_ROOT, "bench/results"), { recursive: true });
  writeFileSync(join(REPO_ROOT, `bench/results/migration-${VARIANT}-${sizes.join("")}.json`), `${JSON.stringify(report, null, 2)}\n`);
  console.log(JSON.stringify(report, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

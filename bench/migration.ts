import { mkdirSync, mkdtempSync, rmSync, statSync, watch, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { COMMANDS } from "../provider/api/endpoints";
import { invoke } from "../provider/api/commands";
import { generateManifest } from "../provider/migration/generate";
import type { Manifest } from "../provider/migration/manifest";
import { encodeMember } from "../provider/resources/batch/compact-member";
import { migrationProgram } from "../program/program";
import { createLocalStack, emulatorClient, emulatorStackConfig, pulumiCli, REPO_ROOT } from "../tools/lib/local-stack";
import { listProcesses } from "../tools/lib/processes";
import { PulumiProject } from "../tools/lib/pulumi-project";
import { startEmulatorProcess, type EmulatorProcess } from "./emulator-process";

/**
 * Sizes: groups and members per group; a tenth of the groups are topic-enabled communities with 5 topics. S to L
 * draw members from 150 accounts; XL from 100,000 (each account in about 10 groups, as in a workspace where people
 * join a handful of channels each) and adds one Community of 100,000 people (its owner included): the all-hands
 * channel every member of such a workspace is in.
 */
const SIZES: Record<string, { groups: number; members: number; accounts?: number; stride?: number; bigCommunity?: number }> = {
  S: { groups: 50, members: 100 },
  M: { groups: 500, members: 100 },
  L: { groups: 2000, members: 100 },
  XL: { groups: 10_000, members: 100, accounts: 100_000, stride: 10, bigCommunity: 100_000 },
};
const LATENCY_MS = 30;

type Stats = Awaited<ReturnType<EmulatorProcess["stats"]>>;
/** The processes of a run, as the sampler tells them apart. */
type Kind = "engine" | "provider" | "program";
/** A figure per process kind: the engine (`pulumi`), the dynamic provider, the program (see {@link processSampler}). */
type PerProcess = Record<Kind, number>;

const USAGE = `usage: node dist/bench/migration.js [--sizes S,M,L,XL] [--paths inline,cli] [--batch N] [--member-batch N]
       [--no-baseline] [--timeline] [--skip-checkpoints] [--no-auto-logs]
Runs up, a no-op preview, refresh and destroy of the generated migration at each size against the emulator, and
writes bench/results/migration-<variant>-<sizes>.json (see BENCHMARKS.md).`;
const FLAGS_WITH_VALUE = ["--sizes", "--paths", "--batch", "--member-batch"];
const SWITCHES = ["--no-baseline", "--timeline", "--skip-checkpoints", "--no-auto-logs", "--cli"];
// A mistyped or unknown flag would otherwise start a run of many minutes with the defaults, and overwrite results.
for (let i = 2; i < process.argv.length; i++) {
  const arg = process.argv[i]!;
  if (arg === "--help" || arg === "-h") {
    console.log(USAGE);
    process.exit(0);
  }
  if (FLAGS_WITH_VALUE.includes(arg) && i + 1 < process.argv.length) i++;
  else if (!SWITCHES.includes(arg)) {
    console.error(`${FLAGS_WITH_VALUE.includes(arg) ? `${arg} needs a value` : `unknown argument ${arg}`}\n${USAGE}`);
    process.exit(2);
  }
}
const flag = (name: string) => process.argv.includes(name);
const flagValue = (name: string) => (flag(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);

/** `--batch N`: groups declared as ImportedGroupBatch resources of at most N groups; 0 = one resource per object. */
const GROUPS_PER_BATCH = Number(flagValue("--batch") ?? 0);
/** `--skip-checkpoints`: the engine writes state once at the end instead of after every step. */
const SKIP_CHECKPOINTS = flag("--skip-checkpoints");
/** `--no-auto-logs`: the CLI's automatic debug log turned off (see `createLocalStack`). */
const AUTO_LOGS = !flag("--no-auto-logs");
/** `--member-batch N`: the emulator accepts at most N members per import_group_member call (the newest page: 20). */
const MEMBER_BATCH = flagValue("--member-batch");
/** `--timeline`: print the calls of each command per second in every command, with the command's name (where the time goes). */
const TIMELINE = flag("--timeline");
/** `--no-baseline`: leave out the plain script (for exploring; the published figures always include it). */
const BASELINE = !flag("--no-baseline");
/**
 * `--paths inline,cli` (`--cli` is `--paths cli`): `cli` runs the repository's root project as a user does, plain
 * `pulumi` commands in its folder (the CLI starts the Node language host, which compiles and runs the TypeScript
 * entry file `program/index.ts`); `inline` runs the program in this process (the Automation API's inline program).
 */
const PATHS = (flagValue("--paths") ?? (flag("--cli") ? "cli" : "inline")).split(",") as ("inline" | "cli")[];

/** The name of a path's settings, also its results file's prefix. */
function variantOf(path: "inline" | "cli"): string {
  return [
    ...(path === "cli" ? ["cli"] : []),
    GROUPS_PER_BATCH > 0 ? `batch-${GROUPS_PER_BATCH}` : "per-resource",
    ...(SKIP_CHECKPOINTS ? ["skip-checkpoints"] : []),
    ...(AUTO_LOGS ? [] : ["no-auto-logs"]),
    ...(MEMBER_BATCH ? [`member-batch-${MEMBER_BATCH}`] : []),
  ].join("-");
}

/**
 * Samples the processes of the stack's folder every 100 ms: the CPU time (last value seen per process, so a
 * process's last tenth of a second may be missed) and the peak RSS of the engine, the dynamic provider and the
 * program (this process for the inline program; the language host and the Node process it starts otherwise).
 */
function processSampler(workDirs: readonly string[], inline: boolean): { stop(): { cpu: PerProcess; peakRssMiB: PerProcess } } {
  const peak: PerProcess = { engine: 0, provider: 0, program: 0 };
  const cpuByPid = new Map<number, { kind: Kind; seconds: number }>();
  const programBefore = process.cpuUsage();
  const sample = () => {
    const rssByKind: PerProcess = { engine: 0, provider: 0, program: inline ? process.memoryUsage().rss : 0 };
    for (const { pid, cmdline, cpuSeconds, rssBytes } of workDirs.flatMap((cwd) => listProcesses({ cwd }))) {
      const kind: Kind | undefined = cmdline.includes("dynamic-provider")
        ? "provider"
        : /(^|\/)pulumi\0/.test(cmdline)
          ? "engine"
          : /pulumi-language-nodejs|cmd\/run/.test(cmdline)
            ? "program"
            : undefined;
      if (!kind) continue;
      cpuByPid.set(pid, { kind, seconds: cpuSeconds });
      rssByKind[kind] += rssBytes;
    }
    for (const kind of Object.keys(peak) as Kind[]) peak[kind] = Math.max(peak[kind], rssByKind[kind]);
  };
  const timer = setInterval(sample, 100);
  return {
    stop: () => {
      clearInterval(timer);
      const used = process.cpuUsage(programBefore);
      const cpu: PerProcess = { engine: 0, provider: 0, program: inline ? (used.user + used.system) / 1e6 : 0 };
      for (const { kind, seconds } of cpuByPid.values()) cpu[kind] += seconds;
      const round = (v: PerProcess, f: (n: number) => number) =>
        Object.fromEntries(Object.entries(v).map(([k, n]) => [k, f(n)])) as PerProcess;
      return { cpu: round(cpu, (n) => +n.toFixed(2)), peakRssMiB: round(peak, (n) => +(n / 1048576).toFixed(1)) };
    },
  };
}

/**
 * Counts the engine's state writes: each checkpoint writes `<stack>.json.<random>.tmp` in the file backend and
 * renames it over `<stack>.json`; inotify reports the temporary name when it appears and when it is renamed away.
 * The bytes are the stack file's size after each such rename (the `.bak` copy the backend also writes each time is
 * not counted).
 */
function checkpointCounter(stateDir: string, stackFile: string): { stop(): { checkpoints: number; checkpointMiB: number } } {
  const seen = new Set<string>();
  let bytes = 0;
  const temporary = new RegExp(`/${stackFile.replace(/\./g, "\\.")}\\.[0-9a-f]+\\.tmp$`);
  const watcher = watch(stateDir, { recursive: true }, (event, name) => {
    if (event !== "rename" || !name || !temporary.test(`/${name}`)) return;
    if (!seen.has(name)) return void seen.add(name);
    try {
      bytes += statSync(join(stateDir, name.replace(/\.[0-9a-f]+\.tmp$/, ""))).size;
    } catch {
      // Replaced again while read: the next write counts.
    }
  });
  return {
    stop: () => {
      watcher.close();
      return { checkpoints: seen.size, checkpointMiB: +(bytes / 1048576).toFixed(1) };
    },
  };
}

const delta = (after: Stats, before: Stats) =>
  Object.fromEntries(
    Object.entries(after.commands)
      .map(([c, v]) => {
        const b = before.commands[c] ?? { calls: 0, rejected: 0, rateLimited: 0 };
        return [c, { calls: v.calls - b.calls, rejected: v.rejected - b.rejected, rateLimited: v.rateLimited - b.rateLimited }];
      })
      .filter(([, v]) => (v as { calls: number }).calls > 0),
  ) as Record<string, { calls: number; rejected: number; rateLimited: number }>;

/** The first and last second of a command at which the emulator had answered calls made during it (to 0.2 s). */
interface CallSpan {
  firstCallSeconds: number | null;
  lastCallSeconds: number | null;
}

/**
 * Watches the emulator's counters every 200 ms while the commands run: when each command's first and last API call
 * landed, i.e. how long it spent starting before any call and finishing after the last one. With `--timeline` it
 * also prints the calls of each second per API command.
 */
function callWatcher(emulator: EmulatorProcess, start: Stats) {
  let name = "up";
  let started = performance.now();
  let last = start;
  let printed = start;
  let printedAt = started;
  let span: CallSpan = { firstCallSeconds: null, lastCallSeconds: null };
  let running = true;
  const elapsed = () => +((performance.now() - started) / 1000).toFixed(1);
  const poll = async () => {
    const now = await emulator.stats();
    if (Object.keys(delta(now, last)).length > 0) {
      span.firstCallSeconds ??= elapsed();
      span.lastCallSeconds = elapsed();
    }
    last = now;
    if (TIMELINE && performance.now() - printedAt >= 1000) print(now);
  };
  /** A line of `--timeline`: the command, its second, and the calls per API command since the last line. */
  const print = (now: Stats) => {
    console.error(name, elapsed(), JSON.stringify(Object.fromEntries(Object.entries(delta(now, printed)).map(([c, v]) => [c, v.calls]))));
    printed = now;
    printedAt = performance.now();
  };
  // One poll at a time: the next starts 200 ms after the previous answered.
  const loop = (async () => {
    while (running) {
      // A failed command stops the emulator before this loop hears of it: the watch ends with it.
      await poll().catch(() => (running = false));
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();
  return {
    /** Starts watching a new command. */
    phase(next: string) {
      name = next;
      started = printedAt = performance.now();
      span = { firstCallSeconds: null, lastCallSeconds: null };
    },
    /** The span of the command being watched, after a last look at the counters. */
    async span(): Promise<CallSpan> {
      await poll();
      // The calls since the last printed second belong to this command, not to the next one's first line.
      if (TIMELINE && Object.keys(delta(last, printed)).length > 0) print(last);
      return span;
    },
    async stop() {
      running = false;
      await loop;
    },
  };
}

/** Each command's own floor (its calls divided by its documented rate), busiest first. */
function floorsByCommand(calls: Record<string, { calls: number }>): Record<string, number> {
  const floors = Object.entries(calls).map(
    ([command, { calls: n }]) => [command, +(n / (COMMANDS[command as keyof typeof COMMANDS]?.perSecond ?? 200)).toFixed(2)] as const,
  );
  return Object.fromEntries(floors.sort((a, b) => b[1] - a[1]));
}

/** What a user would write instead: one request at a time, members in batches the emulator takes. */
async function baseline(manifest: Manifest, emulatorFlags: string[]): Promise<number> {
  const emulator = await startEmulatorProcess(emulatorFlags);
  const client = emulatorClient(emulator);
  const perCall = Number(MEMBER_BATCH ?? 300);
  const started = performance.now();
  try {
    const ids = Object.keys(manifest.accounts);
    for (let i = 0; i < ids.length; i += 100)
      await invoke(client, "multiaccount_import", {
        AccountList: ids
          .slice(i, i + 100)
          .map((UserID) => ({ UserID, ...(manifest.accounts[UserID]?.nick ? { Nick: manifest.accounts[UserID]!.nick } : {}) })),
      });
    for (const g of manifest.groups) {
      const { GroupId } = await invoke(client, "import_group", {
        Type: g.type,
        Name: g.name,
        ...(g.groupId ? { GroupId: g.groupId } : {}),
        ...(g.ownerAccount ? { Owner_Account: g.ownerAccount } : {}),
        ...(g.createTime ? { CreateTime: g.createTime } : {}),
        ...(g.supportTopic ? { SupportTopic: 1 as const } : {}),
        ...(g.maxMemberCount ? { MaxMemberCount: g.maxMemberCount } : {}),
      });
      const members = Object.entries(g.members);
      for (let i = 0; i < members.length; i += perCall) {
        await invoke(client, "import_group_member", {
          GroupId,
          MemberList: members.slice(i, i + perCall).map(([a, m]) => ({
            Member_Account: a,
            ...(m.role === "Admin" ? { Role: "Admin" as const } : {}),
            ...(m.joinTime ? { JoinTime: m.joinTime } : {}),
          })),
        });
      }
      for (const t of g.topics)
        await invoke(client, "import_topic", { GroupId, TopicName: t.topicName, ...(t.createTime ? { CreateTime: t.createTime } : {}) });
    }
    return (performance.now() - started) / 1000;
  } finally {
    await client.close();
    await emulator.stop();
  }
}

/** The four commands of a run, whichever path runs them, and where their processes and state live. */
interface Driver {
  /** The working folders of its processes: the project's, and the entry file's (where the language host runs the program). */
  workDirs: string[];
  stateDir: string;
  stackFile: string;
  up(): Promise<void>;
  /** A no-op `pulumi preview`: the number of resources it would change. */
  preview(): Promise<number>;
  refresh(): Promise<void>;
  destroy(): Promise<void>;
  exportState(): Promise<string>;
  dispose(): Promise<void>;
}

/** The root program in this process through the Automation API (`pulumi up --skip-preview` etc. underneath). */
async function inlineDriver(size: Size, manifestPath: string, emulator: EmulatorProcess): Promise<Driver> {
  const local = await createLocalStack({
    projectName: `bench-${size.toLowerCase()}`,
    program: { inline: async () => migrationProgram(manifestPath, { groupsPerBatch: GROUPS_PER_BATCH }) },
    config: emulatorStackConfig(emulator),
    ...(SKIP_CHECKPOINTS ? { env: { PULUMI_SKIP_CHECKPOINTS: "true" } } : {}),
    automaticLogs: AUTO_LOGS,
  });
  return {
    workDirs: [local.workDir],
    stateDir: local.stateDir,
    stackFile: "dev.json",
    up: async () => void (await local.stack.up()),
    preview: async () => Object.entries((await local.stack.preview()).changeSummary).filter(([op]) => op !== "same").length,
    refresh: async () => void (await local.stack.refresh()),
    destroy: async () => void (await local.stack.destroy()),
    exportState: () => local.cli(["stack", "export"]),
    dispose: () => local.dispose(),
  };
}

/** The repository's root project with plain `pulumi` commands in its folder, as the README tells a user. */
async function cliDriver(size: Size, manifestPath: string, emulator: EmulatorProcess): Promise<Driver> {
  const env: Record<string, string> = SKIP_CHECKPOINTS ? { PULUMI_SKIP_CHECKPOINTS: "true" } : {};
  const project = new PulumiProject(REPO_ROOT, `bench-${size.toLowerCase()}`, env);
  if (!AUTO_LOGS) writeFileSync(join(project.env.PULUMI_HOME!, "logs"), "automatic logs turned off for this run\n");
  await project.initAgainst(emulator, {
    "tencent-chat-migration:manifest": manifestPath,
    "tencent-chat-migration:groupsPerBatch": String(GROUPS_PER_BATCH),
  });
  return {
    workDirs: [REPO_ROOT, join(REPO_ROOT, "program")],
    stateDir: project.stateDir,
    stackFile: `${project.stack}.json`,
    up: async () => void (await project.run(["up", "--yes", "--skip-preview"])),
    preview: async () => ((await project.run(["preview", "--expect-no-changes"], { allowFailure: true })).code === 0 ? 0 : 1),
    refresh: async () => void (await project.run(["refresh", "--yes", "--skip-preview"])),
    destroy: async () => void (await project.run(["destroy", "--yes", "--skip-preview"])),
    exportState: async () => (await project.run(["stack", "export"])).stdout,
    dispose: () => project.dispose(),
  };
}

/** Bytes of the members as declared: each UserID and its member string, once. */
function declaredMemberBytes(manifest: Manifest): number {
  let bytes = 0;
  for (const group of manifest.groups)
    for (const [account, member] of Object.entries(group.members))
      bytes += Buffer.byteLength(account) + Buffer.byteLength(encodeMember(member));
  return bytes;
}

async function runPath(path: "inline" | "cli", size: Size, manifest: Manifest, manifestPath: string, emulatorFlags: string[]) {
  const emulator = await startEmulatorProcess(emulatorFlags);
  const driver = await (path === "inline" ? inlineDriver : cliDriver)(size, manifestPath, emulator);
  const timed = async <T>(fn: () => Promise<T>) => {
    const sampler = processSampler(driver.workDirs, path === "inline");
    const counter = checkpointCounter(driver.stateDir, driver.stackFile);
    const started = performance.now();
    const value = await fn();
    const seconds = +((performance.now() - started) / 1000).toFixed(2);
    return { value, seconds, ...sampler.stop(), ...counter.stop() };
  };
  try {
    const before = await emulator.stats();
    const watcher = callWatcher(emulator, before);
    const up = await timed(() => driver.up());
    const upSpan = await watcher.span();
    const upCalls = delta(await emulator.stats(), before);
    const floors = floorsByCommand(upCalls);
    const [floorCommand, floorSeconds] = Object.entries(floors)[0]!;
    watcher.phase("preview");
    const preview = await timed(() => driver.preview());
    await watcher.span();
    const exported = JSON.parse(await driver.exportState()) as {
      deployment: { resources: { type: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }[] };
    };
    const ours = exported.deployment.resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/tencent-chat:"));
    const stateBytes = ours.reduce((n, r) => n + Buffer.byteLength(JSON.stringify(r)), 0);
    const propertyBytes = (props: Record<string, unknown> | undefined) => {
      const { __provider: _p, ...rest } = props ?? {};
      return Buffer.byteLength(JSON.stringify(rest));
    };
    const declaredBytes = ours.reduce((n, r) => n + propertyBytes(r.inputs), 0);
    const memberships = manifest.groups.reduce((n, g) => n + Object.keys(g.members).length, 0);
    watcher.phase("refresh");
    const refreshBefore = await emulator.stats();
    const refresh = await timed(() => driver.refresh());
    const refreshSpan = await watcher.span();
    const refreshCalls = delta(await emulator.stats(), refreshBefore);
    watcher.phase("destroy");
    const destroyBefore = await emulator.stats();
    const destroy = await timed(() => driver.destroy());
    const destroySpan = await watcher.span();
    const destroyCalls = delta(await emulator.stats(), destroyBefore);
    await watcher.stop();
    const all = delta(await emulator.stats(), before);
    const phases = { up, noopPreview: preview, refresh, destroy };
    return {
      size,
      path,
      groups: manifest.groups.length,
      accounts: Object.keys(manifest.accounts).length,
      memberships,
      resources: ours.length,
      upSeconds: up.seconds,
      floorSeconds,
      floorCommand,
      floorsByCommand: floors,
      upOverFloor: +(up.seconds / floorSeconds).toFixed(2),
      // When the API was called, in seconds from each command's start (the rest is start-up and wind-down).
      callSpans: { up: upSpan, refresh: refreshSpan, destroy: destroySpan },
      noopPreviewSeconds: preview.seconds,
      noopPreviewChanges: preview.value,
      refreshSeconds: refresh.seconds,
      refreshFloorSeconds: Object.values(floorsByCommand(refreshCalls))[0] ?? 0,
      destroySeconds: destroy.seconds,
      destroyFloorSeconds: Object.values(floorsByCommand(destroyCalls))[0] ?? 0,
      upCalls,
      refreshCalls,
      destroyCalls,
      rateLimitedAnswers: Object.values(all).reduce((n, v) => n + v.rateLimited, 0),
      refusedCalls: Object.values(all).reduce((n, v) => n + v.rejected, 0),
      stateBytes,
      stateBytesPerGroup: Math.round(stateBytes / manifest.groups.length),
      declaredBytesPerGroup: Math.round(declaredBytes / manifest.groups.length),
      // Everything in the state but the members' own declared text (UserID and member string, once), per membership.
      stateBytesPerMembershipBeyondDeclared: +((stateBytes - declaredMemberBytes(manifest)) / memberships).toFixed(1),
      providerBytes: Buffer.byteLength(String(ours[0]?.outputs?.__provider ?? "")),
      cpuSeconds: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, v.cpu])),
      peakRssMiB: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, v.peakRssMiB])),
      checkpoints: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, { count: v.checkpoints, mib: v.checkpointMiB }])),
      providerPeakRssMiB: up.peakRssMiB.provider,
    };
  } finally {
    await driver.dispose();
    await emulator.stop();
  }
}

async function main(): Promise<void> {
  const sizes = (flagValue("--sizes") ?? "S").split(",") as Size[];
  for (const size of sizes) if (!SIZES[size]) throw new Error(`--sizes: unknown size ${size}; one of ${Object.keys(SIZES).join(", ")}`);
  if (!Number.isInteger(GROUPS_PER_BATCH) || GROUPS_PER_BATCH < 0)
    throw new Error(`--batch must be a whole number, got ${flagValue("--batch")}`);
  const emulatorFlags = ["--latency-ms", String(LATENCY_MS), ...(MEMBER_BATCH ? ["--member-batch", MEMBER_BATCH] : [])];
  const { version } = await pulumiCli();
  const byPath = new Map<string, Record<string, unknown>[]>(PATHS.map((p) => [p, []]));
  for (const size of sizes) {
    const { groups, members, ...rest } = SIZES[size]!;
    const manifest = generateManifest({ groups, membersPerGroup: members, prefix: `b${size}`, ...rest });
    const folder = mkdtempSync(join(tmpdir(), "bench-"));
    const manifestPath = join(folder, "manifest.json");
    writeFileSync(manifestPath, JSON.stringify(manifest));
    // The baseline once per size, in the same run as every path it is compared with.
    const baselineSeconds = BASELINE ? +(await baseline(manifest, emulatorFlags)).toFixed(2) : undefined;
    for (const path of PATHS) {
      const result = await runPath(path, size, manifest, manifestPath, emulatorFlags);
      const full = {
        ...result,
        baselineSeconds,
        ourTimeOverBaseline: baselineSeconds ? +(result.upSeconds / baselineSeconds).toFixed(2) : undefined,
      };
      console.error(JSON.stringify(full));
      byPath.get(path)!.push(full);
    }
    rmSync(folder, { recursive: true, force: true });
  }
  mkdirSync(join(REPO_ROOT, "bench/results"), { recursive: true });
  for (const [path, results] of byPath) {
    // Cost per 1,000 memberships between consecutive sizes: linear growth shows as similar slopes.
    const slopes = results.slice(1).map((r, i) => {
      const p = results[i]!;
      return {
        from: p.size,
        to: r.size,
        upSecondsPer1kMemberships: +(
          (((r.upSeconds as number) - (p.upSeconds as number)) * 1000) /
          ((r.memberships as number) - (p.memberships as number))
        ).toFixed(3),
      };
    });
    const variant = variantOf(path as "inline" | "cli");
    const report = {
      date: new Date().toISOString(),
      variant,
      throughCli: path === "cli",
      groupsPerBatch: GROUPS_PER_BATCH,
      skipCheckpoints: SKIP_CHECKPOINTS,
      automaticLogs: AUTO_LOGS,
      memberBatch: Number(MEMBER_BATCH ?? 300),
      slopes,
      pulumi: version,
      node: process.version,
      cores: cpus().length,
      latencyMs: LATENCY_MS,
      results,
    };
    writeFileSync(join(REPO_ROOT, `bench/results/migration-${variant}-${sizes.join("")}.json`), `${JSON.stringify(report, null, 2)}\n`);
    console.log(JSON.stringify(report, null, 2));
  }
}

type Size = string;

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../tools/lib/local-stack";
import type { ConvertRun } from "./convert";
import type { MemoryRow } from "./history-memory";
import type { HistoryReport } from "./history-results";

/**
 * Writes BENCHMARKS.md and bench/results/up-time.svg from the migration benchmark's JSON results
 * (bench/results/migration-<variant>-<sizes>.json), so that every number in the document is one the benchmark measured.
 * Run after `node dist/bench/migration.js ...`: `node dist/bench/report.js`.
 */

type Cpu = { engine: number; provider: number; program: number };
interface SizeResult {
  size: string;
  groups: number;
  resources: number;
  upSeconds: number;
  floorSeconds: number;
  floorCommand: string;
  upOverFloor: number;
  noopPreviewSeconds: number;
  refreshSeconds: number;
  destroySeconds: number;
  rateLimitedAnswers: number;
  stateBytesPerResource: number;
  overheadBytesPerResource: number;
  recordBytesPerResource?: number;
  stateBytesPerGroup?: number;
  declaredBytesPerGroup?: number;
  providerBytes: number;
  providerPeakRssMiB: number;
  baselineSeconds: number;
  ourTimeOverBaseline: number;
  upCalls: Record<string, { calls: number; rateLimited: number }>;
  cpuSeconds?: { up: Cpu; noopPreview: Cpu; refresh: Cpu; destroy: Cpu };
}
interface Report {
  date: string;
  variant: string;
  groupsPerBatch: number;
  skipCheckpoints: boolean;
  automaticLogs: boolean;
  slopeMsPerGroup?: number;
  pulumi: string;
  node: string;
  cores: number;
  latencyMs: number;
  results: SizeResult[];
}

/** The variants in the order the document shows them, with what each one means. */
const VARIANTS: { variant: string; title: string; note: string }[] = [
  {
    variant: "batch-100",
    title: "`ImportedGroupBatch` (100 groups per batch), default engine settings",
    note: "The recommended form for large migrations: `declareMigration(manifest, { groupsPerBatch: 100 })`. Plain `pulumi up`: checkpoints and Pulumi's automatic logs on.",
  },
  {
    variant: "cli-batch-100",
    title: "`ImportedGroupBatch` through the language host: what a user's plain `pulumi up` gets",
    note: "The same as the first table, but the program is not run in the benchmark's process: the CLI starts the Node language host (`pulumi-language-nodejs`) in a project folder, which runs the root program's declaration, as `pulumi up` in a user's project does. The program's CPU here is the language host's and its Node process's.",
  },
  {
    variant: "batch-100-no-auto-logs",
    title: "`ImportedGroupBatch`, Pulumi's automatic logs off",
    note: "The same, with the CLI's automatic debug log made impossible (a file where `$PULUMI_HOME/logs` would be; Pulumi has no switch). Shows what that log costs.",
  },
  {
    variant: "per-resource-skip-checkpoints",
    title: "One resource per group, member list and topic, `PULUMI_SKIP_CHECKPOINTS=true`",
    note: "The fine-grained form with the engine's per-step state writes off.",
  },
  {
    variant: "per-resource",
    title: "One resource per group, member list and topic, default engine settings",
    note: "The fine-grained form as a plain `pulumi up` runs it: the engine rewrites the whole state file after every step.",
  },
];

/** Every run of a variant (`migration-<variant>-<sizes>.json`), the one that covered the most sizes first. */
const runsOf = (variant: string): Report[] => {
  const dir = join(REPO_ROOT, "bench/results");
  return readdirSync(dir)
    .filter((name) => new RegExp(`^migration-${variant}-[SMLX]+\\.json$`).test(name))
    .map((name) => JSON.parse(readFileSync(join(dir, name), "utf8")) as Report)
    .sort((a, b) => b.results.length - a.results.length);
};
/** A variant's results: the run that covered the most sizes. */
const load = (variant: string): Report | undefined => runsOf(variant)[0];

/**
 * The same-day comparison of the language-host path with the in-process program at M, when both were measured on
 * the day of the `cli-batch-100` run (runs on different days differ by more than the two paths do).
 */
function pathComparison(): string {
  const cli = load("cli-batch-100");
  const inline = runsOf("batch-100").find((r) => r.date.slice(0, 10) === cli?.date.slice(0, 10));
  const [c, i] = [cli?.results.find((r) => r.size === "M"), inline?.results.find((r) => r.size === "M")];
  if (!c || !i) return "";
  return `Measured the same day at M, the in-process program took ${i.upSeconds} s for \`up\` (${i.upOverFloor}x), ${i.noopPreviewSeconds} s for the no-op preview, ${i.refreshSeconds} s for refresh and ${i.destroySeconds} s for destroy; through the language host ${c.upSeconds} s (${c.upOverFloor}x), ${c.noopPreviewSeconds} s, ${c.refreshSeconds} s and ${c.destroySeconds} s: starting the language host and its Node process costs every command a few seconds.\n`;
}
const kb = (bytes: number | undefined) => (bytes === undefined ? "-" : (bytes / 1024).toFixed(1));

function table(report: Report): string {
  const head =
    "| size | groups | resources | `up` s | floor s | up / floor | baseline s | ours / baseline | no-op preview s | refresh s | destroy s | rate-limit rejections | state KB per group (declared) | `__provider` B | provider peak RSS MiB |";
  const rows = report.results.map(
    (r) =>
      `| ${r.size} | ${r.groups} | ${r.resources} | ${r.upSeconds} | ${r.floorSeconds} | ${r.upOverFloor} | ${r.baselineSeconds} | ${r.ourTimeOverBaseline} | ${r.noopPreviewSeconds} | ${r.refreshSeconds} | ${r.destroySeconds} | ${r.rateLimitedAnswers} | ${kb(r.stateBytesPerGroup)} (${kb(r.declaredBytesPerGroup)}) | ${r.providerBytes} | ${r.providerPeakRssMiB} |`,
  );
  return [head, `|${"---|".repeat(15)}`, ...rows].join("\n");
}

function cpuTable(reports: Report[], size: string): string {
  const rows: string[] = [];
  for (const report of reports) {
    const r = report.results.find((x) => x.size === size);
    if (!r?.cpuSeconds) continue;
    for (const [phase, cpu] of [
      ["up", r.cpuSeconds.up],
      ["no-op preview", r.cpuSeconds.noopPreview],
    ] as const) {
      const wall = phase === "up" ? r.upSeconds : r.noopPreviewSeconds;
      rows.push(
        `| ${report.variant} | ${phase} | ${wall} | ${cpu.engine} | ${cpu.provider} | ${cpu.program} | ${(cpu.engine + cpu.provider + cpu.program).toFixed(1)} |`,
      );
    }
  }
  return [
    "| variant | phase | wall s | engine CPU s | provider CPU s | program CPU s | total CPU s |",
    "|---|---|---|---|---|---|---|",
    ...rows,
  ].join("\n");
}

/** A small SVG line chart of `up` time against groups, one line per variant, with the floor. */
function plot(reports: Report[]): string {
  const width = 640,
    height = 360,
    left = 60,
    bottom = 40,
    top = 20,
    right = 190;
  const points = reports.flatMap((r) => r.results.map((x) => ({ x: x.groups, y: x.upSeconds })));
  const floor = reports[0]?.results.map((x) => ({ x: x.groups, y: x.floorSeconds })) ?? [];
  const maxX = Math.max(...points.map((p) => p.x), 1);
  const maxY = Math.max(...points.map((p) => p.y), 1);
  const sx = (x: number) => left + (x / maxX) * (width - left - right);
  const sy = (y: number) => height - bottom - (y / maxY) * (height - top - bottom);
  const colors = ["#1f77b4", "#2ca02c", "#ff7f0e", "#d62728", "#7f7f7f"];
  const series = [
    ...reports.map((r, i) => ({ name: r.variant, color: colors[i]!, pts: r.results.map((x) => ({ x: x.groups, y: x.upSeconds })) })),
    { name: "floor (rate limit)", color: colors[4]!, pts: floor },
  ];
  const lines = series.map((s, i) =>
    [
      `<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${s.pts.map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(" ")}"/>`,
      ...s.pts.map((p) => `<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="3" fill="${s.color}"/>`),
      `<text x="${width - right + 10}" y="${top + 16 + i * 18}" font-size="12" fill="${s.color}">${s.name}</text>`,
    ].join("\n"),
  );
  const ticksY = [0, 0.25, 0.5, 0.75, 1].map(
    (f) => `<text x="${left - 8}" y="${sy(f * maxY) + 4}" font-size="11" text-anchor="end">${Math.round(f * maxY)}</text>`,
  );
  const ticksX =
    reports[0]?.results.map(
      (x) => `<text x="${sx(x.groups)}" y="${height - bottom + 16}" font-size="11" text-anchor="middle">${x.groups}</text>`,
    ) ?? [];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
<line x1="${left}" y1="${height - bottom}" x2="${width - right}" y2="${height - bottom}" stroke="black"/>
<line x1="${left}" y1="${top}" x2="${left}" y2="${height - bottom}" stroke="black"/>
<text x="${(left + width - right) / 2}" y="${height - 6}" font-size="12" text-anchor="middle">groups (100 members each; XL adds a Community of 100,000)</text>
<text x="14" y="${(top + height - bottom) / 2}" font-size="12" transform="rotate(-90 14 ${(top + height - bottom) / 2})" text-anchor="middle">pulumi up, seconds</text>
${ticksY.join("\n")}
${ticksX.join("\n")}
${lines.join("\n")}
</svg>
`;
}

/** The converters' section, from the `bench/convert.js` run that covered the most sizes, if any. */
function conversionSection(): string {
  const dir = join(REPO_ROOT, "bench/results");
  const run = readdirSync(dir)
    .filter((name) => /^convert-[\d-]+\.json$/.test(name))
    .map(
      (name) =>
        JSON.parse(readFileSync(join(dir, name), "utf8")) as {
          date: string;
          node: string;
          runs: ConvertRun[];
          capped?: { heapCapMiB: number; lines: number; converted: boolean; peakRssMiB: number }[];
        },
    )
    .sort((a, b) => b.runs.length - a.runs.length)[0];
  if (!run) return "";
  const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
  const rows = run.runs.map(
    (r) =>
      `| ${r.converter} | ${r.lines.toLocaleString("en-US")} | ${mb(r.inputBytes)} | ${mb(r.outputBytes)} | ${r.wallSeconds} | ${r.cpuSeconds} | ${r.linesPerSecond.toLocaleString("en-US")} | ${r.peakRssMiB} |`,
  );
  // Memory per membership between the smallest and the largest input: what grows, against what is fixed.
  const slopes = [...new Set(run.runs.map((r) => r.converter))].map((converter) => {
    const own = run.runs.filter((r) => r.converter === converter).sort((a, b) => a.lines - b.lines);
    const [small, large] = [own[0]!, own.at(-1)!];
    if (small === large) return `${converter}: one size only`;
    const perThousand = ((large.peakRssMiB - small.peakRssMiB) * 1024) / ((large.memberships - small.memberships) / 1000);
    const fixed = small.peakRssMiB - (perThousand * small.memberships) / 1000 / 1024;
    return `${converter}: ${perThousand.toFixed(0)} KiB per 1,000 memberships over a fixed ${fixed.toFixed(0)} MiB`;
  });
  const capped = (run.capped ?? []).map(
    (c) =>
      `with V8's heap capped at ${c.heapCapMiB} MiB (\`--max-old-space-size\`) ${c.converted ? `it converts ${c.lines.toLocaleString("en-US")} lines (peak RSS ${c.peakRssMiB} MiB)` : "it runs out of memory"}`,
  );
  return `
## Converting an export (\`from-csv\`, \`from-stream\`)

Measured ${run.date.slice(0, 10)} by \`node dist/bench/convert.js\` (Node ${run.node}): the real \`tencent-chat-migrate\`
command in a child process, its peak resident memory and CPU read at its exit. Inputs: N member lines over N/100
groups (a tenth Communities) and N/50 users, each user in 50 groups; for \`from-stream\` the same as a Stream Chat
import file (users, channels and N member lines). The output is the manifest, checked by \`validate\`'s rules.

| converter | member lines | input MB | manifest MB | wall s | CPU s | lines per s | peak RSS MiB |
|---|---|---|---|---|---|---|---|
${rows.join("\n")}

- **Bounded by the manifest, not the input.** The input is read as a stream of lines (a constant buffer, never the
  whole file); what grows is the manifest being built, held once in memory so that it can be checked across groups
  before one byte is written, and written group by group. Growth of peak RSS: ${slopes.join("; ")}. RSS is V8's
  choice of heap size more than what the conversion needs${capped.length > 0 ? `; the largest \`from-csv\` again: ${capped.join("; ")}` : ""}.
- The memory is mostly the built manifest and its check: \`validate\`'s schema pass builds its own checked copy
  of it for a moment.
`;
}

type PerProcess = { engine: number; provider: number; program: number };
/** A result of the current benchmark (bench/migration.ts since the batch became one text). */
interface ScaleResult {
  size: string;
  path: string;
  groups: number;
  accounts: number;
  memberships: number;
  resources: number;
  upSeconds: number;
  floorSeconds: number;
  floorCommand: string;
  floorsByCommand: Record<string, number>;
  upOverFloor: number;
  noopPreviewSeconds: number;
  noopPreviewChanges: number;
  refreshSeconds: number;
  refreshFloorSeconds: number;
  destroySeconds: number;
  destroyFloorSeconds: number;
  rateLimitedAnswers: number;
  refusedCalls: number;
  stateBytes: number;
  stateBytesPerMembershipBeyondDeclared: number;
  cpuSeconds: Record<"up" | "noopPreview" | "refresh" | "destroy", PerProcess>;
  peakRssMiB: Record<"up" | "noopPreview" | "refresh" | "destroy", PerProcess>;
  checkpoints: Record<"up" | "noopPreview" | "refresh" | "destroy", { count: number; mib: number }>;
  baselineSeconds?: number;
  ourTimeOverBaseline?: number;
  upCalls: Record<string, { calls: number }>;
  /** When each command's first and last API call landed, in seconds from its start (results from 2026-12-02 on). */
  callSpans?: Record<"up" | "refresh" | "destroy", { firstCallSeconds: number | null; lastCallSeconds: number | null }>;
}
interface ScaleReport {
  date: string;
  variant: string;
  throughCli: boolean;
  groupsPerBatch: number;
  memberBatch: number;
  slopes: { from: string; to: string; upSecondsPer1kMemberships: number }[];
  pulumi: string;
  node: string;
  cores: number;
  latencyMs: number;
  results: ScaleResult[];
}

/**
 * The current form's runs: `cli-batch-<n>` (plain pulumi) and `batch-<n>` (Automation API) from S to XL at the
 * batch size for L; XL again at its own batch size; and XL with 20 members a call. The recommended size gives
 * about ten batches (see the README): 200 groups at L, 1,000 at XL.
 */
const SCALE_BATCH = 200;
const XL_BATCH = 1000;
const scale = (variant: string) => runsOf(variant)[0] as unknown as ScaleReport | undefined;
const PHASES = [
  ["up", "up"],
  ["noopPreview", "no-op preview"],
  ["refresh", "refresh"],
  ["destroy", "destroy"],
] as const;
const n = (value: number) => value.toLocaleString("en-US");

function scaleTable(report: ScaleReport): string {
  const head =
    "| size | groups | memberships | accounts | resources | `up` s | floor s | up / floor | baseline s | ours / baseline | no-op preview s | refresh s (floor) | destroy s (floor) | rate-limit rejections | state B per membership beyond its text | checkpoints in `up` (MiB written) |";
  const rows = report.results.map(
    (r) =>
      `| ${r.size} | ${n(r.groups)} | ${n(r.memberships)} | ${n(r.accounts)} | ${r.resources} | ${r.upSeconds} | ${r.floorSeconds} (${r.floorCommand}) | ${r.upOverFloor} | ${r.baselineSeconds ?? "-"} | ${r.ourTimeOverBaseline ?? "-"} | ${r.noopPreviewSeconds} | ${r.refreshSeconds} (${r.refreshFloorSeconds}) | ${r.destroySeconds} (${r.destroyFloorSeconds}) | ${r.rateLimitedAnswers} | ${r.stateBytesPerMembershipBeyondDeclared} | ${r.checkpoints.up.count} (${r.checkpoints.up.mib}) |`,
  );
  return [head, `|${"---|".repeat(16)}`, ...rows].join("\n");
}

/** CPU seconds and peak memory per process, checkpoints, for each command of each run at the given sizes. */
function processTable(reports: ScaleReport[], sizes: readonly string[]): string {
  const rows: string[] = [];
  for (const report of reports) {
    for (const r of report.results.filter((x) => sizes.includes(x.size))) {
      for (const [phase, label] of PHASES) {
        const cpu = r.cpuSeconds[phase];
        const rss = r.peakRssMiB[phase];
        rows.push(
          `| ${report.variant} | ${r.size} | ${label} | ${phase === "up" ? r.upSeconds : phase === "noopPreview" ? r.noopPreviewSeconds : phase === "refresh" ? r.refreshSeconds : r.destroySeconds} | ${cpu.engine} | ${cpu.provider} | ${cpu.program} | ${rss.engine} | ${rss.provider} | ${rss.program} | ${r.checkpoints[phase].count} (${r.checkpoints[phase].mib}) |`,
        );
      }
    }
  }
  return [
    "| variant | size | command | wall s | engine CPU s | provider CPU s | program CPU s | engine peak MiB | provider peak MiB | program peak MiB | checkpoints (MiB) |",
    `|${"---|".repeat(11)}`,
    ...rows,
  ].join("\n");
}

/**
 * A command's time in three parts: before its first API call (start-up: CLI, language host, program, provider,
 * checks), from the first call to the last (paced by the API's rate; the floor is this part's lower bound), and
 * after the last (the last outputs, checkpoints and exit).
 */
function spanTable(reports: ScaleReport[]): string {
  const rows: string[] = [];
  for (const report of reports) {
    for (const r of report.results) {
      for (const [phase, wall, floor] of [
        ["up", r.upSeconds, r.floorSeconds],
        ["refresh", r.refreshSeconds, r.refreshFloorSeconds],
        ["destroy", r.destroySeconds, r.destroyFloorSeconds],
      ] as const) {
        const parts = spanParts(r, phase, wall);
        if (!parts) continue;
        rows.push(
          `| ${report.variant} | ${r.size} | ${phase} | ${wall} | ${parts.before} | ${parts.calls} | ${floor} | ${floor > 0 ? (parts.calls / floor).toFixed(2) : "-"} | ${parts.after} |`,
        );
      }
    }
  }
  if (rows.length === 0) return "not measured (results before 2026-12-02 do not record when calls landed)";
  return [
    "| variant | size | command | wall s | before the first call s | first to last call s | floor s | calls / floor | after the last call s |",
    `|${"---|".repeat(9)}`,
    ...rows,
  ].join("\n");
}

/** A result's call span for a command, when the run recorded it. */
function spanOf(r: ScaleResult | undefined, command: "up" | "refresh" | "destroy") {
  return r?.callSpans?.[command];
}

/** A command's wall time in its three parts (see {@link spanTable}), when its run recorded when calls landed. */
function spanParts(
  r: ScaleResult | undefined,
  command: "up" | "refresh" | "destroy",
  wall: number,
): { before: number; calls: number; after: number } | undefined {
  const span = spanOf(r, command);
  if (!span || span.firstCallSeconds === null || span.lastCallSeconds === null) return undefined;
  return {
    before: span.firstCallSeconds,
    calls: +(span.lastCallSeconds - span.firstCallSeconds).toFixed(1),
    after: +Math.max(0, wall - span.lastCallSeconds).toFixed(1),
  };
}

/** A run of bench/pulumi-fixed.ts: what Pulumi's commands cost with nothing of ours in them. */
interface PulumiFixedRun {
  date: string;
  rounds: number;
  medianSeconds: Record<"up" | "noopPreview" | "refresh" | "destroy", number>;
}

/** A results file of a benchmark run on its own (bench/results/<name>), or undefined when it has not been run. */
function optionalResult<T>(name: string): T | undefined {
  try {
    return JSON.parse(readFileSync(join(REPO_ROOT, "bench/results", name), "utf8")) as T;
  } catch {
    return undefined;
  }
}

/** The reliability figures of message history (tools/history-reliability.ts, tools/history-kills.ts), as far as read here. */
interface HistoryReliability {
  historyFaultRuns?: {
    seed: number;
    faultTotal: number;
    byKind?: Record<string, number>;
    runs: number;
    stored?: number;
    missing?: number;
    duplicated?: number;
    outOfOrder?: number;
    verify?: { messages: number; missing: number; duplicated: number; outOfOrder: number };
  }[];
  historyKills?: {
    shape?: { groups: number; messagesPerGroup: number };
    moments: {
      backend: string;
      killAfterCalls: number;
      totalCalls?: number;
      processesKilled?: number;
      recoverySeconds?: number;
      messagesVerified?: number;
      missing?: number;
      duplicated?: number;
      outOfOrder?: number;
    }[];
  };
}

/** The history targets (L within 1.2x of its floor, its no-op preview under 30 s, state under 200 B a conversation), as measured. */
function targets(report: HistoryReport): string {
  const large = report.runs.find((r) => r.label === "L");
  const direct = report.runs.find((r) => r.label === "1:1");
  if (!large) return "";
  const states = report.runs
    .flatMap((r) => [r.stateBytesPerConversation.group, r.stateBytesPerConversation.c2c])
    .filter((b) => b !== undefined);
  return `
Against the targets: \`up\` at L ${large.ratioToFloor}x its floor (target 1.2x)${direct ? `, 1:1 ${direct.ratioToFloor}x` : ""}; no-op preview at L
${large.noOpPreviewSeconds} s (target under 30 s); state at most ${Math.max(...(states as number[]))} bytes per conversation (target under 200);
${report.runs.reduce((n, r) => n + r.rejected, 0)} rate-limited answers. The provider process peaked at ${report.baseline.providerPeakMiB ?? "-"} MiB without history.
The table's provider peaks are resident memory, sampled from /proc, garbage not yet collected included (measured
${report.date}); what the provider holds is the next table's.
`;
}

/** The provider's memory against the number of messages (bench/history-memory.ts), if measured. */
function memoryNote(): string {
  const memory = optionalResult<{ date: string; rows: MemoryRow[]; before?: { commit: string; note: string; rows: MemoryRow[] } }>(
    "history-provider-memory.json",
  );
  if (!memory || memory.rows.length === 0) return "";
  const n = (x: number) => x.toLocaleString("en-US");
  const earlier = (r: MemoryRow) => memory.before?.rows.find((b) => b.groups === r.groups && b.perGroup === r.perGroup);
  const rows = memory.rows.map((r) => {
    const b = earlier(r);
    return `| ${n(r.groups)} x ${n(r.perGroup)} | ${n(r.messages)} | **${r.heapPeakMiB}** | ${r.rssPeakMiB} | ${r.seconds} | ${n(r.stored)} | ${b ? `${b.heapPeakMiB} / ${b.rssPeakMiB} / ${b.seconds}` : "-"} |`;
  });
  return `
The provider's memory against the number of messages, \`node dist/bench/history-memory.js\` (${memory.date}): the code
ImportedGroupHistoryBatch runs, 64 conversations in flight, in a process of its own against the emulator without rate
limits. It reads each conversation file forward, one call's messages at a time, so what it holds does not grow with the
messages: the heap after a collection is the measure of that; the peak resident memory adds garbage not yet collected
and memory the allocator keeps, and grows with the pace and length of the run rather than with what is held. The last
column is the same bench at ${memory.before ? `${memory.before.commit} (${memory.before.note})` : "-"}.

| groups x messages each | messages | heap held, MiB (after GC, highest) | peak resident, MiB | seconds | stored once | before: held / resident / seconds |
|---|---|---|---|---|---|---|
${rows.join("\n")}
`;
}

/** Message history through plain `pulumi up` (bench/history.ts), and its reliability figures, if measured. */
function historySection(): string {
  const report = optionalResult<HistoryReport>("history-SML.json");
  if (!report) return "";
  const n = (x: number) => x.toLocaleString("en-US");
  const rows = report.runs.map(
    (r) =>
      `| ${r.label} | ${n(r.groupMessages)} | ${n(r.c2cMessages)} | ${r.baselineUpSeconds ?? report.baseline.upSeconds} | ${r.upSeconds} | ${r.historySeconds} | ${r.floorSeconds} | **${r.ratioToFloor}x** | ${r.noOpPreviewSeconds} | ${r.stateBytesPerConversation.group ?? "-"} / ${r.stateBytesPerConversation.c2c ?? "-"} | ${r.providerPeakMiB ?? "-"} | ${r.rejected} | ${n(r.stored)} |`,
  );
  const reliability = optionalResult<HistoryReliability>("reliability.json");
  const faults = reliability?.historyFaultRuns ?? [];
  const kills = reliability?.historyKills?.moments ?? [];
  const faultTable =
    faults.length === 0
      ? ""
      : `\nFault injection on the history commands (answers lost after the service applied them, resets, timeouts, 502),
\`npm run reliability\`:

| seed | faults injected | by kind | \`pulumi up\` runs | stored / read back by \`verify\` | missing | duplicated | out of order |
|---|---|---|---|---|---|---|---|
${faults
  .map(
    (f) =>
      `| ${f.seed} | ${f.faultTotal} | ${Object.entries(f.byKind ?? {})
        .map(([kind, count]) => `${kind} ${count}`)
        .join(
          ", ",
        )} | ${f.runs} | ${f.stored ?? "-"} / ${f.verify?.messages ?? "-"} | ${f.missing ?? "-"} / ${f.verify?.missing ?? "-"} | ${f.duplicated ?? "-"} / ${f.verify?.duplicated ?? "-"} | ${f.outOfOrder ?? "-"} / ${f.verify?.outOfOrder ?? "-"} |`,
  )
  .join("\n")}
`;
  const killTable =
    kills.length === 0
      ? ""
      : `\n\`kill -9\` of the whole process tree during a 100,000-message import, then \`tencent-chat-migrate recover\` and
\`verify --history\`:

| backend | killed after calls | processes killed | recovery (s) | messages verified | missing | duplicated | out of order |
|---|---|---|---|---|---|---|---|
${kills.map((k) => `| ${k.backend === "postgres" ? "PostgreSQL" : k.backend} | ${n(k.killAfterCalls)} of ${k.totalCalls !== undefined ? n(k.totalCalls) : "-"} | ${k.processesKilled ?? "-"} | ${k.recoverySeconds ?? "-"} | ${k.messagesVerified !== undefined ? n(k.messagesVerified) : "-"} | ${k.missing ?? "-"} | ${k.duplicated ?? "-"} | ${k.outOfOrder ?? "-"} |`).join("\n")}
`;
  return `
## Message history: S, M, L and 1:1 through plain \`pulumi up\`

\`node dist/bench/history.js --groups ${report.groups} --sizes 10000,100000,1000000 --c2c 100000\`, measured ${report.date}: the root
program in the batch form (\`groupsPerBatch\` ${report.groupsPerBatch}, so one \`ImportedGroupHistoryBatch\` per batch) over
${n(report.groups)} groups of 10 members, the emulator adding ${report.latencyMs} ms to every answer. The same migration without
history (the baseline, measured in the same run as the row) took the row's baseline; each row's
**history** is its \`up\` less the baseline's, against the **floor**: its import calls at the documented 200 calls a
second (7 group messages a call; 1 1:1 message a call). The history's own \`up\` also reads every group back once
before its first message (\`group_msg_get_simple\`, the exactly-once rule), which the floor does not count.
State is the bytes of the history resources in \`pulumi stack export\` per conversation (group / 1:1); memory is the
dynamic provider process's peak.

| size | group messages | 1:1 messages | baseline \`up\` (s) | \`up\` (s) | history (s) | floor (s) | history / floor | no-op preview (s) | state B/conversation | provider peak (MiB) | rate-limited | stored |
|---|---|---|---|---|---|---|---|---|---|---|---|---|
${rows.join("\n")}
${targets(report)}${memoryNote()}
${faultTable}${killTable}`;
}

/** What Pulumi's commands cost with nothing of ours in them, as a sentence, if measured. */
function pulumiFixedCost(run: PulumiFixedRun | undefined): string {
  if (!run) return "";
  const m = run.medianSeconds;
  return `Pulumi's own part of it (\`node dist/bench/pulumi-fixed.js\`, ${run.date.slice(0, 10)}): a TypeScript project with one
  dynamic resource whose provider calls nothing takes ${m.up} s for \`up\`, ${m.noopPreview} s for a no-op preview, ${m.refresh} s for
  refresh and ${m.destroy} s for destroy (median of ${run.rounds}): no provider can make a command shorter than that.`;
}

/** The diff a reviewer reads when one member joins a large group (bench/diff-lines.ts), if measured. */
function diffSection(): { text: string; changedLines?: number; members?: number } {
  const run = optionalResult<{ date: string; groupMembers: number; diff: string[]; changedLines: number; changed: string[] }>(
    "diff-lines.json",
  );
  if (!run) return { text: "" };
  return {
    changedLines: run.changedLines,
    members: run.groupMembers,
    text: `
## What a reviewer reads: one member joins a group of ${n(run.groupMembers)}

\`node dist/bench/diff-lines.js\` (measured ${run.date.slice(0, 10)}): the root project applies a Community of ${n(run.groupMembers)} people
as an \`ImportedGroupBatch\`, the manifest gains one member of it (an account imported already), and
\`pulumi preview --diff\` shows the batch as:

\`\`\`
${run.diff.join("\n")}
\`\`\`

${run.changedLines} line${run.changedLines === 1 ? "" : "s"} marked as changed, with two lines of context on each side: the batch is one text of a line per
group, member and topic, which Pulumi's display shows as a line diff. (A JSON or YAML value would be decoded and
printed whole, every unchanged member included: 20,000 lines. Outside the batch, the stack's \`summary\` output
shows the member count going up by one.)
`,
  };
}

/** The current form at every size, through both paths, the targets, and where the time goes. */
function scaleSection(): string {
  const cli = scale(`cli-batch-${SCALE_BATCH}`);
  const inline = scale(`batch-${SCALE_BATCH}`);
  const cliXLRun = scale(`cli-batch-${XL_BATCH}`);
  const inlineXLRun = scale(`batch-${XL_BATCH}`);
  const twenty = scale(`cli-batch-${XL_BATCH}-member-batch-20`);
  if (!cli && !inline) return "";
  const diff = diffSection();
  const fixed = optionalResult<PulumiFixedRun>("pulumi-fixed.json");
  const at = (report: ScaleReport | undefined, size: string) => report?.results.find((r) => r.size === size);
  const [cliL, inL] = [at(cli, "L"), at(inline, "L")];
  // XL at its own batch size when measured (about ten batches), else at the L run's.
  const [cliXL, inXL] = [at(cliXLRun, "XL") ?? at(cli, "XL"), at(inlineXLRun, "XL") ?? at(inline, "XL")];
  const verdict = (ok: boolean | undefined) => (ok === undefined ? "not measured" : ok ? "met" : "**missed**");
  const maxPeak = (r: ScaleResult | undefined, kind: "engine" | "provider") =>
    r ? Math.max(...PHASES.map(([phase]) => r.peakRssMiB[phase][kind])) : undefined;
  const all = [cli, inline, cliXLRun, inlineXLRun, twenty].filter((r): r is ScaleReport => r !== undefined);
  const rejections = all.flatMap((r) => r.results).reduce((sum, r) => sum + r.rateLimitedAnswers, 0);
  // The accounts must exist before any member is imported: their calls and the groups' cannot overlap.
  const ACCOUNT_COMMANDS = ["account_check", "multiaccount_import"];
  const chainedFloor = (r: ScaleResult) => {
    const floors = Object.entries(r.floorsByCommand);
    const longest = (entries: [string, number][]) => Math.max(0, ...entries.map(([, sec]) => sec));
    return +(
      longest(floors.filter(([c]) => ACCOUNT_COMMANDS.includes(c))) + longest(floors.filter(([c]) => !ACCOUNT_COMMANDS.includes(c)))
    ).toFixed(2);
  };
  // Where a run's time went: before its first call, between its first and last, after its last.
  const split = (r: ScaleResult) => {
    const parts = spanParts(r, "up", r.upSeconds);
    if (!parts) return "";
    return ` Through the CLI: ${parts.before} s before the first call, ${parts.calls} s of calls (${(parts.calls / chainedFloor(r)).toFixed(2)}x the floor with the accounts first), ${parts.after} s after the last.`;
  };
  const upRow = (label: string, r: ScaleResult | undefined, other: ScaleResult | undefined, more = "") => [
    label,
    r
      ? `${r.upOverFloor}x: ${r.upSeconds} s against ${r.floorSeconds} s through plain \`pulumi up\`${other ? `; ${other.upOverFloor}x (${other.upSeconds} s) through the Automation API` : ""}. Against the floor with the accounts first (${chainedFloor(r)} s: members need their accounts, so the two cannot overlap): ${(r.upSeconds / chainedFloor(r)).toFixed(2)}x.${split(r)}${fixed ? ` Pulumi's own \`up\` of one resource that calls nothing: ${fixed.medianSeconds.up} s.` : ""}${more}`
      : "-",
    verdict(r && r.upOverFloor <= 1.5),
  ];
  // The command at which a process peaked, with the peak.
  const peakOf = (r: ScaleResult, kind: "engine" | "provider") => {
    const [phase, label] = PHASES.reduce((best, p) => (r.peakRssMiB[p[0]][kind] > r.peakRssMiB[best[0]][kind] ? p : best));
    return `${kind} ${r.peakRssMiB[phase][kind]} MiB (${label})`;
  };
  const twentyXL = at(twenty, "XL");
  const refreshRatio = (r: ScaleResult | undefined) => (r ? +(r.refreshSeconds / r.refreshFloorSeconds).toFixed(2) : undefined);
  const targets = [
    upRow(`\`pulumi up\` at L within 1.5x of the floor (${SCALE_BATCH} groups per batch)`, cliL, inL),
    upRow(
      `\`pulumi up\` at XL within 1.5x of the floor (${cliXLRun ? XL_BATCH : SCALE_BATCH} groups per batch)`,
      cliXL,
      inXL,
      twentyXL
        ? ` With 20 members a call (the newest document, below): ${twentyXL.upOverFloor}x (${twentyXL.upSeconds} s against ${twentyXL.floorSeconds} s).`
        : "",
    ),
    [
      "no-op `pulumi preview` at XL under 60 s",
      cliXL ? `${cliXL.noopPreviewSeconds} s (Automation API ${inXL?.noopPreviewSeconds ?? "-"} s)` : "-",
      verdict(cliXL && cliXL.noopPreviewSeconds < 60),
    ],
    [
      "`pulumi refresh` within 2x of its own floor",
      [cliL, cliXL]
        .filter(Boolean)
        .map((r) => `${r!.size}: ${refreshRatio(r)}x (${r!.refreshSeconds} s against ${r!.refreshFloorSeconds} s)`)
        .join("; "),
      verdict(cliXL && refreshRatio(cliXL)! <= 2 && (!cliL || refreshRatio(cliL)! <= 2)),
    ],
    [
      "zero rate-limit rejections",
      rejections === 0
        ? "0 in every run of this section"
        : `${rejections} in all: ${all.flatMap((r) => r.results.filter((x) => x.rateLimitedAnswers > 0).map((x) => `${x.rateLimitedAnswers} in ${r.variant} at ${x.size}`)).join("; ")}; 0 in every other run`,
      verdict(rejections === 0),
    ],
    [
      "state at most 60 B per membership beyond the member's text",
      cliXL
        ? `${cliXL.stateBytesPerMembershipBeyondDeclared} B at XL (everything in the state of our resources but each member's UserID and member string once, per membership)`
        : "-",
      verdict(cliXL && cliXL.stateBytesPerMembershipBeyondDeclared <= 60),
    ],
    [
      "provider and engine each under 1.5 GiB",
      cliXL
        ? `peaks at XL over the four commands: ${peakOf(cliXL, "engine")}, ${peakOf(cliXL, "provider")}; the engine's ${maxPeak(cliXL, "engine")! < 1536 ? "met" : "missed"}, the provider's ${maxPeak(cliXL, "provider")! < 1536 ? "met" : "missed"}`
        : "-",
      verdict(cliXL && maxPeak(cliXL, "engine")! < 1536 && maxPeak(cliXL, "provider")! < 1536),
    ],
    [
      "adding one member to a 20,000-member group shows one line in `pulumi preview --diff`",
      diff.changedLines !== undefined ? `${diff.changedLines} changed line (see below)` : "-",
      verdict(diff.changedLines === undefined ? undefined : diff.changedLines === 1),
    ],
    [
      "cost grows linearly from S to XL: the slope per 1,000 memberships",
      [cli, inline]
        .filter((r): r is ScaleReport => r !== undefined)
        .map((r) => `${r.variant}: ${r.slopes.map((x) => `${x.from} to ${x.to} ${x.upSecondsPer1kMemberships} s`).join(", ")}`)
        .join("; ") +
        ". Through the CLI, S's `up` is the run's first command and includes compiling the TypeScript entry (see its start-up in the call-span table), which flattens S to M.",
      "reported",
    ],
  ];
  const xlCalls = cliXL
    ? Object.entries(cliXL.floorsByCommand)
        .map(([c, sec]) => `${c} ${sec} s`)
        .join(", ")
    : "-";
  return `
## ImportedGroupBatch as one text, ${SCALE_BATCH} groups per batch: S to XL

\`declareMigration(manifest, { groupsPerBatch: ${SCALE_BATCH} })\`, or \`tencent-chat-migration:groupsPerBatch ${SCALE_BATCH}\` for the root
program; default engine settings, Pulumi's automatic log on. Sizes S, M, L: 50, 500, 2,000 groups of 100 members
from 150 accounts. **XL**: 10,000 groups of 100 members drawn from 100,000 accounts (each account in about 10
groups, as in a workspace where people join a handful of channels), plus one Community of 100,000 people, its
owner included (an all-hands channel): ${cliXL ? n(cliXL.memberships) : "1,099,999"} memberships. A tenth of the groups are
topic-enabled communities with 5 topics.

### Through plain \`pulumi\` commands: what a user's run gets

The repository's root project (\`Pulumi.yaml\`, TypeScript entry \`program/index.ts\` compiled by the language
host) run with \`pulumi up --yes --skip-preview\`, \`pulumi preview --expect-no-changes\`, \`pulumi refresh --yes
--skip-preview\` and \`pulumi destroy --yes --skip-preview\` in its folder.${cli ? ` Measured ${cli.date.slice(0, 10)}.` : ""} The run's first
command (S's \`up\`) also type-checks and compiles the TypeScript entry, which the language host's ts-node then
caches for every later command, as a user's first command after a build does (its start-up in the call-span table
below, against M's).

${cli ? scaleTable(cli) : "not measured"}

### Through the Automation API (the program in the benchmark's process)
${inline ? `\nMeasured ${inline.date.slice(0, 10)}, same run, same baseline.\n\n${scaleTable(inline)}` : "\nnot measured"}

### XL at ${XL_BATCH} groups per batch

${SCALE_BATCH} groups per batch make XL ${at(cli, "XL")?.resources ?? "about 50"} resources, and the engine writes the whole state (${at(cli, "XL") ? `${(at(cli, "XL")!.stateBytes / 1048576).toFixed(0)} MB` : "about 90 MB"} at the end) when each of their steps
starts and ends: ${at(cli, "XL") ? `${at(cli, "XL")!.checkpoints.up.count} checkpoints, ${n(at(cli, "XL")!.checkpoints.up.mib)} MiB written in \`up\`` : "see the table above"}. At ${XL_BATCH} groups per batch (about ten batches, as ${SCALE_BATCH}
is at L)${cliXLRun ? ` it is ${at(cliXLRun, "XL")!.resources} resources, ${at(cliXLRun, "XL")!.checkpoints.up.count} checkpoints and ${n(at(cliXLRun, "XL")!.checkpoints.up.mib)} MiB` : ""}. No baseline in this run: it is the same manifest as above.
${cliXLRun ? `\n${scaleTable(cliXLRun)}\n` : "\nnot measured\n"}${inlineXLRun ? `\nThrough the Automation API:\n\n${scaleTable(inlineXLRun)}\n` : ""}
### With 20 members per import_group_member call (\`--member-batch 20\`, the newest document)
${
  twenty
    ? `\nThe emulator refuses more than 20 members a call (10005); the provider keeps its default of 300 and steps down
(300, 100, 20) on the first refusals, then every later group starts at 20. The busiest command is then
import_group_member. Plain \`pulumi\` commands; no baseline (it would take hours at 20 per call). Measured ${twenty.date.slice(0, 10)}.\n\n${scaleTable(twenty)}\n\nRefused calls (10005 while stepping down): ${twenty.results.map((r) => `${r.size} ${r.refusedCalls}`).join(", ")}.`
    : "\nnot measured"
}

### Floors at XL, per command

The floor of a command is its calls divided by its documented rate; the floor of a run is its busiest command's.
\`up\` at XL: ${xlCalls}. Refresh reads each group's members (get_group_member_info, 100 a page for a
Community), each community's topics in one get_topic, and 50 groups per get_group_info.

### Against the targets

| target | result | verdict |
|---|---|---|
${targets.map((row) => `| ${row.join(" | ")} |`).join("\n")}

### Time against size

![pulumi up time against groups](bench/results/up-time.svg)

\`pulumi up\` at ${SCALE_BATCH} groups per batch through plain \`pulumi\` commands (cli-) and the Automation API, and the floor.

### CPU and memory of every run

<details><summary>Each command of each run above: CPU seconds and peak memory of the engine, the provider and the
program (the language host's Node process through the CLI; the benchmark's own process through the Automation
API), and the checkpoints the engine wrote.</summary>

${processTable(all, ["S", "M", "L", "XL"])}

</details>

### Where the time goes: start-up, calls, wind-down

Each command's wall time split at its first and last API call (the emulator's counters, read every 200 ms). Only
the middle part is paced by the API; its floor is the command's. Plain \`pulumi\` commands (cli-) and the
Automation API.

${spanTable(all.filter((r) => !r.variant.includes("member-batch")))}

### Where the time goes (XL, per process)

${processTable(
  all.filter((r) => !r.variant.includes("member-batch")),
  ["XL"],
)}

- **Engine.** Its CPU follows the bytes of properties it moves and records, not the API's pace: the state is one
  text per resource (a batch of ${SCALE_BATCH} groups with their members is one string), so each of its
  checkpoints is a few marshal passes over the state file, and its automatic log compresses every property of every
  provider call (Pulumi's; there is no switch). A CPU profile of the engine in \`up\` at L (\`pulumi up
  --profiling\`, one value per group's members then): 59% in the log's property handler
  (\`logging.(*PropertySinkHandler).Handle\`, mostly \`compress/flate\`), the rest checkpoints and marshaling.
- **Start-up at XL** (${spanOf(cliXL, "up")?.firstCallSeconds ?? "-"} s before the first call through the CLI, ${spanOf(inXL, "up")?.firstCallSeconds ?? "-"} s through the Automation API, which
  starts no language host): the program reads and validates a manifest of a million memberships, then declares it.
  A CPU profile of the program in a preview at XL (2026-12-02): JSON.parse of the 43 MB manifest 4.3 s (its member
  maps are keyed by 100,000 distinct UserIDs, and V8 builds a hidden class per key set: the same data as arrays
  parses in 0.5 s), validation 3.1 s (zod 2.3 s), and the SDK's protobuf encoding of the batch texts 3.3 s
  (google-protobuf writes strings to UTF-8 in JavaScript); 4.5 s of garbage collection on top. Then the provider
  checks each batch text once (about 0.5 s for 100,000 members).
- **Accounts first.** Members need their accounts, so the ${cliXL ? `${cliXL.floorsByCommand.multiaccount_import ?? "-"} s` : "10 s"} of account calls at 100 a second come before any group call:
  the floor with the accounts first is the one the run can reach.
- **Between the calls.** When batches finish, the engine writes a checkpoint of the whole state (${at(cliXLRun, "XL") ? `${(at(cliXLRun, "XL")!.stateBytes / 1048576).toFixed(0)} MB` : "about 90 MB"} at the
  end) and the SDK encodes each batch's outputs (4 MB of text at 1,000 groups); on 2 cores the calls then stall for
  a second or two at a time (\`--timeline\` shows seconds without a call mid-run). The engine's CPU, the checkpoints
  and the SDK's encoding are Pulumi's; the provider's own parsing and writing of a 1,000-group text is 0.05 s each.
- **Engine memory.** Its peak at XL is in \`destroy\` (${cliXL ? `${cliXL.peakRssMiB.destroy.engine} MiB` : "-"}): it holds the state (${cliXL ? `${(cliXL.stateBytes / 1048576).toFixed(0)} MB` : "-"} of our
  resources' properties), writes all of it at each of ${cliXL ? cliXL.checkpoints.destroy.count : "-"} checkpoints (${cliXL ? n(cliXL.checkpoints.destroy.mib) : "-"} MiB) while eight deletes
  run at once, and its automatic log compresses each delete's properties: Pulumi's. Ours is the state's size
  (${cliXL ? cliXL.stateBytesPerMembershipBeyondDeclared : "-"} B per membership beyond the member's text: each batch's text is recorded as its input and again
  as its output, which refresh compares).
- **Provider.** Reading each batch's text back and checking it once (the checks of all batches arrive together and
  share one thread), then the calls; its memory is the groups of the batches in flight, and of at most two batch
  reads at once in refresh. A text it checked before it was applied is not read again, so a no-op preview skips it.
- **Refresh** is paced by get_group_member_info, plus one chain it cannot spread: a Community's member pages follow
  a cursor (100 members a call), one after another. The batch holding the largest community is declared first and
  its pages go ahead of the queue for the command's rate, so the chain runs beside the other reads instead of after
  them.
- **Fixed cost**: S, with ${at(cli, "S")?.floorSeconds ?? "-"} s of floor, takes ${at(cli, "S")?.upSeconds ?? "-"} s through plain \`pulumi up\`: starting the CLI,
  the language host (compiling the TypeScript entry), the provider process, and the first and last checkpoints.
  ${pulumiFixedCost(fixed)}
${diff.text}`;
}

function main(): void {
  const reports = VARIANTS.map((v) => ({ ...v, report: load(v.variant) })).filter(
    (v): v is typeof v & { report: Report } => v.report !== undefined,
  );
  if (reports.length === 0) throw new Error("no results in bench/results: run node dist/bench/migration.js first");
  const first = reports[0]!.report;
  const m = (variant: string) => load(variant)?.results.find((r) => r.size === "M");
  const api = JSON.parse(readFileSync(join(REPO_ROOT, "bench/results/api.json"), "utf8")) as {
    clientThroughput: { callsPerSecond: number };
    emulatorLoad: { offeredPerSecond: number; requests: number; answered: number; p99Ms: number };
  };
  const batchM = m("batch-100");
  const noLogsM = m("batch-100-no-auto-logs");
  const perResourceM = m("per-resource-skip-checkpoints");
  // Cost per added group between consecutive sizes: similar numbers from S to M and from M to L mean linear growth.
  const segmentSlopes = (report: Report) =>
    report.results
      .slice(1)
      .map((r, i) => {
        const prev = report.results[i]!;
        return `${prev.size} to ${r.size} ${(((r.upSeconds - prev.upSeconds) * 1000) / (r.groups - prev.groups)).toFixed(1)}`;
      })
      .join(", ");
  const slopes = reports.map(({ report }) => `${report.variant}: ${segmentSlopes(report)} ms per group`).join("; ");
  const targetRows = [
    [
      "`pulumi up` on M within 1.5x of the floor",
      batchM
        ? `${batchM.upOverFloor}x with ImportedGroupBatch (${batchM.upSeconds} s against ${batchM.floorSeconds} s)${perResourceM ? `; ${perResourceM.upOverFloor}x one resource per object, checkpoints skipped` : ""}`
        : "-",
      batchM && batchM.upOverFloor <= 1.5 ? "met" : "**missed**",
    ],
    [
      "zero rate-limit rejections with default settings",
      reports.map(({ report }) => `${report.variant}: ${report.results.reduce((n, r) => n + r.rateLimitedAnswers, 0)}`).join("; "),
      reports.every(({ report }) => report.results.every((r) => r.rateLimitedAnswers === 0)) ? "met" : "**missed**",
    ],
    [
      "`__provider` at most 2 KB",
      `${first.results[0]?.providerBytes} bytes`,
      (first.results[0]?.providerBytes ?? 9999) <= 2048 ? "met" : "**missed**",
    ],
    [
      "state at most 3 KB per resource beyond the declared data",
      reports
        .filter(({ report }) => !report.variant.includes("no-auto-logs") && report.variant !== "per-resource")
        .map(({ report }) => {
          const r = report.results.find((x) => x.size === "M") ?? report.results[0]!;
          return `${report.variant}: the engine's record ${r.recordBytesPerResource ?? "-"} B per resource; with the outputs' copy of the declared data ${r.overheadBytesPerResource} B per resource`;
        })
        .join("; "),
      "engine record met; see below",
    ],
    [
      "no-op `pulumi preview` on M under 20 s",
      reports
        .map(({ report }) => `${report.variant}: ${report.results.find((x) => x.size === "M")?.noopPreviewSeconds ?? "-"} s`)
        .join("; "),
      batchM && batchM.noopPreviewSeconds < 20
        ? "met with ImportedGroupBatch"
        : noLogsM && noLogsM.noopPreviewSeconds < 20
          ? "**missed** by the default CLI (its automatic logs); met without them"
          : "**missed**",
    ],
    ["cost grows linearly from S to L: the slope", slopes, "reported"],
  ];
  const doc = `# Benchmarks

How close a migration runs to the API's own limit: about 200 calls per second per command (100 for the account
calls), 300 members per call. Generated by \`node dist/bench/report.js\` from \`bench/results/migration-*.json\`;
every number below is one the benchmark measured.

Reproduce (after \`tools/run.sh test\` has set up Node 24 and the Pulumi CLI):

\`\`\`sh
npm run bench                                                                   # quick: client/emulator figures, size S
node dist/bench/migration.js --batch 200 --sizes S,M,L,XL --paths inline,cli    # this document's first tables (about 40 min)
node dist/bench/migration.js --batch 1000 --sizes XL --paths cli,inline --no-baseline
node dist/bench/migration.js --batch 1000 --sizes L,XL --paths cli --member-batch 20 --no-baseline
node dist/bench/diff-lines.js --members 20000                                   # preview --diff when one member joins
node dist/bench/pulumi-fixed.js                                                 # Pulumi's own cost per command
node dist/bench/convert.js --lines 250000,500000,1000000                        # the converters on large inputs
node dist/bench/history.js --groups 1000 --sizes 10000,100000,1000000 --c2c 100000   # message history (about 35 min)
node dist/bench/report.js                                                       # this file and the plot
\`\`\`

Add \`--timeline\` to print each command's calls per second during every command.

Machine: ${(scale(`cli-batch-${SCALE_BATCH}`) ?? first).cores} cores, 24 GiB; Node ${(scale(`cli-batch-${SCALE_BATCH}`) ?? first).node}; Pulumi CLI ${(scale(`cli-batch-${SCALE_BATCH}`) ?? first).pulumi} built from its Go module; local
file backend; the emulator in its own process with the documented rate limits and ${first.latencyMs} ms added to every answer.
**Floor**: the busiest command's calls divided by its documented rate. **Baseline**: what a user would write
instead, a plain script, one request at a time, members in batches of 300, against the same emulator. **One run
per figure**: on this 2-core VM repeated runs differ by up to a fifth.
${scaleSection()}${historySection()}
# Earlier forms

Measured before a batch became one text (the tables below keep the dates they were measured on), with the
earlier benchmark's sizes (S, M, L) and flags.

## Setup (earlier forms)
- Migrations generated by \`generateManifest\`: S = 50, M = 500, L = 2,000 groups of 100 members, a tenth of them
  topic-enabled communities with 5 topics, all members and owners imported as accounts first (one \`ImportedAccounts\`).
- The emulator runs in its own process with the documented rate limits and ${first.latencyMs} ms added to every answer.
- Times are wall-clock through the real CLI (\`pulumi up\`, a no-op \`pulumi preview\`, \`pulumi refresh\`,
  \`pulumi destroy\`). The program runs in the benchmark's process (the Automation API's inline program), except
  in the \`cli-\` variant, where the CLI starts the Node language host in a project folder as in a user's run.
- **Floor**: the busiest command's calls divided by its documented rate (all other commands fit inside it).
- **Baseline**: what a user would write instead: a plain script, one request at a time, members in batches of 300,
  against the same emulator.
- **One run per figure.** On this 2-core VM, repeated runs of the same configuration differ by up to a fifth, so a
  figure within a few percent of a target is within noise.
- **State KB per group**: the whole state of our resources divided by the groups; in brackets the declared data
  (the inputs, once). Pulumi keeps every resource's inputs and its outputs, and a dynamic provider's \`diff\` only
  sees the outputs, so the outputs repeat the declared data: about twice the declared data is the least possible.

${reports.map(({ variant, title, note, report }) => `## ${title}\n\n${note} Measured ${report.date.slice(0, 10)}.\n\n${table(report)}\n${variant === "cli-batch-100" ? `\n${pathComparison()}` : ""}`).join("\n")}
API calls of \`up\` at L (${reports[0]!.report.variant}): ${Object.entries(reports[0]!.report.results.at(-1)?.upCalls ?? {})
    .map(([c, v]) => `${c} ${v.calls}`)
    .join(", ")}: one call per
group, per member list of up to 300, per topic and per 100 accounts, in every form.

## Time against size (earlier forms)

Cost of \`up\` per added group between sizes: ${slopes}. One resource per object with default settings grows
quadratically (${m("per-resource")?.upSeconds ?? "-"} s at M).

## Where the time goes (size M, CPU seconds per process)

${cpuTable(
  reports.map((r) => r.report),
  "M",
)}

- **Per value, in Pulumi's engine and SDK.** Most of the CPU goes to the Pulumi engine, then the Node SDK in the
  program and the dynamic-provider process; profiles of the provider show google-protobuf's \`Struct\` conversion
  and garbage collection first, and our check, diff and client a few percent. Every nested value crosses program,
  engine and provider several times (register, check, diff, create, the outputs back to the program), so the cost
  follows the number of values and their depth more than the number of resources. That is why a batch stores each
  member as one string (\`"Admin joined:1600000060"\`) instead of an object: at M, \`up\` takes ${batchM?.upSeconds ?? "-"} s as batches
  against ${perResourceM?.upSeconds ?? "-"} s for the same data as ${perResourceM?.resources.toLocaleString("en-US") ?? "-"} resources with member objects (checkpoints skipped).
- **Pulumi's automatic logs.** Since 2026 the CLI writes a debug log of every command to \`$PULUMI_HOME/logs\`,
  compressed and encrypted, and it cannot be turned off. It records every property marshaled for a provider call
  at every nesting level (\`Marshaling property for RPC[...]: key=%v\` of the whole subtree), so its cost grows with
  the data times its depth.
  Compare the two batch tables: at M it is ${batchM && noLogsM ? `${(batchM.cpuSeconds!.up.engine - noLogsM.cpuSeconds!.up.engine).toFixed(1)} of the engine's ${batchM.cpuSeconds!.up.engine} CPU seconds in \`up\` (${batchM.upSeconds} s against ${noLogsM.upSeconds} s wall)` : "most of the engine's CPU"}.
- **Checkpoints.** With default settings the engine rewrites the whole state file after every step: the cost is
  resources x state size. One resource per object pays it quadratically (see its table); a batch writes a few
  dozen checkpoints, so default settings need no \`PULUMI_SKIP_CHECKPOINTS\`.
- **Fixed cost.** Starting the CLI, the program and the provider process and writing the state is paid at every
  size: S, with ${reports[0]!.report.results[0]?.floorSeconds} s of API floor, takes ${reports[0]!.report.results[0]?.upSeconds} s, which alone exceeds 1.5x the floor at M
  (${batchM ? (batchM.floorSeconds * 1.5).toFixed(2) : "-"} s).
- **Not the API side.** Zero rate-limit rejections; our client alone makes ${api.clientThroughput.callsPerSecond} calls per second on
  loopback with rate limiting off, and the emulator answered ${api.emulatorLoad.answered} of ${api.emulatorLoad.requests} requests offered at
  ${api.emulatorLoad.offeredPerSecond} per second (p99 ${api.emulatorLoad.p99Ms} ms) (\`npm run bench\`, \`bench/results/api.json\`).

## Against the targets

| target | result | verdict |
|---|---|---|
${targetRows.map((row) => `| ${row.join(" | ")} |`).join("\n")}

State: the engine's own record per resource (URN, type, parent, dependencies, property dependencies, provider
reference, timestamps, source position and stack trace, and \`__provider\`) is within 3 KB in every form. What
remains beyond the declared data is the outputs' copy of it, which every dynamic resource needs, because \`diff\`
and \`update\` receive only the old outputs; one resource per object then comes to ${perResourceM ? (perResourceM.overheadBytesPerResource / 1024).toFixed(1) : "-"} KB per resource at M.
Counted per group, a batch stores twice the declared data plus the engine's record of ${batchM?.recordBytesPerResource !== undefined ? (batchM.recordBytesPerResource / 1024).toFixed(1) : "-"} KB per batch of ${first.groupsPerBatch} groups.
${conversionSection()}`;
  writeFileSync(join(REPO_ROOT, "BENCHMARKS.md"), doc);
  // The quadratic default-settings run would flatten every other line; the tables hold it.
  // The current form from S to XL through both paths, with the floor; the earlier forms' tables hold their numbers.
  const current = [scale(`cli-batch-${SCALE_BATCH}`), scale(`batch-${SCALE_BATCH}`)].filter((r): r is ScaleReport => r !== undefined);
  writeFileSync(
    join(REPO_ROOT, "bench/results/up-time.svg"),
    plot((current.length > 0 ? current : reports.map((r) => r.report).filter((r) => r.variant !== "per-resource")) as unknown as Report[]),
  );
  console.log("wrote BENCHMARKS.md and bench/results/up-time.svg");
}

main();

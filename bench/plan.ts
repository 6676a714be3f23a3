import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { numberFlag } from "../provider/cli-flags";
import { encodeAccounts } from "../provider/resources/accounts/accounts-text";
import { encodeBatch } from "../provider/resources/batch/batch-text";
import { type BatchGroupArgs, withDerivedIds } from "../provider/resources/batch/resource";
import { providerModuleText, type ResourceKind } from "../provider/resources/dynamic-resource";
import { generateManifest } from "../provider/migration/generate";
import type { Manifest, ManifestGroup } from "../provider/migration/manifest";
import { parsePreview, planExitCode, summarizePreview, writePlanMarkdown } from "../provider/migration/plan";
import { REPO_ROOT } from "../tools/lib/local-stack";
import { PulumiProject } from "../tools/lib/pulumi-project";
import { startEmulatorProcess } from "./emulator-process";

/**
 * Measures `tencent-chat-migrate plan` on the preview of a large migration with one change, through the real CLI
 * (a child process, as a pipeline runs it): wall and CPU seconds, peak memory, the preview's bytes and the
 * comment's characters, and the same phases in-process (parse, summarize, write).
 *
 * - XL (synthetic): `pulumi preview --json --show-sames` of 1,000,000 members (5,000 groups of 200,
 *   `generateManifest`) in ImportedGroupBatch resources of 200 groups, every batch unchanged but one, where one
 *   member's role changes. Written in the shape Pulumi writes (steps with oldState inputs and outputs and newState
 *   inputs, 4-space indentation) with the batch texts the program writes (`withDerivedIds`, `encodeBatch`): an XL
 *   `pulumi up` takes most of an hour here, and plan reads only the JSON. Every unchanged batch is a `same` step
 *   holding its text three times, as with --show-sames; without it Pulumi leaves them out, a far smaller input.
 * - real: plain `pulumi up` of the root program (`groupsPerBatch` 200) against an emulator process, then one role
 *   changed and plain `pulumi preview --json`, which plan summarizes (`--real-members`, default 50,000).
 *
 * `node dist/bench/plan.js [--xl-members 1000000] [--real-members 50000]`; results in bench/results/plan.json.
 */

const CLI = join(REPO_ROOT, "dist/provider/migration/cli.js");
const PRELOAD = join(REPO_ROOT, "dist/bench/peak-memory.js");
const MEMBERS_PER_GROUP = 200;
const GROUPS_PER_BATCH = 200;
const PROJECT = "tencent-chat-migration";
const STACK = "xl";

/** A manifest group as the root program's batch form declares it (declareMigration's batchGroup). */
function batchGroup({ key: _key, members, topics, ...inputs }: ManifestGroup): BatchGroupArgs {
  return {
    ...inputs,
    ...(Object.keys(members).length > 0 ? { members } : {}),
    ...(topics.length > 0 ? { topics: Object.fromEntries(topics.map(({ key, ...topic }) => [key, topic])) } : {}),
  };
}

/** A resource's state as `pulumi preview --json` writes it (apitype.ResourceV3), the fields plan does not read included. */
function state(kind: ResourceKind | "Stack", name: string, inputs: Record<string, unknown>, outputs?: Record<string, unknown>) {
  const type = kind === "Stack" ? "pulumi:pulumi:Stack" : `pulumi-nodejs:dynamic/tencent-chat:${kind}`;
  const urn = `urn:pulumi:${STACK}::${PROJECT}::${type}::${name}`;
  const provider = `urn:pulumi:${STACK}::${PROJECT}::pulumi:providers:pulumi-nodejs::default::00000000-0000-0000-0000-000000000000`;
  const withProvider = kind === "Stack" ? {} : { __provider: providerModuleText(kind, STACK) };
  return {
    urn,
    custom: kind !== "Stack",
    ...(outputs ? { id: `${name}-0123456789abcdef` } : {}),
    type,
    inputs: { ...withProvider, ...inputs },
    ...(outputs ? { outputs: { ...withProvider, ...outputs } } : {}),
    parent: `urn:pulumi:${STACK}::${PROJECT}::pulumi:pulumi:Stack::${PROJECT}-${STACK}`,
    provider,
    propertyDependencies: Object.fromEntries(Object.keys(inputs).map((k) => [k, []])),
    created: "2026-12-07T00:00:00.000000000Z",
    modified: "2026-12-07T00:00:00.000000000Z",
    sourcePosition: "project:///provider/resources/batch/resource.ts#83,5",
  };
}

/** A step: `same` holds the recorded state and the program's new inputs, `update` likewise. */
function step(op: string, old: ReturnType<typeof state>, next: ReturnType<typeof state>) {
  return { op, urn: next.urn, provider: next.provider, oldState: old, newState: next, detailedDiff: null };
}

/** Writes the synthetic XL preview; answers its path, bytes, members and batches. */
function writeXlPreview(dir: string, members: number) {
  const manifest: Manifest = generateManifest({ groups: Math.ceil(members / MEMBERS_PER_GROUP), membersPerGroup: MEMBERS_PER_GROUP });
  const accounts = encodeAccounts(manifest.accounts);
  const steps = [
    step("same", state("Stack", `${PROJECT}-${STACK}`, {}), state("Stack", `${PROJECT}-${STACK}`, {})),
    step(
      "same",
      state("ImportedAccounts", "accounts", { accounts }, { accounts, accountCount: Object.keys(manifest.accounts).length }),
      state("ImportedAccounts", "accounts", { accounts }),
    ),
  ];
  const batches = Math.ceil(manifest.groups.length / GROUPS_PER_BATCH);
  const changed = Math.floor(batches / 3);
  let memberCount = 0;
  for (let b = 0; b < batches; b++) {
    const declared = Object.fromEntries(
      manifest.groups.slice(b * GROUPS_PER_BATCH, (b + 1) * GROUPS_PER_BATCH).map((g) => [g.key, batchGroup(g)]),
    );
    for (const g of Object.values(declared)) memberCount += Object.keys(g.members ?? {}).length;
    const text = encodeBatch(withDerivedIds(declared, PROJECT, STACK));
    let next = text;
    if (b === changed) {
      // The one change: the second member of the batch's first group becomes an Admin.
      const [key, group] = Object.entries(declared)[0]!;
      const account = Object.keys(group.members!)[1]!;
      const members = { ...group.members, [account]: { ...(group.members![account] as object), role: "Admin" as const } };
      next = encodeBatch(withDerivedIds({ ...declared, [key]: { ...group, members } }, PROJECT, STACK));
    }
    const name = `groups-${b}`;
    const groupCount = Object.keys(declared).length;
    steps.push(
      step(
        b === changed ? "update" : "same",
        state("ImportedGroupBatch", name, { groups: text }, { groups: text, groupCount }),
        state("ImportedGroupBatch", name, { groups: next }),
      ),
    );
  }
  const digest = {
    config: {
      "tencent-chat-migration:groupsPerBatch": String(GROUPS_PER_BATCH),
      "tencent-chat:endpoint": "https://adminapisgp.im.qcloud.com",
      "tencent-chat:secretKey": "[secret]",
    },
    steps,
    duration: 1,
    changeSummary: { same: steps.length - 1, update: 1 },
  };
  const path = join(dir, "xl-preview.json");
  writeFileSync(path, JSON.stringify(digest, null, 4));
  return { path, bytes: statSync(path).size, members: memberCount, groups: manifest.groups.length, batches };
}

/** plan's phases in this process: each timed once. */
function inProcess(path: string) {
  const t0 = performance.now();
  const text = readFileSync(path, "utf8");
  const t1 = performance.now();
  const digest = parsePreview(text);
  const t2 = performance.now();
  const summary = summarizePreview(digest, { env: {} });
  const t3 = performance.now();
  const markdown = writePlanMarkdown(summary);
  const t4 = performance.now();
  const ms = (a: number, b: number) => Math.round(b - a);
  return {
    readMs: ms(t0, t1),
    parseMs: ms(t1, t2),
    summarizeMs: ms(t2, t3),
    markdownMs: ms(t3, t4),
    summary,
    markdown,
  };
}

/** `tencent-chat-migrate plan <path> --out <md>` in a child process: wall and CPU seconds, peak memory, exit status. */
function throughCli(path: string, dir: string) {
  const out = join(dir, "summary.md");
  const peakFile = join(dir, "peak.json");
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ["--require", PRELOAD, CLI, "plan", path, "--out", out], {
    env: { ...process.env, PEAK_MEMORY_FILE: peakFile },
    encoding: "utf8",
  });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0 && result.status !== 3) throw new Error(`plan exited with ${result.status}: ${result.stderr}`);
  const peak = JSON.parse(readFileSync(peakFile, "utf8")) as { maxRssKiB: number; cpuSeconds: number };
  return {
    wallSeconds: Number(wallSeconds.toFixed(2)),
    cpuSeconds: Number(peak.cpuSeconds.toFixed(2)),
    peakRssMiB: Math.round(peak.maxRssKiB / 1024),
    exitCode: result.status,
    commentChars: readFileSync(out, "utf8").length,
  };
}

/** What both runs report about the summary. */
function described(summary: ReturnType<typeof summarizePreview>) {
  return {
    updatedMembers: summary.totals.members.updated,
    otherChanges: Object.values(summary.totals).reduce(
      (n, t) => n + t.created + t.updated + t.replaced + t.forgotten + t.deleted,
      -summary.totals.members.updated,
    ),
    exitStatus: planExitCode(summary),
  };
}

async function realPreview(dir: string, members: number) {
  const emulator = await startEmulatorProcess(["--no-rate-limits"]);
  const manifest = generateManifest({ groups: Math.ceil(members / MEMBERS_PER_GROUP), membersPerGroup: MEMBERS_PER_GROUP });
  const manifestPath = join(dir, "real-manifest.json");
  writeFileSync(manifestPath, JSON.stringify(manifest));
  const cli = new PulumiProject(REPO_ROOT, `plan-bench-${Date.now().toString(36)}`);
  try {
    await cli.initAgainst(emulator, {
      "tencent-chat-migration:manifest": manifestPath,
      "tencent-chat-migration:groupsPerBatch": String(GROUPS_PER_BATCH),
    });
    const upStarted = performance.now();
    await cli.run(["up", "--yes", "--skip-preview"]);
    const upSeconds = (performance.now() - upStarted) / 1000;
    const group = manifest.groups[0]!;
    const account = Object.keys(group.members)[1]!;
    group.members[account] = { ...group.members[account], role: "Admin" };
    writeFileSync(manifestPath, JSON.stringify(manifest));
    const previewStarted = performance.now();
    const preview = await cli.run(["preview", "--json"]);
    const previewSeconds = (performance.now() - previewStarted) / 1000;
    const path = join(dir, "real-preview.json");
    writeFileSync(path, preview.stdout);
    return { path, bytes: statSync(path).size, groups: manifest.groups.length, upSeconds, previewSeconds };
  } finally {
    await cli.dispose();
    await emulator.stop();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { "xl-members": { type: "string" }, "real-members": { type: "string" } } });
  const xlMembers = numberFlag("xl-members", values["xl-members"] ?? "1000000", { min: MEMBERS_PER_GROUP });
  const realMembers = numberFlag("real-members", values["real-members"] ?? "50000", { min: 0 });
  const dir = mkdtempSync(join(tmpdir(), "tencent-chat-plan-bench-"));
  try {
    const xl = writeXlPreview(dir, xlMembers);
    console.error(`plan bench: synthetic preview of ${xl.members} members, ${xl.batches} batches: ${xl.bytes} bytes`);
    const xlCli = throughCli(xl.path, dir);
    const xlPhases = inProcess(xl.path);
    const results: Record<string, unknown> = {
      machine: { cpus: cpus().length, node: process.version },
      xl: {
        source: "synthetic, in the shape pulumi preview --json --show-sames writes",
        members: xl.members,
        groups: xl.groups,
        batches: xl.batches,
        previewBytes: xl.bytes,
        ...xlCli,
        phasesMs: { read: xlPhases.readMs, parse: xlPhases.parseMs, summarize: xlPhases.summarizeMs, markdown: xlPhases.markdownMs },
        ...described(xlPhases.summary),
      },
    };
    console.error(`plan bench: XL ${JSON.stringify(results.xl)}`);
    if (realMembers > 0) {
      const real = await realPreview(dir, realMembers);
      const realCli = throughCli(real.path, dir);
      const realPhases = inProcess(real.path);
      results.real = {
        source: "plain pulumi preview --json of the root program against the emulator",
        members: realMembers,
        groups: real.groups,
        previewBytes: real.bytes,
        upSeconds: Number(real.upSeconds.toFixed(1)),
        previewSeconds: Number(real.previewSeconds.toFixed(1)),
        ...realCli,
        phasesMs: {
          read: realPhases.readMs,
          parse: realPhases.parseMs,
          summarize: realPhases.summarizeMs,
          markdown: realPhases.markdownMs,
        },
        ...described(realPhases.summary),
      };
      console.error(`plan bench: real ${JSON.stringify(results.real)}`);
    }
    mkdirSync(join(REPO_ROOT, "bench/results"), { recursive: true });
    writeFileSync(join(REPO_ROOT, "bench/results/plan.json"), `${JSON.stringify(results, null, 2)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

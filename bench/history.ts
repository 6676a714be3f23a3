import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startEmulator } from "../emulator/server";
import { COMMANDS } from "../provider/api/endpoints";
import { generateManifest } from "../provider/migration/generate";
import { HISTORY_LIMITS } from "../provider/migration/history";
import { REPO_ROOT } from "../tools/lib/local-stack";
import { listProcesses } from "../tools/lib/processes";
import { PulumiProject } from "../tools/lib/pulumi-project";
import type { HistoryReport, HistoryRow, HistoryRun } from "./history-results";

/**
 * Message history through plain `pulumi up` of the root program (batch form), against the emulator with a fixed
 * latency per answer. The same migration of `--groups` groups (10 members each) runs once without history (the
 * baseline), then once per size in `--sizes` (group messages spread evenly over the groups), then once with
 * `--c2c` 1:1 messages over pairs of its accounts (100 a pair); each history's own cost is its run's `up` less the
 * baseline's, against its floor, the API's (7 group messages a call, 200 import_group_msg calls a second; 1 1:1
 * message a call, 200 importmsg calls a second). Each run also measures its no-op preview, the state's bytes per
 * conversation (the history resources of `pulumi stack export`) and the provider process's peak memory.
 * Results go to bench/results/history-SML.json.
 * Usage: node dist/bench/history.js --groups 1000 --sizes 10000,100000,1000000 --c2c 100000
 */

const { values } = parseArgs({
  options: {
    groups: { type: "string", default: "1000" },
    sizes: { type: "string", default: "10000,100000,1000000" },
    c2c: { type: "string", default: "100000" },
    latency: { type: "string", default: "30" },
    "groups-per-batch": { type: "string", default: "200" },
    out: { type: "string", default: "history-SML" },
    /** Keep the rows of sizes not run this time from the result file. */
    merge: { type: "boolean", default: false },
  },
});
const groups = Number(values.groups);
/** The order rows are shown in. */
const jobsOrder = ["S", "M", "L", "XL", "1:1"];
const latencyMs = Number(values.latency);
const PER_PAIR = 100;
const ACCOUNTS = 200;

/** The first `count` pairs of distinct people, each pair once. */
function distinctPairs(people: readonly string[], count: number): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i < people.length && pairs.length < count; i += 1)
    for (let j = i + 1; j < people.length && pairs.length < count; j += 1) pairs.push([people[i]!, people[j]!]);
  if (pairs.length < count) throw new RangeError(`${people.length} accounts hold ${pairs.length} pairs, not ${count}`);
  return pairs;
}

/** Writes lines to a file as a stream: a million messages are never one string. */
async function writeLines(path: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(path);
  for (const line of lines) if (!out.write(`${line}\n`)) await once(out, "drain");
  out.end();
  await once(out, "finish");
}

async function run(label: string, perGroup: number, c2c: number): Promise<HistoryRun> {
  const dir = mkdtempSync(join(tmpdir(), "tencent-chat-bench-history-"));
  // Enough accounts for every 1:1 pair to be its own (n accounts hold n(n-1)/2 pairs).
  const manifest = generateManifest({ groups, membersPerGroup: 10, prefix: "h", communityShare: 0, accounts: ACCOUNTS });
  for (const group of manifest.groups) group.groupId = group.key;
  const accounts = Object.keys(manifest.accounts);
  function* history(): Generator<string> {
    for (const group of manifest.groups) {
      const people = [group.ownerAccount!, ...Object.keys(group.members)];
      for (let i = 0; i < perGroup; i += 1) {
        yield JSON.stringify({
          conversation: group.key,
          id: `${group.key}-${i}`,
          from: people[i % people.length],
          time: group.createTime! + 100 + i,
          body: [{ type: "text", text: `message ${i} of ${group.key}` }],
        });
      }
    }
    const pairs = distinctPairs(accounts, c2c / PER_PAIR);
    for (let pair = 0; pair < pairs.length; pair += 1) {
      const [a, b] = pairs[pair]!;
      for (let i = 0; i < PER_PAIR; i += 1) {
        yield JSON.stringify({
          conversation: [a, b],
          id: `p${pair}-${i}`,
          from: i % 2 === 0 ? a : b,
          time: 1_650_000_000 + pair + i * 60,
          body: [{ type: "text", text: `direct ${i} of pair ${pair}` }],
        });
      }
    }
  }
  writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest));
  await writeLines(join(dir, "history.jsonl"), history());
  const emulator = await startEmulator({ latencyMs });
  const cli = new PulumiProject(REPO_ROOT, `bench-history-${Date.now().toString(36)}`, {
    TENCENT_CHAT_HISTORY_CACHE: join(dir, "cache"),
  });
  try {
    await cli.initAgainst(
      { url: emulator.url, ...emulator.app },
      {
        "tencent-chat-migration:manifest": join(dir, "manifest.json"),
        "tencent-chat-migration:history": join(dir, "history.jsonl"),
        "tencent-chat-migration:groupsPerBatch": String(values["groups-per-batch"]),
      },
    );
    // The dynamic provider's peak memory, sampled from /proc while `up` runs (the engine kills the provider at the
    // end, so it cannot report its own).
    let providerPeakBytes = 0;
    const sampler = setInterval(() => {
      for (const p of listProcesses())
        if (p.cmdline.includes("dynamic-provider") && p.cmdline.includes(REPO_ROOT))
          providerPeakBytes = Math.max(providerPeakBytes, p.peakRssBytes);
    }, 1000);
    let started = performance.now();
    try {
      await cli.run(["up", "--yes"]);
    } finally {
      clearInterval(sampler);
    }
    const upSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    await cli.run(["preview", "--expect-no-changes"]);
    const noOpPreviewSeconds = (performance.now() - started) / 1000;
    const state = JSON.parse((await cli.run(["stack", "export"])).stdout) as { deployment: { resources: { type: string }[] } };
    const bytesOf = (kind: string) =>
      state.deployment.resources.filter((r) => r.type.endsWith(`:${kind}`)).reduce((n, r) => n + JSON.stringify(r).length, 0);
    const conversations = { group: perGroup > 0 ? groups : 0, c2c: c2c / PER_PAIR };
    const calls: Record<string, number> = {};
    let rejected = 0;
    for (const command of ["import_group_msg", "group_msg_get_simple", "importmsg", "set_unread_msg_num"]) {
      const counter = emulator.counters.get(command);
      if (counter) {
        calls[command] = counter.calls;
        rejected += counter.rejected;
      }
    }
    const storedGroup = Object.values(emulator.store.state.groupMessages ?? {}).reduce((n, list) => n + list.length, 0);
    const storedC2C = Object.values(emulator.store.state.c2cMessages ?? {})
      .flatMap((byPeer) => Object.values(byPeer))
      .reduce((n, list) => n + list.length, 0);
    return {
      label,
      groupMessages: perGroup * groups,
      c2cMessages: c2c,
      upSeconds: +upSeconds.toFixed(2),
      noOpPreviewSeconds: +noOpPreviewSeconds.toFixed(2),
      calls,
      rejected,
      stored: storedGroup + storedC2C,
      stateBytesPerConversation: {
        ...(conversations.group > 0 ? { group: Math.round(bytesOf("ImportedGroupHistoryBatch") / conversations.group) } : {}),
        ...(conversations.c2c > 0 ? { c2c: Math.round(bytesOf("ImportedC2CHistory") / conversations.c2c) } : {}),
      },
      ...(providerPeakBytes > 0 ? { providerPeakMiB: Math.round(providerPeakBytes / 2 ** 20) } : {}),
    };
  } finally {
    await cli.dispose();
    await emulator.close();
  }
}

/** The API's floor for a run's history: calls over the command's documented rate. */
function floorSeconds(groupMessages: number, c2c: number): number {
  const groupCalls = Math.ceil(groupMessages / groups / HISTORY_LIMITS.groupMessagesPerCall) * groups;
  return groupCalls / COMMANDS.import_group_msg.perSecond + c2c / COMMANDS.importmsg.perSecond;
}

async function main(): Promise<void> {
  const sizes = values.sizes.split(",").filter(Boolean).map(Number);
  // The sizes by name; any other size by its number.
  const names: Record<number, string> = { 10000: "S", 100000: "M", 1000000: "L" };
  const baseline = await run("baseline", 0, 0);
  console.log(JSON.stringify(baseline));
  const runs: HistoryRow[] = [];
  const jobs: [string, number, number][] = [
    ...sizes.map((size): [string, number, number] => [names[size] ?? String(size), Math.round(size / groups), 0]),
    ...(Number(values.c2c) > 0 ? [["1:1", 0, Number(values.c2c)] as [string, number, number]] : []),
  ];
  for (const [label, perGroup, c2c] of jobs) {
    const measured = await run(label, perGroup, c2c);
    const floor = floorSeconds(measured.groupMessages, c2c);
    const added = measured.upSeconds - baseline.upSeconds;
    const row = {
      ...measured,
      baselineUpSeconds: baseline.upSeconds,
      floorSeconds: floor,
      historySeconds: +added.toFixed(2),
      ratioToFloor: +(added / floor).toFixed(2),
    };
    console.log(JSON.stringify(row));
    runs.push(row);
  }
  const result: HistoryReport = {
    date: new Date().toISOString().slice(0, 10),
    groups,
    latencyMs,
    groupsPerBatch: Number(values["groups-per-batch"]),
    baseline,
    runs,
  };
  // Rows of sizes not measured this time are kept from an earlier run (each row holds its own baseline).
  const path = join(REPO_ROOT, `bench/results/${values.out}.json`);
  if (values.merge && existsSync(path)) {
    const earlier = JSON.parse(readFileSync(path, "utf8")) as HistoryReport;
    const measured = new Set(runs.map((row) => row.label));
    result.runs = [...earlier.runs.filter((row) => !measured.has(row.label)), ...runs].sort(
      (a, b) => jobsOrder.indexOf(a.label) - jobsOrder.indexOf(b.label),
    );
  }
  mkdirSync(join(REPO_ROOT, "bench/results"), { recursive: true });
  writeFileSync(join(REPO_ROOT, `bench/results/${values.out}.json`), `${JSON.stringify(result, null, 2)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startEmulator } from "../emulator/server";
import { COMMANDS } from "../provider/api/endpoints";
import { generateManifest } from "../provider/migration/generate";
import { HISTORY_LIMITS } from "../provider/migration/history";
import { REPO_ROOT } from "../tools/lib/local-stack";
import { PulumiProject } from "../tools/lib/pulumi-project";

/**
 * Group message history through plain `pulumi up` of the root program, against the emulator with a fixed latency
 * per answer: the same migration (groups of 10 members, `groupsPerBatch`) once without history (the baseline) and
 * once with `--messages` spread over the groups, so the history's own cost is the difference; its floor is the
 * API's (7 messages a call, 200 calls a second). Also the no-op preview of each. Results go to
 * bench/results/history-<groups>x<per group>.json. Usage: node dist/bench/history.js --groups 100 --messages 10000
 */

const { values } = parseArgs({
  options: {
    groups: { type: "string", default: "100" },
    messages: { type: "string", default: "10000" },
    latency: { type: "string", default: "30" },
    "groups-per-batch": { type: "string", default: "50" },
  },
});
const groups = Number(values.groups);
const perGroup = Math.round(Number(values.messages) / groups);
const latencyMs = Number(values.latency);

interface Run {
  messages: number;
  upSeconds: number;
  noOpPreviewSeconds: number;
  importCalls: number;
  rejected: number;
  stored: number;
}

async function run(messagesPerGroup: number): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), "tencent-chat-bench-history-"));
  const manifest = generateManifest({ groups, membersPerGroup: 10, prefix: "h", communityShare: 0 });
  for (const group of manifest.groups) group.groupId = group.key;
  const lines: string[] = [];
  for (const group of manifest.groups) {
    const people = [group.ownerAccount!, ...Object.keys(group.members)];
    for (let i = 0; i < messagesPerGroup; i += 1) {
      lines.push(
        JSON.stringify({
          conversation: group.key,
          id: `${group.key}-${i}`,
          from: people[i % people.length],
          time: group.createTime! + 100 + i,
          body: [{ type: "text", text: `message ${i} of ${group.key}` }],
        }),
      );
    }
  }
  writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest));
  writeFileSync(join(dir, "history.jsonl"), lines.length > 0 ? `${lines.join("\n")}\n` : "");
  const emulator = await startEmulator({ latencyMs });
  const cli = new PulumiProject(REPO_ROOT, `bench-history-${Date.now().toString(36)}`, { TENCENT_CHAT_HISTORY_CACHE: join(dir, "cache") });
  try {
    await cli.initAgainst(
      { url: emulator.url, ...emulator.app },
      {
        "tencent-chat-migration:manifest": join(dir, "manifest.json"),
        "tencent-chat-migration:history": join(dir, "history.jsonl"),
        "tencent-chat-migration:groupsPerBatch": String(values["groups-per-batch"]),
      },
    );
    let started = performance.now();
    await cli.run(["up", "--yes"]);
    const upSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    await cli.run(["preview", "--expect-no-changes"]);
    const noOpPreviewSeconds = (performance.now() - started) / 1000;
    const calls = emulator.counters.get("import_group_msg");
    const stored = Object.values(emulator.store.state.groupMessages ?? {}).reduce((n, list) => n + list.length, 0);
    return {
      messages: messagesPerGroup * groups,
      upSeconds: +upSeconds.toFixed(2),
      noOpPreviewSeconds: +noOpPreviewSeconds.toFixed(2),
      importCalls: calls?.calls ?? 0,
      rejected: calls?.rejected ?? 0,
      stored,
    };
  } finally {
    await cli.dispose();
    await emulator.close();
  }
}

async function main(): Promise<void> {
  const baseline = await run(0);
  const history = await run(perGroup);
  const floorSeconds = (Math.ceil(perGroup / HISTORY_LIMITS.groupMessagesPerCall) * groups) / COMMANDS.import_group_msg.perSecond;
  const added = history.upSeconds - baseline.upSeconds;
  const result = {
    date: new Date().toISOString().slice(0, 10),
    groups,
    messagesPerGroup: perGroup,
    latencyMs,
    groupsPerBatch: Number(values["groups-per-batch"]),
    baseline,
    history,
    historyFloorSeconds: floorSeconds,
    historyAddedSeconds: +added.toFixed(2),
    ratioToFloor: +(added / floorSeconds).toFixed(2),
  };
  mkdirSync(join(REPO_ROOT, "bench/results"), { recursive: true });
  writeFileSync(join(REPO_ROOT, `bench/results/history-${groups}x${perGroup}.json`), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

import { execFile } from "node:child_process";
import { once } from "node:events";
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs, promisify } from "node:util";
import { startEmulator } from "../emulator/server";
import { ChatClient } from "../provider/api/client";
import { invoke } from "../provider/api/commands";
import { CONFIG_ENV_VARS, resolveProviderConfig } from "../provider/config";
import type { HistoryMessage } from "../provider/migration/history";
import { splitHistory } from "../provider/migration/history-split";
import type { BatchConversation } from "../provider/resources/history-batch/schema";
import { REPO_ROOT } from "../tools/lib/local-stack";

/**
 * The provider's memory against the number of messages it imports: the group history of `groups` groups of
 * `perGroup` messages each (`--cases 100x100,100x1000,...`), imported by the code ImportedGroupHistoryBatch runs
 * (64 conversations in flight) in a process of its own, against the emulator without rate limits (memory does not
 * depend on the pace; bench/history.ts measures the pace through plain pulumi). Each case reports the process's
 * heap after a collection at its highest (what it holds) and its peak resident memory (what the system gave it,
 * garbage not yet collected included), and checks that the emulator stored every message once.
 * Results go to bench/results/history-provider-memory.json.
 * Usage: node dist/bench/history-memory.js --cases 100x1000,1000x1000,100x10000
 */

const { values } = parseArgs({
  options: {
    cases: { type: "string", default: "100x100,100x1000,1000x1000,100x10000" },
    out: { type: "string", default: "history-provider-memory" },
  },
});

const CREATED = 1_600_000_000;
const OWNER = "owner";

/** One case's measurement. */
export interface MemoryRow {
  groups: number;
  perGroup: number;
  messages: number;
  seconds: number;
  heapPeakMiB: number;
  rssPeakMiB: number;
  stored: number;
}

async function writeHistory(path: string, groups: number, perGroup: number): Promise<void> {
  const out = createWriteStream(path);
  for (let m = 0; m < perGroup; m += 1) {
    for (let g = 0; g < groups; g += 1) {
      const message: HistoryMessage = {
        conversation: `g${g}`,
        id: `g${g}-m${m}`,
        from: OWNER,
        time: CREATED + 10 + m,
        body: [{ type: "text", text: `message ${m} of group ${g}: ${"a sentence of an ordinary length. ".repeat(3)}` }],
      };
      if (!out.write(`${JSON.stringify(message)}\n`)) await once(out, "drain");
    }
  }
  out.end();
  await once(out, "finish");
}

async function measure(groups: number, perGroup: number): Promise<MemoryRow> {
  const work = mkdtempSync(join(tmpdir(), "history-memory-"));
  const emulator = await startEmulator({ rateLimits: false });
  try {
    const cache = join(work, "cache");
    mkdirSync(cache);
    process.env.TENCENT_CHAT_HISTORY_CACHE = cache;
    const env: Record<string, string> = {
      [CONFIG_ENV_VARS.sdkAppId]: String(emulator.app.sdkAppId),
      [CONFIG_ENV_VARS.secretKey]: emulator.app.secretKey,
      [CONFIG_ENV_VARS.identifier]: emulator.app.admins[0]!,
      [CONFIG_ENV_VARS.endpoint]: emulator.url,
      // No client-side pacing either: the emulator enforces none here.
      [CONFIG_ENV_VARS.maxCallsPerSecond]: "1000000",
    };
    const client = new ChatClient({ config: resolveProviderConfig(() => undefined, env) });
    await invoke(client, "account_import", { UserID: OWNER });
    for (let g = 0; g < groups; g += 1)
      await invoke(client, "import_group", { GroupId: `g${g}`, Type: "Private", Name: `g${g}`, Owner_Account: OWNER, CreateTime: CREATED });
    const historyPath = join(work, "history.jsonl");
    await writeHistory(historyPath, groups, perGroup);
    const conversations: Record<string, BatchConversation> = {};
    for (const [key, split] of await splitHistory(historyPath))
      conversations[key] = { groupId: key, hash: split.hash, messages: split.messages };
    const conversationsPath = join(work, "conversations.json");
    writeFileSync(conversationsPath, JSON.stringify(conversations));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--expose-gc", join(REPO_ROOT, "dist", "bench", "history-memory-worker.js"), conversationsPath],
      { env: { ...process.env, ...env }, maxBuffer: 2 ** 20 },
    );
    const result = JSON.parse(stdout.trim().split("\n").at(-1)!) as Pick<MemoryRow, "seconds" | "heapPeakMiB" | "rssPeakMiB">;
    const stored = Object.values(emulator.store.state.groupMessages ?? {}).reduce((n, history) => n + history.length, 0);
    if (stored !== groups * perGroup)
      throw new Error(`${groups}x${perGroup}: the emulator holds ${stored} messages, not ${groups * perGroup}`);
    return { groups, perGroup, messages: groups * perGroup, ...result, stored };
  } finally {
    await emulator.close();
    rmSync(work, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const rows: MemoryRow[] = [];
  for (const spec of values.cases.split(",")) {
    const [groups, perGroup] = spec.split("x").map(Number) as [number, number];
    const row = await measure(groups, perGroup);
    console.log(JSON.stringify(row));
    rows.push(row);
  }
  const resultsDir = join(REPO_ROOT, "bench", "results");
  mkdirSync(resultsDir, { recursive: true });
  const date = new Date().toISOString().slice(0, 10);
  const path = join(resultsDir, `${values.out}.json`);
  // The rows of an earlier implementation, kept for comparison, stay with the file.
  const before = existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as { before?: unknown }).before : undefined;
  writeFileSync(path, `${JSON.stringify({ date, rows, ...(before ? { before } : {}) }, null, 2)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

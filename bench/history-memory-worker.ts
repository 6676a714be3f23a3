import { readFileSync } from "node:fs";
import { ChatClient } from "../provider/api/client";
import { resolveProviderConfig } from "../provider/config";
import type { BatchConversation } from "../provider/resources/history-batch/schema";
import { importGroupHistories } from "../provider/resources/history-batch/sync";
import type { ProviderContext } from "../provider/runtime-context";

/**
 * The provider's side of bench/history-memory.ts, in a process of its own as a provider is: imports the
 * conversations of the JSON file named by its argument with the code ImportedGroupHistoryBatch runs, configured by
 * TENCENT_CHAT_* variables, and prints its memory as one JSON line. Run with --expose-gc: the heap is measured after
 * a collection, what the process holds rather than what it has not collected yet.
 */

async function main(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run with node --expose-gc");
  const config = resolveProviderConfig(() => undefined);
  const client = new ChatClient({ config });
  const context: ProviderContext = {
    config: () => config,
    client: () => client,
    assertConfigured: () => undefined,
    mayDelete: () => false,
  };
  const conversations = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as Record<string, BatchConversation>;
  let heapPeak = 0;
  const sample = () => {
    gc();
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  };
  const timer = setInterval(sample, 250);
  const started = performance.now();
  await importGroupHistories(context, "bench", conversations, undefined);
  clearInterval(timer);
  sample();
  const MiB = 2 ** 20;
  process.stdout.write(
    `${JSON.stringify({
      seconds: Math.round((performance.now() - started) / 10) / 100,
      heapPeakMiB: Math.round((heapPeak / MiB) * 10) / 10,
      rssPeakMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      calls: client.stats.calls,
    })}\n`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

import { writeFileSync } from "node:fs";

/**
 * Preloaded into a command measured by a benchmark (`node --require dist/bench/peak-memory.js ...`): when the
 * process exits, writes its peak resident memory and CPU seconds to $PEAK_MEMORY_FILE. The command itself is run
 * unchanged, as a user runs it.
 */
const target = process.env.PEAK_MEMORY_FILE;
if (target) {
  process.on("exit", () => {
    const usage = process.resourceUsage();
    writeFileSync(target, JSON.stringify({ maxRssKiB: usage.maxRSS, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6 }));
  });
}

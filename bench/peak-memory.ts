import { writeFileSync } from "node:fs";

/**
 * Preloaded into a command measured by a benchmark (`node --require dist/bench/peak-memory.js ...`): when the
 * process exits, writes its peak resident memory and CPU seconds to $PEAK_MEMORY_FILE. The command itself is run
 * unchanged, as a user runs it.
 */
// PEAK_MEMORY_DIR instead measures every Node process of a run (CLI plugins, program, provider): one file each,
// named by process ID, with the script it ran.
const folder = process.env.PEAK_MEMORY_DIR;
const target = process.env.PEAK_MEMORY_FILE ?? (folder ? `${folder}/${process.pid}.json` : undefined);
if (target) {
  process.on("exit", () => {
    const usage = process.resourceUsage();
    writeFileSync(
      target,
      JSON.stringify({
        maxRssKiB: usage.maxRSS,
        cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
        script: process.argv[1] ?? "",
      }),
    );
  });
}

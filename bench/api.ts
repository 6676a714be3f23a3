import { writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { ChatClient } from "../provider/api/client";
import { invoke } from "../provider/api/commands";
import { isChatApiError } from "../provider/api/errors";
import { mapConcurrent } from "../provider/api/concurrency";
import { emulatorClient, REPO_ROOT } from "../tools/lib/local-stack";
import { startEmulatorProcess, type EmulatorProcess } from "./emulator-process";

/**
 * Two loopback figures: how fast our client can call when nothing limits it (so it is never the bottleneck of a
 * migration at 200 calls per second per command), and whether the emulator answers every request of a mixed
 * 2,000 requests per second load.
 */

function clientFor(emulator: EmulatorProcess): ChatClient {
  return emulatorClient(emulator, { maxRetries: 0, maxCallsPerSecond: Number.POSITIVE_INFINITY });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** Calls per second with rate limiting off, 64 calls in flight. */
async function clientThroughput(calls: number): Promise<Record<string, number>> {
  const emulator = await startEmulatorProcess(["--no-rate-limits"]);
  const client = clientFor(emulator);
  try {
    await mapConcurrent(Array.from({ length: 500 }), 64, () => invoke(client, "account_check", { CheckItem: [{ UserID: "warm" }] }));
    const started = performance.now();
    await mapConcurrent(Array.from({ length: calls }), 64, () => invoke(client, "get_group_info", { GroupIdList: ["g"] }));
    const seconds = (performance.now() - started) / 1000;
    return { calls, seconds: +seconds.toFixed(2), callsPerSecond: Math.round(calls / seconds) };
  } finally {
    await client.close();
    await emulator.stop();
  }
}

/** A paced, mixed load at `rate` requests per second for `seconds`; counts answers, errors and latency. */
async function emulatorLoad(rate: number, seconds: number): Promise<Record<string, unknown>> {
  const emulator = await startEmulatorProcess(["--no-rate-limits"]);
  const client = clientFor(emulator);
  const total = rate * seconds;
  const latencies: number[] = [];
  let answered = 0;
  let unanswered = 0;
  const errorAnswers: Record<string, number> = {};
  try {
    const accounts = Array.from({ length: 500 }, (_, i) => ({ UserID: `load${i}` }));
    for (let i = 0; i < accounts.length; i += 100) await invoke(client, "multiaccount_import", { AccountList: accounts.slice(i, i + 100) });
    // Reads and member imports go to groups that exist before the load starts, so no request races a create.
    for (let g = 0; g < 10; g++)
      await invoke(client, "import_group", { Type: "Public", Name: `pre${g}`, GroupId: `pre-${g}`, CreateTime: 1 });
    const mix = (i: number): Promise<unknown> => {
      switch (i % 4) {
        case 0:
          return invoke(client, "import_group", { Type: "Public", Name: `g${i}`, GroupId: `load-${i}`, CreateTime: 1 });
        case 1:
          return invoke(client, "get_group_info", { GroupIdList: [`pre-${i % 10}`] });
        case 2:
          return invoke(client, "import_group_member", {
            GroupId: `pre-${i % 10}`,
            MemberList: accounts.slice(i % 400, (i % 400) + 20).map((a) => ({ Member_Account: a.UserID })),
          });
        default:
          return invoke(client, "account_check", { CheckItem: accounts.slice(0, 10) });
      }
    };
    const started = performance.now();
    const inflight: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      const sent = performance.now();
      inflight.push(
        mix(i).then(
          () => {
            answered++;
            latencies.push(performance.now() - sent);
          },
          (error: unknown) => {
            // An API error is an answer (e.g. a member import that raced its group's creation: 10010);
            // a transport error means the emulator did not answer.
            if (isChatApiError(error)) {
              answered++;
              latencies.push(performance.now() - sent);
              const key = `${error.command}:${error.errorCode}`;
              errorAnswers[key] = (errorAnswers[key] ?? 0) + 1;
            } else unanswered++;
          },
        ),
      );
    }
    await Promise.all(inflight);
    const elapsed = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      offeredPerSecond: rate,
      requests: total,
      answered,
      unanswered,
      errorAnswers,
      seconds: +elapsed.toFixed(2),
      achievedPerSecond: Math.round(answered / elapsed),
      p50Ms: +percentile(latencies, 50).toFixed(1),
      p99Ms: +percentile(latencies, 99).toFixed(1),
    };
  } finally {
    await client.close();
    await emulator.stop();
  }
}

async function main(): Promise<void> {
  const quick = !process.argv.includes("--full");
  const results = {
    date: new Date().toISOString(),
    node: process.version,
    clientThroughput: await clientThroughput(quick ? 10_000 : 50_000),
    emulatorLoad: await emulatorLoad(2000, quick ? 5 : 20),
  };
  console.log(JSON.stringify(results, null, 2));
  mkdirSync(join(REPO_ROOT, "bench/results"), { recursive: true });
  writeFileSync(join(REPO_ROOT, "bench/results/api.json"), `${JSON.stringify(results, null, 2)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

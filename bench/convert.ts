import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, openSync, writeSync, closeSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { REPO_ROOT } from "../tools/lib/local-stack";

/**
 * Measures the converters on large inputs, through the real CLI (`tencent-chat-migrate from-csv ...` in a child
 * process, as a user runs it): wall and CPU seconds, peak resident memory, input and output bytes. Inputs are
 * written here: N member lines over N/100 groups (a tenth of them Communities) and N/50 users, each user in 50
 * groups, as people of a real workspace are. `--lines 250000,500000,1000000` (default) gives the slope of memory per
 * membership; `--heap-caps 256,320` runs the largest from-csv again with V8's heap capped at each size, which bounds
 * its live memory (the RSS of an uncapped run is V8's choice of heap size, not what the conversion needs).
 * Results go to bench/results/convert-<lines>.json for report.ts.
 */

/** A run of from-csv on the largest input with V8's old space capped: whether it fits, which bounds its live memory. */
interface CappedRun {
  heapCapMiB: number;
  lines: number;
  converted: boolean;
  peakRssMiB: number;
}

/** One converter run on one input: what bench/results/convert-*.json holds, and bench/report.ts reads. */
export interface ConvertRun {
  converter: string;
  lines: number;
  memberships: number;
  inputBytes: number;
  outputBytes: number;
  wallSeconds: number;
  cpuSeconds: number;
  peakRssMiB: number;
  linesPerSecond: number;
  exitCode: number;
}

const CLI = join(REPO_ROOT, "dist/provider/migration/cli.js");
const PRELOAD = join(REPO_ROOT, "dist/bench/peak-memory.js");

/** Writes a file line by line in chunks, so that the benchmark's own memory does not hold the input. */
function writeLines(path: string, header: string | undefined, count: number, line: (i: number) => string): void {
  const fd = openSync(path, "w");
  let chunk = header === undefined ? "" : `${header}\n`;
  for (let i = 0; i < count; i += 1) {
    chunk += `${line(i)}\n`;
    if (chunk.length > 1 << 20) {
      writeSync(fd, chunk);
      chunk = "";
    }
  }
  writeSync(fd, chunk);
  closeSync(fd);
}

/** Member i: group i/100, a user each group's members spread over. */
const shape = (lines: number) => ({ groups: Math.max(1, Math.floor(lines / 100)), users: Math.max(100, Math.floor(lines / 50)) });
const memberOf = (i: number, users: number) => ({ group: Math.floor(i / 100), user: (Math.floor(i / 100) * 37 + (i % 100)) % users });

function writeTables(dir: string, lines: number): number {
  const { groups, users } = shape(lines);
  writeLines(join(dir, "users.csv"), "user_id,nick", users, (u) => `user${u},User ${u}`);
  writeLines(
    join(dir, "groups.csv"),
    "key,type,name,create_time",
    groups,
    (g) => `g${g},${g % 10 === 0 ? "Community" : "Private"},Group ${g},1600000000`,
  );
  writeLines(join(dir, "members.csv"), "group_key,user_id,role,join_time", lines, (i) => {
    const { group, user } = memberOf(i, users);
    return `g${group},user${user},${i % 10 === 0 ? "Admin" : ""},${1600000100 + (i % 100)}`;
  });
  return ["users.csv", "groups.csv", "members.csv"].reduce((n, f) => n + statSync(join(dir, f)).size, 0);
}

function writeStream(dir: string, lines: number): number {
  const { groups, users } = shape(lines);
  const path = join(dir, "export.jsonl");
  writeLines(path, undefined, users + groups + lines, (i) => {
    if (i < users) return JSON.stringify({ type: "user", data: { id: `user${i}`, name: `User ${i}` } });
    if (i < users + groups)
      return JSON.stringify({
        type: "channel",
        data: { type: "messaging", id: `c${i - users}`, created_by: `user${(i - users) % users}`, created_at: "2020-09-13T12:26:40Z" },
      });
    const { group, user } = memberOf(i - users - groups, users);
    return JSON.stringify({
      type: "member",
      data: { channel_type: "messaging", channel_id: `c${group}`, user_id: `user${user}`, created_at: "2020-09-13T12:30:00Z" },
    });
  });
  return statSync(path).size;
}

function measure(
  converter: string,
  input: string,
  dir: string,
  lines: number,
  memberships: number,
  inputBytes: number,
  nodeArgs: string[] = [],
): ConvertRun {
  const output = join(dir, "manifest.json");
  const peakFile = join(dir, "peak.json");
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [...nodeArgs, "--require", PRELOAD, CLI, converter, input, "-o", output], {
    env: { ...process.env, PEAK_MEMORY_FILE: peakFile },
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0 && nodeArgs.length === 0)
    throw new Error(`${converter} failed (${result.status}): ${result.stderr.slice(-2000)}`);
  if (result.status !== 0)
    return {
      converter,
      lines,
      memberships,
      inputBytes,
      outputBytes: 0,
      wallSeconds: +wallSeconds.toFixed(2),
      cpuSeconds: 0,
      peakRssMiB: 0,
      linesPerSecond: 0,
      exitCode: result.status ?? -1,
    };
  const peak = JSON.parse(readFileSync(peakFile, "utf8")) as { maxRssKiB: number; cpuSeconds: number };
  return {
    converter,
    lines,
    memberships,
    inputBytes,
    outputBytes: statSync(output).size,
    wallSeconds: +wallSeconds.toFixed(2),
    cpuSeconds: +peak.cpuSeconds.toFixed(2),
    peakRssMiB: +(peak.maxRssKiB / 1024).toFixed(1),
    linesPerSecond: Math.round(lines / wallSeconds),
    exitCode: result.status,
  };
}

function main(): void {
  const { values } = parseArgs({
    options: { lines: { type: "string", default: "250000,500000,1000000" }, "heap-caps": { type: "string", default: "" } },
  });
  const sizes = values.lines.split(",").map(Number);
  const caps = values["heap-caps"].split(",").filter(Boolean).map(Number);
  const runs: ConvertRun[] = [];
  const capped: CappedRun[] = [];
  for (const lines of sizes) {
    const dir = mkdtempSync(join(tmpdir(), "tencent-chat-convert-"));
    try {
      const tables = join(dir, "tables");
      mkdirSync(tables);
      const tableBytes = writeTables(tables, lines);
      runs.push(measure("from-csv", tables, dir, lines, lines, tableBytes));
      if (lines === Math.max(...sizes)) {
        for (const cap of caps) {
          const run = measure("from-csv", tables, dir, lines, lines, tableBytes, [`--max-old-space-size=${cap}`]);
          capped.push({ heapCapMiB: cap, lines, converted: run.exitCode === 0, peakRssMiB: run.peakRssMiB });
          console.log(
            `from-csv ${lines} lines with the heap capped at ${cap} MiB: ${run.exitCode === 0 ? `converted, ${run.peakRssMiB} MiB peak RSS` : "out of memory"}`,
          );
        }
      }
      const streamBytes = writeStream(dir, lines);
      runs.push(measure("from-stream", join(dir, "export.jsonl"), dir, lines, lines, streamBytes));
      for (const run of runs.slice(-2))
        console.log(
          `${run.converter} ${run.lines} lines: ${run.wallSeconds} s, ${run.peakRssMiB} MiB peak RSS, ${run.linesPerSecond} lines/s`,
        );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const dir = join(REPO_ROOT, "bench/results");
  mkdirSync(dir, { recursive: true });
  const report = { date: new Date().toISOString(), node: process.version, cores: cpus().length, runs, capped };
  writeFileSync(join(dir, `convert-${sizes.join("-")}.json`), `${JSON.stringify(report, null, 2)}\n`);
}

main();

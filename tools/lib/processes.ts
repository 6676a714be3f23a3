import { readdirSync, readFileSync, readlinkSync } from "node:fs";

/** A running process as /proc (Linux) shows it. */
export interface ProcessInfo {
  pid: number;
  parent: number;
  /** The command line, arguments separated by NUL. */
  cmdline: string;
  /** User and system CPU time so far. */
  cpuSeconds: number;
  /** Resident memory now. */
  rssBytes: number;
  /** The most resident memory the process has had (VmHWM). */
  peakRssBytes: number;
}

/** Clock ticks per second of /proc's CPU times (CLK_TCK, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/**
 * Every running process, or only those whose working directory is `cwd`: the one reader of /proc that killing a
 * run's processes and sampling them in benchmarks share. A process that ends while it is read is left out.
 */
export function listProcesses(options: { cwd?: string } = {}): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  for (const entry of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      if (options.cwd !== undefined && readlinkSync(`/proc/${entry}/cwd`) !== options.cwd) continue;
      // The command name in parentheses may hold spaces: the fields after ") " are fixed.
      const fields = readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]!.split(" ");
      const status = readFileSync(`/proc/${entry}/status`, "utf8");
      const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
      found.push({
        pid: Number(entry),
        parent: Number(fields[1]),
        cmdline: readFileSync(`/proc/${entry}/cmdline`, "utf8"),
        cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
        rssBytes: kb("VmRSS") * 1024,
        peakRssBytes: kb("VmHWM") * 1024,
      });
    } catch {
      // The process ended between listing and reading, or is not ours to read.
    }
  }
  return found;
}

/** Parent process ID of every running process. */
function parentsByPid(): Map<number, number> {
  return new Map(listProcesses().map((p) => [p.pid, p.parent]));
}

/**
 * Kills a process and all its descendants with SIGKILL, as a power cut or `kill -9` of a whole run would: for a
 * `pulumi up`, the CLI, the language host, the program and the provider process. Returns how many were killed.
 */
export function killProcessTree(rootPid: number): number {
  const parents = parentsByPid();
  const tree = new Set([rootPid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, parent] of parents) {
      if (tree.has(parent) && !tree.has(pid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  let killed = 0;
  for (const pid of tree) {
    try {
      process.kill(pid, "SIGKILL");
      killed++;
    } catch {
      // Already gone.
    }
  }
  return killed;
}

/** Kills every process whose working directory is `dir`: the CLI and the provider process of that stack. */
export function killProcessesIn(dir: string): number {
  let killed = 0;
  for (const { pid } of listProcesses({ cwd: dir })) {
    if (pid === process.pid) continue;
    try {
      process.kill(pid, "SIGKILL");
      killed++;
    } catch {
      // Already gone.
    }
  }
  return killed;
}

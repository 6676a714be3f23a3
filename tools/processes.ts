import { readdirSync, readFileSync, readlinkSync } from "node:fs";

/** Parent process ID of every running process, from /proc (Linux). */
function parentsByPid(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      // The command name in parentheses may hold spaces: the fields after ") " are fixed.
      const fields = readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]!.split(" ");
      parents.set(Number(entry), Number(fields[1]));
    } catch {
      // The process ended between listing and reading.
    }
  }
  return parents;
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
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      if (readlinkSync(`/proc/${pid}/cwd`) === dir && Number(pid) !== process.pid) {
        process.kill(Number(pid), "SIGKILL");
        killed++;
      }
    } catch {
      // The process ended, or is not ours to read.
    }
  }
  return killed;
}

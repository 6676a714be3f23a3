import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { readProjectFile } from "../project";
import type { CliResult, PulumiRunner } from "./pulumi-cli";

/** What a recovery found and did, in order. */
export interface RecoveryReport {
  /** Files of a local backend that a hard stop left broken, moved aside (where to), with the reason. */
  repaired: { path: string; movedTo: string; reason: string }[];
  /** Files that look wrong but are not understood: left as they are. */
  leftAlone: { path: string; reason: string }[];
  commands: CliResult[];
}

/** Everything a command printed, for messages and patterns. */
const printed = (result: CliResult) => `${result.stdout}${result.stderr}`;

/**
 * The stack selected in the project folder, for a recovery given no `--stack`. `pulumi stack --show-name` loads the
 * stack, which a broken checkpoint makes fail, so the CLI's own record of the selection is read first: the
 * workspace file `$PULUMI_HOME/workspaces/<project>-<sha1 of the Pulumi.yaml path>-workspace.json`.
 */
export async function selectedStack(run: PulumiRunner, cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const projectFile = join(cwd, "Pulumi.yaml");
  const home = env.PULUMI_HOME || join(homedir(), ".pulumi");
  const record = join(home, "workspaces", `${projectName(cwd)}-${createHash("sha1").update(projectFile).digest("hex")}-workspace.json`);
  if (existsSync(record)) {
    // One selection per backend ({"stacks": {"<backend url>": "organization/<project>/<stack>"}}), or older, one.
    const settings = JSON.parse(readFileSync(record, "utf8")) as { stack?: unknown; stacks?: Record<string, unknown> };
    const backendUrl = JSON.parse((await run(["whoami", "--json"])).stdout || "{}").url as string | undefined;
    const selected = (backendUrl && settings.stacks?.[backendUrl]) ?? settings.stack;
    if (typeof selected === "string" && selected) return selected.split("/").pop()!;
  }
  const outcome = await run(["stack", "--show-name"]);
  const name = outcome.stdout.trim().split("\n").pop()?.trim();
  if (outcome.code !== 0 || !name)
    throw new Error(`no stack is selected here, or it cannot be read: name it with --stack <name>\n${printed(outcome).slice(-2000)}`);
  return name;
}

/**
 * The folder a `file://` backend keeps a stack's checkpoint in, and the checkpoint's file name (project-scoped
 * layout `.pulumi/stacks/<project>/<stack>.json`, or the legacy `.pulumi/stacks/<stack>.json`).
 */
function checkpointCandidates(backendUrl: string, project: string, stack: string): string[] {
  const raw = backendUrl.replace(/^file:\/\//, "").split("?")[0]!;
  const root = raw === "~" || raw.startsWith("~/") ? join(homedir(), raw.slice(1)) : raw;
  const name = stack.split("/").pop()!;
  return [join(root, ".pulumi", "stacks", project, `${name}.json`), join(root, ".pulumi", "stacks", `${name}.json`)];
}

/**
 * Finds what a hard stop (kill -9, power loss) can leave beside a stack's checkpoint in a local backend, whose
 * writes are a temporary file, then the `.attrs` sidecar (rewritten in place), then a rename: a 0-byte `.attrs`
 * (every later command fails with "failed to load checkpoint: EOF") and stray `<checkpoint>.<hex>.tmp` files. Both
 * are moved into a folder beside the checkpoint, never deleted; anything else is reported and left alone.
 */
export function repairLocalCheckpoint(checkpoint: string, now = new Date()): Pick<RecoveryReport, "repaired" | "leftAlone"> {
  const repaired: RecoveryReport["repaired"] = [];
  const leftAlone: RecoveryReport["leftAlone"] = [];
  const dir = join(checkpoint, "..");
  if (!existsSync(dir)) return { repaired, leftAlone };
  const aside = join(dir, `.tencent-chat-recover-${now.toISOString().replace(/[:.]/g, "-")}`);
  const moveAside = (path: string, reason: string) => {
    mkdirSync(aside, { recursive: true });
    const movedTo = join(aside, path.slice(dir.length + 1));
    renameSync(path, movedTo);
    repaired.push({ path, movedTo, reason });
  };
  const base = checkpoint.slice(dir.length + 1);
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (!name.startsWith(base)) continue;
    if (name === `${base}.attrs` || name === `${base}.gz.attrs`) {
      const size = statSync(path).size;
      const checkpointFile = path.slice(0, -".attrs".length);
      if (size === 0 && existsSync(checkpointFile) && statSync(checkpointFile).size > 0) {
        moveAside(
          path,
          "an empty attributes file that an interrupted write left beside an intact checkpoint (the backend reads the checkpoint without it)",
        );
      } else if (size > 0) {
        try {
          JSON.parse(readFileSync(path, "utf8"));
        } catch {
          leftAlone.push({ path, reason: "an attributes file that is not JSON: not understood, left as it is" });
        }
      }
    } else if (/^.+\.[0-9a-f]+\.tmp$/.test(name)) {
      moveAside(path, "a temporary file of a write that never finished (the checkpoint beside it is the last complete one)");
    }
  }
  return { repaired, leftAlone };
}

/** The project's name from the Pulumi.yaml of `cwd`. */
function projectName(cwd: string): string {
  if (!existsSync(join(cwd, "Pulumi.yaml"))) throw new Error(`no Pulumi.yaml in ${cwd}: run recover in the project's folder`);
  const { name } = readProjectFile(cwd);
  if (typeof name !== "string") throw new Error(`${join(cwd, "Pulumi.yaml")} has no project name`);
  return name;
}

/**
 * The README's recovery runbook after a hard stop, in one command: repair what the stop left in a local backend
 * (see {@link repairLocalCheckpoint}), then `pulumi cancel` (the dead run's lock), `pulumi refresh
 * --clear-pending-creates` (reads everything back, forgets creates that never finished), and `pulumi up` (imports
 * what is missing; a create that did finish is adopted, never duplicated). Every change is reported.
 */
export async function recoverStack(options: {
  cwd: string;
  stack: string;
  run: PulumiRunner;
  backendUrl?: string;
  up?: boolean;
  log?: (line: string) => void;
}): Promise<RecoveryReport> {
  const log = options.log ?? (() => undefined);
  const report: RecoveryReport = { repaired: [], leftAlone: [], commands: [] };
  const backendUrl = options.backendUrl ?? JSON.parse((await options.run(["whoami", "--json"])).stdout || "{}").url ?? "";
  if (backendUrl.startsWith("file://")) {
    for (const checkpoint of checkpointCandidates(backendUrl, projectName(options.cwd), options.stack)) {
      const found = repairLocalCheckpoint(checkpoint);
      report.repaired.push(...found.repaired);
      report.leftAlone.push(...found.leftAlone);
    }
    for (const r of report.repaired) log(`moved aside ${r.path} -> ${r.movedTo}: ${r.reason}`);
    for (const l of report.leftAlone) log(`left alone ${l.path}: ${l.reason}`);
    if (report.repaired.length === 0) log("the local backend's files of this stack are intact");
  }
  const steps: { args: string[]; mayFail?: RegExp }[] = [
    // No update in progress is not a failure: there is no lock to remove.
    {
      args: ["cancel", "--yes", "--stack", options.stack],
      mayFail: /no (stack )?update (is )?(currently )?in progress|not currently locked|no update/i,
    },
    { args: ["refresh", "--clear-pending-creates", "--yes", "--skip-preview", "--stack", options.stack] },
    ...(options.up === false ? [] : [{ args: ["up", "--yes", "--skip-preview", "--stack", options.stack] }]),
  ];
  for (const step of steps) {
    log(`$ pulumi ${step.args.join(" ")}`);
    const outcome = await options.run(step.args);
    report.commands.push(outcome);
    if (outcome.code !== 0 && !step.mayFail?.test(printed(outcome))) {
      throw new Error(`${outcome.command} failed (exit ${outcome.code}):\n${printed(outcome).slice(-4000)}`);
    }
  }
  return report;
}

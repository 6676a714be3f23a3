import { pulumiRunner, type CliResult } from "../../provider/migration/pulumi-cli";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { offlinePulumiEnv, writeModuleProject, type EmulatorTarget, type ProgramModule } from "./local-stack";

export type { CliResult };

/** A CLI command that exited non-zero; its message holds what the command printed. */
export class CliCommandError extends Error {
  constructor(readonly result: CliResult) {
    super(`\`${result.command}\` exited with ${result.code}:\n${result.stdout}\n${result.stderr}`);
    this.name = "CliCommandError";
  }
}

/**
 * A project folder driven with plain `pulumi` commands, as a user types them there: the CLI loads the folder's
 * Pulumi.yaml, starts the Node language host, which runs the entry file. Only the backend is set up for the run
 * (a local file backend in a throwaway folder, passphrase secrets, no update check or plugin download).
 */
export class PulumiProject {
  /** The environment every command runs with. */
  readonly env: Record<string, string>;
  private readonly scratch: string;

  constructor(
    /** The project folder (where Pulumi.yaml is). */
    readonly dir: string,
    /** The stack the commands select with `--stack`; `stack init` creates it. */
    readonly stack: string,
    extraEnv: Record<string, string> = {},
  ) {
    this.scratch = mkdtempSync(join(tmpdir(), "tencent-chat-project-"));
    const stateDir = join(this.scratch, "state");
    const homeDir = join(this.scratch, "home");
    for (const d of [stateDir, homeDir]) mkdirSync(d, { recursive: true });
    this.env = { ...offlinePulumiEnv(stateDir, homeDir), ...extraEnv };
  }

  /** The local backend's folder. */
  get stateDir(): string {
    return join(this.scratch, "state");
  }

  /** Runs `pulumi <args>` in the folder; rejects with {@link CliCommandError} on a non-zero exit unless `allowFailure`. */
  async run(args: string[], options: { allowFailure?: boolean; onOutput?: (text: string) => void } = {}): Promise<CliResult> {
    const withStack = args[0] === "stack" && args[1] === "init" ? [...args, this.stack] : [...args, "--stack", this.stack];
    const result = await pulumiRunner(this.dir, { ...process.env, ...this.env })(withStack, options.onOutput);
    if (result.code !== 0 && !options.allowFailure) throw new CliCommandError(result);
    return result;
  }

  /**
   * `pulumi stack init`, then the config that points the provider at an emulator (the key with `--secret`) and
   * `config`. `echo` sees each command as typed, the secret value masked.
   */
  async initAgainst(target: EmulatorTarget, config: Record<string, string> = {}, echo?: (args: string[]) => void): Promise<void> {
    const commands: { args: string[]; secret?: boolean }[] = [
      { args: ["stack", "init"] },
      { args: ["config", "set", "tencent-chat:sdkAppId", String(target.sdkAppId)] },
      { args: ["config", "set", "tencent-chat:endpoint", target.url] },
      { args: ["config", "set", "--secret", "tencent-chat:secretKey", target.secretKey], secret: true },
      ...Object.entries(config).map(([key, value]) => ({ args: ["config", "set", key, value] })),
    ];
    for (const { args, secret } of commands) {
      echo?.(secret ? [...args.slice(0, -1), "<secret key>"] : args[0] === "stack" ? [...args, this.stack] : args);
      await this.run(args);
    }
  }

  /** The stack's outputs (`pulumi stack output --json`). */
  async outputs(): Promise<Record<string, unknown>> {
    return JSON.parse((await this.run(["stack", "output", "--json"])).stdout) as Record<string, unknown>;
  }

  /** Removes the stack (`pulumi stack rm --force`, which also removes its Pulumi.<stack>.yaml) and the backend. */
  async dispose(): Promise<void> {
    await this.run(["stack", "rm", "--yes", "--force"], { allowFailure: true });
    rmSync(join(this.dir, `Pulumi.${this.stack}.yaml`), { force: true });
    rmSync(this.scratch, { recursive: true, force: true });
  }
}

/**
 * A {@link PulumiProject} in a folder of its own whose entry file runs a compiled program module (see
 * {@link writeModuleProject}): `declare(...)` sets the arguments the program runs with from the next command on,
 * and `dispose` removes the folder too.
 */
export class GeneratedProject extends PulumiProject {
  constructor(projectName: string, program: ProgramModule, stack = "dev", extraEnv: Record<string, string> = {}) {
    const dir = mkdtempSync(join(tmpdir(), "tencent-chat-generated-"));
    writeModuleProject(dir, projectName, program);
    super(dir, stack, extraEnv);
  }

  /** What the program declares from now on: the arguments its module's export is called with. */
  declare(...args: unknown[]): void {
    writeFileSync(join(this.dir, "program-args.json"), JSON.stringify(args));
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The words of the CLI's "Resources:" summary, and the operation each counts. */
const SUMMARY_WORDS: Record<string, string> = {
  "to create": "create",
  created: "create",
  "to update": "update",
  updated: "update",
  "to delete": "delete",
  deleted: "delete",
  "to replace": "replace",
  replaced: "replace",
};

/**
 * The operation counts of the "Resources:" summary that `pulumi preview`/`up`/`refresh`/`destroy` print, e.g.
 * `{ create: 6 }`; unchanged resources are not counted, so `{}` means no changes.
 */
export function changeCounts(output: string): Record<string, number> {
  const block = /^Resources:\n((?:[ \t]+.*\n?)+)/m.exec(output)?.[1] ?? "";
  const counts: Record<string, number> = {};
  for (const match of block.matchAll(/(\d+) (to create|created|to update|updated|to delete|deleted|to replace|replaced)\b/g)) {
    const op = SUMMARY_WORDS[match[2]!]!;
    counts[op] = (counts[op] ?? 0) + Number(match[1]);
  }
  return counts;
}

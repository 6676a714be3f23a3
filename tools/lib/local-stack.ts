import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { LocalWorkspace, PulumiCommand, type PulumiFn, type Stack } from "@pulumi/pulumi/automation";
import { ChatClient, type ChatClientOptions } from "../../provider/api/client";
import { pulumiRunner } from "../../provider/migration/pulumi-cli";

/** The repository root (this file is compiled to dist/tools/). */
export const REPO_ROOT = resolve(__dirname, "..", "..", "..");

/** Settings every run uses so that Pulumi never reaches the network: local backend, passphrase, no plugin downloads. */
export function offlinePulumiEnv(stateDir: string, homeDir: string): Record<string, string> {
  return {
    PULUMI_BACKEND_URL: `file://${stateDir}`,
    PULUMI_HOME: homeDir,
    PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "local-rehearsal",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_DISABLE_CI_DETECTION: "1",
  };
}

/** The Pulumi CLI on PATH (tools/toolchain.sh puts the built one there) and its version line. */
export async function pulumiCli(): Promise<{ command: PulumiCommand; version: string }> {
  const version = execFileSync("pulumi", ["version"], { encoding: "utf8" }).trim();
  return { command: await PulumiCommand.get(), version };
}

/** Where an emulator listens and how its app signs: enough to point a stack at it. */
export interface EmulatorTarget {
  url: string;
  sdkAppId: number;
  secretKey: string;
}

/**
 * A client of ours pointed at an emulator over real HTTP, with the provider's defaults unless overridden (the
 * benchmarks turn rate limiting and retries off; the specs shorten backoff).
 */
export function emulatorClient(
  target: EmulatorTarget,
  overrides: Partial<ChatClientOptions["config"]> = {},
  retryPolicy?: ChatClientOptions["retryPolicy"],
): ChatClient {
  return new ChatClient({
    config: {
      sdkAppId: target.sdkAppId,
      identifier: "administrator",
      secretKey: target.secretKey,
      endpoint: target.url,
      requestTimeoutMs: 10_000,
      maxRetries: 5,
      topicImportServicePath: "group_open_http_svc",
      ...overrides,
    },
    ...(retryPolicy ? { retryPolicy } : {}),
  });
}

/** Stack config that points the provider at an emulator, the secret key stored as a Pulumi secret. */
export function emulatorStackConfig(
  target: EmulatorTarget,
  extra: Record<string, string> = {},
): Record<string, { value: string; secret?: boolean }> {
  return {
    "tencent-chat:sdkAppId": { value: String(target.sdkAppId) },
    "tencent-chat:endpoint": { value: target.url },
    "tencent-chat:secretKey": { value: target.secretKey, secret: true },
    ...Object.fromEntries(Object.entries(extra).map(([key, value]) => [`tencent-chat:${key}`, { value }])),
  };
}

/** A stack with a local file backend in a throwaway folder; `dispose` removes everything. */
export interface LocalStack {
  stack: Stack;
  /** The project folder the CLI runs in (where Pulumi.yaml is). */
  workDir: string;
  /** The environment the CLI runs with (offline settings). */
  env: Record<string, string>;
  /** The local backend's folder (`file://` state). */
  stateDir: string;
  /** Runs the CLI itself in the project folder, e.g. `["stack", "export"]`, and returns its stdout. */
  cli(args: string[]): Promise<string>;
  dispose(): Promise<void>;
}

/**
 * A program that a generated project folder runs: its entry file (`index.js`, run by the language host as in any
 * `pulumi up`) requires the compiled `module` and calls its export `exportName` with the arguments that `args`
 * returns at the time of each command (written to `program-args.json` first), so a test can change what the
 * program declares between runs.
 */
export interface ProgramModule {
  /** Absolute path of a compiled module (e.g. under dist/). */
  module: string;
  exportName: string;
  /** JSON-serialisable arguments, read again before every command. */
  args?: () => unknown[];
}

/** Where and how to create a {@link LocalStack}. */
export interface LocalStackOptions {
  projectName: string;
  stackName?: string;
  /**
   * What runs, always through the real CLI and engine (a project folder of the repository is run with plain
   * commands instead: tools/pulumi-project.ts):
   * - `{ programModule }`: a generated project folder whose entry file calls a compiled module, run by the language
   *   host as in a user's `pulumi up` (the end-to-end specs);
   * - `{ inline }`: the Automation API's in-process program (`pulumi up --client=...`), no language host: only for
   *   benchmarks that compare the two paths.
   */
  program: { programModule: ProgramModule } | { inline: PulumiFn };
  /** Stack config: key to value; `secret` values are encrypted in the stack file. */
  config?: Record<string, { value: string; secret?: boolean }>;
  /** Extra environment for the CLI, the program and the provider process. */
  env?: Record<string, string>;
  /**
   * false turns off the CLI's automatic debug log (`$PULUMI_HOME/logs`, on in every run since Pulumi 3.2xx, with no
   * switch): a file takes the folder's place, so the CLI cannot create it and logs nothing. Only for this stack's
   * throwaway PULUMI_HOME; the benchmarks use it to show that log's cost.
   */
  automaticLogs?: boolean;
}

/** Writes a project folder whose entry file runs a {@link ProgramModule} with the arguments in program-args.json. */
export function writeModuleProject(workDir: string, projectName: string, program: ProgramModule): void {
  writeFileSync(join(workDir, "Pulumi.yaml"), `name: ${projectName}\nruntime: nodejs\nmain: index.js\n`);
  writeFileSync(join(workDir, "package.json"), JSON.stringify({ name: projectName, private: true, main: "index.js" }, null, 2));
  writeFileSync(
    join(workDir, "index.js"),
    [
      "// Generated by tools/local-stack.ts: runs a compiled program module with the arguments the test wrote last.",
      'const args = JSON.parse(require("node:fs").readFileSync(require("node:path").join(__dirname, "program-args.json"), "utf8"));',
      `module.exports = () => require(${JSON.stringify(program.module)})[${JSON.stringify(program.exportName)}](...args);`,
      "",
    ].join("\n"),
  );
  writeFileSync(join(workDir, "program-args.json"), JSON.stringify(program.args?.() ?? []));
  // The program and the provider process resolve @pulumi/pulumi and this package from the project folder.
  symlinkSync(join(REPO_ROOT, "node_modules"), join(workDir, "node_modules"), "dir");
}

/** Stack methods that run the program: the module's arguments are written before each. */
const PROGRAM_RUNNING_METHODS = ["up", "preview", "refresh", "destroy"] as const;

/**
 * Creates a stack with the real CLI and engine and a local file backend. For a generated project folder the CLI
 * starts the Node language host, which runs the entry file named by Pulumi.yaml, as in a user's `pulumi up`; the
 * dynamic provider runs as the engine's plugin process in every mode.
 */
export async function createLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const root = mkdtempSync(join(tmpdir(), "tencent-chat-stack-"));
  const stateDir = join(root, "state");
  const homeDir = join(root, "home");
  const program = options.program;
  const workDir = join(root, "project");
  for (const dir of [workDir, stateDir, homeDir]) mkdirSync(dir, { recursive: true });
  if (options.automaticLogs === false) writeFileSync(join(homeDir, "logs"), "automatic logs turned off for this stack\n");
  const env = { ...offlinePulumiEnv(stateDir, homeDir), ...options.env };
  const stackName = options.stackName ?? "dev";
  const { command } = await pulumiCli();
  const workspaceOptions = { workDir, pulumiHome: homeDir, pulumiCommand: command, envVars: env };
  let stack: Stack;
  if ("inline" in program) {
    symlinkSync(join(REPO_ROOT, "node_modules"), join(workDir, "node_modules"), "dir");
    stack = await LocalWorkspace.createOrSelectStack(
      { projectName: options.projectName, stackName, program: program.inline },
      { ...workspaceOptions, projectSettings: { name: options.projectName, runtime: "nodejs", backend: { url: `file://${stateDir}` } } },
    );
  } else {
    writeModuleProject(workDir, options.projectName, program.programModule);
    stack = await LocalWorkspace.createOrSelectStack({ stackName, workDir }, workspaceOptions);
    const writeArgs = () => writeFileSync(join(workDir, "program-args.json"), JSON.stringify(program.programModule.args?.() ?? []));
    for (const method of PROGRAM_RUNNING_METHODS) {
      const original = stack[method].bind(stack) as (...a: unknown[]) => Promise<unknown>;
      (stack as unknown as Record<string, unknown>)[method] = (...a: unknown[]) => {
        writeArgs();
        return original(...a);
      };
    }
  }
  for (const [key, { value, secret }] of Object.entries(options.config ?? {})) {
    await stack.setConfig(key, { value, secret: secret ?? false });
  }
  return {
    stack,
    workDir,
    env,
    stateDir,
    cli: async (args) => {
      const result = await pulumiRunner(workDir, { ...process.env, ...env })([...args, "--stack", stack.name]);
      if (result.code !== 0) throw new Error(`Command failed: ${result.command}\n${result.stderr}`);
      return result.stdout;
    },
    dispose: async () => rmSync(root, { recursive: true, force: true }),
  };
}

/** A {@link ProgramModule} of a compiled module in this repository, by its path relative to the repository root. */
export function repoProgram(relativeModule: string, exportName: string, args?: () => unknown[]): ProgramModule {
  return { module: join(REPO_ROOT, "dist", relativeModule), exportName, ...(args ? { args } : {}) };
}

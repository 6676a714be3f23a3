import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { LocalWorkspace, PulumiCommand, type PulumiFn, type Stack } from "@pulumi/pulumi/automation";
import { ChatClient, type ChatClientOptions } from "../provider/api/client";

/** The repository root (this file is compiled to dist/tools/). */
export const REPO_ROOT = resolve(__dirname, "..", "..");

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
export function emulatorClient(target: EmulatorTarget, overrides: Partial<ChatClientOptions["config"]> = {}, retryPolicy?: ChatClientOptions["retryPolicy"]): ChatClient {
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
export function emulatorStackConfig(target: EmulatorTarget, extra: Record<string, string> = {}): Record<string, { value: string; secret?: boolean }> {
  return {
    "tencent-chat:sdkAppId": { value: String(target.sdkAppId) },
    "tencent-chat:endpoint": { value: target.url },
    "tencent-chat:secretKey": { value: target.secretKey, secret: true },
    ...Object.fromEntries(Object.entries(extra).map(([key, value]) => [`tencent-chat:${key}`, { value }])),
  };
}

/** A stack in a throwaway folder with a local file backend; `dispose` removes everything. */
export interface LocalStack {
  stack: Stack;
  workDir: string;
  /** The environment the CLI runs with (offline settings). */
  env: Record<string, string>;
  /** The local backend's folder (`file://` state). */
  stateDir: string;
  /** Runs the CLI itself in the project folder, e.g. `["stack", "export"]`, and returns its stdout. */
  cli(args: string[]): Promise<string>;
  dispose(): Promise<void>;
}

/** Where and how to create a {@link LocalStack}. */
export interface LocalStackOptions {
  projectName: string;
  stackName?: string;
  /** The Pulumi program, run in this process through the Automation API's language runtime. */
  program: PulumiFn;
  /** Stack config: key to value; `secret` values are encrypted in the stack file. */
  config?: Record<string, { value: string; secret?: boolean }>;
  /** Extra environment for the CLI and the provider process. */
  env?: Record<string, string>;
  /**
   * false turns off the CLI's automatic debug log (`$PULUMI_HOME/logs`, on in every run since Pulumi 3.2xx, with no
   * switch): a file takes the folder's place, so the CLI cannot create it and logs nothing. Only for this stack's
   * throwaway PULUMI_HOME; the benchmarks use it to show that log's cost.
   */
  automaticLogs?: boolean;
}

/**
 * Creates a stack of an inline program with the real CLI and engine. The program runs in this process (the CLI
 * connects to it with `--client`), which needs no `pulumi-language-nodejs`; the dynamic provider runs as the
 * engine's plugin process, as it does for `pulumi up`.
 */
export async function createLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const root = mkdtempSync(join(tmpdir(), "tencent-chat-stack-"));
  const workDir = join(root, "project");
  const stateDir = join(root, "state");
  const homeDir = join(root, "home");
  for (const dir of [workDir, stateDir, homeDir]) mkdirSync(dir, { recursive: true });
  if (options.automaticLogs === false) writeFileSync(join(homeDir, "logs"), "automatic logs turned off for this stack\n");
  // The provider process resolves @pulumi/pulumi and this package from its working directory.
  symlinkSync(join(REPO_ROOT, "node_modules"), join(workDir, "node_modules"), "dir");
  const env = { ...offlinePulumiEnv(stateDir, homeDir), ...options.env };
  const { command } = await pulumiCli();
  const stack = await LocalWorkspace.createOrSelectStack(
    { projectName: options.projectName, stackName: options.stackName ?? "dev", program: options.program },
    {
      workDir,
      pulumiHome: homeDir,
      pulumiCommand: command,
      envVars: env,
      projectSettings: { name: options.projectName, runtime: "nodejs", backend: { url: `file://${stateDir}` } },
    },
  );
  for (const [key, { value, secret }] of Object.entries(options.config ?? {})) {
    await stack.setConfig(key, { value, secret: secret ?? false });
  }
  return {
    stack,
    workDir,
    env,
    stateDir,
    cli: async (args) => {
      const { stdout } = await promisify(execFile)("pulumi", [...args, "--stack", stack.name, "--non-interactive"], {
        cwd: workDir,
        env: { ...process.env, ...env },
        maxBuffer: 256 * 1024 * 1024,
      });
      return stdout;
    },
    dispose: async () => rmSync(root, { recursive: true, force: true }),
  };
}

import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { REPO_ROOT } from "../tools/lib/local-stack";
import { EMULATOR_DEFAULTS } from "../emulator/server";

/** An emulator in its own process, so a benchmark's client and server do not share an event loop. */
export interface EmulatorProcess {
  url: string;
  sdkAppId: number;
  secretKey: string;
  process: ChildProcess;
  stats(): Promise<{ commands: Record<string, { calls: number; rejected: number; rateLimited: number }>; faults: Record<string, number> }>;
  stop(): Promise<void>;
}

/** Starts `tencent-chat-emulator` with the given flags and waits for its URL. */
export async function startEmulatorProcess(flags: string[] = []): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, [join(REPO_ROOT, "dist/emulator/cli.js"), "--port", "0", ...flags], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.once("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  return {
    url,
    sdkAppId: EMULATOR_DEFAULTS.sdkAppId,
    secretKey: EMULATOR_DEFAULTS.secretKey,
    process: child,
    stats: async () => (await (await fetch(`${url}/__emulator/stats`)).json()) as Awaited<ReturnType<EmulatorProcess["stats"]>>,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

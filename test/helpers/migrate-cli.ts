import { spawn } from "node:child_process";
import { join } from "node:path";
import { REPO_ROOT } from "../../tools/lib/local-stack";

/** What a run of the migration CLI printed, and how it ended. */
export interface MigrateResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `tencent-chat-migrate <args>` as a user does, from the repository root. Asynchronous, not spawnSync: an
 * emulator the command calls answers from this process's event loop.
 */
export function migrateCli(args: string[], env: Record<string, string> = {}): Promise<MigrateResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, "dist/provider/migration/cli.js"), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/**
 * `tencent-chat-migrate verify <args> --endpoint <emulator> --sdkappid <its app>` with the emulator's key in the
 * environment, as a user runs the go-live audit against a rehearsal.
 */
export function verifyAgainst(
  emulator: { url: string; app: { sdkAppId: number; secretKey: string } },
  args: string[],
  env: Record<string, string> = {},
): Promise<MigrateResult> {
  return migrateCli(["verify", ...args, "--endpoint", emulator.url, "--sdkappid", String(emulator.app.sdkAppId)], {
    TENCENT_CHAT_SECRET_KEY: emulator.app.secretKey,
    ...env,
  });
}

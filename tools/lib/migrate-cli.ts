import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { VerifyReport } from "../../provider/migration/verify";
import { type EmulatorTarget, REPO_ROOT } from "./local-stack";

/** What a run of the migration CLI printed, and how it ended. */
export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `tencent-chat-migrate <args>` in a project folder, as a user does there. Not spawnSync: an emulator of this
 * process answers the command's calls from its event loop.
 */
export function runMigrateCli(cwd: string, args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(REPO_ROOT, "dist/provider/migration/cli.js"), ...args],
      { cwd, env: { ...process.env, ...env }, maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ status: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

/** What `verify --history` reported: messages read back and the message differences by kind, and all of them. */
export interface VerifyFigures {
  /** Messages read back from the app. */
  messages: number;
  missing: number;
  duplicated: number;
  outOfOrder: number;
  extra: number;
  /** Every difference verify found (accounts, groups, members, topics and messages), as `kind path: detail`. */
  differences: string[];
}

/**
 * The go-live audit as the README runs it after a migration with history, in the project's folder:
 * `tencent-chat-migrate verify --manifest <m> --history <h> --stack <s>` against `target` (the key from
 * TENCENT_CHAT_SECRET_KEY), its `--report` read back for the figures.
 */
export async function verifyWithCli(
  cwd: string,
  target: EmulatorTarget,
  files: { manifest: string; history: string },
  stack: string,
  env: Record<string, string> = {},
): Promise<VerifyFigures> {
  const scratch = mkdtempSync(join(tmpdir(), "tencent-chat-verify-"));
  const reportPath = join(scratch, "report.json");
  try {
    const run = await runMigrateCli(
      cwd,
      [
        "verify",
        ...["--manifest", files.manifest, "--history", files.history, "--stack", stack, "--report", reportPath],
        ...["--endpoint", target.url, "--sdkappid", String(target.sdkAppId)],
      ],
      { ...env, TENCENT_CHAT_SECRET_KEY: target.secretKey },
    );
    // Exit 1 is "something differs", with the report written; anything else is the audit failing.
    if (run.status !== 0 && run.status !== 1) throw new Error(`verify failed (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
    const report = JSON.parse(readFileSync(reportPath, "utf8")) as VerifyReport;
    const message = report.counts.message;
    return {
      messages: report.checked.messages ?? 0,
      missing: message.missing,
      duplicated: message.duplicated,
      outOfOrder: message["out-of-order"],
      extra: message.extra,
      differences: report.differences.map((d) => `${d.kind} ${d.path}: ${d.detail}`),
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

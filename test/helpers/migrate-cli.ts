import { type CliRun, runMigrateCli } from "../../tools/lib/migrate-cli";
import { REPO_ROOT } from "../../tools/lib/local-stack";

/** What a run of the migration CLI printed, and how it ended. */
export type MigrateResult = CliRun;

/** Runs `tencent-chat-migrate <args>` as a user does, from the repository root (tools/lib/migrate-cli.ts). */
export function migrateCli(args: string[], env: Record<string, string> = {}): Promise<MigrateResult> {
  return runMigrateCli(REPO_ROOT, args, env);
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

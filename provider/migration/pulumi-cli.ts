import { execFile } from "node:child_process";

/** What one `pulumi` command printed and how it ended. */
export interface CliResult {
  /** The command as run (without `--non-interactive`). */
  command: string;
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one `pulumi` command; `onOutput` sees its output as it comes. */
export type PulumiRunner = (args: string[], onOutput?: (text: string) => void) => Promise<CliResult>;

/**
 * The one place that starts the `pulumi` CLI: in `cwd` with `env`, non-interactively (no prompt can hang a run),
 * collecting stdout and stderr. It never rejects; callers decide what a non-zero exit means.
 */
export function pulumiRunner(cwd: string, env: NodeJS.ProcessEnv = process.env): PulumiRunner {
  return (args, onOutput) =>
    new Promise((resolve) => {
      const child = execFile(
        "pulumi",
        [...args, "--non-interactive"],
        { cwd, env, maxBuffer: 512 * 1024 * 1024 },
        (error, stdout, stderr) => {
          resolve({
            command: `pulumi ${args.join(" ")}`,
            code: error ? (typeof error.code === "number" ? error.code : 1) : 0,
            stdout,
            stderr,
          });
        },
      );
      if (onOutput) {
        child.stdout?.on("data", (chunk: Buffer) => onOutput(chunk.toString()));
        child.stderr?.on("data", (chunk: Buffer) => onOutput(chunk.toString()));
      }
    });
}

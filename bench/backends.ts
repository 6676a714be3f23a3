import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startEmulator } from "../emulator/server";
import { generateManifest } from "../provider/migration/generate";
import { repoProgram, REPO_ROOT } from "../tools/lib/local-stack";
import { GeneratedProject } from "../tools/lib/pulumi-project";

/**
 * State backends compared on one migration through plain `pulumi up` (one resource per object, so the engine
 * writes a checkpoint after every step): the local file backend and PostgreSQL (TENCENT_CHAT_TEST_POSTGRES_URL, set
 * by tools/postgres.sh). Prints and writes bench/results/backends.json.
 */
async function main(): Promise<void> {
  const postgresUrl = process.env.TENCENT_CHAT_TEST_POSTGRES_URL;
  if (!postgresUrl) throw new Error('run eval "$(tools/postgres.sh)" first');
  const groups = Number(process.argv[2] ?? 100);
  const manifest = generateManifest({ groups, membersPerGroup: 20, prefix: "backend" });
  const results: Record<string, { upSeconds: number; noopPreviewSeconds: number; destroySeconds: number }> = {};
  for (const backend of ["file", "postgres"] as const) {
    const emulator = await startEmulator();
    const env: Record<string, string> = backend === "postgres" ? { PULUMI_BACKEND_URL: `${postgresUrl}&table=bench_${Date.now()}` } : {};
    const cli = new GeneratedProject("backend-bench", repoProgram("program/program.js", "migrationProgram"), "dev", env);
    writeFileSync(join(cli.dir, "manifest.json"), JSON.stringify(manifest));
    cli.declare(join(cli.dir, "manifest.json"));
    const timed = async (args: string[]) => {
      const started = performance.now();
      await cli.run(args);
      return +((performance.now() - started) / 1000).toFixed(1);
    };
    try {
      await cli.initAgainst({ url: emulator.url, ...emulator.app });
      results[backend] = {
        upSeconds: await timed(["up", "--yes", "--skip-preview"]),
        noopPreviewSeconds: await timed(["preview"]),
        destroySeconds: await timed(["destroy", "--yes", "--skip-preview"]),
      };
    } finally {
      await cli.dispose();
      await emulator.close();
    }
  }
  const report = {
    date: new Date().toISOString(),
    groups,
    membersPerGroup: 20,
    resources: "one per group, member list and topic",
    results,
  };
  writeFileSync(join(REPO_ROOT, "bench/results/backends.json"), `${JSON.stringify(report, null, 2)}\n`);
  console.log(JSON.stringify(report, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

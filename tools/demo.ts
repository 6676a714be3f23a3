import { join } from "node:path";
import { startEmulator } from "../emulator/server";
import { migrationProgram } from "../migration/program";
import { createLocalStack, emulatorStackConfig, pulumiCli, REPO_ROOT } from "./local-stack";

/**
 * The README's demo: starts the embedded emulator, applies the sample migration manifest with the real
 * `pulumi up`, prints what was created, and shows that a second run changes nothing. `--keep` leaves the emulator
 * running; `--manifest <file>` applies another manifest; `--groups-per-batch <n>` declares its groups as
 * ImportedGroupBatch resources of n groups (the form for large migrations).
 */
async function main(): Promise<void> {
  const keep = process.argv.includes("--keep");
  const manifestArg = process.argv.indexOf("--manifest");
  const manifestPath = manifestArg > 0 ? process.argv[manifestArg + 1]! : join(REPO_ROOT, "examples/manifests/sample.json");
  const batchArg = process.argv.indexOf("--groups-per-batch");
  const groupsPerBatch = batchArg > 0 ? Number(process.argv[batchArg + 1]) : 0;
  const { version } = await pulumiCli();
  const emulator = await startEmulator();
  console.log(`pulumi ${version}; Tencent Chat emulator at ${emulator.url} (SDKAppID ${emulator.app.sdkAppId})`);
  console.log(`manifest: ${manifestPath}`);
  const local = await createLocalStack({
    projectName: "tencent-chat-demo",
    program: async () => migrationProgram(manifestPath, { groupsPerBatch }),
    config: emulatorStackConfig({ url: emulator.url, ...emulator.app }),
  });
  try {
    const started = performance.now();
    const up = await local.stack.up({ onOutput: (line) => process.stdout.write(line) });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const groupIds = up.outputs.groupIds?.value as Record<string, string>;
    const resources = Object.values(up.summary.resourceChanges ?? {}).reduce((n, count) => n + count, 0);
    const state = emulator.store.state;
    console.log(`\nImported into the emulator in ${seconds} s (${resources} Pulumi resources):`);
    for (const [key, groupId] of Object.entries(groupIds)) {
      const group = state.groups[groupId];
      const topics = Object.keys(group?.topics ?? {}).length;
      console.log(`  ${key.padEnd(14)} GroupId ${groupId.padEnd(30)} ${(group?.type ?? "?").padEnd(9)} ${String(Object.keys(group?.members ?? {}).length).padStart(3)} members${topics ? `, ${topics} topics` : ""}  "${group?.name ?? "?"}"`);
    }
    const members = Object.values(state.groups).reduce((n, g) => n + Object.keys(g.members).length, 0);
    console.log(`Totals: ${Object.keys(state.accounts).length} accounts, ${Object.keys(state.groups).length} groups, ${members} memberships (owners included)`);
    const again = await local.stack.preview();
    const changes = Object.entries(again.changeSummary).filter(([op]) => op !== "same");
    console.log(`Second run: ${changes.length === 0 ? "no changes" : JSON.stringify(Object.fromEntries(changes))}`);
    if (keep) {
      console.log(`Emulator still running at ${emulator.url}; stack files in ${local.workDir}. Ctrl-C to stop.`);
      await new Promise(() => undefined);
    }
  } finally {
    await local.dispose();
    await emulator.close();
  }
}

main().catch((error: unknown) => {
  console.error(`demo failed: ${(error as Error).message}`);
  process.exit(1);
});

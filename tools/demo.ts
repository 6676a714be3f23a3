import { startEmulator } from "../emulator/server";
import { declareSampleMigration } from "../migration/program";
import { createLocalStack, pulumiCli } from "./local-stack";

/**
 * The README's demo: starts the embedded emulator, applies the sample migration with the real `pulumi up`, prints
 * what was created, and shows that a second run changes nothing. `--keep` leaves the emulator running.
 */
async function main(): Promise<void> {
  const keep = process.argv.includes("--keep");
  const { version } = await pulumiCli();
  const emulator = await startEmulator();
  console.log(`pulumi ${version}; Tencent Chat emulator at ${emulator.url} (SDKAppID ${emulator.app.sdkAppId})`);
  const local = await createLocalStack({
    projectName: "tencent-chat-demo",
    program: async () => declareSampleMigration(),
    config: {
      "tencent-chat:sdkAppId": { value: String(emulator.app.sdkAppId) },
      "tencent-chat:endpoint": { value: emulator.url },
      "tencent-chat:secretKey": { value: emulator.app.secretKey, secret: true },
    },
  });
  try {
    const up = await local.stack.up({ onOutput: (line) => process.stdout.write(line) });
    const groupIds = up.outputs.groupIds?.value as Record<string, string>;
    console.log("\nCreated in the emulator:");
    for (const [name, groupId] of Object.entries(groupIds)) {
      const group = emulator.store.state.groups[groupId];
      console.log(`  ${name.padEnd(12)} GroupId ${groupId.padEnd(28)} ${group?.type ?? "?"} "${group?.name ?? "?"}"`);
    }
    const again = await local.stack.preview();
    const changes = Object.entries(again.changeSummary).filter(([op]) => op !== "same");
    console.log(`Second run: ${changes.length === 0 ? "no changes" : JSON.stringify(Object.fromEntries(changes))}`);
    if (keep) {
      console.log(`Emulator still running at ${emulator.url}; state in ${local.workDir}. Ctrl-C to stop.`);
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

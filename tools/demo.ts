import { rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { startEmulator } from "../emulator/server";
import { loadManifest } from "../program/program";
import { verifyMigration } from "../provider/migration/verify";
import { readProjectFile } from "../provider/project";
import { emulatorClient, pulumiCli, REPO_ROOT } from "./lib/local-stack";
import { changeCounts, PulumiProject } from "./lib/pulumi-project";

/**
 * The README's demo, as its quick start types it: starts the emulator, then runs plain `pulumi` commands in the
 * repository root (the root migration program: Pulumi.yaml, program/index.ts through the Node language host) with
 * a local file backend in a temporary folder: `stack init`, `config set` (the key with `--secret`), `pulumi up`,
 * prints what was created, a second `pulumi up` that must change nothing, and the go-live audit (`verify`), which
 * must find no difference.
 * `--keep` leaves the emulator and the stack in place; `--manifest <file>` applies another manifest;
 * `--groups-per-batch <n>` declares the groups as ImportedGroupBatch resources of n groups.
 */
async function main(): Promise<void> {
  const argValue = (flag: string) => (process.argv.includes(flag) ? process.argv[process.argv.indexOf(flag) + 1] : undefined);
  const keep = process.argv.includes("--keep");
  // A path given on the command line is the user's, relative to where they typed it (tools/run.sh keeps it).
  const manifestPath = resolve(
    process.env.TENCENT_CHAT_DEMO_CWD ?? process.cwd(),
    argValue("--manifest") ?? join(REPO_ROOT, "examples/manifests/sample.json"),
  );
  const groupsPerBatch = Number(argValue("--groups-per-batch") ?? 0);
  if (!Number.isInteger(groupsPerBatch) || groupsPerBatch < 0)
    throw new Error(`--groups-per-batch must be a whole number of at least 0, got ${argValue("--groups-per-batch")}`);
  const { version } = await pulumiCli();
  const emulator = await startEmulator();
  console.log(`pulumi ${version}; language host ${process.env.TENCENT_CHAT_LANGUAGE_HOST ?? "pulumi-language-nodejs from PATH"}`);
  console.log(`Tencent Chat emulator at ${emulator.url} (SDKAppID ${emulator.app.sdkAppId}); manifest ${manifestPath}`);
  const stackName = "demo";
  // The demo owns the stack name "demo": a settings file left by an earlier `--keep` run belongs to another backend.
  rmSync(join(REPO_ROOT, `Pulumi.${stackName}.yaml`), { force: true });
  const cli = new PulumiProject(REPO_ROOT, stackName);
  const echo = (args: string[]) => console.log(`\n$ pulumi ${args.join(" ")}`);
  const run = (args: string[], stream = false) => {
    echo(args);
    return cli.run(args, stream ? { onOutput: (text) => process.stdout.write(text) } : {});
  };
  try {
    await cli.initAgainst(
      { url: emulator.url, ...emulator.app },
      {
        "tencent-chat-migration:manifest": manifestPath,
        "tencent-chat-migration:groupsPerBatch": String(groupsPerBatch),
      },
      echo,
    );
    const started = performance.now();
    const up = await run(["up", "--yes"], true);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const groupIds = (await cli.outputs()).groupIds as Record<string, string>;
    const state = emulator.store.state;
    console.log(`\nImported into the emulator in ${seconds} s (${changeCounts(up.stdout).create ?? 0} Pulumi resources created):`);
    for (const [key, groupId] of Object.entries(groupIds)) {
      const group = state.groups[groupId];
      const topics = Object.keys(group?.topics ?? {}).length;
      console.log(
        `  ${key.padEnd(14)} GroupId ${groupId.padEnd(30)} ${(group?.type ?? "?").padEnd(9)} ${String(Object.keys(group?.members ?? {}).length).padStart(3)} members${topics ? `, ${topics} topics` : ""}  "${group?.name ?? "?"}"`,
      );
    }
    const members = Object.values(state.groups).reduce((n, g) => n + Object.keys(g.members).length, 0);
    console.log(
      `Totals: ${Object.keys(state.accounts).length} accounts, ${Object.keys(state.groups).length} groups, ${members} memberships (owners included)`,
    );
    const again = await run(["up", "--yes"]);
    const changes = changeCounts(again.stdout);
    console.log(`Second run: ${Object.keys(changes).length === 0 ? "no changes" : JSON.stringify(changes)}`);
    if (Object.keys(changes).length > 0) process.exitCode = 1;
    // The go-live audit, as `tencent-chat-migrate verify --manifest <file> --stack demo` runs it: everything read back
    // over the API, not from Pulumi's state.
    const { manifest } = loadManifest(manifestPath);
    const client = emulatorClient({ url: emulator.url, ...emulator.app });
    try {
      const audit = await verifyMigration(manifest!, {
        client,
        admin: "administrator",
        scope: { project: String(readProjectFile(REPO_ROOT).name), stack: stackName },
      });
      const { checked } = audit;
      console.log(`
$ tencent-chat-migrate verify --manifest ${manifestPath} --stack ${stackName}`);
      console.log(
        `verify: read ${checked.accounts} accounts, ${checked.groups} groups, ${checked.members} members, ${checked.topics} topics: ${audit.differences.length} difference(s)`,
      );
      for (const d of audit.differences) console.log(`  ${d.kind} ${d.path}: ${d.detail}`);
      if (audit.differences.length > 0) process.exitCode = 1;
    } finally {
      await client.close();
    }
    if (keep) {
      console.log(
        `\nEmulator still running at ${emulator.url}. In ${REPO_ROOT}, with these settings, plain pulumi commands use the stack:`,
      );
      for (const [key, value] of Object.entries(cli.env)) console.log(`  export ${key}=${value}`);
      console.log("Ctrl-C to stop.");
      await new Promise(() => undefined);
    }
  } finally {
    if (!keep) {
      await cli.dispose();
      await emulator.close();
    }
  }
}

main().catch((error: unknown) => {
  console.error(`demo failed: ${(error as Error).message}`);
  process.exit(1);
});

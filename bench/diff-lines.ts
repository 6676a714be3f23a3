import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateManifest } from "../provider/migration/generate";
import { REPO_ROOT } from "../tools/local-stack";
import { PulumiProject } from "../tools/pulumi-project";
import { startEmulatorProcess } from "./emulator-process";

/**
 * What a reviewer reads when one member joins a large group: the root project applies a Community of `--members`
 * people as an ImportedGroupBatch with plain `pulumi up`, the manifest gains one member of that group, and
 * `pulumi preview --diff` runs. Writes the diff (and how many of its lines show a change) to
 * bench/results/diff-lines.json for BENCHMARKS.md.
 */
async function main(): Promise<void> {
  const arg = process.argv.indexOf("--members");
  const people = arg > 0 ? Number(process.argv[arg + 1]) : 20_000;
  // Two accounts more than the group holds: the one who joins is imported already, so only the group changes.
  const manifest = generateManifest({ groups: 0, membersPerGroup: 0, accounts: people + 2, bigCommunity: people, prefix: "d" });
  const group = manifest.groups[0]!;
  const folder = mkdtempSync(join(tmpdir(), "bench-diff-"));
  const manifestPath = join(folder, "manifest.json");
  writeFileSync(manifestPath, JSON.stringify(manifest));
  const emulator = await startEmulatorProcess();
  const project = new PulumiProject(REPO_ROOT, "bench-diff");
  try {
    await project.initAgainst(emulator, { "tencent-chat-migration:manifest": manifestPath, "tencent-chat-migration:groupsPerBatch": "1" });
    await project.run(["up", "--yes", "--skip-preview"]);
    const joining = `${"d"}u${people}`;
    group.members[joining] = { joinTime: (group.createTime ?? 0) + people + 1 };
    writeFileSync(manifestPath, JSON.stringify(manifest));
    const { stdout } = await project.run(["preview", "--diff"]);
    // The diff of the batch: from its resource line to the end of its properties.
    const lines = stdout.split("\n");
    const start = lines.findIndex((l) => /ImportedGroupBatch/.test(l) && /^\s*~/.test(l));
    const end = lines.findIndex((l, i) => i > start && /^\s*(Resources:|Outputs:|\S)/.test(l) && !/^\s*[~+-]?\s*(groups|\[|\}|\{|"|members|\w+:)/.test(l));
    const diff = lines.slice(start, end > start ? end : undefined).filter((l) => l.trim() !== "");
    const changed = diff.slice(1).filter((l) => /^\s*[+~-]\s/.test(l) && !/^\s*[+~-]\s*(groups|[\w.@#-]+): \{$/.test(l.trim()));
    const result = { date: new Date().toISOString(), groupMembers: people, joining, diff, changedLines: changed.length, changed };
    mkdirSync(join(REPO_ROOT, "bench/results"), { recursive: true });
    writeFileSync(join(REPO_ROOT, "bench/results/diff-lines.json"), `${JSON.stringify(result, null, 2)}\n`);
    console.log(stdout);
    console.log(JSON.stringify({ changedLines: changed.length, changed }, null, 2));
  } finally {
    await project.run(["destroy", "--yes", "--skip-preview"], { allowFailure: true });
    await project.dispose();
    await emulator.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

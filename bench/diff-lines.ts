import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateManifest } from "../provider/migration/generate";
import { REPO_ROOT } from "../tools/lib/local-stack";
import { PulumiProject } from "../tools/lib/pulumi-project";
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
  group.maxMemberCount = people + 100; // room for the one who joins, so the group's own line stays the same
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
    // The batch's part of the plan: from its resource line to the next resource or the summary.
    const lines = stdout.split("Resources:")[0]!.split("\n");
    const start = lines.findIndex((l) => /~ pulumi-nodejs:dynamic\/tencent-chat:ImportedGroupBatch/.test(l));
    const next = lines.findIndex((l, i) => i > start && /^\s*[~+-]? ?(pulumi-nodejs:|pulumi:pulumi:Stack|--outputs:--)/.test(l));
    const diff = lines.slice(start, next > start ? next : undefined).filter((l) => l.trim() !== "");
    // What a reviewer reads as changed: the lines marked + - ~ past the resource's line and its `groups:` line.
    const changed = diff.filter((l) => /^\s*[+~-] /.test(l)).slice(2);
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

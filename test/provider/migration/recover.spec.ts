import { expect } from "chai";
import { existsSync, mkdtempSync, readdirSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pulumiRunner } from "../../../provider/migration/pulumi-cli";
import { recoverStack, repairLocalCheckpoint, selectedStack } from "../../../provider/migration/recover";
import { repoProgram } from "../../../tools/lib/local-stack";
import { GeneratedProject } from "../../../tools/lib/pulumi-project";

describe("tencent-chat-migrate recover", function () {
  this.timeout(120_000);

  it("repairs what a hard stop leaves in a local backend (an empty .attrs, a stray .tmp), then runs the runbook", async () => {
    const cli = new GeneratedProject("recover-spec", repoProgram("test/e2e/programs/empty.js", "emptyProgram"));
    const dir = cli.dir;
    try {
      await cli.run(["stack", "init"]);
      await cli.run(["up", "--yes"]);
      const stacks = join(cli.stateDir, ".pulumi", "stacks", "recover-spec");
      const checkpoint = join(stacks, "dev.json");
      expect(existsSync(`${checkpoint}.attrs`), "the backend writes an attributes file").to.equal(true);
      // What a kill between the sidecar's truncation and its write leaves: every command then fails.
      truncateSync(`${checkpoint}.attrs`, 0);
      writeFileSync(`${checkpoint}.18a2b3c4d5e6f708.tmp`, '{"version": 3, "checkpoint": {');
      const broken = await cli.run(["stack", "export"], { allowFailure: true });
      expect(broken.code).to.not.equal(0);
      expect(broken.stdout + broken.stderr).to.match(/EOF|load checkpoint/i);

      const lines: string[] = [];
      const run = pulumiRunner(dir, { ...process.env, ...cli.env });
      // The selected stack is found although its checkpoint cannot be read.
      expect(await selectedStack(run, dir, { ...process.env, ...cli.env })).to.equal("dev");
      const report = await recoverStack({ cwd: dir, stack: "dev", run, log: (line) => lines.push(line) });
      expect(report.repaired.map((r) => r.path).sort()).to.deep.equal([`${checkpoint}.18a2b3c4d5e6f708.tmp`, `${checkpoint}.attrs`].sort());
      expect(report.commands.map((c) => c.command.split(" --stack")[0])).to.deep.equal([
        "pulumi cancel --yes",
        "pulumi refresh --clear-pending-creates --yes --skip-preview",
        "pulumi up --yes --skip-preview",
      ]);
      expect(lines.some((line) => line.startsWith("moved aside") && line.includes("empty attributes file"))).to.equal(true);
      expect((await cli.run(["stack", "export"])).code).to.equal(0);
      // Moved aside, not deleted.
      const aside = readdirSync(stacks).find((name) => name.startsWith(".tencent-chat-recover-"))!;
      expect(readdirSync(join(stacks, aside)).sort()).to.deep.equal(["dev.json.18a2b3c4d5e6f708.tmp", "dev.json.attrs"]);
    } finally {
      await cli.dispose();
    }
  });

  it("changes nothing it does not understand: an attributes file that is not JSON is reported and left", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tencent-chat-recover-"));
    writeFileSync(join(dir, "dev.json"), "{}");
    writeFileSync(join(dir, "dev.json.attrs"), "not json");
    const found = repairLocalCheckpoint(join(dir, "dev.json"));
    expect(found.repaired).to.deep.equal([]);
    expect(found.leftAlone.map((l) => l.path)).to.deep.equal([join(dir, "dev.json.attrs")]);
    expect(readdirSync(dir).sort()).to.deep.equal(["dev.json", "dev.json.attrs"]);
    rmSync(dir, { recursive: true, force: true });
  });
});

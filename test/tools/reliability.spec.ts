import { expect } from "chai";
import { join } from "node:path";
import { Manifest } from "../../provider/migration/manifest";
import { generateManifest } from "../../provider/migration/generate";
import { REPO_ROOT } from "../../tools/lib/local-stack";
import { faultRun, interruptionRun, readManifest } from "../../tools/reliability";

describe("reliability under faults and interruption (real pulumi CLI)", function () {
  this.timeout(600_000);
  const sample = Manifest.parse(readManifest(join(REPO_ROOT, "examples/manifests/sample.json")));

  for (const seed of [1, 2]) {
    it(`converges with ~10% 10002, 5% rate limits, 2% resets, 1% applied-then-dropped (seed ${seed}), state equal to the manifest`, async () => {
      const figures = await faultRun(sample, seed);
      console.log(
        `      seed ${seed}: ${figures.faultTotal} faults ${JSON.stringify(figures.faults)}; ${figures.runs} run(s); ${figures.objectsVerified} objects verified`,
      );
      expect(figures.faultTotal).to.be.greaterThan(5);
      expect(figures.runs).to.be.at.most(2);
      expect(figures.differences).to.deep.equal([]);
    });
  }

  it("recovers from a killed `pulumi up` (CLI and provider process) with the runbook's steps, to the exact state", async () => {
    const manifest = generateManifest({ groups: 60, membersPerGroup: 20, prefix: "kill" });
    const figures = await interruptionRun(manifest, 25);
    console.log(
      `      killed ${figures.processesKilled} processes after ${figures.killedAfterGroups} groups; ${figures.pendingOperations} pending operations; recovered with: ${figures.recoveryCommands.join("; ")}`,
    );
    expect(figures.processesKilled).to.be.at.least(2);
    expect(figures.killedAfterGroups).to.be.below(60);
    expect(figures.differences).to.deep.equal([]);
  });

  it("recovers the same way when checkpoints are skipped (PULUMI_SKIP_CHECKPOINTS): what the lost run created is adopted", async () => {
    const manifest = generateManifest({ groups: 60, membersPerGroup: 20, prefix: "skip" });
    const figures = await interruptionRun(manifest, 25, { PULUMI_SKIP_CHECKPOINTS: "true" });
    console.log(`      killed after ${figures.killedAfterGroups} groups with no checkpoint written; recovered to the exact state`);
    expect(figures.killedAfterGroups).to.be.within(25, 59);
    expect(figures.differences).to.deep.equal([]);
  });
});

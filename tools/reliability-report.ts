import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateManifest } from "../provider/migration/generate";
import { Manifest } from "../provider/migration/manifest";
import { REPO_ROOT } from "./lib/local-stack";
import { faultRun, interruptionRun, readManifest, type ReliabilityFigures } from "./reliability";

/**
 * `npm run reliability`: the figures of the README's reliability section. Fault runs over several seeds on the
 * sample manifest and on a larger generated one, an interruption run, and the property-based input count.
 */
async function main(): Promise<void> {
  const sample = Manifest.parse(readManifest(join(REPO_ROOT, "examples/manifests/sample.json")));
  const large = generateManifest({ groups: 150, membersPerGroup: 30, prefix: "rel" });
  const runs: (ReliabilityFigures & { manifest: string })[] = [];
  for (const [name, manifest, seeds] of [
    ["sample (20 groups)", sample, [1, 2, 3, 4, 5]],
    ["generated (150 groups x 30)", large, [1, 2]],
  ] as const) {
    for (const seed of seeds) {
      const figures = await faultRun(manifest, seed);
      runs.push({ manifest: name, ...figures });
      console.error(
        `${name} seed ${seed}: ${figures.faultTotal} faults, ${figures.runs} run(s), ${figures.objectsVerified} objects, ${figures.differences.length} differences`,
      );
    }
  }
  const interruption = await interruptionRun(generateManifest({ groups: 100, membersPerGroup: 20, prefix: "cut" }), 40);
  // check.spec.ts: 4 resources x 400 runs, 400 name lengths, 100 custom-string lengths.
  const propertyInputs = 4 * 400 + 400 + 100;
  const results = { date: new Date().toISOString(), runs, interruption, propertyInputs };
  mkdirSync(join(REPO_ROOT, "bench/results"), { recursive: true });
  writeFileSync(join(REPO_ROOT, "bench/results/reliability.json"), `${JSON.stringify(results, null, 2)}\n`);

  console.log("| manifest | seed | faults injected | by kind | `pulumi up` runs | objects verified | differences |");
  console.log("|---|---|---|---|---|---|---|");
  for (const r of runs) {
    const kinds: Record<string, number> = {};
    for (const [key, n] of Object.entries(r.faults)) {
      const kind = key.split(":").slice(1).join(" "); // "reset", "drop-after-apply", "error 10002"
      kinds[kind] = (kinds[kind] ?? 0) + n;
    }
    console.log(
      `| ${r.manifest} | ${r.seed} | ${r.faultTotal} | ${Object.entries(kinds)
        .map(([k, n]) => `${k} ${n}`)
        .join(", ")} | ${r.runs} | ${r.objectsVerified} | ${r.differences.length} |`,
    );
  }
  console.log(
    `\nInterruption: killed ${interruption.processesKilled} processes after ${interruption.killedAfterGroups} of 100 groups, ` +
      `${interruption.pendingOperations} pending operations; recovered with ${interruption.recoveryCommands.map((c) => `\`${c}\``).join(", ")}; ` +
      `${interruption.differences.length} differences.`,
  );
  console.log(`Property-based inputs tried per test run: ${propertyInputs}.`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pulumiCli, REPO_ROOT } from "../tools/lib/local-stack";
import { PulumiProject } from "../tools/lib/pulumi-project";

/**
 * What a plain `pulumi` command costs with nothing of ours in it: a TypeScript project (like the root one, compiled
 * by the language host) declaring one dynamic resource whose provider calls nothing, run with the same commands and
 * settings as the benchmark's cli path. Its times are Pulumi's own start-up and wind-down (CLI, language host,
 * TypeScript, SDK, provider process, checkpoints), the part of every command no provider can remove. Each command
 * runs `--rounds` times (default 3); bench/results/pulumi-fixed.json keeps every time and the median.
 */
const PROGRAM = `import * as pulumi from "@pulumi/pulumi";

// One dynamic resource whose provider calls nothing.
const provider: pulumi.dynamic.ResourceProvider = {
  async create() {
    return { id: "nothing", outs: {} };
  },
  async read(id: string, props?: Record<string, unknown>) {
    return { id, props };
  },
};

class Nothing extends pulumi.dynamic.Resource {
  constructor(name: string) {
    super(provider, name, {}, undefined);
  }
}

new Nothing("nothing");
`;

const COMMANDS = {
  up: ["up", "--yes", "--skip-preview"],
  noopPreview: ["preview", "--expect-no-changes"],
  refresh: ["refresh", "--yes", "--skip-preview"],
  destroy: ["destroy", "--yes", "--skip-preview"],
} as const;

async function main(): Promise<void> {
  const arg = process.argv.indexOf("--rounds");
  const rounds = arg > 0 ? Number(process.argv[arg + 1]) : 3;
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a positive whole number, got ${process.argv[arg + 1]}`);
  const dir = mkdtempSync(join(tmpdir(), "bench-pulumi-fixed-"));
  writeFileSync(join(dir, "Pulumi.yaml"), "name: pulumi-fixed\nruntime: nodejs\nmain: index.ts\n");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "pulumi-fixed", private: true }, null, 2));
  writeFileSync(join(dir, "index.ts"), PROGRAM);
  symlinkSync(join(REPO_ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  const project = new PulumiProject(dir, "fixed");
  const seconds: Record<keyof typeof COMMANDS, number[]> = { up: [], noopPreview: [], refresh: [], destroy: [] };
  try {
    await project.run(["stack", "init"]);
    for (let round = 0; round < rounds; round++) {
      for (const [name, args] of Object.entries(COMMANDS) as [keyof typeof COMMANDS, readonly string[]][]) {
        const started = performance.now();
        await project.run([...args]);
        seconds[name].push(+((performance.now() - started) / 1000).toFixed(2));
      }
    }
  } finally {
    await project.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const report = {
    date: new Date().toISOString(),
    pulumi: (await pulumiCli()).version,
    node: process.version,
    rounds,
    seconds,
    medianSeconds: Object.fromEntries(Object.entries(seconds).map(([name, values]) => [name, median(values)])),
  };
  writeFileSync(join(REPO_ROOT, "bench/results/pulumi-fixed.json"), `${JSON.stringify(report, null, 2)}\n`);
  console.log(JSON.stringify(report, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

import { expect } from "chai";
import { execFileSync, spawn } from "node:child_process";
import { closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { startEmulator, type RunningEmulator } from "../emulator/server";
import type { EmulatorState } from "../emulator/store";
import { loadManifest } from "../program/program";
import { REPO_ROOT } from "../tools/lib/local-stack";
import { killProcessTree } from "../tools/lib/processes";
import { differencesFromManifest } from "../tools/verify";

/** A shell block of the README and the section it stands in. */
interface ReadmeBlock {
  section: string;
  script: string;
}

/** The README sections whose every shell block a user runs in order: the quick start, then the runbook. */
const RUN_SECTIONS = ["## Quick start against the emulator", "## Migrating: the runbook"];

/** Every ```sh block of the sections above, in order, with the nearest heading above it. */
function readmeBlocks(): ReadmeBlock[] {
  const lines = readFileSync(join(REPO_ROOT, "README.md"), "utf8").split("\n");
  const blocks: ReadmeBlock[] = [];
  let top = "";
  let section = "";
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^## /.test(line)) top = line;
    if (/^#{2,3} /.test(line)) section = line;
    if (line === "```sh" && RUN_SECTIONS.includes(top)) {
      const body: string[] = [];
      for (i++; lines[i] !== "```"; i++) body.push(lines[i]!);
      blocks.push({ section, script: body.join("\n") });
    }
  }
  return blocks;
}

/** Copies the files git knows (tracked, or new and not ignored) into a folder: what a fresh clone would hold. */
function copyWorkTree(into: string): void {
  const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], { cwd: REPO_ROOT, encoding: "utf8" })
    .split("\0")
    .filter(Boolean);
  for (const file of files) {
    if (!existsSync(join(REPO_ROOT, file))) continue; // deleted in the work tree
    mkdirSync(dirname(join(into, file)), { recursive: true });
    copyFileSync(join(REPO_ROOT, file), join(into, file));
  }
}

/** The emulator state that a `tencent-chat-emulator` process serves (its admin interface). */
async function emulatorState(url: string): Promise<EmulatorState> {
  return (await (await fetch(`${url}/__emulator/state`)).json()) as EmulatorState;
}

describe("README: the quick start and the runbook, every command block as written, in a copy of the repository", function () {
  this.timeout(1_200_000);
  const scratch = mkdtempSync(join(tmpdir(), "tencent-chat-readme-"));
  const clone = join(scratch, "pulumi-tencent-chat");
  const home = join(scratch, "home");
  const log = join(scratch, "commands.log");
  /** Process groups of the shells the blocks ran in: background emulators live on in them until the end. */
  const groups: number[] = [];
  let cwd = clone;
  let interruptionEmulator: RunningEmulator | undefined;
  let productionEmulator: RunningEmulator | undefined;
  // The user's terminal: a home of its own, the passphrase they would type at the prompt, the answer "yes" to
  // `pulumi up`'s question, and the npm cache of this machine. `pulumi login --local` means the login user's home
  // (from the password database, not $HOME): PULUMI_BACKEND_URL, which overrides any login, keeps the test's
  // stacks in its own folder instead.
  const npmCache = execFileSync("npm", ["config", "get", "cache"], { encoding: "utf8" }).trim();
  const env: Record<string, string> = Object.fromEntries(
    Object.entries(process.env)
      .filter(([k]) => !k.startsWith("PULUMI_"))
      .map(([k, v]) => [k, v ?? ""]),
  );
  Object.assign(env, {
    HOME: home,
    PULUMI_HOME: join(home, ".pulumi"),
    PULUMI_BACKEND_URL: `file://${join(scratch, "backend")}`,
    npm_config_cache: npmCache,
    PULUMI_CONFIG_PASSPHRASE: "readme-passphrase",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
  });

  /** Runs one block in bash from where the last one ended; resolves with its output, rejects on a failed command. */
  function runBlock(block: ReadmeBlock, extraEnv: Record<string, string> = {}): Promise<string> {
    const where = join(scratch, "cwd");
    const out = openSync(log, "a");
    writeFileSync(out, `\n### ${block.section} (in ${cwd})\n${block.script}\n---\n`);
    // Background processes keep running after their shell ends: their output goes to the log, not to a pipe that
    // would hold the shell's result open.
    const child = spawn("bash", ["-e", "-o", "pipefail", "-c", `${block.script}\npwd > ${JSON.stringify(where)}`], {
      cwd,
      env: { ...env, ...extraEnv },
      stdio: ["ignore", out, out],
      detached: true,
    });
    groups.push(child.pid!);
    return new Promise((resolve, reject) => {
      child.on("exit", (code) => {
        closeSync(out);
        const text = readFileSync(log, "utf8");
        if (code !== 0) return reject(new Error(`README block in "${block.section}" failed (exit ${code}):\n${text.slice(-6000)}`));
        cwd = readFileSync(where, "utf8").trim();
        resolve(text);
      });
    });
  }

  /** A `pulumi` command of the test's own (not the README's) in the current folder, with the user's environment. */
  const pulumi = (args: string[], extraEnv: Record<string, string> = {}) =>
    execFileSync("pulumi", args, {
      cwd,
      env: { ...env, ...extraEnv },
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
      stdio: ["ignore", "pipe", "pipe"],
    });

  before(() => {
    mkdirSync(home, { recursive: true });
    mkdirSync(join(scratch, "backend"), { recursive: true });
    copyWorkTree(clone);
  });
  after(async () => {
    for (const group of groups) {
      try {
        process.kill(-group, "SIGTERM");
      } catch {
        // That shell's processes have all ended.
      }
    }
    await interruptionEmulator?.close();
    await productionEmulator?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("has the blocks this test knows how to check", () => {
    expect(readmeBlocks().map((b) => b.section)).to.deep.equal([
      "## Quick start against the emulator",
      "### 1. Describe what you are bringing over",
      "### 2. Validate offline",
      "### 3. Rehearse on the emulator",
      "### 4. Go live",
      "### 5. Re-running after a failure",
    ]);
  });

  it("quick start: builds, starts the emulator, and applies examples/quickstart with plain pulumi", async () => {
    await runBlock(readmeBlocks()[0]!);
    expect(cwd).to.equal(join(clone, "examples/quickstart"));
    const state = await emulatorState("http://127.0.0.1:8080");
    expect(Object.keys(state.accounts).sort()).to.deep.equal(["alice", "bob", "wang_wei"]);
    expect(
      Object.values(state.groups)
        .map((g) => g.name)
        .sort(),
    ).to.deep.equal(["Community", "General 综合"]);
    cwd = clone; // the quick start's last line says: `cd ../..` back to the root program
  });

  it("runbook 1-3: converts the Slack export, validates it, and rehearses it with the root program", async () => {
    const [, describe, validate, rehearse] = readmeBlocks();
    await runBlock(describe!);
    expect(
      existsSync(join(clone, "manifest.json")) && existsSync(join(clone, "report.json")) && existsSync(join(clone, "rehearsal.json")),
    ).to.equal(true);
    // The other converters' lines of the block: each wrote a manifest that validate passes.
    for (const converted of ["from-tables.json", "from-stream.json", "from-mattermost.json"]) {
      const { problems, estimate } = loadManifest(join(clone, converted));
      expect(problems, converted).to.deep.equal([]);
      expect(estimate.groups, converted).to.be.greaterThan(0);
    }
    expect(JSON.parse(readFileSync(join(clone, "from-tables-report.json"), "utf8")).counts).to.deep.equal({
      adjusted: 1,
      unmapped: 0,
      problems: 0,
    });
    await runBlock(validate!);
    const rehearsed = await runBlock(rehearse!);
    // With the conversations too: the history the converter wrote beside the manifest, read back message by message.
    expect(rehearsed, "the block's verify line").to.match(
      /verify: read \d+ accounts, \d+ groups \(the app holds \d+\), \d+ members, \d+ topics, [1-9]\d* messages: 0 difference\(s\)/,
    );
    const manifest = loadManifest(join(clone, "manifest.json")).manifest!;
    const groupIds = JSON.parse(pulumi(["stack", "output", "groupIds", "--json"])) as Record<string, string>;
    expect(differencesFromManifest(await emulatorState("http://127.0.0.1:8081"), manifest, groupIds)).to.deep.equal([]);
  });

  it("runbook 4: go live with protect and retain, destroy refused, a second wave on the same app (production rehearsed on the emulator)", async () => {
    // Production's app, rehearsed: the region stays set (so the stack is production), the calls go to an emulator
    // with that SDKAppID, and the key comes from the environment as the README says.
    const key = `production-key-${Date.now()}`;
    productionEmulator = await startEmulator({ sdkAppId: 1400123456, secretKey: key });
    const output = await runBlock(readmeBlocks()[4]!, { TENCENT_CHAT_ENDPOINT: productionEmulator.url, TENCENT_CHAT_PRODUCTION_KEY: key });
    expect(output).to.match(/refused: the stack is protected, nothing was deleted/);
    // The audit after wave 1, as the block runs it: everything read back over the API, nothing differing.
    // The log holds every block's output: runbook 3's verify line (with the messages), then this one's.
    expect(
      output.match(
        /verify: read \d+ accounts, \d+ groups \(the app holds \d+\), \d+ members, \d+ topics(, \d+ messages)?: 0 difference\(s\)/g,
      ),
    ).to.have.length(2);
    const audit = JSON.parse(readFileSync(join(clone, "audit.json"), "utf8")) as { differences: unknown[]; checked: { groups: number } };
    expect(audit.differences).to.deep.equal([]);
    expect(output, "the key is not echoed").to.not.contain(key);
    const wave1 = JSON.parse(pulumi(["stack", "output", "groupIds", "--json", "--stack", "production"])) as Record<string, string>;
    const wave2 = JSON.parse(pulumi(["stack", "output", "groupIds", "--json", "--stack", "production-wave2"])) as Record<string, string>;
    const manifest = loadManifest(join(clone, "manifest.json")).manifest!;
    const rehearsal = loadManifest(join(clone, "rehearsal.json")).manifest!;
    const state = productionEmulator.store.state;
    expect(Object.keys(state.groups).sort()).to.deep.equal([...Object.values(wave1), ...Object.values(wave2)].sort());
    // Wave 1 is whole after the refused destroy: every group with every member of the manifest.
    const firstWaveOnly = {
      ...state,
      groups: Object.fromEntries(Object.values(wave1).map((id) => [id, state.groups[id]!])),
      accounts: Object.fromEntries(Object.keys(manifest.accounts).map((a) => [a, state.accounts[a]!])),
    };
    expect(differencesFromManifest(firstWaveOnly, manifest, wave1)).to.deep.equal([]);
    expect(Object.keys(wave2)).to.have.length(rehearsal.groups.length);
    const exported = JSON.parse(pulumi(["stack", "export", "--stack", "production"])) as {
      deployment: { resources: { type: string; protect?: boolean; retainOnDelete?: boolean }[] };
    };
    const ours = exported.deployment.resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/tencent-chat:"));
    expect(
      ours.every((r) => r.protect === true && r.retainOnDelete === true),
      "every resource protected and retained",
    ).to.equal(true);
  });

  it("runbook 5: after `pulumi up` of rehearsal.json is killed mid-way, the block converges to exactly the manifest", async () => {
    // The failure the block is for: a stack of its own against a fresh emulator, its `pulumi up` killed (CLI,
    // language host, program and provider) after a third of the groups.
    interruptionEmulator = await startEmulator({ latencyMs: 10 });
    const manifest = loadManifest(join(clone, "rehearsal.json")).manifest!;
    pulumi(["stack", "init", "interrupted"]);
    pulumi(["config", "set", "tencent-chat:sdkAppId", String(interruptionEmulator.app.sdkAppId)]);
    pulumi(["config", "set", "tencent-chat:endpoint", interruptionEmulator.url]);
    pulumi(["config", "set", "--secret", "tencent-chat:secretKey", interruptionEmulator.app.secretKey]);
    pulumi(["config", "set", "tencent-chat-migration:manifest", "rehearsal.json"]);
    const up = spawn("pulumi", ["up", "--yes"], { cwd, env, stdio: "ignore" });
    const killAfter = Math.floor(manifest.groups.length / 3);
    let killed = 0;
    await new Promise<void>((resolve) => {
      const watcher = setInterval(() => {
        if ((interruptionEmulator!.counters.get("import_group")?.calls ?? 0) >= killAfter && killed === 0)
          killed = killProcessTree(up.pid!);
      }, 10);
      up.on("exit", () => {
        clearInterval(watcher);
        resolve();
      });
    });
    expect(killed, "processes killed").to.be.at.least(3);
    expect(Object.keys(interruptionEmulator.store.state.groups).length, "groups imported before the kill").to.be.within(
      killAfter,
      manifest.groups.length - 1,
    );

    await runBlock(readmeBlocks()[5]!);
    const groupIds = JSON.parse(pulumi(["stack", "output", "groupIds", "--json"])) as Record<string, string>;
    expect(differencesFromManifest(interruptionEmulator.store.state, manifest, groupIds)).to.deep.equal([]);
    expect(pulumi(["preview", "--expect-no-changes"])).to.match(/unchanged/);
  });
});

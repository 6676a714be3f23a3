import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../tools/lib/local-stack";

function withoutWorkerId(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { MOCHA_WORKER_ID: _worker, ...rest } = env;
  return rest;
}

/** Runs mocha as .mocharc.json does (no --exit, the open-handles hook) on one spec file of `source`. */
function runMocha(source: string): { status: number | null; stderr: string } {
  const file = join(mkdtempSync(join(tmpdir(), "open-handles-")), "case.spec.js");
  writeFileSync(file, source);
  const mocha = join(REPO_ROOT, "node_modules/mocha/bin/mocha.js");
  const result = spawnSync(
    process.execPath,
    [mocha, "--no-config", "--require", join(REPO_ROOT, "dist/test/helpers/open-handles.js"), file],
    // Not as a worker of this run's parallel mocha (MOCHA_WORKER_ID), which the hook leaves to the main process.
    { encoding: "utf8", timeout: 60_000, env: withoutWorkerId(process.env) },
  );
  return { status: result.status, stderr: result.stderr };
}

describe("the test run's open-handles hook (mocha without --exit)", () => {
  it("fails a run whose tests leave a server open, naming it, instead of hanging", () => {
    const { status, stderr } = runMocha(
      `const net = require("node:net"); it("leaks", (done) => { net.createServer().listen(0, "127.0.0.1", done); });`,
    );
    expect(status).to.equal(1);
    expect(stderr).to.include("still open: ").and.include("TCPServerWrap");
  }).timeout(60_000);

  it("lets a clean run end at once with its own status", () => {
    const passed = runMocha(`it("passes", () => {});`);
    const failed = runMocha(`it("fails", () => { throw new Error("x"); });`);
    expect([passed.status, failed.status]).to.deep.equal([0, 1]);
    // The hook's timer never fired: it does not keep a finished run alive.
    expect(passed.stderr + failed.stderr).to.not.include("did not end");
  }).timeout(60_000);
});

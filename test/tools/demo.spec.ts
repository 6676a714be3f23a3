import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { REPO_ROOT } from "../../tools/lib/local-stack";

describe("the demo (tools/run.sh demo): plain pulumi in the repository root, then the go-live audit", function () {
  this.timeout(300_000);

  it("imports the sample manifest, changes nothing on a second run, and verify reads it all back with no difference", () => {
    const result = spawnSync(process.execPath, [join(REPO_ROOT, "dist/tools/demo.js")], { encoding: "utf8", cwd: REPO_ROOT });
    expect(result.status, result.stdout + result.stderr).to.equal(0);
    expect(result.stdout).to.include("Second run: no changes");
    expect(result.stdout).to.include("$ tencent-chat-migrate verify --manifest");
    expect(result.stdout).to.match(/verify: read 30 accounts, 20 groups, 254 members, 5 topics: 0 difference\(s\)/);
  });
});

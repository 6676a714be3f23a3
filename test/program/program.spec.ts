import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "../../emulator/server";
import { loadManifest } from "../../program/program";
import { REPO_ROOT } from "../../tools/lib/local-stack";
import { PulumiProject } from "../../tools/lib/pulumi-project";

const manifest = {
  accounts: { ops: {} },
  groups: [{ key: "prod", type: "Private", name: "Production", groupId: "prod-1", ownerAccount: "ops" }],
};

describe("root migration program", function () {
  this.timeout(300_000);

  it("refuses a broken manifest with every problem and its path, before any resource", () => {
    const path = join(mkdtempSync(join(tmpdir(), "manifest-")), "bad.json");
    writeFileSync(path, JSON.stringify({ accounts: {}, groups: [{ key: "x", type: "AVChatRoom", name: "", ownerAccount: "ghost" }] }));
    expect(() => loadManifest(path)).to.throw(
      /3 problem\(s\):\n {2}groups\[0\]\.type: .*10007[\s\S]*groups\[0\]\.name: [\s\S]*groups\[0\]\.ownerAccount: ghost is not among/,
    );
  });

  it("protect: true guards every resource, so pulumi destroy deletes nothing (plain CLI in the project folder)", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "manifest-")), "prod.json");
    writeFileSync(path, JSON.stringify(manifest));
    const emulator = await startEmulator();
    const cli = new PulumiProject(REPO_ROOT, `protect-${Date.now().toString(36)}`);
    try {
      await cli.initAgainst(
        { url: emulator.url, ...emulator.app },
        { "tencent-chat-migration:manifest": path, "tencent-chat-migration:protect": "true" },
      );
      await cli.run(["up", "--yes"]);
      const destroy = await cli.run(["destroy", "--yes"], { allowFailure: true });
      expect(destroy.code).to.not.equal(0);
      expect(destroy.stdout + destroy.stderr).to.match(/protect/i);
      expect(emulator.store.state.groups).to.have.property("prod-1");
      expect(emulator.store.state.accounts).to.have.property("ops");
    } finally {
      // A protected stack is removed with --force by dispose; the emulator goes with it.
      await cli.dispose();
      await emulator.close();
    }
  });
});

import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "../../emulator/server";
import { loadManifest, migrationProgram } from "../../migration/program";
import { createLocalStack } from "../../tools/local-stack";
import { emulatorConfig } from "../helpers/stack-config";

const manifest = {
  accounts: { ops: {} },
  groups: [{ key: "prod", type: "Private", name: "Production", groupId: "prod-1", ownerAccount: "ops" }],
};

describe("root migration program", function () {
  this.timeout(300_000);

  it("refuses a broken manifest with every problem and its path, before any resource", () => {
    const path = join(mkdtempSync(join(tmpdir(), "manifest-")), "bad.json");
    writeFileSync(path, JSON.stringify({ accounts: {}, groups: [{ key: "x", type: "AVChatRoom", name: "", ownerAccount: "ghost" }] }));
    expect(() => loadManifest(path)).to.throw(/3 problem\(s\):\n  groups\[0\]\.type: .*10007[\s\S]*groups\[0\]\.name: [\s\S]*groups\[0\]\.ownerAccount: ghost is not among/);
  });

  it("protect: true guards every resource, so pulumi destroy deletes nothing", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "manifest-")), "prod.json");
    writeFileSync(path, JSON.stringify(manifest));
    const emulator = await startEmulator();
    const local = await createLocalStack({ projectName: "protected-migration", program: async () => migrationProgram(path, { protect: true }), config: emulatorConfig(emulator) });
    try {
      await local.stack.up();
      const error = (await local.stack.destroy().catch((e: unknown) => e)) as Error;
      expect(error).to.be.instanceOf(Error);
      expect(error.message).to.match(/protect/i);
      expect(emulator.store.state.groups).to.have.property("prod-1");
      expect(emulator.store.state.accounts).to.have.property("ops");
    } finally {
      await local.dispose();
      await emulator.close();
    }
  });
});
